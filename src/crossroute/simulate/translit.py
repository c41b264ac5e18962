"""How officers of each language write foreign names: known spelling variants, transliteration conventions
(ou/u, sh/ch/sch, j/dj/xh, y/j), Al-/El- prefixes, Abdul-/Abdel- compounds, dropped diacritics.

Languages: en (UK, Europol), fr (France), de (Germany), nl (Belgium, Dutch-speaking), sq (Albania).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from anyascii import anyascii


@dataclass(frozen=True, slots=True)
class Rule:
    """Replace `pattern` (a regex over the lower-cased name) by `replacement`, with probability `p`."""

    pattern: str
    replacement: str
    p: float


# Conventions for romanised Arabic, Kurdish, Persian, Pashto and Tigrinya names (single pass, no chaining).
RULES: dict[str, tuple[Rule, ...]] = {
    "en": (Rule("ou", "u", 0.3), Rule("q", "k", 0.15), Rule("aa", "a", 0.3), Rule("ee", "i", 0.2)),
    "fr": (
        Rule("sh", "ch", 0.85),
        Rule("kh", "kh", 1.0),
        Rule(r"\bj", "dj", 0.6),
        Rule("ou", "ou", 1.0),
        Rule("oo", "ou", 0.9),
        Rule("ee", "i", 0.7),
        Rule("u", "ou", 0.75),
        Rule(r"w(?=[aeio])", "ou", 0.5),
        Rule(r"in\b", "ine", 0.4),
        Rule(r"(?<=[aeiou])s(?=[aeiou])", "ss", 0.4),
    ),
    "de": (
        Rule("sh", "sch", 0.85),
        Rule("kh", "ch", 0.6),
        Rule("ch", "tsch", 0.6),
        Rule("ou", "u", 0.7),
        Rule(r"\bj", "dsch", 0.25),
        Rule(r"y(?=[aeiou])", "j", 0.6),
        Rule("ee", "i", 0.6),
        Rule("oo", "u", 0.7),
    ),
    "nl": (
        Rule("sh", "sj", 0.7),
        Rule("kh", "ch", 0.6),
        Rule("oo", "oe", 0.8),
        Rule("ou", "oe", 0.7),
        Rule("u", "oe", 0.6),
        Rule(r"\bj", "dj", 0.5),
        Rule(r"y(?=[aeiou])", "j", 0.6),
        Rule("ee", "ie", 0.6),
    ),
    "sq": (
        Rule("sh", "sh", 1.0),
        Rule("ch", "ç", 0.8),
        Rule("kh", "h", 0.7),
        Rule("j", "xh", 0.8),
        Rule(r"y(?=[aeiou])", "j", 0.8),
        Rule("w", "v", 0.8),
        Rule("ou", "u", 0.9),
        Rule("ee", "i", 0.8),
        Rule("q", "k", 0.5),
    ),
}

# Kurmanji Latin letters as each language writes them.
KURMANJI: dict[str, Mapping[str, str]] = {
    "en": {"ş": "sh", "ç": "ch", "c": "j", "x": "kh", "û": "u", "j": "zh"},
    "fr": {"ş": "ch", "ç": "tch", "c": "dj", "x": "kh", "û": "ou", "u": "ou", "w": "ou"},
    "de": {"ş": "sch", "ç": "tsch", "c": "dsch", "x": "ch", "j": "sch"},
    "nl": {"ş": "sj", "ç": "tsj", "c": "dj", "x": "ch", "û": "oe", "u": "oe", "j": "zj"},
    "sq": {"ş": "sh", "ç": "ç", "c": "xh", "x": "h", "j": "zh", "w": "v"},
}

PREFIXES: dict[str, tuple[tuple[str, float], ...]] = {
    "en": (("Al-", 0.55), ("Al ", 0.15), ("Al", 0.1), ("al-", 0.05), ("", 0.1), ("El-", 0.05)),
    "fr": (("El-", 0.35), ("Al-", 0.25), ("El ", 0.15), ("Al ", 0.05), ("", 0.2)),
    "de": (("Al-", 0.5), ("al-", 0.15), ("Al ", 0.1), ("El-", 0.05), ("", 0.2)),
    "nl": (("El ", 0.3), ("Al-", 0.3), ("El-", 0.15), ("Al", 0.05), ("", 0.2)),
    "sq": (("Al-", 0.4), ("El-", 0.1), ("", 0.5)),
}
ABD: dict[str, tuple[tuple[str, float], ...]] = {
    "en": (("Abdul", 0.6), ("Abdul ", 0.25), ("Abd al-", 0.05), ("Abdel", 0.1)),
    "fr": (("Abdel", 0.55), ("Abdel ", 0.25), ("Abdul", 0.1), ("Abd El ", 0.1)),
    "de": (("Abdul", 0.6), ("Abdel", 0.2), ("Abdul ", 0.2)),
    "nl": (("Abdel", 0.5), ("Abdoel", 0.25), ("Abdul", 0.25)),
    "sq": (("Abdul", 0.8), ("Abdyl", 0.2)),
}
ULLAH: tuple[tuple[str, float], ...] = (
    ("ullah", 0.55),
    ("ulla", 0.1),
    (" Ullah", 0.15),
    ("ollah", 0.1),
    ("ullha", 0.1),
)
WEIGHTS = (0.6, 0.25, 0.1, 0.05, 0.03)
_ABD = re.compile(r"^abd(?:ul|el|al)(?=[a-z]{3})")
_ULLAH = re.compile(r"ullah$")
_TIGRINYA_STEMS = re.compile(
    r"^(g(?:h)?ebre|habte|haile|tesfa|tekle|wolde|welde|ande|teklai)(?=[a-z]{3})"
)
_TIGRINYA = (
    Rule(r"\bgh", "g", 0.35),
    Rule(r"\bg(?=e)", "gh", 0.25),
    Rule(r"ay\b", "ai", 0.3),
    Rule(r"\bwo", "we", 0.25),
    Rule(r"\bwe", "wo", 0.2),
    Rule("ie", "e", 0.3),
    Rule("ts", "tz", 0.1),
)
_ALBANIAN_DROP = {"en": 0.85, "fr": 0.9, "de": 0.8, "nl": 0.9, "sq": 0.03}
_LATIN_DROP = {"en": 0.5, "fr": 0.15, "de": 0.1, "nl": 0.35, "sq": 0.5}


def pick(rng: random.Random, choices: Sequence[tuple[str, float]]) -> str:
    """One of weighted choices."""
    x = rng.random() * sum(w for _, w in choices)
    for value, weight in choices:
        x -= weight
        if x < 0:
            return value
    return choices[-1][0]


def capitalise(name: str) -> str:
    """Each part of a name with a capital letter: 'abdul rahman' -> 'Abdul Rahman', 'al-jaburi' -> 'Al-Jaburi'."""
    return " ".join(
        "-".join(p[:1].upper() + p[1:] for p in word.split("-")) for word in name.split(" ")
    )


@cache
def _compiled(rules: tuple[Rule, ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    pattern = "|".join(f"({r.pattern})" for r in rules)
    return re.compile(pattern), tuple(r.replacement for r in rules)


@cache
def apply_rules(lower: str, rules: tuple[Rule, ...]) -> str:
    """Apply a set of rules in one pass (a replacement is never rewritten by another rule)."""
    if not rules:
        return lower
    regex, replacements = _compiled(rules)
    return regex.sub(lambda m: replacements[(m.lastindex or 1) - 1], lower)


def choose_rules(rng: random.Random, rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules one officer follows for one record."""
    return tuple(r for r in rules if rng.random() < r.p)


@dataclass(frozen=True)
class Transliterator:
    """Writes canonical names the way officers of one language do."""

    lang: str
    variants: Mapping[str, Mapping[str, tuple[str, ...]]]

    def given(self, name: str, convention: str, rng: random.Random) -> str:
        """A given (or father's) name as written."""
        table = self.variants.get(name)
        if table is not None and convention == "arabic":
            forms = table.get(self.lang) or (name,)
            return pick(rng, list(zip(forms, WEIGHTS, strict=False)))
        return self._render(name, convention, rng)

    def family(self, name: str, convention: str, rng: random.Random) -> str:
        """A family name as written, with its Al- prefix rendered the officer's way."""
        if convention == "arabic" and name.startswith("Al-"):
            core = self._render(name[3:], convention, rng)
            prefix = pick(rng, PREFIXES[self.lang])
            return prefix + (core.lower() if prefix == "Al" else core)
        return self.given(name, convention, rng)

    def _render(self, name: str, convention: str, rng: random.Random) -> str:
        if convention == "arabic":
            return self._arabic(name, rng)
        if convention == "kurmanji":
            return self._kurmanji(name, rng)
        if convention == "tigrinya":
            return self._tigrinya(name, rng)
        if convention == "albanian":
            return _drop(name, rng, _ALBANIAN_DROP[self.lang])
        if convention == "vietnamese":
            return _drop(name, rng, 0.97 if self.lang != "en" else 0.85)
        if convention == "turkish":
            return _drop(name, rng, 0.4 if self.lang == "de" else 0.8)
        return _drop(name, rng, _LATIN_DROP[self.lang])

    def _arabic(self, name: str, rng: random.Random) -> str:
        lower = name.lower()
        head = ""
        if _ABD.match(lower):
            head, lower = pick(rng, ABD[self.lang]), lower[5:]
        tail = ""
        if _ULLAH.search(lower):
            tail, lower = pick(rng, ULLAH), lower[:-5]
        body = apply_rules(lower, choose_rules(rng, RULES[self.lang]))
        return (
            capitalise(head.lower() + body + tail.lower())
            if head
            else capitalise(body + tail.lower())
        )

    def _kurmanji(self, name: str, rng: random.Random) -> str:
        if rng.random() < 0.35:
            return anyascii(name) if self.lang != "sq" or rng.random() < 0.5 else name
        letters = KURMANJI[self.lang]
        out = "".join(letters.get(c, c) for c in name.lower())
        return capitalise(
            anyascii(out) if self.lang != "sq" else out.replace("ê", "e").replace("î", "i")
        )

    def _tigrinya(self, name: str, rng: random.Random) -> str:
        lower = apply_rules(name.lower(), choose_rules(rng, _TIGRINYA))
        if rng.random() < 0.15:
            lower = _TIGRINYA_STEMS.sub(r"\1 ", lower)
        if self.lang in ("fr", "nl") and rng.random() < 0.3:
            lower = apply_rules(lower, (Rule("u", "ou" if self.lang == "fr" else "oe", 1.0),))
        return capitalise(lower)


def _drop(name: str, rng: random.Random, p: float) -> str:
    """The name without its diacritics (ë -> e, ç -> c, ễ -> e), with probability p."""
    return anyascii(name) if rng.random() < p else name

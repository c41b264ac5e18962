"""The variations one agency's officers introduce when they record a person: spelling and transliteration,
swapped or merged name parts, typos, birth-date slips, OCR slips in document numbers, missing fields.
Most noise is in spelling and format, but as in real files a few values are not valid at all: about 1.5%
of the phone numbers written are mistyped (a digit short or too many: a wrong length for their country)
and a few birth dates are impossible (30 February). Ingest keeps such a person and the value as written."""

from __future__ import annotations

import calendar
import random
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import phonenumbers

from crossroute.simulate.people import Person
from crossroute.simulate.phones import Phone
from crossroute.simulate.translit import Transliterator

PATRONYMIC_CONVENTIONS = ("arabic", "kurmanji", "tigrinya")
_OCR = {"O": "0", "0": "O", "I": "1", "1": "I", "S": "5", "5": "S", "B": "8", "8": "B"}
_KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm"
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Style:
    """How carefully, and in which conventions, one agency records people (rates are per record)."""

    translit: Transliterator
    upper_family: float = 0.2
    swap: float = 0.05
    patronymic: float = 0.05
    full_only: float = 0.04
    typo: float = 0.02
    script: float = 0.0  # original (Arabic) script, where the person's names have one
    dob_missing: float = 0.05
    dob_missing_migrant: float = 0.1
    jan1_migrant: float = 0.1
    dob_swap: float = 0.03
    dob_year: float = 0.03
    sex_missing: float = 0.03
    nationality_missing: float = 0.05
    document: float = 0.8
    ocr: float = 0.05
    phone: float = 0.75
    email: float = 0.5
    address: float = 0.6
    birthplace: float = 0.5
    phone_mistyped: float = 0.015  # per phone written: a digit short or too many
    dob_impossible: float = 0.004  # a day the month does not have

    @property
    def lang(self) -> str:
        return self.translit.lang


@dataclass(slots=True)
class Seen:
    """A person as one record gives them."""

    given: str = ""
    family: str = ""
    full: str = ""
    father: str = ""
    birth: date | None = None
    sex: str | None = None
    nationality: str | None = None
    birthplace: str | None = None
    document: str | None = None
    phones: list[Phone] = field(default_factory=list)
    email: str | None = None
    address: str | None = None
    city: str | None = None
    country: str | None = None
    script: bool = False


def observe(person: Person, style: Style, rng: random.Random, where: str | None) -> Seen:
    """A noisy record of `person` by an agency of `style`; `where` is the country whose address it knows."""
    seen = observe_names(person, style, rng)
    seen.birth = observe_birth(person, style, rng)
    seen.sex = None if rng.random() < style.sex_missing else person.sex
    seen.nationality = None if rng.random() < style.nationality_missing else person.nationality
    seen.birthplace = person.birthplace if rng.random() < style.birthplace else None
    if person.passport and rng.random() < style.document:
        seen.document = (
            ocr_slip(person.passport, rng) if rng.random() < style.ocr else person.passport
        )
    slips = validity_rng(person, style, "phones")
    seen.phones = [
        mistyped(p, slips) if slips.random() < style.phone_mistyped else p
        for p in person.phones
        if rng.random() < style.phone
    ]
    seen.email = person.email if person.email and rng.random() < style.email else None
    _observe_address(person, style, rng, where, seen)
    return seen


def _observe_address(
    person: Person, style: Style, rng: random.Random, where: str | None, seen: Seen
) -> None:
    known = person.addresses.get(where or "") if where else None
    if known is None and person.addresses:
        where, known = next(iter(person.addresses.items()))
    if known and rng.random() < style.address:
        seen.address = known[0] or None
        seen.city = known[1] or None
        seen.country = where


def observe_names(person: Person, style: Style, rng: random.Random) -> Seen:
    """Names as written: script, transliteration, patronymic, swap, typo, case, full name only."""
    pool = person.pool
    if style.script and pool.script and rng.random() < style.script:
        return _script_names(person)
    convention = pool.convention
    t = style.translit
    given = t.given(person.given, convention, rng)
    family = t.family(person.family, convention, rng)
    father = t.given(person.father, convention, rng)
    if person.middle and rng.random() < 0.75:
        given = f"{t.given(person.middle, convention, rng)} {given}"
    if convention in PATRONYMIC_CONVENTIONS and rng.random() < style.patronymic:
        given, family = (
            (f"{given} {father}", family) if rng.random() < 0.5 else (given, f"{father} {family}")
        )
    swap = style.swap * (2 if convention in ("vietnamese", "arabic") else 1)
    if rng.random() < swap:
        given, family = family, given
    if rng.random() < style.typo:
        if rng.random() < 0.5:
            given = typo(given, rng)
        else:
            family = typo(family, rng)
    if rng.random() < style.upper_family:
        family = family.upper()
    seen = Seen(given=given, family=family, father=father)
    if rng.random() < style.full_only:
        seen.full = (
            f"{family} {given}"
            if family.isupper() or convention == "vietnamese"
            else f"{given} {family}"
        )
        seen.given = seen.family = ""
    return seen


def _script_names(person: Person) -> Seen:
    given = person.script(person.given) or person.given
    family = person.script(person.family) or person.family
    father = person.script(person.father) or person.father
    return Seen(
        given=given, family=family, full=f"{given} {father} {family}", father=father, script=True
    )


def observe_birth(person: Person, style: Style, rng: random.Random) -> date | None:
    """The birth date as recorded: missing, 1 January by default, day and month swapped, year off by one."""
    migrant = person.migrant
    if rng.random() < (style.dob_missing_migrant if migrant else style.dob_missing):
        return None
    born = person.birth
    if migrant and rng.random() < style.jan1_migrant:
        return date(born.year, 1, 1)
    x = rng.random()
    if x < style.dob_swap and born.day <= 12 and born.day != born.month:
        return date(born.year, born.day, born.month)
    if x > 1 - style.dob_year:
        year = born.year + rng.choice((-1, 1))
        return date(year, born.month, min(born.day, 28) if born.month == 2 else born.day)
    if validity_rng(person, style, "birth").random() < style.dob_impossible:
        return ImpossibleDay.after_month_of(born)
    return born


def validity_rng(person: Person, style: Style, what: str) -> random.Random:
    """The draws for invalid values, apart from the scenario's own stream: adding them changes no
    other value of the scenario (the same seed makes the same world, names and slips as before)."""
    return random.Random(zlib.crc32(f"{person.id}|{style.lang}|{what}".encode()))


class ImpossibleDay(date):
    """A birth date as an officer wrote it with a day its month does not have (30/02/1993): it is
    written (strftime, isoformat) with that day; as a date it is the real day it stands for."""

    written_day: int

    @classmethod
    def after_month_of(cls, born: date) -> ImpossibleDay:
        day = cls(born.year, born.month, born.day)
        day.written_day = calendar.monthrange(born.year, born.month)[1] + 1
        return day

    def strftime(self, fmt: str) -> str:
        return super().strftime(fmt.replace("%d", f"{self.written_day:02d}"))

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.written_day:02d}"

    def __str__(self) -> str:
        return self.isoformat()


def mistyped(phone: Phone, rng: random.Random) -> Phone:
    """The number a digit short or with digits too many, as written in every form, so that its
    country's plan has no such length; the number itself where no such slip makes it impossible."""
    slips = [("drop", k) for k in (1, 2, 3)] + [("add", k) for k in (1, 2)]
    rng.shuffle(slips)
    for kind, k in slips:
        extra = "".join(rng.choices("0123456789", k=k))

        def slip(text: str, kind: str = kind, k: int = k, extra: str = extra) -> str:
            return _drop_digits(text, k) if kind == "drop" else text + extra

        found = Phone(
            phone.region, slip(phone.e164), slip(phone.national), slip(phone.international)
        )
        forms = (found.e164, found.international, found.national, found.national.replace(" ", ""))
        if not any(_possible(form, phone.region) for form in forms):
            return found
    return phone


def _drop_digits(text: str, k: int) -> str:
    out = text
    for _ in range(k):
        out = out.rstrip(" ")[:-1]
    return out.rstrip(" ")


@cache
def _possible(text: str, region: str) -> bool:
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse(text, region)))
    except phonenumbers.NumberParseException:
        return False


def ocr_slip(number: str, rng: random.Random) -> str:
    """One character of a document number misread: O/0, I/1, S/5, B/8."""
    spots = [i for i, c in enumerate(number) if c in _OCR]
    if not spots:
        return number
    i = rng.choice(spots)
    return number[:i] + _OCR[number[i]] + number[i + 1 :]


def typo(name: str, rng: random.Random) -> str:
    """One or two small edits: a neighbouring key, a dropped, doubled or swapped letter."""
    out = _edit(name, rng)
    return _edit(out, rng) if rng.random() < 0.2 else out


def _edit(name: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(name) if c.isascii() and c.isalpha()]
    if len(letters) < 4:
        return name
    i = rng.choice(letters[1:])
    c = name[i]
    kind = rng.randrange(4)
    if kind == 0:
        return name[:i] + _neighbour(c, rng) + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i + 1 :]
    if kind == 2:
        return name[:i] + c + name[i:]
    j = i - 1
    if not name[j].isalpha():
        return name
    return name[:j] + name[i] + name[j] + name[i + 1 :]


def _neighbour(c: str, rng: random.Random) -> str:
    lower = c.lower()
    if lower in _VOWELS:
        out = rng.choice([v for v in _VOWELS if v != lower])
    else:
        k = _KEYBOARD.find(lower)
        candidates = [
            _KEYBOARD[j] for j in (k - 1, k + 1) if 0 <= j < len(_KEYBOARD) and _KEYBOARD[j] != " "
        ]
        out = rng.choice(candidates) if k >= 0 and candidates else lower
    return out.upper() if c.isupper() else out


def phone_text(phone: Phone, region: str | None, rng: random.Random) -> str:
    """A number as an officer of `region` writes it: national forms for home numbers, else international."""
    x = rng.random()
    if phone.region == region:
        if x < 0.6:
            return phone.national
        if x < 0.75:
            return phone.national.replace(" ", "")
        return phone.international
    return phone.international if x < 0.8 else phone.e164

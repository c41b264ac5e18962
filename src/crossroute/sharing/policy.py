"""The rules, as pure functions: who may see which record, for which use, and how much of it.

Owner = the agency that supplied the record. An agency always sees its own records in full (except
victims, witnesses, informants and minors, which need a case, below). For other agencies:
- SIENA H0 (crime prevention and combating only): shown; every use here is law enforcement.
- SIENA H1 (no judicial use without the owner's permission): shown; a judicial use needs a `judicial` grant.
- SIENA H2 (no onward passing without permission): shown; a disclosure needs an `onward` grant.
- SIENA H3 (the owner's free-text restriction): shown, with the restriction next to the data.
- UK 3x5x2 P (lawful sharing permitted): shown. C (sharing with conditions): shown with the conditions;
  a disclosure needs an `onward` grant.
- TLP CLEAR/WHITE/GREEN: shown. AMBER: shown; a disclosure needs an `onward` grant. AMBER+STRICT
  (owner's organisation only): hit/no-hit. RED (named recipients only): not shown at all.
Data subjects: victims, witnesses and informants are shown only to a member of a case the record is
linked to, querying for that case (informants: the owner's own case only); otherwise not at all. Minors
(possibly under 18 today) are hit/no-hit unless so linked.
Roles: analysts and supervisors see what these rules allow. Administrators and DPOs are not
investigators: a query of theirs is answered hit/no-hit only (that an agency holds something, and whom
to ask), never with personal details; their tools are account management and the DPO tools.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum

from crossroute.sharing.errors import AccessDenied, PurposeRequired
from crossroute.sharing.users import Role, User

QUERY_ROLES = (Role.ANALYST, Role.SUPERVISOR)
SENSITIVE = frozenset({"victim", "witness", "informant"})
ADULT_AGE = 18
MAX_PURPOSE = 500  # characters, for every face (CLI, API, web)
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


class Use(StrEnum):
    CONSULT = "consult"  # intelligence work
    JUDICIAL = "judicial"  # evidence for court
    DISCLOSE = "disclose"  # passing on to a recipient


class Visibility(IntEnum):
    DENY = 0  # not shown, not even as a hit
    HIT = 1  # hit/no-hit: that the owner holds something, and whom to ask
    FULL = 2


@dataclass(frozen=True, slots=True)
class Purpose:
    """Why a query is made: free text, the case it serves, the use and (for a disclosure) the recipient."""

    text: str
    case_ref: str | None = None
    use: Use = Use.CONSULT
    recipient: str | None = None


@dataclass(frozen=True, slots=True)
class Caller:
    user: User
    cases: frozenset[str] = frozenset()
    grants: frozenset[tuple[str, str]] = (
        frozenset()
    )  # (owner agency, use) granted to the caller's agency


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """What the rules look at in a record."""

    source: str
    handling_scheme: str | None = None
    handling_code: str | None = None
    handling_note: str | None = None
    subject_category: str | None = None
    birth_date: str | None = None
    cases: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Verdict:
    visibility: Visibility
    reason: str
    restriction: str | None = None  # shown with the data (H3 text, 3x5x2 C conditions)


def require_purpose(
    text: str | None,
    case_ref: str | None = None,
    use: Use = Use.CONSULT,
    recipient: str | None = None,
) -> Purpose:
    """A purpose, or PurposeRequired: every query states why (case reference and justification).
    Control characters become spaces; a purpose needs a visible character (zero-width spaces, NUL and
    other invisible characters alone say nothing) and is at most MAX_PURPOSE characters."""
    printable = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text or "")
    cleaned = " ".join(printable.split())
    if not any(unicodedata.category(c) not in _UNSEEN for c in cleaned):
        raise PurposeRequired(
            "a purpose is required for every query: --purpose 'CASE-REF: why you need this' "
            "(LED Art. 25 / DPA 2018 s.62 logging)"
        )
    if use is Use.DISCLOSE and not (recipient and recipient.strip()):
        raise PurposeRequired("a disclosure names its recipient (--recipient AGENCY)")
    if len(cleaned) > MAX_PURPOSE:
        raise PurposeRequired(
            f"a purpose is at most {MAX_PURPOSE} characters (this one has {len(cleaned):,})"
        )
    return Purpose(cleaned, case_ref, use, recipient.strip().upper() if recipient else None)


def with_case(purpose: Purpose, cases: frozenset[str]) -> Purpose:
    """The purpose with its case: the one given, else the caller's case its text names."""
    if purpose.case_ref is not None:
        return purpose
    for case in sorted(cases):
        if re.search(rf"(?<![\w-]){re.escape(case)}(?![\w-])", purpose.text, re.IGNORECASE):
            return replace(purpose, case_ref=case)
    return purpose


def require_query_role(user: User) -> None:
    """For acts only investigators do (registering operations)."""
    if user.role not in QUERY_ROLES:
        raise AccessDenied(
            f"{user.name} is {user.role.value}: only analysts and supervisors do this"
            " (administrators manage accounts; DPOs use `crossroute dpo`)"
        )


def decide(caller: Caller, purpose: Purpose, record: RecordFacts, today: dt.date) -> Verdict:
    """How much of one record the caller may see for this purpose."""
    verdict = _decide(caller, purpose, record, today)
    if caller.user.role in QUERY_ROLES or verdict.visibility is not Visibility.FULL:
        return verdict
    return Verdict(Visibility.HIT, f"{caller.user.role.value}: hit/no-hit only")


def _decide(caller: Caller, purpose: Purpose, record: RecordFacts, today: dt.date) -> Verdict:
    own = record.source == caller.user.agency
    in_case = (
        purpose.case_ref is not None
        and purpose.case_ref in caller.cases
        and purpose.case_ref in record.cases
    )
    subject = _subject_rule(record, own, in_case, today)
    if subject.visibility is Visibility.DENY:
        return subject
    handling = (
        Verdict(Visibility.FULL, "own agency") if own else _handling_rule(caller, purpose, record)
    )
    worst = min(subject, handling, key=lambda v: v.visibility)
    restriction = handling.restriction if worst.visibility is Visibility.FULL else None
    return Verdict(worst.visibility, worst.reason, restriction)


def _subject_rule(record: RecordFacts, own: bool, in_case: bool, today: dt.date) -> Verdict:
    category = (record.subject_category or "").lower()
    if category in SENSITIVE and not in_case:
        return Verdict(Visibility.DENY, f"{category}: only for a case that needs them")
    if category == "informant" and not own:
        return Verdict(Visibility.DENY, "informant: the owner's own cases only")
    if possibly_minor(record.birth_date, today) and not in_case:
        return Verdict(Visibility.HIT, "minor: hit/no-hit only")
    return Verdict(Visibility.FULL, "data subject rules met")


def _handling_rule(caller: Caller, purpose: Purpose, record: RecordFacts) -> Verdict:
    scheme, code = (record.handling_scheme or "").upper(), (record.handling_code or "").upper()
    note = record.handling_note
    granted = {use for owner, use in caller.grants if owner == record.source}
    onward = purpose.use is Use.DISCLOSE and purpose.recipient != record.source
    if onward and "onward" not in granted and (scheme, code) in _NO_ONWARD:
        return Verdict(
            Visibility.DENY, f"{scheme} {code}: no onward passing without the owner's permission"
        )
    if (
        scheme == "SIENA"
        and code == "H1"
        and purpose.use is Use.JUDICIAL
        and "judicial" not in granted
    ):
        return Verdict(Visibility.DENY, "SIENA H1: no judicial use without the owner's permission")
    if scheme == "TLP" and code == "RED":
        return Verdict(Visibility.DENY, "TLP:RED: named recipients only")
    if scheme == "TLP" and code == "AMBER+STRICT":
        return Verdict(Visibility.HIT, "TLP:AMBER+STRICT: the owner's organisation only")
    if (scheme, code) in {("SIENA", "H3"), ("UK-3X5X2", "C")}:
        shown = note or (
            "conditions apply: ask the owner" if code == "C" else "restricted: ask the owner"
        )
        return Verdict(Visibility.FULL, f"{scheme} {code}", restriction=shown)
    return Verdict(Visibility.FULL, f"{scheme or 'no'} {code or 'handling code'}".strip())


_NO_ONWARD = frozenset({("SIENA", "H2"), ("UK-3X5X2", "C"), ("TLP", "AMBER")})


def possibly_minor(birth_date: str | None, today: dt.date) -> bool:
    """True when the person may be under 18 today (a partial date counts from its latest day)."""
    if not birth_date:
        return False
    parts = birth_date.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
    except (ValueError, calendar.IllegalMonthError):
        return False
    return (today.year - year) - ((today.month, today.day) < (month, day)) < ADULT_AGE


RESTRICTED_LISTS = frozenset({"insiders"})  # lists more sensitive than the records they rest on


def list_rule(user: User, list_name: str, readers: frozenset[str] | None) -> Verdict:
    """May this user see a restricted list at all (before the per-record rules)? `readers`: the users
    the policy names for the list, None when it names none. Only analysts and supervisors; when the
    policy names readers (the rule is present), every other user is denied (deny by default)."""
    if list_name not in RESTRICTED_LISTS:
        return Verdict(Visibility.DENY, f"{list_name!r} is not a list the policy knows")
    if user.role not in QUERY_ROLES:
        return Verdict(
            Visibility.DENY, f"{user.role.value}: restricted lists are for investigators"
        )
    if readers is None:
        return Verdict(
            Visibility.FULL, f"{list_name}: no readers named; the per-record rules apply"
        )
    if user.name in readers:
        return Verdict(Visibility.FULL, f"{list_name}: {user.name} is a named reader")
    return Verdict(Visibility.DENY, f"{list_name}: only the analysts the policy names may see it")

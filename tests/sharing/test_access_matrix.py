"""The access matrix: every (role, caller agency, handling code, data-subject category, case link,
purpose, use, owner's grant) against every query path, with the expected outcome written out here
independently of the policy module."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from crossroute.sharing import cases, gate
from crossroute.sharing.errors import AccessDenied, PurposeRequired
from crossroute.sharing.gate import EntityView
from crossroute.sharing.policy import Use, require_purpose
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.conftest import Person, load, users

OWNER, OTHER, THIRD = "ZZ-OWNER", "YY-OTHER", "XX-THIRD"
TODAY = dt.date(2026, 6, 1)
HANDLINGS = (
    "",
    "SIENA:H0",
    "SIENA:H1",
    "SIENA:H2",
    "SIENA:H3",
    "P",
    "C",
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
    "TLP:AMBER+STRICT",
    "TLP:RED",
)
CATEGORIES = (
    "suspect",
    "convicted",
    "potential_future_offender",
    "contact",
    "victim",
    "witness",
    "informant",
    "minor",
)
PURPOSES = {"none": None, "no case": "routine intelligence check", "case": "CASE-1: smuggling ring"}
FULL, HIT, DENY, REFUSED = "full", "hit", "deny", "refused"


def _records() -> list[tuple[Person, str, str, bool]]:
    found = []
    for number, (handling, category, linked) in enumerate(
        itertools.product(HANDLINGS, CATEGORIES, (False, True))
    ):
        person = Person(
            f"R{number}",
            OWNER,
            "Karwan Ahmed",
            birth="2015-04-04" if category == "minor" else "1988-03-14",
            handling=handling,
            grading="B2",
            category="suspect" if category == "minor" else category,
            document="X1234567",
        )
        found.append((person, handling, category, linked))
    return found


RECORDS = _records()


def expected(role: Role, own: bool, purpose: str, use: Use, granted: bool, handling: str,
             category: str, linked: bool) -> str:  # fmt: skip
    if purpose == "none":
        return REFUSED
    seen = _as_analyst(own, purpose, use, granted, handling, category, linked)
    return HIT if seen == FULL and role in (Role.ADMINISTRATOR, Role.DPO) else seen


def _as_analyst(own: bool, purpose: str, use: Use, granted: bool, handling: str,
                category: str, linked: bool) -> str:  # fmt: skip
    in_case = linked and purpose == "case"
    if category in ("victim", "witness", "informant") and not in_case:
        return DENY
    if category == "informant" and not own:
        return DENY
    shown = HIT if category == "minor" and not in_case else FULL
    if own:
        return shown
    reserved_onward = handling in ("SIENA:H2", "C", "TLP:AMBER")
    if handling == "TLP:RED":
        return DENY
    if use is Use.DISCLOSE and reserved_onward and not granted:
        return DENY
    if use is Use.JUDICIAL and handling == "SIENA:H1" and not granted:
        return DENY
    if handling == "TLP:AMBER+STRICT":
        return HIT
    return shown


@pytest.fixture(scope="module")
def matrix_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("matrix")
    with Workspace.create(root / "ws") as ws:
        load(ws, [r[0] for r in RECORDS], root)
        specs = [(f"{r.value}-{a[:2].lower()}", a, r) for r in Role for a in (OWNER, OTHER)]
        users(ws, *specs)
        boss = get_user(ws, "supervisor-zz")
        cases.open_case(ws, boss, "CASE-1")
        for name, _, _ in specs:
            if name != "supervisor-zz":
                cases.add_member(ws, boss, "CASE-1", name)
        for person, _, _, linked in RECORDS:
            if linked:
                cases.link_subject(ws, boss, "CASE-1", OWNER, person.record_id, "CASE-1: link")
    return root / "ws"


def _by_name(ws: Workspace, user: str, purpose: object) -> list[EntityView]:
    return gate.search(ws, user, "Karwan AHMED", purpose, limit=1000, today=TODAY)  # type: ignore[arg-type]


def _by_document(ws: Workspace, user: str, purpose: object) -> list[EntityView]:
    return gate.search(ws, user, "x 1234567", purpose, limit=1000, today=TODAY)  # type: ignore[arg-type]


def _by_entity(ws: Workspace, user: str, purpose: object) -> list[EntityView]:
    members = {"P-1": [(OWNER, p.record_id) for p, _, _, _ in RECORDS]}
    return gate.entity(ws, user, members, purpose, path="explain", today=TODAY)  # type: ignore[arg-type]


PATHS: dict[str, Callable[[Workspace, str, object], list[EntityView]]] = {
    "search by name": _by_name,
    "search by identifier": _by_document,
    "entity (explain)": _by_entity,
}


def _outcomes(views: list[EntityView]) -> dict[str, str]:
    seen = {r["record_id"]: FULL for v in views for r in v.records}
    seen.update({h["reference"].split(":", 1)[1]: HIT for v in views for h in v.hits})
    return seen


def _grant(ws: Workspace, on: bool) -> None:
    ws.rows("DELETE FROM sharing.grants")
    if on:
        boss = get_user(ws, "supervisor-zz")
        for use in ("judicial", "onward"):
            cases.grant(ws, boss, OTHER, use, "permission for the joint team")


@pytest.mark.parametrize("path", sorted(PATHS))
def test_access_matrix(matrix_ws: Path, path: str) -> None:
    query = PATHS[path]
    checked = 0
    with Workspace.open(matrix_ws) as ws:
        for granted in (False, True):
            _grant(ws, granted)
            for role, agency, purpose_kind, use in itertools.product(
                Role, (OWNER, OTHER), PURPOSES, Use
            ):
                user = f"{role.value}-{agency[:2].lower()}"
                own = agency == OWNER
                before = ws.scalar("SELECT count(*) FROM sharing.audit_log")
                try:
                    text = PURPOSES[purpose_kind]
                    purpose = require_purpose(
                        text, None, use, THIRD if use is Use.DISCLOSE else None
                    )
                    seen = _outcomes(query(ws, user, purpose))
                except (PurposeRequired, AccessDenied):
                    seen = None
                after = ws.scalar("SELECT count(*) FROM sharing.audit_log")
                assert after == before + (0 if seen is None else 1), (user, purpose_kind)
                for person, handling, category, linked in RECORDS:
                    want = expected(
                        role, own, purpose_kind, use, granted, handling, category, linked
                    )
                    got = REFUSED if seen is None else seen.get(person.record_id, DENY)
                    assert got == want, (
                        path,
                        user,
                        purpose_kind,
                        use.value,
                        granted,
                        handling,
                        category,
                        linked,
                    )
                    checked += 1
    assert checked == 2 * len(Role) * 2 * len(PURPOSES) * len(Use) * len(RECORDS)


def test_every_handling_code_and_category_is_in_the_matrix(matrix_ws: Path) -> None:
    with Workspace.open(matrix_ws) as ws:
        codes = {
            f"{s}:{c}"
            for s, c in ws.rows("SELECT DISTINCT handling_scheme, handling_code FROM records")
        }
        categories = {c for (c,) in ws.rows("SELECT DISTINCT subject_category FROM records")}
    assert codes >= {"SIENA:H0", "SIENA:H1", "SIENA:H2", "SIENA:H3", "UK-3X5X2:P", "UK-3X5X2:C"}
    assert {c for c in codes if c.startswith("TLP")} == {
        "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"
    }  # fmt: skip
    assert categories == set(CATEGORIES) - {"minor"}


def test_restrictions_travel_with_the_data(matrix_ws: Path) -> None:
    with Workspace.open(matrix_ws) as ws:
        views = _by_name(ws, "analyst-yy", require_purpose("routine intelligence check"))
    shown = {r["record_id"]: r for v in views for r in v.records}
    for person, handling, _, _ in RECORDS:
        if person.record_id in shown and handling in ("SIENA:H3", "C"):
            assert shown[person.record_id]["restriction"]
        elif person.record_id in shown:
            assert "restriction" not in shown[person.record_id]

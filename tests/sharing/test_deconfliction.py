"""Deconfliction end to end: two agencies' operations overlap on one person; both are alerted with whom
to call, neither sees the other's operation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from crossroute.sharing import deconfliction
from crossroute.sharing.errors import SharingError
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.conftest import Person, cli, load, users

PEOPLE = [
    Person("N1", "UK-NCA", "Karwan Ahmed", phone="+447700900123", handling="P", grading="1A"),
    Person("F1", "FR-OCRIEST", "Karwan AHMAD", phone="+33612345678", handling="H2"),
]
JAN, MAR, JUN = dt.date(2026, 1, 1), dt.date(2026, 3, 31), dt.date(2026, 6, 1)


@pytest.fixture
def two_agencies(tmp_path: Path) -> Path:
    with Workspace.create(tmp_path / "ws") as ws:
        load(ws, PEOPLE, tmp_path)
        ws.rows(
            "INSERT INTO clusters VALUES ('UK-NCA', 'N1', 'P-7', 1), ('FR-OCRIEST', 'F1', 'P-7', 1)"
        )
        users(ws, ("uk", "UK-NCA", Role.ANALYST), ("fr", "FR-OCRIEST", Role.ANALYST))
    return tmp_path / "ws"


def test_two_agencies_targeting_one_entity_are_both_alerted(two_agencies: Path) -> None:
    ws = two_agencies
    with Workspace.open(ws) as workspace:  # the British operation, registered through the API
        thames = deconfliction.parse_target("person:UK-NCA:N1", JAN, MAR, "GB")
        uk = get_user(workspace, "uk")
        assert deconfliction.register(workspace, uk, "OP-THAMES", "DS Jones +44 20 7946 0000",
                                      [thames], "OP-THAMES: surveillance") == []  # fmt: skip
    # The French target is a phone (national format) that belongs to the French record of the same entity.
    second = cli("deconflict", "register", ws, "OP-GRAVELINES", "--user", "fr", "--contact", "Cdt Martin",
                 "--target", "phone:06 12 34 56 78", "--from", "2026-03-01", "--to", "2026-04-30",
                 "--purpose", "OP-GRAVELINES: interception")  # fmt: skip
    assert second.returncode == 0, second.stderr
    (alert,) = [json.loads(line) for line in second.stdout.splitlines() if line.startswith("{")]
    assert alert["your_operation"] == "OP-GRAVELINES" and alert["other_agency"] == "UK-NCA"
    assert alert["contact"] == "DS Jones +44 20 7946 0000" and alert["overlap"] == "same entity"
    mine = cli("deconflict", "alerts", ws, "--user", "uk")
    (other,) = [json.loads(line) for line in mine.stdout.splitlines()]
    assert other["your_operation"] == "OP-THAMES" and other["other_agency"] == "FR-OCRIEST"
    assert other["contact"] == "Cdt Martin"
    assert (
        "GRAVELINES" not in mine.stdout and "+336" not in mine.stdout and "06 12" not in mine.stdout
    )
    assert "THAMES" not in second.stdout.split("registered", 1)[1]


def test_no_alert_without_overlapping_windows_or_within_one_agency(two_agencies: Path) -> None:
    with Workspace.open(two_agencies) as ws:
        uk, fr = get_user(ws, "uk"), get_user(ws, "fr")
        target = deconfliction.parse_target("person:P-7", JAN, MAR, "GB")
        assert deconfliction.register(ws, uk, "OP-A", "desk A", [target], "OP-A: x") == []
        assert (
            deconfliction.register(ws, uk, "OP-B", "desk B", [target], "OP-B: x") == []
        )  # same agency
        later = deconfliction.parse_target("phone:+447700900123", JUN, JUN, "FR")
        assert deconfliction.register(ws, fr, "OP-C", "desk C", [later], "OP-C: x") == []
        place = deconfliction.parse_target("address:12 Rue des Dunes, Calais", JAN, MAR, "FR")
        same = deconfliction.parse_target("address:12 rue des dunes calais", MAR, JUN, "GB")
        assert deconfliction.register(ws, fr, "OP-D", "desk D", [place], "OP-D: x") == []
        (alert,) = deconfliction.register(ws, uk, "OP-E", "desk E", [same], "OP-E: x")
    assert (alert.other_agency, alert.contact, alert.kind) == (
        "FR-OCRIEST",
        "desk D",
        "same place and time",
    )


def test_targets_are_checked(two_agencies: Path) -> None:
    for text in ("car:AB12", "phone:not a phone", "person:"):
        with pytest.raises(SharingError):
            deconfliction.parse_target(text, JAN, MAR, "GB")
    with pytest.raises(SharingError, match="before it starts"):
        deconfliction.parse_target("vehicle:AB12CDE", MAR, JAN, "GB")

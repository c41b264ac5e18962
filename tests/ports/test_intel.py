"""Intelligence picks: a declaration whose importer the caller's own graph ties to a seizure or to a
network member goes first on the day's list, with the tie in words; a tie resting on a record the caller
may not see changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from crossroute.analysis.network.percaller import forget
from crossroute.ingest.loader import ingest_file
from crossroute.store import Workspace
from tests.conftest import run_cli
from tests.ports.conftest import write_csv
from tests.ports.insiders_case import OWNER, PURPOSE, build

HEADER = ["declaration_id", "date", "office", "importer", "seller", "hs6", "origin", "departure",
          "net_mass", "item_price"]  # fmt: skip
RED = [  # a company the owner knows Arben Lika (organiser) runs; nobody else may see it
    {"record_id": "O-RED", "schema": "Organization", "handling": "TLP:RED",
     "properties": {"name": ["Quay Logistics"], "registrationNumber": ["BE0777666555"]}},
    {"record_id": "M-RED", "schema": "Membership", "handling": "TLP:RED",
     "properties": {"member": ["P-ARBEN"], "organization": ["O-RED"], "role": ["owner"]}},
]  # fmt: skip


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, customs_files: tuple[Path, Path]) -> Path:
    folder = tmp_path_factory.mktemp("intel")
    ws_path = build(folder)
    red = folder / "red.jsonl"
    red.write_text("".join(json.dumps({"source": OWNER, **r}) + "\n" for r in RED))
    with Workspace.open(ws_path) as ws:
        assert ingest_file(ws, red).quarantined == 0
    run_cli("ports", "train", ws_path, "--declarations", customs_files[0])
    day = [
        ["D-SEIZED", "2020-04-01", "2", "BE0999888777", "S1", "080300", "EC", "EC", "100", "900"],
        ["D-RED", "2020-04-01", "2", "BE0777666555", "S1", "080300", "EC", "EC", "100", "900"],
        *[[f"D-{n}", "2020-04-01", "2", f"IMP{n}", "S1", "080300", "EC", "EC", "100", "900"]
          for n in range(8)],
    ]  # fmt: skip
    run_cli("ports", "score", ws_path, write_csv(folder / "day.csv", HEADER, day),
            "--out", folder / "scores.csv")  # fmt: skip
    return ws_path


def _picks(ws_path: Path, user: str, tmp_path: Path) -> dict[str, tuple[str, str]]:
    forget()
    out = tmp_path / f"{user}.csv"
    run_cli("ports", "select", ws_path, "--per-day", "4", "--explore", "0", "--user", user,
            "--purpose", PURPOSE, "--out", out)  # fmt: skip
    chosen = pd.read_csv(out, dtype=str, keep_default_na=False)
    return {r.declaration_id: (r.chosen_by, r.reasons) for r in chosen.itertuples()}


def test_a_seized_consignee_and_a_network_member_s_company_go_first(
    scored: Path, tmp_path: Path
) -> None:
    picks = _picks(scored, "bert", tmp_path)  # the owner's analyst sees every record
    assert picks["D-SEIZED"][0] == picks["D-RED"][0] == "intel"
    assert picks["D-SEIZED"][1].startswith(
        "intelligence: importer BE0999888777: consignee of a seized container"
    )
    assert picks["D-RED"][1].startswith(
        "intelligence: importer BE0777666555: tied to network member Arben Lika"
    )
    assert sum(kind == "intel" for kind, _ in picks.values()) == 2 and len(picks) == 4


def test_a_tie_through_a_record_the_caller_may_not_see_changes_nothing(
    scored: Path, tmp_path: Path
) -> None:
    picks = _picks(scored, "anna", tmp_path)  # another agency: the red records are not hers
    assert picks["D-SEIZED"][0] == "intel"
    assert picks.get("D-RED", ("top", ""))[0] != "intel"
    assert all("Arben" not in reasons for _, reasons in picks.values())


def test_without_a_user_the_list_says_intelligence_needs_one(scored: Path, tmp_path: Path) -> None:
    done = run_cli("ports", "select", scored, "--per-day", "4", "--out", tmp_path / "x.csv")
    assert "intelligence picks need --user and --purpose" in " ".join(done.stdout.split())


def test_the_risk_officer_s_list_in_the_api_has_the_same_picks(scored: Path) -> None:
    import warnings

    from crossroute.api.app import create_app
    from crossroute.sharing.tokens import issue_token
    from crossroute.sharing.users import get_user

    with warnings.catch_warnings():  # starlette asks for `httpx2`; httpx still works
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    forget()
    with Workspace.open(scored) as ws:
        tokens = {n: issue_token(ws, get_user(ws, "root"), n)[1] for n in ("anna", "bert")}
    with TestClient(create_app(scored, web=False)) as client:
        for user, expected in (("bert", {"D-SEIZED", "D-RED"}), ("anna", {"D-SEIZED"})):
            headers = {"Authorization": f"Bearer {tokens[user]}", "X-Purpose": PURPOSE}
            found = client.get("/api/ports/list?date=2020-04-01&share=0.4", headers=headers)
            assert found.status_code == 200, found.text
            items = found.json()["items"]
            intel = {i["declaration_id"] for i in items if i["chosen_by"] == "intel"}
            assert intel == expected, user
            first = next(i for i in items if i["declaration_id"] == "D-SEIZED")
            assert first["reasons"][0].startswith("intelligence: importer BE0999888777")

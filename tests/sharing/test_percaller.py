"""Issue 19's last gap: what the network analysis computes (groups, betweenness, roles, key players, their
ranks and reasons, KPP-Neg) is computed per caller on the records they may see. Hidden ties (RED calls
tying the FR analyst's Velimir to an informant and to Boris, a RED crossing) change the whole network's
analysis; the FR analyst's answers must be those of a workspace that never held the hidden records."""

from __future__ import annotations

import ast
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crossroute.analysis.network.case import analyse_case
from crossroute.analysis.network.percaller import caller_case
from crossroute.cli.app import app as cli_app
from crossroute.ingest.loader import ingest_file
from crossroute.report.content import gather
from crossroute.sharing import Purpose
from crossroute.sharing.policy import require_purpose
from crossroute.sharing.tokens import issue_token
from crossroute.sharing.users import Role, get_user
from crossroute.store import Workspace
from tests.sharing.adversarial_case import (
    ANALYST,
    FR,
    FR_RECORDS,
    PURPOSE,
    UK,
    UK_OTHERS,
    _write,
    build,
)
from tests.sharing.conftest import users

with warnings.catch_warnings():  # starlette would rather have httpx2; httpx is what the project has
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from crossroute.api.app import create_app

COLLEAGUE = "fabien"  # a second FR-OCRIEST analyst
VISIBLE_UK = [r for r in UK_OTHERS if r["record_id"] == "UKOK-1"]  # the one UK record FR may see


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The adversarial case (hidden records included) and the FR analyst's token."""
    case = build(tmp_path_factory.mktemp("full"))
    return case.path, case.token


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The same case without the records hidden from the FR analyst (same load order)."""
    root = tmp_path_factory.mktemp("twin")
    path = root / "ws"
    with Workspace.create(path) as ws:
        for name, source, rows in (("uk.json", UK, VISIBLE_UK), ("fr.json", FR, FR_RECORDS)):
            assert ingest_file(ws, _write(root, name, source, rows)).quarantined == 0
        users(ws, (ANALYST, FR, Role.ANALYST), (COLLEAGUE, FR, Role.ANALYST))
    done = CliRunner().invoke(cli_app, ["resolve", str(path)])
    assert done.exit_code == 0, done.output
    with Workspace.open(path) as ws:
        token = issue_token(ws, get_user(ws, ANALYST), ANALYST, days=1)[1]
    return path, token


def api_picture(path: Path, token: str) -> dict[str, Any]:
    """Everything the analysis computes that the API shows, by label (entity ids are a member's hash,
    which differs between the two workspaces)."""
    headers = {"Authorization": f"Bearer {token}", "X-Purpose": PURPOSE}
    with TestClient(create_app(path, web=False)) as api:
        players = api.get("/api/network/key-players", headers=headers).json()["key_players"]
        groups = api.get("/api/network/groups?min_members=2", headers=headers).json()["groups"]
        around = api.get("/api/network/nodes/Velimir KASTRATI?depth=3", headers=headers).json()
    nodes = {n["label"]: n for n in around["nodes"]}
    return {
        "players": [
            (p["label"], p["rank"], p["kp_score"], p["reasons"], p["score"], p["role"])
            for p in players
        ],
        "groups": sorted(sorted(m["label"] for m in g["members"]) for g in groups),
        "nodes": {
            label: (n["score"], n["role"], n["customer"], n["degree"], n["withheld"])
            for label, n in nodes.items()
        },
        "together": _partition(nodes),
    }


def _partition(nodes: dict[str, dict[str, Any]]) -> list[list[str]]:
    """The nodes grouped by their group number (numbers may differ, the grouping may not)."""
    found: dict[Any, list[str]] = {}
    for label, n in nodes.items():
        found.setdefault(n["group"], []).append(label)
    return sorted(sorted(v) for v in found.values())


def test_the_hidden_ties_change_the_whole_networks_analysis(full: tuple[Path, str]) -> None:
    """Not a vacuous comparison: the whole analysis rests on the hidden ties."""
    stated = require_purpose(PURPOSE)
    with Workspace.open(full[0], read_only=True) as ws:
        whole = analyse_case(ws, seeds=3)
        mine = caller_case(ws, ANALYST, stated)
        velimir = next(i for i, k in enumerate(whole.graph.records) if (FR, "FR-VK") in k)
        seen = next(i for i, k in enumerate(mine.case.graph.records) if (FR, "FR-VK") in k)
        assert len(mine.case.graph.ids) < len(whole.graph.ids)
        assert all(
            k[0] == FR or k == (UK, "UKOK-1") for keys in mine.case.graph.records for k in keys
        )
        assert whole.centrality.betweenness[velimir] != mine.case.centrality.betweenness[seen]


def test_the_callers_analysis_is_that_of_a_workspace_without_the_hidden_records(
    full: tuple[Path, str], twin: tuple[Path, str]
) -> None:
    mine, without = api_picture(*full), api_picture(*twin)
    assert mine["players"] and mine["groups"]
    assert mine == without
    assert not any(n[4] for n in mine["nodes"].values()), "nothing withheld: all rests on visible"


def test_the_same_visibility_shares_one_analysis(twin: tuple[Path, str]) -> None:
    stated = require_purpose(PURPOSE)
    with Workspace.open(twin[0], read_only=True) as ws:
        first = caller_case(ws, ANALYST, stated)
        assert caller_case(ws, ANALYST, stated) is first  # from memory
        assert caller_case(ws, COLLEAGUE, stated) is first  # same agency, same records
        other = caller_case(ws, "root", stated)  # an administrator sees no record in full
    assert other.signature != first.signature and other.records == 0
    assert not other.case.graph.ids


def test_groups_agree_across_api_cli_and_briefing(full: tuple[Path, str]) -> None:
    """Issue 13: one caller gets the same groups (number and sizes) from the web's API, the CLI and
    the briefing."""
    path, token = full
    headers = {"Authorization": f"Bearer {token}", "X-Purpose": PURPOSE}
    with TestClient(create_app(path, web=False)) as api:
        answer = api.get("/api/network/groups", headers=headers).json()["groups"]
    by_api = [len(g["members"]) for g in answer]
    done = CliRunner().invoke(
        cli_app,
        ["network", "groups", str(path), "--json", "--user", ANALYST, "--purpose", PURPOSE],
    )
    assert done.exit_code == 0, done.output
    by_cli = [row["size"] for row in json.loads(done.stdout)]
    with Workspace.open(path) as ws:
        briefing = gather(ws, ANALYST, Purpose(PURPOSE))
    by_briefing = [len(members) for _, members in briefing.groups]
    assert by_api and by_api == by_cli == by_briefing


WHOLE_ANALYSES = frozenset({"analyse_case", "analyse_graph", "build", "case_key_players"})


def test_no_face_analyses_the_whole_network() -> None:
    """Faces take the analysis from `percaller.caller_case` (one function per question), never run the
    whole network's analysis themselves."""
    src = Path(__file__).parents[2] / "src" / "crossroute"
    found = []
    for face in ("cli", "api", "web", "report", "export", "federation"):
        for path in sorted((src / face).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.ImportFrom)
                    and (node.module or "").startswith("crossroute.analysis.network")
                    and any(a.name in WHOLE_ANALYSES for a in node.names)
                ):
                    found.append(str(path.relative_to(src)))
    assert found == []

"""The insider list: port staff ranked by their ties to the networks, with the evidence; built only from
records the caller may see; restricted to the analysts the policy names, through every face (CLI, API,
the web page's API calls, the briefing); one audit entry per call."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroute.analysis.network.percaller import forget
from crossroute.analysis.ports.insiders import insiders, staff_kinds
from crossroute.api.app import create_app
from crossroute.cli.app import app as cli
from crossroute.report.content import gather
from crossroute.sharing import AccessDenied, lists, require_purpose
from crossroute.sharing.audit import entries
from crossroute.sharing.policy import Visibility, list_rule
from crossroute.sharing.tokens import issue_token
from crossroute.sharing.users import Role, User, get_user
from crossroute.store import Workspace
from tests.ports.insiders_case import PURPOSE, RED_PAYMENT, build

with warnings.catch_warnings():  # starlette asks for `httpx2`; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HIDDEN = ("Kurt", "P-KURT", RED_PAYMENT, "30000")  # what rests only on the red payment


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("insiders"))


@pytest.fixture
def fresh(case: Path, tmp_path: Path) -> Path:
    """A copy of the case (tests that name readers change the policy)."""
    forget()
    shutil.copytree(case.parent, tmp_path / "copy")
    return tmp_path / "copy" / "ws"


def _logged(ws: Workspace, user: str) -> list[dict[str, object]]:
    return [
        json.loads(e.detail)
        for e in entries(ws)
        if e.actor == user and json.loads(e.detail).get("list") == "insiders"
    ]


def test_staff_words() -> None:
    assert staff_kinds("douanier, Douane Antwerpen") == ("customs",)
    assert staff_kinds("Inspecteur HAVENPOLITIE") == ("police",)
    assert staff_kinds("kraanman, DP World terminal") == ("dock",)
    assert staff_kinds("organiser") == staff_kinds("fruit trader") == ()


def test_ranked_with_evidence_and_honest_staff_left_out(case: Path) -> None:
    with Workspace.open(case) as ws:
        found = insiders(ws, "anna", require_purpose(PURPOSE))
        logged = _logged(ws, "anna")
    names = [item["person"] for item in found["items"]]
    assert names == ["Jan Peeters", "Els Maes", "Tom Claes"]  # seizure+consignee > paid > one call
    jan = found["items"][0]
    assert jan["staff"] == ["customs"] and jan["score"] > found["items"][1]["score"]
    said = {e["kind"]: e for e in jan["evidence"]}
    assert said["seizure"]["records"] == ["BE-CUSTOMS:Z-1"]
    assert said["paid_by_consignee"]["records"] == ["BE-CUSTOMS:PAY-1"]
    assert "Besnik Hoxha" in said["paid_by_consignee"]["what"]
    assert found["staff_considered"] == 6  # every port staff member anna may see, honest ones too
    assert len(logged) == 1  # one audit entry per call


def test_nothing_derived_from_a_hidden_record(case: Path) -> None:
    purpose = require_purpose(PURPOSE)
    with Workspace.open(case) as ws:
        seen_by_anna = json.dumps(insiders(ws, "anna", purpose))
        seen_by_bert = json.dumps(insiders(ws, "bert", purpose))  # the owner sees the red payment
    assert "Kurt Wouters" in seen_by_bert and RED_PAYMENT in seen_by_bert
    for value in HIDDEN:
        assert value not in seen_by_anna


def test_the_list_rule() -> None:
    anna, bert = User("anna", "NL-KMAR", Role.ANALYST), User("bert", "BE-CUSTOMS", Role.ANALYST)
    admin, dpo = User("root", "UK-NCA", Role.ADMINISTRATOR), User("d", "UK-NCA", Role.DPO)
    assert list_rule(anna, "insiders", None).visibility is Visibility.FULL  # no rule: per record
    assert list_rule(anna, "insiders", frozenset({"anna"})).visibility is Visibility.FULL
    assert list_rule(bert, "insiders", frozenset({"anna"})).visibility is Visibility.DENY
    assert list_rule(bert, "insiders", frozenset()).visibility is Visibility.DENY
    for other in (admin, dpo):
        assert list_rule(other, "insiders", None).visibility is Visibility.DENY
    assert list_rule(anna, "something else", None).visibility is Visibility.DENY


def test_only_a_supervisor_names_readers(fresh: Path) -> None:
    with Workspace.open(fresh) as ws:
        with pytest.raises(AccessDenied):
            lists.name_readers(ws, get_user(ws, "anna"), "insiders", ["anna"], PURPOSE)
        with pytest.raises(AccessDenied):  # an administrator is no reader
            lists.name_readers(ws, get_user(ws, "sam"), "insiders", ["root"], PURPOSE)
        assert lists.readers(ws, "insiders") is None


def test_named_analysts_only_through_every_face(fresh: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    with Workspace.open(fresh) as ws:
        before = {n: len(_logged(ws, n)) for n in ("anna", "carl", "bert", "root")}
    named = runner.invoke(cli, [
        "ports", "insiders-readers", str(fresh), "--user", "sam", "--allow", "anna",
        "--purpose", "OP-QUAY: restrict the insider list",
    ])  # fmt: skip
    assert named.exit_code == 0, named.output
    # CLI
    asked = ["--purpose", PURPOSE]
    allowed = runner.invoke(cli, ["ports", "insiders", str(fresh), "--user", "anna", *asked])
    assert allowed.exit_code == 0, allowed.output
    assert "Jan Peeters" in allowed.output and "Kurt" not in allowed.output
    for other in ("carl", "bert", "root"):
        refused = runner.invoke(cli, ["ports", "insiders", str(fresh), "--user", other, *asked])
        assert refused.exit_code != 0
        assert "Jan Peeters" not in refused.output and "port staff" not in refused.output
    # API (what the web page calls: access first, then the list)
    with Workspace.open(fresh) as ws:
        root = get_user(ws, "root")
        tokens = {n: issue_token(ws, root, n)[1] for n in ("anna", "carl", "bert", "root")}
    headers = {n: {"Authorization": f"Bearer {t}", "X-Purpose": PURPOSE} for n, t in tokens.items()}
    with TestClient(create_app(fresh, web=False)) as client:
        assert client.get("/api/ports/insiders/access", headers=headers["anna"]).json() == {
            "allowed": True
        }
        body = client.get("/api/ports/insiders", headers=headers["anna"])
        assert body.status_code == 200 and body.json()["items"][0]["person"] == "Jan Peeters"
        for other in ("carl", "bert", "root"):
            access = client.get("/api/ports/insiders/access", headers=headers[other])
            assert access.json() == {"allowed": False}
            refused = client.get("/api/ports/insiders", headers=headers[other])
            assert refused.status_code == 403
            assert "Jan" not in refused.text and "items" not in refused.text
        assert client.get("/api/ports/insiders").status_code == 401
    # briefing: the section only for a reader the policy allows
    with Workspace.open(fresh) as ws:
        for_anna = gather(ws, "anna", require_purpose(PURPOSE)).ports
        for_carl = gather(ws, "carl", require_purpose(PURPOSE)).ports
        logged = {n: _logged(ws, n)[before[n] :] for n in before}
    assert "ports-insiders" in for_anna and "Jan Peeters" in for_anna
    assert not any(value in for_anna for value in HIDDEN)
    assert "ports-insiders" not in for_carl and "Jan Peeters" not in for_carl
    # one audit entry per call: anna's CLI, API and briefing looks; the others' refusals (CLI, API;
    # the administrator's API call is refused before it reaches the list, as every personal-data route)
    assert len(logged["anna"]) == 3 and not any("refused" in e for e in logged["anna"])
    for other, calls in (("carl", 2), ("bert", 2), ("root", 1)):
        assert len(logged[other]) == calls and all("refused" in e for e in logged[other])

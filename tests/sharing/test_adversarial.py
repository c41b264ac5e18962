"""Issue 19's adversarial acceptance: an analyst of another agency (FR-OCRIEST) runs every read path of
every face (API in process, the web pages' API calls, the CLI, every export format and the briefing) on
the case of `adversarial_case` and is shown no value that only a hidden record holds (labels, counts,
ids, countries, file contents); a look-up of something hidden and of something absent answer alike, and
each writes one audit entry naming what was asked."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from crossroute.api.app import create_app
from crossroute.cli.app import app as cli_app
from crossroute.sharing import audit
from crossroute.store import Workspace
from tests.sharing.adversarial_case import ANALYST, FR, HIDDEN, PURPOSE, UK, Case, build

with warnings.catch_warnings():  # starlette would rather have httpx2; httpx is what the project has
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ABSENT_ENTITY = "P-000000000000"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return build(tmp_path_factory.mktemp("adversarial"))


@pytest.fixture(scope="module")
def hidden(case: Case) -> tuple[str, ...]:
    """Every hidden value, with the ids of the entities only hidden records make."""
    return (*HIDDEN, case.informant)


@pytest.fixture(scope="module")
def api(case: Case) -> Iterator[TestClient]:
    with TestClient(create_app(case.path, web=False)) as client:
        yield client


def leaked(text: str, hidden: tuple[str, ...], *, asked: tuple[str, ...] = ()) -> list[str]:
    """The hidden values in `text` as words (what the caller asked, echoed back, taken out first)."""
    for said in asked:
        text = text.replace(said, " ").replace(json.dumps(said)[1:-1], " ")
    return [
        v for v in hidden
        if re.search(rf"(?<![\w@.+-]){re.escape(v)}(?![\w@.-])", text, re.IGNORECASE)
    ]  # fmt: skip


def get(api: TestClient, case: Case, url: str, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token or case.token}", "X-Purpose": PURPOSE}
    return api.get(url, headers=headers)


def post(api: TestClient, case: Case, url: str, body: dict[str, Any]) -> Any:
    headers = {"Authorization": f"Bearer {case.token}", "X-Purpose": PURPOSE}
    return api.post(url, headers=headers, json=body)


def entries(api: TestClient) -> list[audit.Entry]:
    return audit.entries(api.app.state.service.workspace)  # type: ignore[attr-defined]


def same_answer(first: Any, second: Any, asked: tuple[str, str]) -> None:
    """Two answers alike but for the text asked."""
    assert first.status_code == second.status_code, (first.text, second.text)
    assert first.text.replace(quote(asked[0]), "").replace(asked[0], "?") == second.text.replace(
        quote(asked[1]), ""
    ).replace(asked[1], "?")


# --- the set-up is what the issue describes ----------------------------------------------------------


def test_the_owner_sees_what_the_other_agency_may_not(api: TestClient, case: Case) -> None:
    found = get(api, case, "/api/search?q=velimir@example.org", case.owner_token).json()
    names = {n for e in found["entities"] for n in e["names"]}
    assert "Velimir KASTRATIX" in names and "Velimir KASTRATI" in names  # one entity, both records


# --- leak 2: search matches only the caller's visible records -----------------------------------------


@pytest.mark.parametrize(
    "query",
    ["velimir@example.org", "Velimir KASTRATIX", "KASTRATIX", "+447700900555", "UK-NCA:UKRED-VK1",
     "UKRED-VK1", "Nadia INFORMANTOVA", "+447700900777", "Ilir VICTIMOVIC"],
)  # fmt: skip
def test_a_search_never_finds_a_visible_entity_through_a_hidden_record(
    api: TestClient, case: Case, hidden: tuple[str, ...], query: str
) -> None:
    answer = get(api, case, f"/api/search?q={quote(query)}")
    assert answer.status_code == 200
    assert answer.json()["entities"] == [], answer.text
    assert not leaked(answer.text, hidden, asked=(query,))


def test_a_search_by_the_visible_spelling_shows_only_visible_records(
    api: TestClient, case: Case, hidden: tuple[str, ...]
) -> None:
    answer = get(api, case, f"/api/search?q={quote('Velimir KASTRATI')}").json()
    assert [e["names"] for e in answer["entities"]] == [["Velimir KASTRATI"]]
    assert answer["entities"][0]["agencies"] == [FR]
    assert not leaked(json.dumps(answer), hidden)


def test_a_hit_only_match_is_answered_by_the_hit_alone(
    api: TestClient, case: Case, hidden: tuple[str, ...]
) -> None:
    for query in ("dritan@example.org", "Arben MINORIKAJ"):
        answer = get(api, case, f"/api/search?q={quote(query)}").json()
        assert answer["entities"], query
        for entity in answer["entities"]:
            assert entity["records"] == [] and entity["hits"], entity
            assert entity["hits"][0]["owner"] == UK
        assert not leaked(json.dumps(answer), hidden, asked=(query,))


# --- leak 1: every derived value from what the caller may see ----------------------------------------


def test_the_network_node_is_labelled_and_counted_from_visible_records(
    api: TestClient, case: Case, hidden: tuple[str, ...]
) -> None:
    answer = get(api, case, f"/api/network/nodes/person:{case.entity}")
    assert answer.status_code == 200, answer.text
    data = answer.json()
    node = next(n for n in data["nodes"] if n["id"] == f"person:{case.entity}")
    assert node["label"] == "Velimir KASTRATI"
    assert node["countries"] == ["ALB"]
    # neighbours the FR analyst may see: its phone, Marc, Jules, Anton and the FR crossing
    assert node["degree"] == 5
    # group and score are those of the analysis of what the caller may see (test_percaller checks
    # them against a workspace without the hidden records), so they are shown
    assert node["withheld"] is False and node["group"] is not None and node["score"] is not None
    assert not leaked(answer.text, hidden)


def test_a_neighbourhood_reaches_only_through_ties_the_caller_may_see(
    api: TestClient, case: Case
) -> None:
    for depth in (1, 2, 3):
        url = f"/api/network/nodes/person:{case.entity}?depth={depth}"
        ids = {n["id"] for n in get(api, case, url).json()["nodes"]}
        assert f"person:{case.boris}" not in ids  # tied to Velimir only by a RED call
    assert get(api, case, f"/api/network/nodes/person:{case.boris}").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/network/groups",
        "/api/network/groups?min_members=2",
        "/api/network/key-players",
        "/api/network/key-players?top=15",
        "/api/timeline",
        "/api/map",
        "/api/decisions",
        "/api/search?q=Velimir",
        "/api/search?q=KASTRATI",
        "/api/search?q=%2B33612345678",
    ],
)
def test_every_listing_shows_nothing_only_a_hidden_record_holds(
    api: TestClient, case: Case, hidden: tuple[str, ...], url: str
) -> None:
    answer = get(api, case, url)
    assert answer.status_code == 200, answer.text
    assert not leaked(answer.text, hidden)


def test_every_page_around_the_merged_entity_shows_only_visible_values(
    api: TestClient, case: Case, hidden: tuple[str, ...]
) -> None:
    node = f"person:{case.entity}"
    jules = get(api, case, "/api/search?q=Jules%20LEBRETON").json()["entities"][0]["entity_id"]
    urls = [
        f"/api/entities/{case.entity}",
        f"/api/entities/{FR}:FR-VK",
        f"/api/network/nodes/{quote(node)}?depth=2",
        f"/api/network/nodes/{quote('Velimir KASTRATI')}",
        f"/api/network/flows/{quote(node)}?depth=2",
        f"/api/network/paths?from={quote(node)}&to=person:{jules}",
        f"/api/timeline?node={quote(node)}",
        f"/api/map?node={quote(node)}",
        *(f"/api/network/groups/{g['group']}"
          for g in get(api, case, "/api/network/groups?min_members=2").json()["groups"]),
    ]  # fmt: skip
    for url in urls:
        answer = get(api, case, url)
        assert answer.status_code == 200, (url, answer.text)
        assert not leaked(answer.text, hidden), (url, leaked(answer.text, hidden))
    paths = get(api, case, urls[5]).json()
    assert paths["paths"] and all(n["label"] != "Velimir KASTRATIX" for n in paths["nodes"])
    disrupted = post(api, case, "/api/network/disruption", {"remove": [node], "successors": 10})
    assert disrupted.status_code == 200, disrupted.text
    assert disrupted.json()["removed"][0]["label"] == "Velimir KASTRATI"
    assert not leaked(disrupted.text, hidden)


def test_the_timeline_and_map_show_no_hidden_event(
    api: TestClient, case: Case, hidden: tuple[str, ...]
) -> None:
    timeline = get(api, case, "/api/timeline").json()
    assert "withheld" not in timeline  # a count of hidden events is a value of hidden records
    keys = {(e["record"]["source"], e["record"]["record_id"]) for e in timeline["events"]}
    assert keys and all(source == FR for source, _ in keys)
    places = {p["name"] for p in get(api, case, "/api/map").json()["places"]}
    assert not any("Hardelot" in p for p in places)


# --- leak 3: hidden and absent answer alike, one audit entry naming the ask -------------------------


def _asks(case: Case) -> list[tuple[str, str, str]]:
    """(face, hidden target, absent target) for the node look-ups."""
    return [
        ("nodes", f"person:{case.informant}", f"person:{ABSENT_ENTITY}"),
        ("nodes", case.informant, ABSENT_ENTITY),
        ("nodes", "Nadia INFORMANTOVA", "Nadia NOBODOVA"),
        ("nodes", "Velimir KASTRATIX", "Velimir NOBODYX"),
        ("nodes", "phone:+447700900777", "phone:+447700900999"),
        ("nodes", "+447700900777", "+447700900999"),
        ("paths", f"person:{case.informant}", f"person:{ABSENT_ENTITY}"),
        ("paths", "Nadia INFORMANTOVA", "Nadia NOBODOVA"),
        ("flows", f"person:{case.informant}", f"person:{ABSENT_ENTITY}"),
        ("flows", "Velimir KASTRATIX", "Velimir NOBODYX"),
        ("timeline", f"person:{case.informant}", f"person:{ABSENT_ENTITY}"),
        ("map", f"person:{case.informant}", f"person:{ABSENT_ENTITY}"),
        ("disruption", f"person:{case.informant}", f"person:{ABSENT_ENTITY}"),
        ("entities", f"{UK}:UKINF-7", f"{UK}:UKNONE-1"),
        ("entities", case.informant, ABSENT_ENTITY),
        ("entities", f"{UK}:UKRED-VK1", f"{UK}:UKNONE-1"),
        ("decisions", "UKINF-7", "NOSUCH-1"),
        ("decisions", f"{UK}:UKINF-7", f"{UK}:NOSUCH-1"),
        ("decisions", "UKRED-VK1", "NOSUCH-1"),
    ]


def _ask(api: TestClient, case: Case, face: str, target: str) -> Any:
    node = f"person:{case.entity}"
    if face == "nodes":
        return get(api, case, f"/api/network/nodes/{quote(target, safe='')}")
    if face == "paths":
        return get(api, case, f"/api/network/paths?from={quote(node)}&to={quote(target)}")
    if face == "flows":
        return get(api, case, f"/api/network/flows/{quote(target, safe='')}")
    if face in ("timeline", "map"):
        return get(api, case, f"/api/{face}?node={quote(target)}")
    if face == "disruption":
        return post(api, case, "/api/network/disruption", {"remove": [target]})
    if face == "entities":
        return get(api, case, f"/api/entities/{quote(target, safe='')}")
    return post(
        api, case, "/api/decisions",
        {"kind": "confirm", "left": target, "right": f"{FR}:FR-MD", "reason": "a probe"},
    )  # fmt: skip


@pytest.mark.parametrize("number", range(19))
def test_hidden_and_absent_answer_alike_and_both_are_logged(
    api: TestClient, case: Case, hidden: tuple[str, ...], number: int
) -> None:
    face, secret, nothing = _asks(case)[number]
    before = entries(api)[-1].seq
    first = _ask(api, case, face, secret)
    middle = entries(api)[-1].seq
    second = _ask(api, case, face, nothing)
    after = entries(api)
    assert first.status_code == 404, first.text
    same_answer(first, second, (secret, nothing))
    assert UK not in first.text.replace(secret, "")  # a bare record id does not name its agency
    assert not leaked(first.text, hidden, asked=(secret,))
    for low, high, asked in ((before, middle, secret), (middle, after[-1].seq, nothing)):
        written = [e for e in after if low < e.seq <= high]
        assert len(written) == 1, (face, asked, written)
        assert asked in json.loads(written[0].detail).get("asked", []), written[0].detail
        assert written[0].actor == ANALYST


def test_a_path_through_a_hidden_person_is_not_shown_as_a_withheld_step(
    api: TestClient, case: Case
) -> None:
    marc = get(api, case, "/api/search?q=Marc%20DUPONTEL").json()["entities"][0]["entity_id"]
    answer = get(api, case, f"/api/network/paths?from=person:{marc}&to=person:{case.informant}")
    assert answer.status_code == 404
    assert "withheld" not in answer.text


# --- the CLI, the exports and the briefing ------------------------------------------------------------


def cli(case: Case, *args: str) -> Any:
    return CliRunner().invoke(
        cli_app, [*args[:2], str(case.path), *args[2:], "--user", ANALYST, "--purpose", PURPOSE]
        if args[0] == "network" else
        [args[0], str(case.path), *args[1:], "--user", ANALYST, "--purpose", PURPOSE],
    )  # fmt: skip


def flat(output: str, asked: str) -> str:
    """The output as one line (the console wraps long lines), the text asked taken out."""
    return " ".join(output.split()).replace(asked, "?")


@pytest.fixture(scope="module")
def cli_case(case: Case, api: TestClient) -> Iterator[Case]:
    """The CLI opens the workspace itself: the in-process server lets go of it first."""
    api.__exit__(None, None, None)
    yield case


def test_cli_search_and_explain_show_no_hidden_value(
    cli_case: Case, hidden: tuple[str, ...]
) -> None:
    for query in ("velimir@example.org", "Velimir KASTRATIX", "UK-NCA:UKRED-VK1"):
        done = cli(cli_case, "search", query)
        assert done.exit_code == 0, done.output
        assert done.stdout.strip() == "", done.stdout
    done = cli(cli_case, "search", "Velimir KASTRATI")
    assert "Velimir KASTRATI" in done.stdout and not leaked(done.stdout, hidden)
    done = cli(cli_case, "explain", cli_case.entity, "--json")
    assert done.exit_code == 0, done.output
    assert not leaked(done.stdout, hidden)


@pytest.mark.parametrize(
    ("secret", "nothing"),
    [(f"{UK}:UKRED-VK1", f"{UK}:UKNONE-9"), ("UKINF-7", "UKNONE-9"), ("informant", ABSENT_ENTITY)],
)
def test_cli_explain_answers_hidden_and_absent_alike(
    cli_case: Case, secret: str, nothing: str
) -> None:
    secret = cli_case.informant if secret == "informant" else secret
    first, second = cli(cli_case, "explain", secret), cli(cli_case, "explain", nothing)
    assert first.exit_code == second.exit_code != 0
    assert flat(first.output, secret) == flat(second.output, nothing)


@pytest.mark.parametrize(
    "command",
    [["network", "groups", "--json", "--min-members", "2"], ["network", "key-players", "--json"],
     ["network", "roles", "--json"], ["network", "windows", "--json", "--period", "month"]],
)  # fmt: skip
def test_cli_network_listings_show_no_hidden_value(
    cli_case: Case, hidden: tuple[str, ...], command: list[str]
) -> None:
    done = cli(cli_case, *command)
    assert done.exit_code == 0, done.output
    assert not leaked(done.stdout, hidden), done.stdout


def test_cli_disrupt_and_path_name_the_entity_by_its_visible_record(
    cli_case: Case, hidden: tuple[str, ...]
) -> None:
    node = f"person:{cli_case.entity}"
    done = cli(cli_case, "network", "disrupt", node, "--json")
    assert done.exit_code == 0, done.output
    assert "Velimir KASTRATI" in done.stdout and not leaked(done.stdout, hidden)
    done = cli(cli_case, "network", "path", node, "Jules LEBRETON", "--json")
    assert done.exit_code == 0, done.output
    assert "withheld" not in done.stdout and not leaked(done.stdout, hidden)


@pytest.mark.parametrize(
    ("secret", "nothing"),
    [("Nadia INFORMANTOVA", "Nadia NOBODOVA"), ("Velimir KASTRATIX", "Velimir NOBODYX"),
     ("informant", ABSENT_ENTITY)],
)  # fmt: skip
def test_cli_path_and_disrupt_answer_hidden_and_absent_alike(
    cli_case: Case, secret: str, nothing: str
) -> None:
    secret = cli_case.informant if secret == "informant" else secret
    for command in (["network", "path", "Marc DUPONTEL"], ["network", "disrupt"]):
        first = cli(cli_case, *command, secret)
        second = cli(cli_case, *command, nothing)
        assert first.exit_code == second.exit_code != 0, first.output
        assert flat(first.output, secret) == flat(second.output, nothing)
        assert "withheld" not in first.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "anx", "ftm", "neo4j"])
def test_every_export_format_writes_no_hidden_value(
    cli_case: Case, hidden: tuple[str, ...], fmt: str, tmp_path: Path
) -> None:
    out = tmp_path / ("neo4j" if fmt == "neo4j" else f"graph.{fmt}")
    done = cli(cli_case, "network", "export", "--format", fmt, "--out", str(out))
    assert done.exit_code == 0, done.output
    files = sorted(out.iterdir()) if out.is_dir() else [out]
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    assert "Velimir KASTRATI" in text
    assert not leaked(text, hidden), leaked(text, hidden)
    assert not leaked(done.stdout, hidden)


def test_the_briefing_shows_no_hidden_value(
    cli_case: Case, hidden: tuple[str, ...], tmp_path: Path
) -> None:
    out = tmp_path / "briefing.html"
    done = cli(cli_case, "report", "--out", str(out))
    assert done.exit_code == 0, done.output
    html = out.read_text(encoding="utf-8")
    assert not leaked(html, hidden), leaked(html, hidden)


def test_every_look_was_logged_by_the_asking_analyst(cli_case: Case) -> None:
    with Workspace.open(cli_case.path, read_only=True) as ws:
        asked = [e for e in audit.entries(ws) if e.actor == ANALYST]
    assert asked and all(e.purpose == PURPOSE for e in asked)

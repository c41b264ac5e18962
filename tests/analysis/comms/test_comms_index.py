"""The comms search index: query syntax, a killed indexing redone without duplicates, a rolled-back
load leaving nothing in the index, and message numbers never reused after the index held them."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.analysis.comms import corpus, index, search
from crossroute.analysis.comms.fold import fold
from crossroute.sharing import require_purpose, users
from crossroute.sharing.users import Role
from crossroute.store import Workspace

HEADER = "msg_id,timestamp,from_handle,to_handle,text\n"
BODY = HEADER + (
    "a1,2026-03-01T10:00:00,ilir,besa,the container arrives friday\n"
    "a2,2026-03-01T10:05:00,besa,ilir,ok the scan is done\n"
    "a3,2026-03-01T10:06:00,ilir,besa,container scan friday\n"
    "a4,2026-03-02T09:00:00,reza,omid,pin code for the gate\n"
    "a5,2026-03-02T09:01:00,omid,reza,bank pin lost again\n"
    "a6,2026-03-03T09:01:00,ilir,omid,friday then\n"
)
PURPOSE = require_purpose("OP-1: test")


@pytest.fixture
def people(workspace: Workspace) -> Workspace:
    admin = users.create_first_admin(workspace, "admin", "BE-FGP", "admin-password-1")
    users.add_user(workspace, admin, "ana", "BE-FGP", Role.ANALYST, None)
    return workspace


def _load(ws: Workspace, tmp_path: Path, body: str = BODY, name: str = "m.csv") -> str:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return corpus.load_corpus(ws, path, "BE-FGP").corpus_id


def found(ws: Workspace, query: str) -> list[str]:
    return sorted(h.msg_id for h in search.search(ws, "ana", query, PURPOSE))


def test_query_syntax(people: Workspace, tmp_path: Path) -> None:
    _load(people, tmp_path)
    assert found(people, "container scan") == ["a3"]
    assert found(people, "container OR pin") == ["a1", "a3", "a4", "a5"]
    assert found(people, "pin NOT bank") == ["a4"]
    assert found(people, "(container OR gate) NOT scan") == ["a1", "a4"]
    assert found(people, '"scan friday"') == ["a3"]
    assert found(people, "friday conv:ilir,besa") == ["a1", "a3"]
    assert found(people, "friday to:omid") == ["a6"]
    assert found(people, "conv:reza,omid") == ["a4", "a5"]
    with pytest.raises(index.QueryError):
        index.parse("NOT pin")
    with pytest.raises(index.QueryError):
        index.parse("(pin")


def test_ranked_and_counted(people: Workspace, tmp_path: Path) -> None:
    _load(people, tmp_path)
    snap = index.snapshot(
        people, [(c, None, None) for (c,) in people.rows("SELECT corpus_id FROM comms.corpora")]
    )
    result = index.match(people, index.parse("friday"), [], 2, snap)
    assert result.count == 3 and len(result.docs) == 2
    assert result.docs[0].score >= result.docs[1].score > 0


def test_killed_indexing_is_redone_once(people: Workspace, tmp_path: Path) -> None:
    _load(people, tmp_path)
    (people.path / index.INDEX_DIR / index.MARKS).unlink()  # killed after tantivy's commit
    assert found(people, "friday") == ["a1", "a3", "a6"]  # the search re-indexes, no duplicates
    index.drop(people)  # the index removed altogether: rebuilt from the messages
    assert found(people, "friday") == ["a1", "a3", "a6"]


def test_rolled_back_load_leaves_nothing_in_the_index(
    people: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(corpus, "_quarantine_rejects", boom)
    with pytest.raises(KeyboardInterrupt):
        _load(people, tmp_path)
    monkeypatch.undo()
    assert not list((people.path / index.INDEX_DIR).glob("*.partial"))
    other = HEADER + "b1,2026-04-01T10:00:00,x,y,nothing about boats\n"
    _load(people, tmp_path, other, "other.csv")
    assert found(people, "friday") == [] and found(people, "boats") == ["b1"]


def test_numbers_are_never_reused(people: Workspace, tmp_path: Path) -> None:
    _load(people, tmp_path)
    people.db.execute("DELETE FROM comms.messages")  # whatever happens to the store
    people.db.execute("DELETE FROM comms.corpora")
    _load(people, tmp_path, HEADER + "c1,2026-04-01T10:00:00,x,y,friday boats\n", "c.csv")
    assert found(people, "friday") == ["c1"]


def test_folding_of_compatibility_forms_and_hamza() -> None:
    assert fold("ﻙﺘﺎﺏ") == fold("کتاب")  # Arabic presentation forms
    assert fold("مسئله") == fold("مسیله")  # hamza on its seat
    assert fold("ＡＢＣ１２") == "abc12"  # full-width

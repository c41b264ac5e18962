"""The one workspace the server owns, and the entity graph built from it once (rebuilt when a new
resolution run lands).

Requests run in parallel: each worker thread has its own cursor of the one DuckDB connection (a cursor
is a connection of its own to the same database, so reads on different cursors run at once), and no
lock is held across a request. What must still happen one at a time does so where it is done: the
audit chain's appends (group commit in `sharing.audit`), the search index's refresh (`sharing.index`),
and building the case network (here)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from crossroute.analysis.network.case import CaseNetwork, analyse_case, case_key_players
from crossroute.analysis.network.gated import Indexed
from crossroute.analysis.network.keyplayers import KeyPlayer
from crossroute.sharing import index
from crossroute.sharing.query import parse_query
from crossroute.store import Workspace

T = TypeVar("T")


class Service:
    """The workspace behind the API, with one cursor per worker thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.workspace = Workspace.open(path)
        self._local = threading.local()
        self._cursors: list[Workspace] = []
        self._cursors_lock = threading.Lock()
        self._analysis = threading.Lock()  # one build of the case network at a time
        self._case: tuple[int, CaseNetwork, Indexed] | None = None
        self._players: tuple[int, list[KeyPlayer]] | None = None

    def run(self, work: Callable[[Workspace], T]) -> T:
        """`work` on this thread's cursor of the workspace (made on the thread's first call)."""
        return work(self.cursor())

    def cursor(self) -> Workspace:
        found: Workspace | None = getattr(self._local, "workspace", None)
        if found is None:
            found = Workspace(self.path, self.workspace.db.cursor())
            with self._cursors_lock:
                self._cursors.append(found)
            self._local.workspace = found
        return found

    def _run_id(self, workspace: Workspace) -> int:
        return int(workspace.scalar("SELECT coalesce(max(run_id), 0) FROM resolution_runs"))

    def case(self, workspace: Workspace) -> tuple[CaseNetwork, Indexed]:
        """Groups, centrality and roles of the latest resolution, with the graph's evidence indexed by
        node (built once per resolution run; callers arriving meanwhile wait for that one build)."""
        run = self._run_id(workspace)
        found = self._case
        if found is None or found[0] != run:
            with self._analysis:
                found = self._case
                if found is None or found[0] != run:
                    case = analyse_case(workspace, seeds=3)
                    found = self._case = (run, case, Indexed.of(case.graph))
        return found[1], found[2]

    def key_players(self, workspace: Workspace) -> list[KeyPlayer]:
        run = self._run_id(workspace)
        found = self._players
        if found is None or found[0] != run:
            case = self.case(workspace)[0]
            with self._analysis:
                found = self._players
                if found is None or found[0] != run:
                    found = self._players = (run, case_key_players(case)[0])
        return found[1]

    def prepare(self) -> None:
        """Before the first request: bring the gate's search keys up to date for batches ingested
        since the last search, and analyse the network, so no analyst waits for either."""
        parse_query("Mohammed Hussein +44 7700 900123")  # loads the name and phone knowledge
        index.refresh(self.workspace)
        if self._run_id(self.workspace):
            self.key_players(self.workspace)

    def close(self) -> None:
        with self._cursors_lock:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
        self.workspace.close()

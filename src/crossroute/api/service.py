"""The one workspace the server owns, and the entity graph built from it once (rebuilt when a new
resolution run lands).

Requests run in parallel: each worker thread has its own cursor of the one DuckDB connection (a cursor
is a connection of its own to the same database, so reads on different cursors run at once), and no
lock is held across a request. What must still happen one at a time does so where it is done: the
audit chain's appends (group commit in `sharing.audit`), the search index's refresh (`sharing.index`),
and building a caller's case network (`analysis.network.percaller`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.network.gated import Indexed
from crossroute.analysis.network.keyplayers import KeyPlayer
from crossroute.analysis.network.percaller import caller_case
from crossroute.sharing import Purpose, index
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

    def case(
        self, workspace: Workspace, user: str, purpose: Purpose
    ) -> tuple[CaseNetwork, Indexed]:
        """Groups, centrality and roles of the network this caller may see for this purpose, with the
        graph's evidence indexed by node (`analysis.network.percaller`: built once per visibility and
        resolution run, shared by callers who may see the same records)."""
        found = caller_case(workspace, user, purpose)
        return found.case, found.index

    def key_players(self, workspace: Workspace, user: str, purpose: Purpose) -> list[KeyPlayer]:
        """The key players of the network this caller may see, ranked within it."""
        return caller_case(workspace, user, purpose).key_players()[0]

    def prepare(self) -> None:
        """Before the first request: bring the gate's search keys up to date for batches ingested
        since the last search. The network is analysed per caller, on a caller's first request (then
        from memory)."""
        parse_query("Mohammed Hussein +44 7700 900123")  # loads the name and phone knowledge
        index.refresh(self.workspace)

    def close(self) -> None:
        with self._cursors_lock:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
        self.workspace.close()

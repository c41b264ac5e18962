"""The one workspace the server owns, used by one request at a time (DuckDB connection, audit chain),
and the entity graph built from it once (rebuilt when a new resolution run lands)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from crossroute.analysis.network.case import CaseNetwork, analyse_case, case_key_players
from crossroute.analysis.network.keyplayers import KeyPlayer
from crossroute.api.graph_gate import Indexed
from crossroute.sharing import index
from crossroute.sharing.query import parse_query
from crossroute.store import Workspace

T = TypeVar("T")


class Service:
    """The workspace behind the API. Every use holds the lock: the gate's audit chain is one sequence,
    and a DuckDB connection serves one statement at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.workspace = Workspace.open(path)
        self._lock = threading.Lock()
        self._case: tuple[int, CaseNetwork, Indexed] | None = None
        self._players: tuple[int, list[KeyPlayer]] | None = None

    def run(self, work: Callable[[Workspace], T]) -> T:
        with self._lock:
            return work(self.workspace)

    def _run_id(self) -> int:
        return int(self.workspace.scalar("SELECT coalesce(max(run_id), 0) FROM resolution_runs"))

    def case(self, workspace: Workspace) -> tuple[CaseNetwork, Indexed]:
        """Groups, centrality and roles of the latest resolution, with the graph's evidence indexed by
        node (call inside `run`; built once per resolution run)."""
        run = self._run_id()
        if self._case is None or self._case[0] != run:
            found = analyse_case(workspace, seeds=3)
            self._case = (run, found, Indexed.of(found.graph))
        return self._case[1], self._case[2]

    def key_players(self, workspace: Workspace) -> list[KeyPlayer]:
        run = self._run_id()
        if self._players is None or self._players[0] != run:
            self._players = (run, case_key_players(self.case(workspace)[0])[0])
        return self._players[1]

    def prepare(self) -> None:
        """Before the first request: bring the gate's search keys up to date for batches ingested
        since the last search, and analyse the network, so no analyst waits for either."""
        parse_query("Mohammed Hussein +44 7700 900123")  # loads the name and phone knowledge
        with self._lock:
            index.refresh(self.workspace)
            if self._run_id():
                self.key_players(self.workspace)

    def close(self) -> None:
        with self._lock:
            self.workspace.close()

"""The workspace side of `crossroute network`: the case network of the latest resolution, and what of it
the caller may see. The analysis runs on the records this user may see for this purpose
(`analysis/network/percaller.py`, as the API and the briefing do); what a command prints passes the
sharing gate again: a node is named only when a record behind it is shown to this user for this purpose,
and each command writes one audit entry (analysis/network/gated.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.network.gated import Asked, Indexed, View, ask, visible
from crossroute.analysis.network.percaller import CallerCase, caller_case
from crossroute.cli.console import errors, fail
from crossroute.cli.logs import library_logs
from crossroute.cli.sharing_options import check_token, purpose_or_fail, refusals
from crossroute.cli.workspace_cmd import open_workspace
from crossroute.sharing import Purpose
from crossroute.store import Workspace


@dataclass(frozen=True)
class Shown:
    """The nodes and evidence (indexes into the graph's evidence) the caller may see, and the view
    they come from (labels and attributes from the records the caller may see)."""

    case: CaseNetwork
    nodes: frozenset[int]
    evidence: frozenset[int]
    view: View

    def name(self, node: int) -> str:
        """The node's label (from a record the caller may see) and id, or only that something is
        there."""
        graph = self.case.graph
        if node not in self.nodes:
            return f"(withheld {graph.types[node]})"
        label = self.view.label(node)
        return f"{label} [{graph.ids[node]}]" if label != graph.ids[node] else graph.ids[node]

    def whole(self, node: int) -> bool:
        """Every record and tie of the node is one the caller may see (else what the analysis
        computed with them, such as its group or role, is withheld)."""
        return node in self.nodes and self.view.complete(node)


@dataclass
class NetworkSession:
    """One gated command on a workspace's network."""

    workspace: Workspace
    caller: CallerCase  # the analysis of what this user may see for this purpose
    user: str
    purpose: Purpose
    command: str
    output: dict[str, str] | None = None  # what an export writes, named in its audit entry

    @property
    def case(self) -> CaseNetwork:
        return self.caller.case

    @property
    def index(self) -> Indexed:
        return self.caller.index

    def ask(self, texts: Iterable[str]) -> list[Asked]:
        """What each text (entity id, node id or exact name) may mean, before the gate."""
        return [ask(self.index, text) for text in texts]

    def reveal(
        self, nodes: Iterable[int], evidence: Iterable[int] = (), asked: Iterable[Asked] = ()
    ) -> Shown:
        """What of these nodes and evidence the caller may see (one gate call, one audit entry,
        naming what was asked)."""
        found = visible(
            self.workspace,
            self.user,
            self.purpose,
            self.index,
            nodes,
            evidence,
            path=f"cli network {self.command}",
            asked=asked,
            detail=self.output,
        )
        return Shown(self.case, found.nodes, found.evidence, found)


@contextmanager
def network_session(
    path: Path,
    user: str,
    purpose: str | None,
    case_ref: str | None,
    command: str,
    resolution: float | None = None,
) -> Iterator[NetworkSession]:
    """Open the workspace, check who asks and why, and build its case network."""
    stated = purpose_or_fail(purpose, case_ref)
    with open_workspace(path) as ws, refusals(), library_logs(path):
        check_token(ws, user)
        if not ws.scalar("SELECT count(*) FROM clusters"):
            fail(f"{path} has no resolution yet: run `crossroute resolve {path}` first")
        errors.print("[dim]building the entity graph you may see and its groups[/]")
        found = caller_case(ws, user, stated, resolution=resolution)
        yield NetworkSession(ws, found, user, stated, command)

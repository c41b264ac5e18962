"""The workspace side of `crossroute network`: the case network of the latest resolution, and what of it
the caller may see. The analysis runs on the whole workspace (a system process, like resolution); what a
command prints passes the sharing gate: a node is named only when a record behind it is shown to this
user for this purpose, and each command writes one audit entry (the API does the same: analysis/network/gated.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from crossroute.analysis.network.cache import cached_case
from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.network.gated import Indexed, visible
from crossroute.cli.console import errors, fail
from crossroute.cli.logs import library_logs
from crossroute.cli.sharing_options import check_token, purpose_or_fail, refusals
from crossroute.cli.workspace_cmd import open_workspace
from crossroute.sharing import Purpose
from crossroute.store import Workspace


@dataclass(frozen=True)
class Shown:
    """The nodes and evidence (indexes into the graph's evidence) the caller may see."""

    case: CaseNetwork
    nodes: frozenset[int]
    evidence: frozenset[int]

    def name(self, node: int) -> str:
        """The node's label and id, or only that something is there."""
        graph = self.case.graph
        if node not in self.nodes:
            return f"(withheld {graph.types[node]})"
        label = graph.labels[node]
        return f"{label} [{graph.ids[node]}]" if label else graph.ids[node]


@dataclass
class NetworkSession:
    """One gated command on a workspace's network."""

    workspace: Workspace
    case: CaseNetwork
    user: str
    purpose: Purpose
    command: str

    def reveal(self, nodes: Iterable[int], evidence: Iterable[int] = ()) -> Shown:
        """What of these nodes and evidence the caller may see (one gate call, one audit entry)."""
        found = visible(
            self.workspace,
            self.user,
            self.purpose,
            Indexed.of(self.case.graph),
            nodes,
            evidence,
            path=f"cli network {self.command}",
        )
        return Shown(self.case, frozenset(found.nodes), frozenset(found.evidence))


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
        errors.print("[dim]the entity graph and its groups (kept in WS/cache/ until it changes)[/]")
        case = cached_case(ws, resolution=resolution)
        yield NetworkSession(ws, case, user, stated, command)

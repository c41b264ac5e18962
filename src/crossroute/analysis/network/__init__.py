"""Network analysis: groups (Leiden at a resolution chosen from the graph), key players (degree,
betweenness, PageRank, Gould-Fernandez brokerage, KPP-Neg), roles, disruption, paths and time windows.

The names below load with the module that defines them, on first use: a command on a workspace's
network needs neither the edge-list reader nor its Arrow CSV machinery."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crossroute.analysis.network.analyse import Summary, analyse_edges
    from crossroute.analysis.network.communities import Communities, detect
    from crossroute.analysis.network.edgelist import EdgeList, EdgeListError, read_edges
    from crossroute.analysis.network.graph import Network, network
    from crossroute.analysis.network.scores import ari, nmi

_DEFINED_IN = {
    "Summary": "analyse",
    "analyse_edges": "analyse",
    "Communities": "communities",
    "detect": "communities",
    "EdgeList": "edgelist",
    "EdgeListError": "edgelist",
    "read_edges": "edgelist",
    "Network": "graph",
    "network": "graph",
    "ari": "scores",
    "nmi": "scores",
}

__all__ = [
    "Communities",
    "EdgeList",
    "EdgeListError",
    "Network",
    "Summary",
    "analyse_edges",
    "ari",
    "detect",
    "network",
    "nmi",
    "read_edges",
]


def __getattr__(name: str) -> Any:
    module = _DEFINED_IN.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)

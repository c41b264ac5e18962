"""Network analysis: groups (Leiden at a resolution chosen from the graph), key players (degree,
betweenness, PageRank, Gould-Fernandez brokerage, KPP-Neg), roles, disruption, paths and time windows."""

from crossroute.analysis.network.analyse import Summary, analyse_edges
from crossroute.analysis.network.communities import Communities, detect
from crossroute.analysis.network.edgelist import EdgeList, EdgeListError, read_edges
from crossroute.analysis.network.graph import Network, network
from crossroute.analysis.network.scores import ari, nmi

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

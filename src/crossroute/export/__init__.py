"""Graph exports analysts' tools open: GraphML and GEXF (Gephi), i2 Analyst's Notebook ANX XML,
FollowTheMoney JSON entities, and CSV for Neo4j's bulk importer."""

from crossroute.export.view import ExportEdge, ExportGraph, ExportNode, from_case

FORMATS = ("graphml", "gexf", "anx", "ftm", "neo4j")

__all__ = ["FORMATS", "ExportEdge", "ExportGraph", "ExportNode", "from_case"]

"""One agency's node: its config, the federation secret, and its publication (encodings of what its
publishing account may see through the sharing gate), rebuilt when new data is loaded.

A node answers a peer's encodings with hits only (`answer_match`: my node, my reference, a score) and
logs every peer query in its audit; it keeps the hits its own queries got (`keep_hits`)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from crossroute.federation.config import NodeConfig
from crossroute.federation.encode import Encodings, Publication, publish
from crossroute.federation.gated import Reader
from crossroute.federation.hits import Hit, match_identifiers, match_persons
from crossroute.federation.secret import FederationSecret
from crossroute.federation.wire import named
from crossroute.model.record_key import RecordKey
from crossroute.sharing import Purpose, audit
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.store import Workspace

_STATE_SQL = (
    "SELECT (SELECT max(batch_id) FROM ingest_batches), (SELECT count(*) FROM sharing.tombstones), "
    "(SELECT count(*) FROM sharing.case_subjects), (SELECT count(*) FROM sharing.grants)"
)


@dataclass
class Node:
    config: NodeConfig
    secret: FederationSecret
    own: FederationSecret
    _publication: tuple[tuple[Any, ...], Publication] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, config: NodeConfig) -> Node:
        return cls(
            config, FederationSecret.read(config.secret), FederationSecret.read(config.node_secret)
        )

    @property
    def name(self) -> str:
        return self.config.node

    def publication(self, workspace: Workspace) -> Publication:
        """This node's publication, read through the gate again whenever what the gate shows may
        have changed: new data, an erasure, a record linked to a case, a grant."""
        state = workspace.rows(_STATE_SQL)[0]
        with self._lock:
            if self._publication is None or self._publication[0] != state:
                reader = Reader(
                    self.config.publisher,
                    Purpose(f"federation: hit/no-hit encodings of node {self.name} for its peers"),
                )
                found = publish(workspace, self.secret, self.name, reader, own=self.own)
                _keep_references(workspace, found)
                self._publication = (state, found)
            return self._publication[1]

    def answer_match(self, workspace: Workspace, peer: str, theirs: Encodings) -> list[Hit]:
        """A peer's encodings matched against ours: hits only, seen from the peer (its reference as
        the query, ours as the reference). Logged as a consultation by the peer."""
        mine = self.publication(workspace).encodings
        if theirs.node != peer:
            raise ValueError(f"{peer} sent encodings labelled {theirs.node}")
        hits = [*match_persons(theirs, mine), *match_identifiers(theirs, mine)]
        audit.append(
            workspace,
            actor=f"node:{peer}",
            action=Action.CONSULTATION,
            agency=peer,
            purpose="federation: hit/no-hit query of a peer node",
            detail={"path": "federation match", "queries": len(theirs), "hits": len(hits)},
        )
        return hits


def keep_hits(
    workspace: Workspace, node: Node, user: str, peers: list[str], hits: list[Hit]
) -> int:
    """Replace the hits our records got at these peers (each with the record it stands for)."""
    records = node.publication(workspace).records
    now = utc_now()
    rows = [
        (
            h.node,
            h.query,
            *RecordKey.parse(records[h.query]).pair(),
            h.reference,
            h.score,
            h.kind,
            now,
            user,
        )
        for h in hits
        if h.query in records
    ]
    columns = (
        "peer",
        "query",
        "source",
        "record_id",
        "reference",
        "score",
        "kind",
        "found_at",
        "found_by",
    )
    with workspace.transaction(), workspace.staged({"new_hits": _table(columns, rows)}):
        for peer in peers:
            workspace.rows("DELETE FROM federation.hits WHERE peer = ?", [peer])
        workspace.rows("INSERT INTO federation.hits SELECT * FROM new_hits")
    return len(rows)


def kept_hits(workspace: Workspace) -> list[dict[str, Any]]:
    """The hits our records got at peers, with the record each stands for."""
    rows = workspace.rows(
        f"SELECT peer, query, {RecordKey.SQL}, reference, score, kind FROM federation.hits "
        "ORDER BY peer, score DESC, query"
    )
    return named(rows, ("peer", "query", "record", "reference", "score", "kind"))


def _keep_references(workspace: Workspace, publication: Publication) -> None:
    now = utc_now()
    rows = [(ref, *RecordKey.parse(key).pair(), now) for ref, key in publication.records.items()]
    columns = ("reference", "source", "record_id", "published_at")
    with workspace.transaction(), workspace.staged({"published": _table(columns, rows)}):
        workspace.rows("DELETE FROM federation.published")
        workspace.rows("INSERT INTO federation.published SELECT * FROM published")


def _table(columns: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> pa.Table:
    if not rows:
        return pa.table({c: pa.array([], type=pa.string()) for c in columns}).slice(0, 0)
    return pa.table({c: [row[i] for row in rows] for i, c in enumerate(columns)})

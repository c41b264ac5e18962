"""Searching the corpora a caller may see: ranked hits, each in its conversation with the messages
before and after it. One audit entry per search, with the query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crossroute.analysis.comms import access as gate
from crossroute.analysis.comms import index
from crossroute.sharing.policy import Purpose
from crossroute.store import Workspace

CONTEXT = 2


@dataclass
class Hit:
    msg_id: str
    corpus_id: str
    timestamp: str
    from_handle: str
    to_handle: str
    text: str
    rank: float
    context: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "msg_id": self.msg_id,
            "corpus_id": self.corpus_id,
            "timestamp": self.timestamp,
            "from_handle": self.from_handle,
            "to_handle": self.to_handle,
            "text": self.text,
            "rank": self.rank,
            "context": self.context,
        }


def search(
    workspace: Workspace, user: str, text: str, purpose: Purpose, *, limit: int = 20
) -> list[Hit]:
    """The best hits of a query (index.parse syntax) in the corpora the caller may see."""
    access = gate.authorise(workspace, user, purpose)
    query = index.parse(text)
    index.refresh(workspace)
    visible = [(c.corpus_id, c.date_from, c.date_to) for c in access.corpora]
    snap = index.snapshot(workspace, visible)
    found = index.match(workspace, query, visible, limit, snap)
    docs = _within_dates(found.docs, query)[:limit]
    hits = [_hit(doc) for doc in docs]
    for hit, doc in zip(hits, docs, strict=True):
        around = index.neighbours(
            snap, (doc.from_handle, doc.to_handle), doc.at, CONTEXT + 1, CONTEXT
        )
        hit.context = [
            {
                "msg_id": d.msg_id,
                "timestamp": d.at.isoformat(),
                "from_handle": d.from_handle,
                "text": d.text,
                "hit": d.seq == doc.seq,
            }
            for d in around
        ]
    gate.log(
        workspace,
        access,
        "comms search",
        {"query": text, "hits": len(hits), "matches": found.count},
        [f"{h.corpus_id[:16]}|{h.msg_id}" for h in hits],
    )
    return hits


def _hit(doc: index.Doc) -> Hit:
    return Hit(
        doc.msg_id, doc.corpus_id, doc.at.isoformat(), doc.from_handle, doc.to_handle, doc.text,
        round(doc.score, 4),
    )  # fmt: skip


def _within_dates(docs: list[index.Doc], query: index.Query) -> list[index.Doc]:
    """The query's own dates, checked again on each hit (the index filtered by them already)."""
    return [
        d
        for d in docs
        if (query.after is None or d.at.date() >= query.after)
        and (query.before is None or d.at.date() < query.before)
    ]

"""Searching the corpora a caller may see: ranked hits, each in its conversation with the messages
before and after it. One audit entry per search, with the query."""

from __future__ import annotations

import datetime as dt
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


_ROW = "m.seq, m.msg_id, m.corpus_id, m.ts, m.from_handle, m.to_handle, m.text"


def search(
    workspace: Workspace, user: str, text: str, purpose: Purpose, *, limit: int = 20
) -> list[Hit]:
    """The best hits of a query (index.parse syntax) in the corpora the caller may see."""
    access = gate.authorise(workspace, user, purpose)
    query = index.parse(text)
    index.refresh(workspace)
    visible = [(c.corpus_id, c.date_from, c.date_to) for c in access.corpora]
    found = index.match(workspace, query, visible, limit)
    hits = _visible(workspace, access, query, found.ranked)[:limit]
    for hit in hits:
        hit.context = _context(workspace, access, hit)
    gate.log(
        workspace,
        access,
        "comms search",
        {"query": text, "hits": len(hits), "matches": found.count},
        [f"{h.corpus_id[:16]}|{h.msg_id}" for h in hits],
    )
    return hits


def _visible(
    workspace: Workspace, access: gate.Access, query: index.Query, ranked: list[tuple[int, float]]
) -> list[Hit]:
    if not ranked:
        return []
    where, params = access.where("m")
    rank = {seq: r for seq, r in ranked}
    seqs = list(rank)
    marks = ", ".join("?" for _ in seqs)
    extra, extra_params = "", []
    if query.after:
        extra += " AND m.ts >= ?"
        extra_params.append(dt.datetime.combine(query.after, dt.time()))
    if query.before:
        extra += " AND m.ts < ?"
        extra_params.append(dt.datetime.combine(query.before, dt.time()))
    rows = workspace.rows(
        f"SELECT {_ROW} FROM comms.messages m WHERE m.seq IN ({marks}) AND {where}{extra}",
        [*seqs, *params, *extra_params],
    )
    hits = [
        Hit(r[1], r[2], r[3].isoformat(), r[4], r[5], r[6], round(rank[r[0]], 4)) for r in rows
    ]
    return sorted(hits, key=lambda h: -h.rank)


def _context(workspace: Workspace, access: gate.Access, hit: Hit) -> list[dict[str, Any]]:
    """The messages around a hit in its conversation (the same two handles), as the caller may see."""
    where, params = access.where("m")
    rows = workspace.rows(
        f"(SELECT {_ROW} FROM comms.messages m WHERE {where} AND m.corpus_id = ? AND "
        "least(m.from_handle, m.to_handle) = least(?, ?) AND "
        "greatest(m.from_handle, m.to_handle) = greatest(?, ?) AND m.ts <= ? "
        "ORDER BY m.ts DESC LIMIT ?) UNION ALL "
        f"(SELECT {_ROW} FROM comms.messages m WHERE {where} AND m.corpus_id = ? AND "
        "least(m.from_handle, m.to_handle) = least(?, ?) AND "
        "greatest(m.from_handle, m.to_handle) = greatest(?, ?) AND m.ts > ? "
        "ORDER BY m.ts LIMIT ?) ORDER BY 4, 1",
        [
            *params, hit.corpus_id, hit.from_handle, hit.to_handle, hit.from_handle,
            hit.to_handle, hit.timestamp, CONTEXT + 1,
            *params, hit.corpus_id, hit.from_handle, hit.to_handle, hit.from_handle,
            hit.to_handle, hit.timestamp, CONTEXT,
        ],
    )  # fmt: skip
    return [
        {
            "msg_id": r[1],
            "timestamp": r[3].isoformat(),
            "from_handle": r[4],
            "text": r[6],
            "hit": r[1] == hit.msg_id,
        }
        for r in rows
    ]

"""Follow the money over the frame `fx`: time-respecting flows downstream or upstream of an account
(money moves on only after it arrived, within a window per hop), the amount carried along each step,
an alert's transactions as a subgraph, and totals by month, corridor (country to country) and currency."""

from __future__ import annotations

from typing import Any, Literal

import duckdb

from crossroute.analysis.finance.frame import DAY

Direction = Literal["down", "up"]

_DOWN = """
WITH RECURSIVE walk(depth, tid, src, dst, t, eur, carried) AS (
    SELECT 1, tid, src, dst, t, eur, eur FROM fx WHERE src = $account AND dst IS NOT NULL
    UNION ALL
    SELECT w.depth + 1, f.tid, f.src, f.dst, f.t, f.eur, least(f.eur, w.carried)
    FROM walk w JOIN fx f ON f.src = w.dst AND f.t > w.t AND f.t <= w.t + $hop
    WHERE w.depth < $depth AND f.dst IS NOT NULL AND f.dst <> $account
)
SELECT min(depth) AS depth, tid, any_value(src), any_value(dst), any_value(t), any_value(eur),
    max(carried) AS carried
FROM walk GROUP BY tid ORDER BY 1, 5 LIMIT $limit
"""

_UP = """
WITH RECURSIVE walk(depth, tid, src, dst, t, eur, carried) AS (
    SELECT 1, tid, src, dst, t, eur, eur FROM fx WHERE dst = $account AND src IS NOT NULL
    UNION ALL
    SELECT w.depth + 1, f.tid, f.src, f.dst, f.t, f.eur, least(f.eur, w.carried)
    FROM walk w JOIN fx f ON f.dst = w.src AND f.t < w.t AND f.t >= w.t - $hop
    WHERE w.depth < $depth AND f.src IS NOT NULL AND f.src <> $account
)
SELECT min(depth) AS depth, tid, any_value(src), any_value(dst), any_value(t), any_value(eur),
    max(carried) AS carried
FROM walk GROUP BY tid ORDER BY 1, 5 DESC LIMIT $limit
"""


def flows(
    db: duckdb.DuckDBPyConnection,
    account: str,
    direction: Direction = "down",
    *,
    depth: int = 4,
    hop_days: float = 30.0,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """The payments money took from (down) or to (up) an account, up to `depth` hops, each hop within
    `hop_days` after (before) the previous; `carried`: at most what the previous hop brought."""
    sql = _DOWN if direction == "down" else _UP
    rows = db.execute(
        sql,
        {"account": account, "hop": hop_days * DAY, "depth": depth, "limit": limit},
    ).fetchall()
    ids = _txn_ids(db, [r[1] for r in rows])
    return [
        {
            "depth": int(r[0]),
            "txn_id": ids[r[1]],
            "from": r[2],
            "to": r[3],
            "timestamp": _iso(r[4]),
            "amount_eur": round(float(r[5]), 2),
            "carried_eur": round(float(r[6]), 2),
        }
        for r in rows
    ]


def alert_graph(db: duckdb.DuckDBPyConnection, tids: list[int]) -> dict[str, Any]:
    """An alert's transactions as nodes (accounts, cash) and edges (amount, date, channel)."""
    return graph_of(alert_rows(db, tids))


def alert_rows(db: duckdb.DuckDBPyConnection, tids: list[int]) -> list[tuple[Any, ...]]:
    """The frame's rows for these transactions, as `graph_of` takes them."""
    return db.execute(
        "SELECT tid, txn_id, coalesce(src, 'cash'), coalesce(dst, 'cash'), ts, eur, channel, "
        "src_country, dst_country FROM fx WHERE list_contains(?, tid) ORDER BY ts",
        [tids],
    ).fetchall()


def graph_of(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Rows (tid, txn_id, source, target, ts, eur, channel, source country, target country) as nodes
    and edges."""
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for _, txn_id, src, dst, ts, eur, channel, src_country, dst_country in rows:
        nodes.setdefault(src, {"id": src, "country": src_country, "cash": src == "cash"})
        nodes.setdefault(dst, {"id": dst, "country": dst_country, "cash": dst == "cash"})
        edges.append(
            {
                "txn_id": txn_id,
                "source": src,
                "target": dst,
                "timestamp": ts.isoformat(),
                "amount_eur": round(float(eur), 2),
                "channel": channel,
            }
        )
    return {"nodes": list(nodes.values()), "edges": edges}


_TOTALS = {
    "month": "strftime(ts, '%Y-%m')",
    "corridor": "coalesce(src_country, '?') || '>' || coalesce(dst_country, '?')",
    "currency": "'EUR'",
    "channel": "coalesce(channel, '?')",
}


def totals(db: duckdb.DuckDBPyConnection, by: str, limit: int = 100) -> list[dict[str, Any]]:
    """Payments and amounts (EUR) by month, corridor, currency or channel, largest first."""
    if by not in _TOTALS:
        raise ValueError(f"totals by one of {', '.join(_TOTALS)}")
    key = _TOTALS[by]
    rows = db.execute(
        f"SELECT {key} AS k, count(*), sum(eur) FROM fx GROUP BY k ORDER BY 3 DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [{by: k, "payments": int(n), "amount_eur": round(float(s), 2)} for k, n, s in rows]


def _txn_ids(db: duckdb.DuckDBPyConnection, tids: list[int]) -> dict[int, str]:
    if not tids:
        return {}
    rows = db.execute("SELECT tid, txn_id FROM fx WHERE list_contains(?, tid)", [tids]).fetchall()
    return {int(t): str(i) for t, i in rows}


def _iso(seconds: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(float(seconds), dt.UTC).replace(tzinfo=None).isoformat()

"""Follow the money over the frame `fx`: time-respecting flows downstream or upstream of an account
(money moves on only after it arrived, within a window per hop), the amount carried along each step,
the paths between two accounts, an alert's transactions as a subgraph, and totals by month, corridor (country to country) and currency."""

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


_PATHS = """
WITH RECURSIVE walk(hops, tid, dst, t, carried, tids, accounts) AS (
    SELECT 1, tid, dst, t, eur, [tid], [$source, dst] FROM fx
    WHERE src = $source AND dst IS NOT NULL AND dst <> $source
    UNION ALL
    SELECT w.hops + 1, f.tid, f.dst, f.t, least(f.eur, w.carried), list_append(w.tids, f.tid),
        list_append(w.accounts, f.dst)
    FROM walk w JOIN fx f ON f.src = w.dst AND f.t > w.t AND f.t <= w.t + $hop
    WHERE w.hops < $depth AND w.dst <> $target AND f.dst IS NOT NULL
        AND NOT list_contains(w.accounts, f.dst)
)
SELECT tids, carried FROM walk WHERE dst = $target ORDER BY carried DESC, hops LIMIT $limit
"""


def paths(
    db: duckdb.DuckDBPyConnection,
    source: str,
    target: str,
    *,
    depth: int = 4,
    hop_days: float = 30.0,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Time-respecting paths of payments from `source` to `target`: each payment after the previous
    one and within `hop_days` of it, no account twice, at most `depth` payments; `carried_eur` is the
    least amount along the path (what can have gone the whole way). Largest carried first."""
    rows = db.execute(
        _PATHS,
        {
            "source": source,
            "target": target,
            "hop": hop_days * DAY,
            "depth": depth,
            "limit": limit,
        },
    ).fetchall()
    steps = _steps(db, sorted({tid for r in rows for tid in r[0]}))
    return [
        {
            "hops": len(tids),
            "carried_eur": round(float(carried), 2),
            "steps": [steps[tid] for tid in tids],
        }
        for tids, carried in rows
    ]


def _steps(db: duckdb.DuckDBPyConnection, tids: list[int]) -> dict[int, dict[str, Any]]:
    if not tids:
        return {}
    rows = db.execute(
        "SELECT tid, txn_id, src, dst, t, eur FROM fx WHERE list_contains(?, tid)", [tids]
    ).fetchall()
    return {
        int(r[0]): {
            "txn_id": str(r[1]),
            "from": r[2],
            "to": r[3],
            "timestamp": _iso(r[4]),
            "amount_eur": round(float(r[5]), 2),
        }
        for r in rows
    }


def alert_graph(db: duckdb.DuckDBPyConnection, tids: list[int]) -> dict[str, Any]:
    """An alert's transactions as nodes (accounts, with their country, type and bank; cash) and edges
    (amount as written and in EUR with the rate used, date, channel, reference)."""
    return graph_of(db, alert_rows(db, tids))


# Each payment as written (amount, currency, the rate used and its month, reference), joined on txn_id.
AS_WRITTEN = (
    "LEFT JOIN (SELECT txn_id, any_value(amount) AS amount, any_value(currency) AS currency, "
    "any_value(per_eur) AS per_eur, any_value(reference) AS reference, "
    "any_value(rate_month) AS rate_month FROM finance_transactions GROUP BY txn_id) t USING (txn_id)"
)


def alert_rows(db: duckdb.DuckDBPyConnection, tids: list[int]) -> list[tuple[Any, ...]]:
    """The frame's rows for these transactions, as `graph_of` takes them."""
    return db.execute(
        "SELECT f.tid, f.txn_id, coalesce(f.src, 'cash'), coalesce(f.dst, 'cash'), f.ts, f.eur, "
        "f.channel, f.src_country, f.dst_country, t.amount, t.currency, t.per_eur, t.reference, "
        f"t.rate_month FROM fx f {AS_WRITTEN} WHERE list_contains(?, f.tid) ORDER BY f.ts, f.txn_id",
        [tids],
    ).fetchall()


def graph_of(db: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Rows (tid, txn_id, source, target, ts, eur, channel, source country, target country, amount,
    currency, per_eur, reference, rate month) as nodes (with each account's type and bank) and edges."""
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for row in rows:
        _, txn_id, src, dst, ts, eur, channel, src_country, dst_country = row[:9]
        amount, currency, per_eur, reference, rate_month = row[9:]
        nodes.setdefault(src, {"id": src, "country": src_country, "cash": src == "cash"})
        nodes.setdefault(dst, {"id": dst, "country": dst_country, "cash": dst == "cash"})
        edges.append(
            {
                "txn_id": txn_id,
                "source": src,
                "target": dst,
                "timestamp": ts.isoformat(),
                "amount_eur": round(float(eur), 2) if eur is not None else None,
                "amount": float(amount) if amount is not None else None,
                "currency": currency,
                "per_eur": per_eur,
                "rate_month": rate_month.isoformat() if rate_month else None,
                "channel": channel,
                "reference": reference,
            }
        )
    facts = {
        a: (kind, bank)
        for a, kind, bank in db.execute(
            "SELECT account_id, any_value(type), any_value(bank) FROM finance_accounts "
            "WHERE list_contains(?, account_id) GROUP BY 1",
            [list(nodes)],
        ).fetchall()
    }
    for key, node in nodes.items():
        node["type"], node["bank"] = facts.get(key, (None, None))
    return {"nodes": list(nodes.values()), "edges": edges}


_TOTALS = {
    "month": "strftime(t.ts, '%Y-%m')",
    "corridor": "coalesce(t.from_country, fa.country, '?') || '>' || coalesce(t.to_country, ta.country, '?')",
    "currency": "t.currency",
    "channel": "coalesce(t.channel, CASE WHEN t.from_account IS NULL THEN 'cash_deposit' "
    "WHEN t.to_account IS NULL THEN 'cash_withdrawal' ELSE '?' END)",
}

# the caller's visible transactions (`gated.open_scope` leaves `finance_visible_accounts`), each with
# its amount as written and in EUR (converted at load: `rates`)
_VISIBLE_TXNS = """
FROM finance_transactions t
LEFT JOIN (SELECT account_id, any_value(country) AS country FROM finance_accounts GROUP BY ALL) fa
    ON fa.account_id = t.from_account
LEFT JOIN (SELECT account_id, any_value(country) AS country FROM finance_accounts GROUP BY ALL) ta
    ON ta.account_id = t.to_account
WHERE (t.from_account IS NULL OR t.from_account IN (SELECT account_id FROM finance_visible_accounts))
  AND (t.to_account IS NULL OR t.to_account IN (SELECT account_id FROM finance_visible_accounts))
"""


def totals(db: duckdb.DuckDBPyConnection, by: str, limit: int = 100) -> list[dict[str, Any]]:
    """Visible payments by month, corridor, currency or channel, largest (in EUR) first: how many, the
    total in EUR (payments without a rate are counted in `without_rate`, not in the total) and the
    amounts as written per currency with the rates used (units per EUR, lowest and highest)."""
    if by not in _TOTALS:
        raise ValueError(f"totals by one of {', '.join(_TOTALS)}")
    key = _TOTALS[by]
    rows = db.execute(
        f"""
        WITH v AS (SELECT {key} AS k, t.currency, t.amount, t.amount_eur, t.per_eur {_VISIBLE_TXNS}),
        per AS (
            SELECT k, currency, count(*) AS n, sum(amount) AS amount, sum(amount_eur) AS eur,
                count(*) FILTER (WHERE amount_eur IS NULL) AS missing, min(per_eur) AS lo,
                max(per_eur) AS hi
            FROM v GROUP BY ALL
        )
        SELECT k, sum(n), coalesce(sum(eur), 0), sum(missing),
            list({{'currency': currency, 'amount': amount, 'per_eur_min': lo, 'per_eur_max': hi}}
                 ORDER BY eur DESC NULLS LAST)
        FROM per GROUP BY k ORDER BY 3 DESC, 1 LIMIT ?
        """,
        [limit],
    ).fetchall()
    return [
        {
            by: k,
            "payments": int(n),
            "amount_eur": round(float(eur), 2),
            "without_rate": int(missing),
            "as_written": [
                {
                    "currency": c["currency"],
                    "amount": float(c["amount"]),
                    "per_eur": _rate_text(c["per_eur_min"], c["per_eur_max"]),
                }
                for c in written
            ],
        }
        for k, n, eur, missing, written in rows
    ]


def _rate_text(low: float | None, high: float | None) -> str | None:
    if low is None or high is None:
        return None
    return f"{low:g}" if abs(high - low) < 1e-9 else f"{low:g}-{high:g}"


def _txn_ids(db: duckdb.DuckDBPyConnection, tids: list[int]) -> dict[int, str]:
    if not tids:
        return {}
    rows = db.execute("SELECT tid, txn_id FROM fx WHERE list_contains(?, tid)", [tids]).fetchall()
    return {int(t): str(i) for t, i in rows}


def _iso(seconds: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(float(seconds), dt.UTC).replace(tzinfo=None).isoformat()

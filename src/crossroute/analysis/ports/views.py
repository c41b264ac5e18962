"""What the risk officer sees: a day's list with reasons, one declaration explained, the per-port board."""

from __future__ import annotations

from typing import Any

from crossroute.analysis.ports.intel import intel_picks
from crossroute.analysis.ports.selection import Budget, scores_to_select, select
from crossroute.sharing import Purpose
from crossroute.store import Workspace

DECLARATION_FIELDS = (
    "declaration_id", "date", "office", "declarant", "importer", "seller", "courier", "hs6",
    "departure", "origin", "tax_rate", "tax_type", "net_mass", "item_price", "container", "imo",
    "transshipment", "inspection_outcome", "fraud", "critical_fraud",
)  # fmt: skip


def latest_day(workspace: Workspace) -> str | None:
    found = workspace.scalar("SELECT max(date) FROM ports.scores")
    return str(found) if found is not None else None


def day_list(
    workspace: Workspace,
    day: str | None,
    budget: Budget,
    seed: int = 0,
    caller: tuple[str, Purpose] | None = None,
) -> dict[str, Any]:
    """The inspection list of one day (default: the latest scored day); with a caller, the
    declarations their own graph ties to the networks first (`intel.py`)."""
    chosen_day = day or latest_day(workspace)
    if chosen_day is None:
        return {"date": None, "declarations": 0, "items": []}
    scores = scores_to_select(workspace, chosen_day)
    scores = scores[scores["date"].astype(str).str[:10] == chosen_day]
    intel = intel_picks(workspace, *caller, scores, path="api ports list") if caller else None
    chosen = select(scores, budget, seed, intel)
    items = [
        {
            "declaration_id": str(row.declaration_id),
            "office": str(row.office),
            "score": round(float(row.score), 4),
            "chosen_by": str(row.chosen_by),
            "reasons": str(row.reasons).split("; "),
        }
        for row in chosen.itertuples()
    ]
    return {"date": chosen_day, "declarations": len(scores), "items": items}


def declaration(workspace: Workspace, declaration_id: str) -> dict[str, Any] | None:
    """One declaration with its latest score and reasons, or None."""
    columns = ", ".join(f"d.{name}" for name in DECLARATION_FIELDS)
    found = workspace.db.execute(
        f"SELECT {columns}, s.score, s.fraud_probability, s.critical_probability, s.reasons "
        "FROM ports.declarations d LEFT JOIN ports.scores s USING (declaration_id) "
        "WHERE d.declaration_id = ? LIMIT 1",
        [declaration_id],
    ).fetchall()
    if not found:
        return None
    names = [*DECLARATION_FIELDS, "score", "fraud_probability", "critical_probability", "reasons"]
    record = dict(zip(names, found[0], strict=True))
    record["date"] = str(record["date"])
    record["reasons"] = (record["reasons"] or "").split("; ") if record["reasons"] else []
    return record


def port_board(workspace: Workspace, risky: float = 0.5) -> list[dict[str, Any]]:
    """Per office (port) and month: declarations, inspected with outcome, hits, hit rate, the share
    scored risky and the share from the month's riskiest origins."""
    rows = workspace.db.execute(
        """
        SELECT d.office, strftime(d.date, '%Y-%m') AS month, count(*) AS declarations,
               count(d.fraud) AS inspected, coalesce(sum(d.fraud), 0) AS hits,
               round(avg(d.fraud), 3) AS hit_rate,
               round(avg(CASE WHEN s.score >= ? THEN 1.0 WHEN s.score IS NULL THEN NULL ELSE 0.0 END), 3)
                   AS risky_share
        FROM ports.declarations d LEFT JOIN ports.scores s USING (declaration_id)
        GROUP BY ALL ORDER BY month, d.office
        """,
        [risky],
    ).fetchall()
    names = ("office", "month", "declarations", "inspected", "hits", "hit_rate", "risky_share")
    return [dict(zip(names, row, strict=True)) for row in rows]

"""What the faces call: alerts as a caller may see them (detectors, and the trained model when there is
one), each call through the gate with one audit entry. The detectors' results are stored in the
workspace per data version and visibility scope (`cache`) and read back on later calls."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa

from crossroute.analysis.finance import cache, gated, trail
from crossroute.analysis.finance.detect import Detection
from crossroute.analysis.finance.frame import build_frame
from crossroute.analysis.finance.params import Thresholds
from crossroute.sharing import Purpose
from crossroute.store import Workspace


def alerts(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    *,
    thresholds: Thresholds | None = None,
    use_model: bool = True,
    today: dt.date | None = None,
) -> Detection:
    """Flagged transactions and alerts over the transactions the caller may see."""
    scope = gated.open_scope(workspace, user, purpose, today)
    found, _ = cache.detection(workspace, thresholds, use_model=use_model)
    gated.log(
        workspace,
        scope,
        "money alerts",
        {
            "accounts_visible": scope.accounts,
            "transactions_scanned": found.transactions,
            "alerts": found.alerts.num_rows,
            "flagged": found.flags.num_rows,
            "stored_result": found.cached,
        },
        _subjects(found.alerts),
    )
    return found


def _tids(found: Detection, alert_id: str) -> list[int]:
    """The frame ids of an alert's transactions."""
    return [
        int(t)
        for t, a in zip(
            found.flags.column("tid").to_pylist(),
            found.flags.column("alert_id").to_pylist(),
            strict=True,
        )
        if a == alert_id
    ]


def _subjects(alert_rows: pa.Table) -> list[str]:
    """The accounts the alerts name (the audit entry's subjects)."""
    seen: dict[str, None] = {}
    for accounts in alert_rows.column("accounts").to_pylist():
        for account in accounts or []:
            seen[f"account|{account}"] = None
    return list(seen)


def alert_detail(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    alert_id: str,
    *,
    today: dt.date | None = None,
) -> dict[str, Any] | None:
    """One alert as the caller may see it: typology, score, reasons, and its subgraph (accounts and
    payments with amounts and dates); None when there is no such alert for this caller."""
    scope = gated.open_scope(workspace, user, purpose, today)
    found, stored = cache.detection(workspace)
    rows = [a for a in found.alerts.to_pylist() if a["alert_id"] == alert_id]
    detail = None
    if rows:
        alert = rows[0]
        detail = {
            **{k: alert[k] for k in ("alert_id", "typology", "score", "accounts", "transactions")},
            "why": json.loads(alert["why"]) if alert["why"] else {},
            "graph": trail.graph_of(
                workspace.db,
                cache.alert_edges(workspace.db, stored, alert_id)
                if stored is not None
                else trail.alert_rows(workspace.db, _tids(found, alert_id)),
            ),
        }
    gated.log(
        workspace,
        scope,
        "money alert",
        {"alert_id": alert_id, "found": detail is not None},
        _subjects(pa.Table.from_pylist(rows)) if rows else [],
    )
    return detail


def follow(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    account: str,
    direction: trail.Direction = "down",
    *,
    depth: int = 4,
    hop_days: float = 30.0,
    today: dt.date | None = None,
) -> list[dict[str, Any]] | None:
    """Where an account's money went (down) or came from (up), over visible payments; None when the
    caller may not see the account."""
    scope = gated.open_scope(workspace, user, purpose, today)
    seen = workspace.scalar(
        f"SELECT count(*) FROM {gated.VISIBLE} WHERE account_id = ?",
        [account],
    )
    steps = None
    if seen:
        build_frame(workspace.db, visible_only=True)
        steps = trail.flows(workspace.db, account, direction, depth=depth, hop_days=hop_days)
    gated.log(
        workspace,
        scope,
        "money follow",
        {"account": account, "direction": direction, "steps": len(steps or [])},
        [f"account|{account}"] if seen else [],
    )
    return steps


def paths(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    source: str,
    target: str,
    *,
    depth: int = 4,
    hop_days: float = 30.0,
    today: dt.date | None = None,
) -> list[dict[str, Any]] | None:
    """The time-respecting paths of visible payments from one account to another; None when the
    caller may not see both accounts."""
    scope = gated.open_scope(workspace, user, purpose, today)
    seen = workspace.scalar(
        f"SELECT count(DISTINCT account_id) FROM {gated.VISIBLE} WHERE account_id IN (?, ?)",
        [source, target],
    )
    both = source != target and seen == 2
    found = None
    if both:
        build_frame(workspace.db, visible_only=True)
        found = trail.paths(workspace.db, source, target, depth=depth, hop_days=hop_days)
    gated.log(
        workspace,
        scope,
        "money paths",
        {"from": source, "to": target, "paths": len(found or [])},
        [f"account|{source}", f"account|{target}"] if both else [],
    )
    return found


def money_totals(
    workspace: Workspace, user: str, purpose: Purpose, by: str, *, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Totals of the visible payments by month, corridor, currency or channel."""
    scope = gated.open_scope(workspace, user, purpose, today)
    found = trail.totals(workspace.db, by)
    gated.log(workspace, scope, "money totals", {"by": by, "rows": len(found)}, [])
    return found

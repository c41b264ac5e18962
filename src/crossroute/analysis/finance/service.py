"""What the faces call: alerts as a caller may see them (detectors, and the trained model when there is
one), each call through the gate with one audit entry."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from crossroute.analysis.finance import gated
from crossroute.analysis.finance.detect import Detection, detect
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
    found = detect(workspace.db, thresholds, visible_only=True)
    if use_model:
        from crossroute.analysis.finance.learned import apply_model

        found = apply_model(workspace, found)
    gated.log(
        workspace,
        scope,
        "money alerts",
        {
            "accounts_visible": scope.accounts,
            "transactions_scanned": found.transactions,
            "alerts": found.alerts.num_rows,
            "flagged": found.flags.num_rows,
        },
        _subjects(found.alerts),
    )
    return found


def _subjects(alert_rows: pa.Table) -> list[str]:
    """The accounts the alerts name (the audit entry's subjects)."""
    seen: dict[str, None] = {}
    for accounts in alert_rows.column("accounts").to_pylist():
        for account in accounts or []:
            seen[f"account|{account}"] = None
    return list(seen)

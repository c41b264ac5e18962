"""Declarations, quarantine, models and scores kept in the workspace (schema `ports`, migration 010)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from crossroute.analysis.ports.declarations import CANONICAL, Declarations
from crossroute.analysis.ports.model import RiskModel, Scored
from crossroute.store import Workspace


class NoModel(Exception):
    """Scoring asked of a workspace where `crossroute ports train` has not run."""


def save_declarations(workspace: Workspace, declarations: Declarations, source: str) -> int:
    """Store the rows (replacing rows of the same declaration id) and the quarantine, in one transaction."""
    rows = declarations.rows[list(CANONICAL)].assign(source_file=source)
    rows["date"] = rows["date"].dt.date
    table = pa.Table.from_pandas(rows, preserve_index=False)
    quarantine = pa.Table.from_pandas(declarations.quarantine, preserve_index=False)
    columns = ", ".join(CANONICAL)
    with (
        workspace.staged({"incoming": table, "rejected": quarantine}),
        workspace.transaction() as db,
    ):
        db.execute(
            "DELETE FROM ports.declarations WHERE declaration_id IN "
            "(SELECT declaration_id FROM incoming)"
        )
        db.execute(
            f"INSERT INTO ports.declarations ({columns}, source_file, loaded_at) "
            f"SELECT {columns}, source_file, current_timestamp FROM incoming"
        )
        if len(declarations.quarantine):
            db.execute(
                "INSERT INTO ports.quarantine SELECT file, row, declaration_id, reason, "
                "current_timestamp FROM rejected"
            )
    return len(rows)


def labelled_history(workspace: Workspace) -> pd.DataFrame:
    """Every stored declaration with a known outcome, canonical columns."""
    columns = ", ".join(CANONICAL)
    frame = workspace.db.execute(
        f"SELECT {columns} FROM ports.declarations WHERE fraud IS NOT NULL "
        "ORDER BY date, declaration_id"
    ).df()
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def save_model(workspace: Workspace, model: RiskModel, user: str | None) -> int:
    import json

    with workspace.transaction() as db:
        found = db.execute("SELECT coalesce(max(model_id), 0) + 1 FROM ports.models").fetchone()
        model_id = int(found[0]) if found else 1
        db.execute(
            "INSERT INTO ports.models VALUES (?, current_timestamp, ?, ?, ?, ?)",
            [model_id, user, model.facts["rows"], json.dumps(model.facts), model.to_json()],
        )
    return model_id


def latest_model(workspace: Workspace) -> tuple[int, RiskModel]:
    found = workspace.rows(
        "SELECT model_id, model FROM ports.models ORDER BY model_id DESC LIMIT 1"
    )
    if not found:
        raise NoModel(
            f"no risk model in {workspace.path}: run `crossroute ports train {workspace.path} "
            "--declarations FILE.csv` first"
        )
    return int(found[0][0]), RiskModel.from_json(found[0][1])


def save_scores(
    workspace: Workspace, target: pd.DataFrame, scored: Scored, reasons: list[str], model_id: int
) -> None:
    """Keep the run's scores (replacing earlier scores of the same declarations)."""
    frame = pd.DataFrame(
        {
            "declaration_id": scored.declaration_id,
            "date": target["date"].dt.date.to_numpy(),
            "office": target["office"].to_numpy(),
            "score": scored.score,
            "fraud_probability": scored.fraud,
            "critical_probability": scored.critical,
            "reasons": reasons,
            "model_id": model_id,
        }
    )
    table = pa.Table.from_pandas(frame, preserve_index=False)
    with workspace.staged({"fresh_scores": table}), workspace.transaction() as db:
        db.execute(
            "DELETE FROM ports.scores WHERE declaration_id IN (SELECT declaration_id FROM fresh_scores)"
        )
        db.execute("INSERT INTO ports.scores SELECT *, current_timestamp FROM fresh_scores")


def keep_unlabelled(workspace: Workspace, declarations: Declarations, source: str) -> None:
    """Store scored rows not yet held (labels blanked), so outcomes loaded later can be trained on."""
    rows = declarations.rows[list(CANONICAL)].assign(
        source_file=source, fraud=None, critical_fraud=None
    )
    rows["date"] = rows["date"].dt.date
    table = pa.Table.from_pandas(rows, preserve_index=False)
    columns = ", ".join(CANONICAL)
    with workspace.staged({"incoming": table}), workspace.transaction() as db:
        db.execute(
            f"INSERT INTO ports.declarations ({columns}, source_file, loaded_at) "
            f"SELECT {columns}, source_file, current_timestamp FROM incoming WHERE declaration_id "
            "NOT IN (SELECT declaration_id FROM ports.declarations)"
        )


def load_outcomes(
    workspace: Workspace, outcomes: pd.DataFrame, rejected: pd.DataFrame, source: str
) -> tuple[int, int]:
    """Set fraud / critical_fraud / inspection_outcome of held declarations; unknown ids and `rejected`
    rows quarantined. Returns (updated, unknown ids)."""
    table = pa.Table.from_pandas(outcomes, preserve_index=False)
    bad = pa.Table.from_pandas(rejected.astype(str), preserve_index=False)
    with workspace.staged({"outcomes": table, "bad_outcomes": bad}), workspace.transaction() as db:
        if len(rejected):
            db.execute(
                "INSERT INTO ports.quarantine SELECT file, row::BIGINT, declaration_id, reason, "
                "current_timestamp FROM bad_outcomes"
            )
        db.execute(
            "INSERT INTO ports.quarantine SELECT ?, row, declaration_id, "
            "'declaration_id: not a declaration this workspace holds', current_timestamp "
            "FROM outcomes WHERE declaration_id NOT IN (SELECT declaration_id FROM ports.declarations)",
            [source],
        )
        unknown = db.execute(
            "SELECT count(*) FROM outcomes WHERE declaration_id NOT IN "
            "(SELECT declaration_id FROM ports.declarations)"
        ).fetchone()
        db.execute(
            "UPDATE ports.declarations d SET fraud = o.fraud, critical_fraud = o.critical_fraud, "
            "inspection_outcome = coalesce(o.inspection_outcome, d.inspection_outcome) "
            "FROM outcomes o WHERE d.declaration_id = o.declaration_id"
        )
        updated = db.execute(
            "SELECT count(*) FROM outcomes WHERE declaration_id IN "
            "(SELECT declaration_id FROM ports.declarations)"
        ).fetchone()
    return (int(updated[0]) if updated else 0), (int(unknown[0]) if unknown else 0)

"""Collection, combination and analysts' alterations in the audit log.

Ingest (collection), resolution (combination) and analysts' confirm/split decisions (alteration) keep
their own tables; `sync` writes one audit entry for each batch, run and decision not yet logged (the
faces log their own batches and decisions as they commit them, `sharing.collection`: what is left
here is what a process killed between its commit and its entry did not log). Run by
`crossroute audit sync` and before every DPO report, so the log is complete when it is read.
"""

from __future__ import annotations

from crossroute.sharing import audit
from crossroute.sharing.audit import Action
from crossroute.sharing.collection import COLLECTION_PATHS
from crossroute.store import Workspace

SYSTEM = "system"


def sync(workspace: Workspace) -> int:
    """Log every batch, run and decision not logged yet; returns entries written."""
    written = 0
    for batch_id, agency, sha, path, loaded, finished in workspace.rows(
        "SELECT batch_id, agency, file_sha256, file_path, loaded, finished_at FROM ingest_batches "
        "WHERE batch_id NOT IN (SELECT CAST(json_extract(detail, '$.batch') AS BIGINT) "
        "FROM sharing.audit_log WHERE action = 'collection' "
        "AND json_extract_string(detail, '$.path') IN (SELECT unnest(?))) ORDER BY batch_id",
        [list(COLLECTION_PATHS)],
    ):
        audit.append(
            workspace,
            actor=SYSTEM,
            agency=agency,
            action=Action.COLLECTION,
            purpose="ingest",
            detail={
                "path": "ingest",
                "batch": batch_id,
                "file": path,
                "sha256": sha,
                "records": loaded,
                "finished_at": str(finished),
            },
        )
        written += 1
    for run_id, engine, entities, pairs in workspace.rows(
        "SELECT run_id, engine, entities, pairs FROM resolution_runs "
        "WHERE run_id NOT IN (SELECT CAST(json_extract(detail, '$.run') AS BIGINT) "
        "FROM sharing.audit_log WHERE json_extract_string(detail, '$.path') = 'resolve') ORDER BY run_id"
    ):
        audit.append(
            workspace,
            actor=SYSTEM,
            action=Action.COMBINATION,
            purpose="resolution",
            detail={
                "path": "resolve",
                "run": run_id,
                "engine": engine,
                "entities": entities,
                "pairs": pairs,
            },
        )
        written += 1
    for decision_id, kind, left, right, by, reason in workspace.rows(
        "SELECT decision_id, kind, unique_id_l, unique_id_r, decided_by, reason FROM decisions "
        "WHERE decision_id NOT IN (SELECT CAST(json_extract(detail, '$.decision') AS BIGINT) "
        "FROM sharing.audit_log WHERE json_extract_string(detail, '$.path') = 'decide') ORDER BY decision_id"
    ):
        audit.append(
            workspace,
            actor=by,
            action=Action.ALTERATION if kind == "split" else Action.COMBINATION,
            purpose=reason,
            detail={"path": "decide", "decision": decision_id, "kind": kind},
            subjects=[left, right],
        )
        written += 1
    return written

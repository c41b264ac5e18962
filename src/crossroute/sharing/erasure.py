"""Erasure: a record removed from `records` and from every table derived from it, leaving a tombstone
(who, when, why, what was removed) and one audit entry.

Derived tables are found by their columns, in every schema (federation's published references and
hits too), so tables added later are covered: any table with
`source` and `record_id`, any with `unique_id` or `unique_id_l`/`unique_id_r` (SOURCE|RECORD_ID), and,
when the record was its entity's last member, any with `entity_id` for that entity. The file the record
was read from, kept as supplied under WS/files/, is rewritten without the record's row (its cells
emptied, so the other rows keep their numbers); the file is replaced only once the tables commit."""

from __future__ import annotations

import json

from crossroute.ingest.originals import without_row
from crossroute.model.record_key import RecordKey
from crossroute.sharing import audit
from crossroute.sharing.audit import Action
from crossroute.sharing.clock import utc_now
from crossroute.sharing.errors import SharingError
from crossroute.sharing.users import Role, User, require_role
from crossroute.store import Workspace
from crossroute.store.cache import clear as clear_cache
from crossroute.store.sql import quote_ident

KEEP = frozenset({("sharing", "tombstones"), ("sharing", "audit_log"), ("sharing", "notices")})


def _tables(workspace: Workspace) -> dict[tuple[str, str], set[str]]:
    rows = workspace.rows(
        "SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) "
        "WHERE t.table_type = 'BASE TABLE' AND t.table_catalog = current_database() "
        "AND c.table_schema NOT IN ('information_schema', 'pg_catalog')"
    )
    tables: dict[tuple[str, str], set[str]] = {}
    for schema, table, column in rows:
        if (schema, table) not in KEEP:
            tables.setdefault((schema, table), set()).add(column)
    return tables


def erase(
    workspace: Workspace, dpo: User, source: str, record_id: str, reason: str
) -> dict[str, int]:
    """Erase one record everywhere; returns rows removed per table."""
    require_role(dpo, Role.DPO)
    if not workspace.scalar(
        "SELECT count(*) FROM records WHERE source = ? AND record_id = ?", [source, record_id]
    ):
        raise SharingError(f"no record {source}:{record_id}")
    uid = str(RecordKey(source, record_id))
    entities = [
        e for (e,) in workspace.rows(
            "SELECT DISTINCT entity_id FROM clusters WHERE source = ? AND record_id = ?", [source, record_id]
        )
    ]  # fmt: skip
    kept = without_row(workspace, source, record_id)  # drafts, put in place once the tables commit
    removed: dict[str, int] = {f"kept file {k.stored} row {k.row_number}": 1 for k in kept}
    try:
        with workspace.transaction():
            _erase_tables(workspace, source, record_id, entities, removed)
            workspace.rows(
                "INSERT INTO sharing.tombstones VALUES (?, ?, ?, ?, ?, ?)",
                [
                    source,
                    record_id,
                    utc_now(),
                    dpo.name,
                    reason,
                    json.dumps(removed, sort_keys=True),
                ],
            )
    except BaseException:
        for draft in kept:
            draft.discard()
        raise
    for draft in kept:
        draft.commit()
    clear_cache(workspace.path)  # derived results kept on disk go with the record
    workspace.rows("CHECKPOINT")
    audit.append_by(
        workspace,
        dpo,
        Action.ERASURE,
        purpose=reason,
        detail={"path": "dpo erase", "removed": removed},
        subjects=[uid],
    )
    return removed


def _erase_tables(
    workspace: Workspace, source: str, record_id: str, entities: list[str], removed: dict[str, int]
) -> None:
    """The record's rows in every derived table, and entities left with no record (counted in
    `removed`, per table)."""
    uid = str(RecordKey(source, record_id))
    for (schema, table), columns in sorted(_tables(workspace).items()):
        name = f"{quote_ident(schema)}.{quote_ident(table)}"
        count = 0
        if {"source", "record_id"} <= columns:
            count += _delete(workspace, name, "source = ? AND record_id = ?", [source, record_id])
        if {"unique_id_l", "unique_id_r"} <= columns:
            count += _delete(workspace, name, "unique_id_l = ? OR unique_id_r = ?", [uid, uid])
        if "unique_id" in columns:
            count += _delete(workspace, name, "unique_id = ?", [uid])
        if count:
            removed[f"{schema}.{table}" if schema != "main" else table] = count
    orphans = [
        e for e in entities
        if not workspace.scalar("SELECT count(*) FROM clusters WHERE entity_id = ?", [e])
    ]  # fmt: skip
    for (schema, table), columns in sorted(_tables(workspace).items()):
        if "entity_id" in columns and orphans:
            name = f"{quote_ident(schema)}.{quote_ident(table)}"
            count = _delete(workspace, name, "list_contains(?, entity_id)", [orphans])
            if count:
                key = f"{schema}.{table}" if schema != "main" else table
                removed[key] = removed.get(key, 0) + count


def _delete(workspace: Workspace, table: str, where: str, params: list[object]) -> int:
    found = workspace.rows(f"DELETE FROM {table} WHERE {where} RETURNING 1", params)
    return len(found)


def is_erased(workspace: Workspace, source: str, record_id: str) -> bool:
    return bool(
        workspace.scalar(
            "SELECT count(*) FROM sharing.tombstones WHERE source = ? AND record_id = ?",
            [source, record_id],
        )
    )

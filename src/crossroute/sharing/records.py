"""The only reads of records outside the ingest writer and resolution: matching a query to record keys,
grouping them into entities, and fetching their contents. Called by the gate (never by a face)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from crossroute.model.record_key import RecordKey
from crossroute.sharing.query import Query
from crossroute.store import Workspace

Key = tuple[str, str]  # (source, record_id)

_FIELDS = (
    "source", "record_id", "schema", "caption", "properties", "dataset", "source_ref", "collected_on",
    "handling_scheme", "handling_code", "handling_note", "grading_scheme", "grading_source",
    "grading_info", "subject_category", "nature", "review_date",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Stored:
    """One record as the gate sees it."""

    fields: dict[str, Any]

    @property
    def key(self) -> Key:
        return (str(self.fields["source"]), str(self.fields["record_id"]))

    @property
    def birth_date(self) -> str | None:
        dates = self.fields["properties"].get("birthDate") or []
        return str(dates[0]) if dates else None


def match(workspace: Workspace, query: Query, limit: int, *, clustered: bool) -> list[Key]:
    """Keys of the records the query finds: by entity id, record reference, identifier or name."""
    found: list[Key] = []
    if clustered:
        found += _keys(workspace.rows(
            "SELECT source, record_id FROM clusters WHERE entity_id = ? LIMIT ?", [query.text, limit]
        ))  # fmt: skip
    if query.reference:
        found += _keys(workspace.rows(
            "SELECT source, record_id FROM records WHERE source = ? AND record_id = ?",
            list(query.reference),
        ))  # fmt: skip
    if query.identifiers:
        values = sorted({i.partition(":")[2] for i in query.identifiers})  # KIND:VALUE
        found += _keys(workspace.rows(  # the plain column first: that filter reaches the scan
            "SELECT DISTINCT source, record_id FROM sharing.search_ids "
            "WHERE list_contains(?, value) AND list_contains(?, kind || ':' || value) LIMIT ?",
            [values, sorted(query.identifiers), limit],
        ))  # fmt: skip
    if query.names:
        found += _keys(workspace.rows(
            "SELECT DISTINCT source, record_id FROM sharing.search_names WHERE list_contains(?, skeleton) "
            "GROUP BY source, record_id, variant HAVING count(DISTINCT skeleton) = ? LIMIT ?",
            [sorted(query.names), len(query.names), limit],
        ))  # fmt: skip
    return list(dict.fromkeys(found))


def _keys(rows: list[tuple[Any, ...]]) -> list[Key]:
    return [(str(a), str(b)) for a, b in rows]


def entities(
    workspace: Workspace, keys: list[Key], limit: int, *, clustered: bool
) -> dict[str, list[Key]]:
    """Entity id -> its records: the resolved entity of each record (all its members), else the record."""
    if not keys:
        return {}
    groups: dict[str, list[Key]] = {}
    if clustered:
        rows = workspace.rows(
            "SELECT c.entity_id, c.source, c.record_id FROM clusters c "
            "WHERE c.entity_id IN (SELECT c2.entity_id FROM clusters c2 "
            f"JOIN {_KEYS} k USING (source, record_id)) ORDER BY 1, 2, 3",
            _key_lists(keys),
        )
        for entity, source, record in rows:
            groups.setdefault(str(entity), []).append((str(source), str(record)))
    member = {key for group in groups.values() for key in group}
    for key in keys:
        if key not in member:
            groups[RecordKey(*key).shown] = [key]
    rank = {key: i for i, key in reversed(list(enumerate(keys)))}  # a key's first place
    ordered = sorted(groups, key=lambda e: min(rank.get(k, len(keys)) for k in groups[e]))
    return {e: groups[e] for e in ordered[:limit]}


def fetch(workspace: Workspace, keys: list[Key]) -> dict[Key, Stored]:
    """The records of these keys, with their provenance."""
    if not keys:
        return {}
    rows = workspace.rows(
        f"SELECT {', '.join('r.' + f for f in _FIELDS)} FROM records r "
        f"JOIN {_KEYS} k USING (source, record_id) WHERE {_NOT_ERASED}",
        _key_lists(keys),
    )
    found = {}
    for row in rows:
        fields = dict(zip(_FIELDS, row, strict=True))
        fields["properties"] = json.loads(fields["properties"])
        stored = Stored(fields)
        found[stored.key] = stored
    return found


# Keys as two bound lists, not a staged Arrow table: building one from Python lists makes pyarrow
# import pandas (a third of a second of CPU in every gated command of the command line).
_KEYS = "(SELECT unnest(?::VARCHAR[]) AS source, unnest(?::VARCHAR[]) AS record_id)"


def _key_lists(keys: list[Key]) -> list[list[str]]:
    return [[k[0] for k in keys], [k[1] for k in keys]]


_NOT_ERASED = (
    "NOT EXISTS (SELECT 1 FROM sharing.tombstones t "
    "WHERE t.source = r.source AND t.record_id = r.record_id)"
)


def every(workspace: Workspace, fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """These fields of every record not erased, in load order (for a whole-workspace analysis)."""
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise ValueError(f"not a record field the gate reads: {sorted(unknown)}")
    columns = ", ".join(f"r.{f}" for f in fields)
    return workspace.rows(
        f"SELECT {columns} FROM records r WHERE {_NOT_ERASED} ORDER BY r.batch_id, r.row_number"
    )


def policy_facts(workspace: Workspace, *, born_since: int) -> list[tuple[Any, ...]]:
    """Every record not erased, grouped by what the policy looks at (source, handling scheme, code and
    note, subject category, birth date, linked cases): one row per group with its record ids and
    resolved entities (NULL when unresolved), in DuckDB (a whole workspace is never walked row by row
    in Python). A birth date is kept only from the year `born_since` on (an earlier one cannot be a
    minor's), so the groups stay few."""
    birth = "r.properties ->> '$.birthDate[0]'"
    return workspace.rows(
        "WITH linked AS (SELECT source, record_id, list(DISTINCT case_ref ORDER BY case_ref) AS cases "
        "FROM sharing.case_subjects GROUP BY ALL) "
        "SELECT r.source, r.handling_scheme, r.handling_code, r.handling_note, r.subject_category, "
        f"CASE WHEN coalesce(TRY_CAST(substr({birth}, 1, 4) AS INTEGER), ?) >= ? THEN {birth} END, "
        "l.cases, list(r.record_id ORDER BY r.record_id), list(c.entity_id ORDER BY r.record_id) "
        "FROM records r LEFT JOIN linked l USING (source, record_id) "
        "LEFT JOIN clusters c USING (source, record_id) "
        f"WHERE {_NOT_ERASED} GROUP BY ALL",
        [born_since, born_since],
    )


def case_links(workspace: Workspace, keys: list[Key]) -> dict[Key, frozenset[str]]:
    """The cases each record is linked to (only records linked to some case are keys)."""
    if not keys:
        return {}
    rows = workspace.rows("SELECT source, record_id, case_ref FROM sharing.case_subjects")
    wanted = set(keys)
    links: dict[Key, set[str]] = {}
    for source, record, case in rows:
        if (source, record) in wanted:
            links.setdefault((source, record), set()).add(case)
    return {k: frozenset(v) for k, v in links.items()}

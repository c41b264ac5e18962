"""Search keys derived from records: name skeletons (transliteration-aware, from `resolve.names`) and
cleaned identifiers. Brought up to date before every search (only batches not yet indexed), erased with
their record."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crossroute.model.values import InvalidValue
from crossroute.resolve.identifiers import identifier_properties
from crossroute.resolve.names import name_skeletons
from crossroute.store import Workspace
from crossroute.store.sql import quote_text

if TYPE_CHECKING:
    import pyarrow as pa

_NAMES_SQL = (
    "SELECT source, schema, record_id, caption, "
    "CAST(json_extract(properties, '$.name') AS VARCHAR[]), "
    "CAST(json_extract(properties, '$.firstName') AS VARCHAR[]), "
    "CAST(json_extract(properties, '$.lastName') AS VARCHAR[]) "
    "FROM records WHERE batch_id > ?"
)


# Where the index stands, and whether the workspace is resolved: columns any caller may put in a SELECT.
STATE_SQL = (
    "(SELECT coalesce(max(batch_id), 0) FROM sharing.index_state), "
    "(SELECT coalesce(max(batch_id), 0) FROM ingest_batches), "
    "(SELECT count(*) > 0 FROM (SELECT 1 FROM clusters LIMIT 1))"
)


@dataclass(frozen=True, slots=True)
class State:
    indexed: int  # every batch up to here is indexed
    loaded: int  # the last batch loaded
    resolved: bool  # the workspace has entities

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> State:
        return cls(int(row[0]), int(row[1]), bool(row[2]))


def state(workspace: Workspace) -> State:
    return State.of(workspace.rows(f"SELECT {STATE_SQL}")[0])


# One refresh at a time per process: threads on cursors of one connection would otherwise index the
# same batches twice. (Another process cannot write the workspace while this one has it open.)
_REFRESH = threading.Lock()


def refresh(workspace: Workspace, known: State | None = None) -> int:
    """Index every record of a batch not yet indexed; returns records indexed."""
    now = known or state(workspace)
    if now.loaded <= now.indexed:
        return 0
    with _REFRESH:
        return _refresh(workspace, state(workspace))


def _refresh(workspace: Workspace, now: State) -> int:
    done, top = now.indexed, now.loaded
    if top <= done:
        return 0
    rows = workspace.rows(_NAMES_SQL, [done])
    names = _name_rows(rows)
    with workspace.transaction(), workspace.staged({"crossroute_names": names}):
        workspace.rows("INSERT INTO sharing.search_names SELECT * FROM crossroute_names")
        for schema, prop, kind in identifier_properties():
            path = quote_text(prop)
            workspace.rows(
                "INSERT INTO sharing.search_ids SELECT source, schema, record_id, ?, value FROM ("
                f"SELECT source, schema, record_id, unnest(CAST(json_extract(properties, '$.' || {path}) "
                "AS VARCHAR[])) AS value FROM records WHERE schema = ? AND batch_id > ?) "
                "WHERE value IS NOT NULL",
                [kind, schema, done],
            )
        workspace.rows("DELETE FROM sharing.index_state")
        workspace.rows("INSERT INTO sharing.index_state VALUES (?)", [top])
    return len(rows)


def _name_rows(rows: list[tuple[Any, ...]]) -> pa.Table:
    columns: dict[str, list[object]] = {
        k: [] for k in ("source", "schema", "record_id", "variant", "skeleton")
    }
    for source, schema, record_id, caption, names, firsts, lasts in rows:
        variants = {str(n) for n in (names or []) if n}
        if caption:
            variants.add(str(caption))
        variants.update(
            f"{first} {last}"
            for first in (firsts or [])
            for last in (lasts or [])
            if first and last
        )
        for number, variant in enumerate(sorted(variants)):
            for part in skeletons(variant):
                for key, value in zip(
                    columns, (source, schema, record_id, number, part), strict=True
                ):
                    columns[key].append(value)
    import pyarrow as pa  # only when records are indexed, not on every gated read

    return pa.table(
        {k: pa.array(v, pa.int32() if k == "variant" else pa.string()) for k, v in columns.items()}
    )


def skeletons(name: str) -> frozenset[str]:
    """The consonant skeletons of a name's parts (empty when it has no letters)."""
    try:
        return frozenset(name_skeletons(name)[1])
    except InvalidValue:
        return frozenset()

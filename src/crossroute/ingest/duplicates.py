"""Record ids that repeat: earlier in the same file, or already stored by an earlier load.

A record is known by (schema, source, record id). Repeats within a file are found as rows are cleaned,
from a set of the ids seen so far per (schema, source): linear in the file, no store needed. Repeats of
stored records need the store, and are only looked for where it holds records of that schema from that
source (most loads bring an agency's new file, or a new agency, and skip the look-up entirely).
"""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.store import Workspace

EARLIER_IN_FILE = "earlier in this file"
IN_WORKSPACE = "already in the workspace"
_KEYS = "crossroute_keys"


class RepeatsInFile:
    """The record ids one file has given so far, per (schema, source)."""

    def __init__(self) -> None:
        self._seen: defaultdict[tuple[str, str], set[str]] = defaultdict(set)

    def repeats(self, schema: str, sources: pa.Array, ids: pa.Array) -> dict[int, str]:
        """Rows whose (source, record id) an earlier row of the file has (and remember this block's)."""
        found: dict[int, str] = {}
        for source in pc.unique(sources.filter(pc.is_valid(sources))).to_pylist():
            rows = pc.indices_nonzero(pc.and_(pc.equal(sources, source), pc.is_valid(ids)))
            block_ids = ids.take(rows).to_pylist()
            seen = self._seen[(schema, source)]
            distinct = set(block_ids)
            if len(distinct) == len(block_ids) and seen.isdisjoint(distinct):
                seen.update(distinct)
                continue
            positions = rows.to_pylist()
            for position, record_id in zip(positions, block_ids, strict=True):
                if record_id in seen:
                    found[position] = EARLIER_IN_FILE
                else:
                    seen.add(record_id)
        return found


class StoredRecords:
    """Finds rows whose (schema, source, record id) an earlier load stored."""

    def __init__(self, workspace: Workspace, batch_id: int) -> None:
        self._workspace = workspace
        self._batch_id = batch_id
        self._stored = {
            (str(schema), str(source))
            for schema, source in workspace.rows(
                "SELECT DISTINCT schema, source FROM records WHERE batch_id <> ?", [batch_id]
            )
        }

    def __call__(self, schema: str, sources: pa.Array, ids: pa.Array) -> dict[int, str]:
        given = pc.unique(sources.filter(pc.is_valid(sources))).to_pylist()
        if not any((schema, source) in self._stored for source in given):
            return {}
        keys = pa.table(
            {"row": pa.array(range(len(ids)), pa.int64()), "source": sources, "record_id": ids}
        )
        with self._workspace.staged({_KEYS: keys}):
            found = self._workspace.rows(
                f"SELECT DISTINCT k.row FROM {_KEYS} k JOIN records r ON r.source = k.source "
                "AND r.record_id = k.record_id AND r.schema = ? AND r.batch_id <> ?",
                [schema, self._batch_id],
            )
        return {int(row): IN_WORKSPACE for (row,) in found}

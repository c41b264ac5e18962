"""Derived results kept between commands in WS/cache/ (the analysed network of `crossroute network ...`),
each named by a fingerprint of what it was derived from. Erasure empties the folder: a kept result must
not outlive a record erased from the tables."""

from __future__ import annotations

import hashlib
from pathlib import Path

from crossroute.store.workspace import Workspace

FOLDER = "cache"

# what derived results depend on: records (added, erased), resolution runs, clusters, decisions
_STATE_SQL = (
    "SELECT (SELECT count(*) FROM records), (SELECT coalesce(max(batch_id), 0) FROM records), "
    "(SELECT coalesce(max(run_id), 0) FROM resolution_runs), (SELECT count(*) FROM clusters), "
    "(SELECT count(*) FROM decisions), (SELECT count(*) FROM sharing.tombstones)"
)


def fingerprint(workspace: Workspace) -> str:
    """Changes whenever records, the resolution or decisions change, or a record is erased."""
    state = workspace.rows(_STATE_SQL)[0]
    return hashlib.sha256(repr(tuple(state)).encode()).hexdigest()[:24]


def folder(workspace_path: Path) -> Path:
    return workspace_path / FOLDER


def clear(workspace_path: Path, *, keep: Path | None = None) -> None:
    """Remove kept results (all, or all but `keep`)."""
    found = folder(workspace_path)
    if not found.is_dir():
        return
    for path in found.iterdir():
        if path.is_file() and path != keep:
            path.unlink(missing_ok=True)

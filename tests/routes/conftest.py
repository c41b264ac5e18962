"""The public datasets beside the repository (../shared/data), loaded once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crossroute.analysis.routes.public_data import default_paths, load
from crossroute.store import Workspace

REPO = Path(__file__).resolve().parents[2]
# ../shared/data beside the repository (or beside a parent folder holding git worktrees of it)
DATA = next(
    (p / "shared" / "data" for p in REPO.parents if (p / "shared" / "data").is_dir()),
    REPO.parent / "shared" / "data",
)
needs_public_data = pytest.mark.skipif(
    not (DATA / "uk_small_boats").is_dir() or not (DATA / "frontex_iom").is_dir(),
    reason="shared/data (uk_small_boats, frontex_iom) is not beside the repo",
)


@pytest.fixture(scope="module")
def public_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A workspace with the five public files loaded."""
    ws = Workspace.create(tmp_path_factory.mktemp("routes") / "ws")
    for path in default_paths(DATA):
        load(ws, path)
    yield ws
    ws.close()

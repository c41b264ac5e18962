"""A caller's analysed network kept between CLI commands (WS/cache/), so that `network groups`,
`key-players` and `disrupt` do not each rebuild the graph, its groups and centralities. Named by the
caller's analysis key (`percaller`: the workspace's state and the records the caller may see), so a
change of records, resolution, decisions or erasures makes a new one; keeping one clears the others."""

from __future__ import annotations

import pickle
from pathlib import Path

from crossroute.analysis.network.case import CaseNetwork
from crossroute.store import Workspace
from crossroute.store import cache as kept

_FORMAT = 1  # bump when CaseNetwork changes shape


def kept_path(workspace: Workspace, key: str) -> Path:
    """Where the analysis of one caller's network (named by its key) is kept between commands."""
    return kept.folder(workspace.path) / f"network-{_FORMAT}-caller-{key}.pickle"


def load_kept(path: Path) -> CaseNetwork | None:
    return _load(path)


def keep(path: Path, case: CaseNetwork) -> None:
    _store(path, case)


def _load(path: Path) -> CaseNetwork | None:
    """A kept case network (written by this module into the workspace's own folder), else None."""
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)  # our own file, in the workspace folder
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        return None
    return found if isinstance(found, CaseNetwork) else None


def _store(path: Path, case: CaseNetwork) -> None:
    try:
        path.parent.mkdir(exist_ok=True)
        part = path.with_suffix(".part")
        with part.open("wb") as handle:
            pickle.dump(case, handle, protocol=pickle.HIGHEST_PROTOCOL)
        part.replace(path)
    except OSError:  # a read-only workspace: no cache, no harm
        return
    kept.clear(path.parent.parent, keep=path)

"""A caller's analysed network kept between CLI commands (WS/cache/), so that `network groups`,
`key-players` and `disrupt` do not each rebuild the graph, its groups and centralities (nor
`key-players` its KPP-Neg search). Named by the
caller's analysis key (`percaller`: the workspace's state and the records the caller may see), so a
change of records, resolution, decisions or erasures makes a new one; keeping one clears the others."""

from __future__ import annotations

import pickle
from pathlib import Path

from crossroute.analysis.network.case import CaseNetwork
from crossroute.analysis.network.keyplayers import KeyPlayer, KeyPlayerSet
from crossroute.store import Workspace
from crossroute.store import cache as kept

_FORMAT = 1  # bump when CaseNetwork changes shape


def kept_path(workspace: Workspace, key: str) -> Path:
    """Where the analysis of one caller's network (named by its key) is kept between commands."""
    return kept.folder(workspace.path) / f"network-{_FORMAT}-caller-{key}.pickle"


def load_kept(path: Path) -> CaseNetwork | None:
    return _load(path)


def players_path(case_path: Path, top: int, k: int) -> Path:
    """Where the key players asked of a kept case network are kept (cleared with it)."""
    return case_path.with_name(f"{case_path.stem}-players-{top}-{k}.pickle")


def load_players(path: Path) -> tuple[list[KeyPlayer], KeyPlayerSet | None] | None:
    """Key players kept by `keep_players` (our own file in the workspace folder), else None."""
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)  # our own file, in the workspace folder
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        return None
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], list)):
        return None
    return found


def keep_players(path: Path, found: tuple[list[KeyPlayer], KeyPlayerSet | None]) -> None:
    try:
        part = path.with_suffix(".part")
        with part.open("wb") as handle:
            pickle.dump(found, handle, protocol=pickle.HIGHEST_PROTOCOL)
        part.replace(path)
    except OSError:  # a read-only workspace, or the case was never kept: no cache, no harm
        return


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

"""The case network of a workspace kept between CLI commands (WS/cache/), so that `network groups`,
`key-players` and `disrupt` do not each rebuild the graph, its groups and centralities. Rebuilt when the
workspace's records, resolution or decisions change or a record is erased (`store.cache.fingerprint`)."""

from __future__ import annotations

import pickle
from pathlib import Path

from crossroute.analysis.network.case import CaseNetwork, analyse_case
from crossroute.store import Workspace
from crossroute.store import cache as kept

_FORMAT = 1  # bump when CaseNetwork changes shape


def cached_case(
    workspace: Workspace, *, resolution: float | None = None, seeds: int = 5
) -> CaseNetwork:
    """The analysed case network, from the cache when the workspace has not changed since."""
    name = f"network-{_FORMAT}-{kept.fingerprint(workspace)}-{resolution}-{seeds}.pickle"
    path = kept.folder(workspace.path) / name
    found = _load(path)
    if found is not None:
        return found
    case = analyse_case(workspace, resolution=resolution, seeds=seeds)
    _store(path, case)
    return case


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

"""The network analysis of one caller: groups, centrality, roles, key players and their reasons computed
on the graph of the records this caller may see in full for this purpose (`gate.analysis_visibility`),
never on the whole network, so no value shown rests, even in aggregate, on a record the caller may not
see. A record hidden from the caller adds no node, no tie, no weight: the caller's analysis is the one a
workspace holding only the records they may see (with their resolution) would give.

Cached in memory by a signature of the caller's visibility (the hash of the visible records with their
resolved entities, the resolution run and the analysis's settings): two analysts who may see the same
records share one analysis, repeated calls are served from memory, and a new resolution run or a record
newly visible (or erased) gives a new signature. Every face (API, web, CLI, exports, briefing) takes its
groups, key players and scores from here, so they agree for one caller."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from crossroute.analysis.network.cache import (
    keep,
    keep_players,
    kept_path,
    load_kept,
    load_players,
    players_path,
)
from crossroute.analysis.network.case import (
    CaseNetwork,
    GroupCandidate,
    analyse_graph,
    case_key_players,
    group_candidates,
)
from crossroute.analysis.network.entities import build
from crossroute.analysis.network.gated import Indexed
from crossroute.analysis.network.keyplayers import KeyPlayer, KeyPlayerSet
from crossroute.sharing import Purpose
from crossroute.sharing.gate import analysis_visibility
from crossroute.store import Workspace

SEEDS = 3  # Leiden runs per analysis, the same for every face (so they agree)
CACHED = 8  # analyses kept in memory (least recently used dropped first)


@dataclass
class CallerCase:
    """One caller's analysis, and the key players and groups asked of it (computed once each)."""

    signature: str
    case: CaseNetwork
    index: Indexed
    records: int  # records the analysis combined
    seconds: float  # time to build it
    kept: Path | None = None  # where the case network is kept between commands (WS/cache/)
    _players: dict[tuple[int, int], tuple[list[KeyPlayer], KeyPlayerSet | None]] = field(
        default_factory=dict, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def key_players(
        self, *, top: int = 20, k: int = 10
    ) -> tuple[list[KeyPlayer], KeyPlayerSet | None]:
        """The `top` key players (ranked in this caller's network) and the KPP-Neg set of `k`."""
        with self._lock:
            found = self._players.get((top, k))
            if found is None:
                on_disk = None if self.kept is None else players_path(self.kept, top, k)
                found = None if on_disk is None else load_players(on_disk)
                if found is None:
                    found = case_key_players(self.case, top=top, k=k)
                    if on_disk is not None:
                        keep_players(on_disk, found)
                self._players[(top, k)] = found
        return found

    def groups(self, *, min_members: int = 3) -> list[GroupCandidate]:
        """Group candidates with at least `min_members` people, largest first."""
        return group_candidates(self.case, min_members=min_members)


_cache: OrderedDict[str, CallerCase] = OrderedDict()
_building: dict[str, threading.Lock] = {}
_cache_lock = threading.Lock()


def signature(
    workspace: Workspace,
    visible: dict[tuple[str, str], str | None],
    *,
    resolution: float | None,
    seeds: int,
) -> str:
    """The hash of what the analysis rests on: the workspace, its latest resolution run, the visible
    records with their entities, and the analysis's settings."""
    run = workspace.scalar("SELECT coalesce(max(run_id), 0) FROM resolution_runs")
    digest = hashlib.sha256(f"{workspace.path.resolve()}|{run}|{resolution}|{seeds}".encode())
    for (source, record_id), entity in sorted(visible.items()):
        digest.update(f"\n{source}\t{record_id}\t{entity or ''}".encode())
    return digest.hexdigest()


# What the policy's answer for a caller rests on besides the caller and purpose: records loaded and
# erased, case links, grants, case members, the resolution run (records, links and grants are only added).
STATE_SQL = (
    "SELECT (SELECT coalesce(max(batch_id), 0) FROM ingest_batches), "
    "(SELECT count(*) FROM sharing.tombstones), (SELECT count(*) FROM sharing.case_subjects), "
    "(SELECT count(*) FROM sharing.grants), (SELECT count(*) FROM sharing.case_members), "
    "(SELECT coalesce(max(run_id), 0) FROM resolution_runs)"
)
_seen: OrderedDict[tuple[object, ...], tuple[dict[tuple[str, str], str | None], str]] = (
    OrderedDict()
)


def _visibility(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    today: dt.date | None,
    *,
    resolution: float | None,
    seeds: int,
) -> tuple[dict[tuple[str, str], str | None], str]:
    """The records the caller may see and the signature, from memory while nothing they rest on has
    changed (the same caller, purpose and day, and the same workspace state)."""
    day = today or dt.date.today()
    state = tuple(workspace.rows(STATE_SQL)[0])
    key = (str(workspace.path.resolve()), user, purpose, day, state, resolution, seeds)
    with _cache_lock:
        found = _seen.get(key)
    if found is None:
        visible = analysis_visibility(workspace, user, purpose, today=day)
        found = (visible, signature(workspace, visible, resolution=resolution, seeds=seeds))
        with _cache_lock:
            _seen[key] = found
            while len(_seen) > CACHED * 8:
                _seen.popitem(last=False)
    return found


def caller_case(
    workspace: Workspace,
    user: str,
    purpose: Purpose,
    *,
    resolution: float | None = None,
    seeds: int = SEEDS,
    today: dt.date | None = None,
) -> CallerCase:
    """The analysis of the network this caller may see for this purpose (from memory when another
    call, of this caller or one who may see the same records, made it; callers arriving while it is
    built wait for that one build)."""
    visible, key = _visibility(workspace, user, purpose, today, resolution=resolution, seeds=seeds)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _cache_lock:
            found = _cache.get(key)
        if found is None:
            started = time.perf_counter()
            on_disk = kept_path(workspace, key)  # kept between commands of the command line
            case = load_kept(on_disk)
            if case is None:
                case = analyse_graph(
                    build(workspace, keep=visible.keys()), resolution=resolution, seeds=seeds
                )
                keep(on_disk, case)
            found = CallerCase(
                key,
                case,
                Indexed.of(case.graph),
                len(visible),
                time.perf_counter() - started,
                kept=on_disk,
            )
            with _cache_lock:
                _cache[key] = found
                while len(_cache) > CACHED:
                    _cache.popitem(last=False)
                _building.pop(key, None)
    return found


def forget() -> None:
    """Drop every cached analysis (tests; a workspace replaced under the same path)."""
    with _cache_lock:
        _cache.clear()
        _seen.clear()

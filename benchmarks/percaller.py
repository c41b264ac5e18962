"""The cost of the per-caller network analysis (`analysis/network/percaller.py`): for one analyst of each
agency of a workspace, the first call (the caller's visibility, its signature, the graph of the records
they may see and its analysis), a cached call (visibility and signature only), a colleague of the same
agency (shares the analysis), key players first and cached, and the API's key-players page first and
cached; beside them, the whole network's analysis (what the server built once per resolution run before).

    .tools/bin/uv run --frozen python benchmarks/percaller.py WORKSPACE

WORKSPACE: a resolved workspace, e.g. the medium scenario of `benchmarks/network.py` (`crossroute simulate
DIR --seed 7 --scale medium`, `init`, `ingest`, `resolve`). Adds the accounts `bench-AGENCY` (and one
colleague) if missing. Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

from crossroute.analysis.network.case import analyse_case
from crossroute.analysis.network.percaller import caller_case, forget
from crossroute.sharing.gate import analysis_visibility
from crossroute.sharing.policy import require_purpose
from crossroute.sharing.tokens import issue_token
from crossroute.sharing.users import Role, add_user, create_first_admin, get_user, list_users
from crossroute.store import Workspace

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from crossroute.api.app import create_app

PURPOSE = "BENCH-1: per-caller network analysis cost"


def ms(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:8.0f} ms"


def accounts(ws: Workspace) -> list[str]:
    """One analyst per agency holding records, and a colleague for the first agency."""
    agencies = [str(a) for (a,) in ws.rows("SELECT DISTINCT source FROM records ORDER BY 1")]
    have = {row[0] for row in list_users(ws)}
    if "bench-admin" not in have:
        create_first_admin(ws, "bench-admin", agencies[0], "bench-admin-password-1")
    admin = get_user(ws, "bench-admin")
    names = []
    for agency in agencies:
        name = f"bench-{agency.lower()}"
        if name not in have:
            add_user(ws, admin, name, agency, Role.ANALYST)
        names.append(name)
    if "bench-colleague" not in have:
        add_user(ws, admin, "bench-colleague", agencies[0], Role.ANALYST)
    return [*names, "bench-colleague"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace", type=Path)
    args = parser.parse_args()
    stated = require_purpose(PURPOSE)
    with Workspace.open(args.workspace) as ws:
        names = accounts(ws)
        token = issue_token(ws, get_user(ws, names[0]), names[0], days=1)[1]
        total = ws.scalar("SELECT count(*) FROM records")
        started = time.perf_counter()
        whole = analyse_case(ws, seeds=3)
        print(f"whole network: {total:,} records, {len(whole.graph.ids):,} nodes, "
              f"{len(whole.graph.evidence):,} evidence, analysed in {ms(started)}")  # fmt: skip
        forget()
        for name in names:
            started = time.perf_counter()
            seen = analysis_visibility(ws, name, stated)
            visibility = ms(started)
            started = time.perf_counter()
            mine = caller_case(ws, name, stated)
            first = ms(started)
            started = time.perf_counter()
            caller_case(ws, name, stated)
            cached = ms(started)
            started = time.perf_counter()
            mine.key_players()
            players = ms(started)
            started = time.perf_counter()
            mine.key_players()
            print(f"{name:22} {len(seen):>7,} records {len(mine.case.graph.ids):>7,} nodes | "
                  f"visibility {visibility} | first {first} | cached {cached} | "
                  f"key players {players} then {ms(started)}")  # fmt: skip
    forget()
    headers = {"Authorization": f"Bearer {token}", "X-Purpose": PURPOSE}
    with TestClient(create_app(args.workspace, web=False)) as api:
        for label in ("first", "cached", "cached"):
            started = time.perf_counter()
            answer = api.get("/api/network/key-players", headers=headers)
            print(f"API /api/network/key-players as {names[0]} ({label}): {ms(started)} "
                  f"status {answer.status_code}")  # fmt: skip


if __name__ == "__main__":
    main()

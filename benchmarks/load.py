"""Load benchmark: 50 concurrent simulated analysts against a real `crossroute serve` (loopback only,
bounded in requests and time), on the medium scenario by default.

    uv run python benchmarks/load.py [--scale medium] [--users 50] [--rounds 10] [--seconds 300]
    uv run python benchmarks/load.py --workspace WS   # an already resolved workspace (copied first)

Builds the scenario (simulate, ingest, resolve) unless given a workspace, adds 50 analyst accounts, starts
`crossroute serve` on a free loopback port, logs every analyst in (not timed), then each analyst, at once
with the others, repeats (after reading for `--think` seconds on average, 5 by default, as an analyst
reads a page before the next click; `--think 0` is a closed loop, a saturation test whose latencies
are mostly the queue, users / calls per second): search a
name (people the network analysis names, in their own spelling), open the first entity found, and every
third round its network neighbourhood. Prints p50/p95/p99 latency per kind of call and the errors (any
status other than 200, or no answer); then, the server stopped, verifies the audit chain and compares
its new entries with the calls answered (one each).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from crossroute.sharing import audit, index
from crossroute.sharing.users import Role, add_user, create_first_admin
from crossroute.store import Workspace

PASSWORD = "load test password"
PURPOSE = {"X-Purpose": "LOAD-TEST: benchmark of the API"}


def crossroute(*args: str | Path) -> None:
    subprocess.run([sys.executable, "-m", "crossroute", *map(str, args)], check=True)


def build(root: Path, scale: str, seed: int) -> Path:
    scenario, ws = root / "scenario", root / "ws"
    for step in (
        ("simulate", scenario, "--seed", str(seed), "--scale", scale),
        ("init", ws),
        ("ingest", ws, scenario),
        ("resolve", ws),
    ):
        started = time.perf_counter()
        crossroute(*step)
        print(f"{step[0]}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return ws


def accounts(ws: Path, users: int) -> None:
    with Workspace.open(ws) as workspace:
        root = create_first_admin(workspace, "load-admin", "UK-NCA", PASSWORD)
        for i in range(users):
            agency = ("UK-NCA", "FR-OCRIEST", "BE-FJP", "EU-EUROPOL")[i % 4]
            add_user(workspace, root, f"analyst{i}", agency, Role.ANALYST, PASSWORD)
        index.refresh(workspace)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def analyst(
    client: httpx.AsyncClient,
    token: str,
    names: list[str],
    rounds: int,
    deadline: float,
    seed: int,
    think: float,
    timings: dict[str, list[float]],
    errors: list[str],
    answered: dict[str, int],
) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}", **PURPOSE}

    async def call(kind: str, path: str, **params: str) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            answer = await client.get(path, params=params, headers=headers)
        except httpx.HTTPError as error:
            errors.append(f"{kind}: {type(error).__name__}")
            return None
        timings[kind].append((time.perf_counter() - started) * 1000)
        # a 404 was allowed too and found nothing the caller may see: logged as well
        answered[kind] = answered.get(kind, 0) + (answer.status_code in (200, 404))
        if answer.status_code != 200:
            errors.append(f"{kind}: {answer.status_code} {answer.text[:120]}")
            return None
        return answer

    for i in range(rounds):
        if time.perf_counter() > deadline:
            return
        await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
        found = await call("search", "/api/search", q=rng.choice(names), limit="20")
        entities = [e for e in (found.json()["entities"] if found else []) if e["records"]]
        if not entities:
            continue  # nothing found, or only hits (held, not shown): nothing to open
        entity_id = entities[0]["entity_id"]
        await call("entity", f"/api/entities/{entity_id}")
        if i % 3 == 0:
            await call("network", f"/api/network/nodes/{entity_id}")


async def run(url: str, users: int, rounds: int, seconds: float, think: float) -> int:
    """The benchmark; returns how many calls through the gate were answered (setup included)."""
    # idle connections dropped before the server's keep-alive (uvicorn: 5 s) closes them under a request
    limits = httpx.Limits(max_connections=users + 5, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        tokens = []
        for i in range(users):
            answer = await client.post(
                "/api/login", json={"user": f"analyst{i}", "password": PASSWORD}
            )
            answer.raise_for_status()
            tokens.append(answer.json()["token"])
        headers = {"Authorization": f"Bearer {tokens[0]}", **PURPOSE}
        players = (
            await client.get("/api/network/key-players", params={"top": 100}, headers=headers)
        ).json()
        groups = (await client.get("/api/network/groups", headers=headers)).json()
        names = [p["label"] for p in players["key_players"]]
        names += [m["label"] for g in groups["groups"] for m in g["members"]]
        names = sorted({n for n in names if any(c.isalpha() for c in n)})
        timings: dict[str, list[float]] = {"search": [], "entity": [], "network": []}
        errors: list[str] = []
        answered = {"setup": 2}  # key players and groups, above
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(
            *(
                analyst(client, t, names, rounds, deadline, i, think, timings, errors, answered)
                for i, t in enumerate(tokens)
            )
        )
        wall = time.perf_counter() - started
    total = sum(len(v) for v in timings.values())
    print(
        f"{users} analysts, {total} calls in {wall:.1f} s ({total / wall:.1f}/s), {len(names)} names"
    )
    print(f"{'call':8} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, values in timings.items():
        if len(values) >= 2:
            q = statistics.quantiles(values, n=100)
            print(f"{kind:8} {len(values):6} {q[49]:8.1f} {q[94]:8.1f} {q[98]:8.1f}")
    print(f"errors: {len(errors)}")
    print(
        f"load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after "
        f"({os.cpu_count()} cores): above 1.5 these are figures under load"
    )
    for line in sorted(set(errors))[:10]:
        print(f"  {line}")
    return sum(answered.values())


def audited(ws: Path) -> int:
    """Entries in the workspace's audit log, the chain verified (AuditBroken if it is not intact)."""
    with Workspace.open(ws) as workspace:
        return audit.verify(workspace)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workspace", type=Path, help="an already resolved workspace (copied first)"
    )
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10, help="search+entity rounds per analyst")
    parser.add_argument(
        "--think",
        type=float,
        default=5.0,
        help="mean seconds an analyst reads between rounds (0: a closed loop, a saturation test)",
    )
    parser.add_argument(
        "--seconds", type=float, default=300, help="stop starting new rounds after this"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossroute-load-") as tmp:
        root = Path(tmp)
        if args.workspace:
            ws = root / "ws"
            shutil.copytree(args.workspace, ws)
        else:
            ws = build(root, args.scale, args.seed)
        accounts(ws, args.users)
        before = audited(ws)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "crossroute", "serve", str(ws), "--port", str(port), "--no-web"]
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(1200):
                try:
                    if httpx.get(f"{url}/openapi.json", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.5)
            answered = asyncio.run(run(url, args.users, args.rounds, args.seconds, args.think))
        finally:
            server.terminate()
            server.wait(timeout=60)
        logged = audited(ws) - before
        print(
            f"audit log intact: {logged} entries for {answered} answered calls through the gate"
            + ("" if logged == answered else " (MISMATCH: one entry per answered call expected)")
        )


if __name__ == "__main__":
    main()

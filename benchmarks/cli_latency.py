"""How long each interactive CLI command of the README takes on the demo workspace (target: under 2 s).

    uv run python benchmarks/cli_latency.py [--workspace demo/workspace] [--repeat 2]

Without --workspace, `crossroute demo` builds one in a temporary folder first (a few minutes). Each command
runs as its own process, as a user runs it; printed per command: wall seconds (the median of --repeat runs),
the child's CPU seconds (user + system, from wait4), which a loaded machine inflates less, and its peak
RSS; and the load average before and after. A DPO account `bench-dpo` and an analyst `bench-analyst` are
added to the workspace for the gated commands. Start-up depends on compiled bytecode: `make setup`
compiles it (with PYTHONDONTWRITEBYTECODE set and no bytecode, every module is compiled on every run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ANALYST, DPO = "bench-analyst", "bench-dpo"
PURPOSE = "BENCH: command latency"
TARGET_SECONDS = 2.0


def timed(args: list[str]) -> tuple[float, float, int, float]:
    """Wall seconds, CPU seconds, exit code and peak RSS (MiB) of `crossroute ARGS` in its own process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "crossroute", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200"},
    )
    _, status, usage = os.wait4(child.pid, 0)
    return (
        time.perf_counter() - start,
        usage.ru_utime + usage.ru_stime,
        os.waitstatus_to_exitcode(status),
        usage.ru_maxrss / 1024,
    )


def accounts(workspace: Path) -> None:
    """An analyst and a DPO, made by the demo's administrator (no passwords: named with --user here)."""
    from crossroute.sharing.users import Role, add_user, get_user
    from crossroute.store import Workspace

    with Workspace.open(workspace) as ws:
        admin = get_user(ws, "demo-admin")
        known = {row[0] for row in ws.rows("SELECT name FROM sharing.users")}
        for name, role in ((ANALYST, Role.ANALYST), (DPO, Role.DPO)):
            if name not in known:
                add_user(ws, admin, name, "UK-NCA", role)


def samples(workspace: Path) -> tuple[str, str, str, str]:
    """A person's name, phone and record (SOURCE:RECORD_ID), and its entity id, from the workspace."""
    from crossroute.store import Workspace

    with Workspace.open(workspace) as ws:
        row = ws.rows(
            "SELECT p.full_name, p.phone, p.source, p.record_id, c.entity_id FROM persons p "
            "JOIN clusters c USING (source, record_id) WHERE p.phone IS NOT NULL "
            "AND p.full_name IS NOT NULL ORDER BY p.source, p.record_id LIMIT 1"
        )[0]
    return str(row[0]), str(row[1]), f"{row[2]}:{row[3]}", str(row[4])


def commands(
    ws: str, name: str, phone: str, record: str, entity: str
) -> list[tuple[str, list[str]]]:
    gated = ["--user", ANALYST, "--purpose", PURPOSE]
    return [
        ("status", ["status", ws]),
        ("status --json", ["status", ws, "--json"]),
        ("search (name)", ["search", ws, name, *gated]),
        ("search (phone)", ["search", ws, phone, *gated]),
        ("explain", ["explain", ws, record, *gated]),
        ("network groups", ["network", "groups", ws, *gated]),
        ("network key-players", ["network", "key-players", ws, *gated]),
        ("network disrupt", ["network", "disrupt", ws, entity, *gated]),
        ("audit verify", ["audit", "verify", ws]),
        ("quarantine --value-issues", ["quarantine", ws, "--value-issues", "--user", DPO,
                                       "--purpose", PURPOSE]),
        ("export clusters", ["export", ws, "clusters", "--out", str(Path(ws).parent / "c.csv")]),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="a demo workspace (default: build one)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossroute-cli-") as tmp:
        workspace = args.workspace
        if workspace is None:
            subprocess.run(
                [sys.executable, "-m", "crossroute", "demo", str(Path(tmp) / "demo")],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            workspace = Path(tmp) / "demo" / "workspace"
        accounts(workspace)
        name, phone, record, entity = samples(workspace)
        table = Table(title=f"CLI latency on {workspace} (target {TARGET_SECONDS:g} s)")
        load_before = os.getloadavg()
        for column in ("command", "wall s (median)", "CPU s", "peak MiB", "exit", "under target"):
            table.add_column(column, justify="left" if column == "command" else "right")
        figures = {}
        for label, argv in commands(str(workspace), name, phone, record, entity):
            runs = [timed(argv) for _ in range(args.repeat)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            code = runs[-1][2]
            peak = max(r[3] for r in runs)
            figures[label] = {"wall": round(wall, 2), "cpu": round(cpu, 2), "exit": code}
            ok = "yes" if wall < TARGET_SECONDS else "no"
            table.add_row(label, f"{wall:.2f}", f"{cpu:.2f}", f"{peak:.0f}", str(code), ok)
        Console(width=120).print(table)
        load_after = os.getloadavg()
        print(
            "load average (1, 5, 15 min) before: "
            + ", ".join(f"{x:.2f}" for x in load_before)
            + "; after: "
            + ", ".join(f"{x:.2f}" for x in load_after)
        )
        if args.json:
            print(json.dumps(figures))


if __name__ == "__main__":
    main()

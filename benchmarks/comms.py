"""Seized communications benchmark: handle attribution (pairwise F1) and triage (precision over the top
5% of messages) on simulated corpora never used for tuning, the easy case (people announce new
handles, code words regular), the hard one (few announce, code words change monthly) and the silent
one (nobody announces, code words change monthly), each against
its baseline (contact-set similarity; plain TF-IDF of the seed words); then the full load (parse,
store, index) of a large corpus (written to /tmp and deleted after) and search latency at that size.

    .tools/bin/uv run --frozen python benchmarks/comms.py [--index-messages 10000000] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

from crossroute.analysis.comms import index
from crossroute.analysis.comms import messages as corpus_messages
from crossroute.analysis.comms.access import Access, Visible
from crossroute.analysis.comms.attribution import attribute
from crossroute.analysis.comms.corpus import load_corpus
from crossroute.analysis.comms.messages import Messages
from crossroute.analysis.comms.triage import triage
from crossroute.simulate.comms import CommsParams, simulate_comms
from crossroute.store import Workspace


def pairwise_f1(pred: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    def pairs(mapping: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for handle, cluster in mapping.items():
            groups[cluster].append(handle)
        return {tuple(sorted(p)) for g in groups.values() for p in combinations(g, 2)}  # type: ignore[misc]

    got, want = pairs(pred), pairs(truth)
    tp = len(got & want)
    p = tp / len(got) if got else 1.0
    r = tp / len(want) if want else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def average_precision(ranked: list[str], wanted: set[str]) -> float:
    """Mean of the precision at each wanted item's rank (wanted items never ranked count 0)."""
    found, total = 0, 0.0
    for i, item in enumerate(ranked, 1):
        if item in wanted:
            found += 1
            total += found / i
    return total / max(1, len(wanted))


def contact_baseline(messages: Messages, threshold: float = 0.5) -> dict[str, str]:
    """Handles whose contact sets have Jaccard >= threshold are one person (connected components)."""
    contacts: list[set[int]] = [set() for _ in messages.handles]
    for a, b in zip(messages.sender.tolist(), messages.receiver.tolist(), strict=True):
        contacts[a].add(b)
        contacts[b].add(a)
    parent = list(range(len(contacts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_contact: dict[int, set[int]] = defaultdict(set)
    for h, cs in enumerate(contacts):
        for c in cs:
            by_contact[c].add(h)
    seen = set()
    for members in by_contact.values():
        for a, b in combinations(sorted(members), 2):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            union = len(contacts[a] | contacts[b])
            if union and len(contacts[a] & contacts[b]) / union >= threshold:
                parent[find(a)] = find(b)
    return {h: str(find(i)) for i, h in enumerate(messages.handles)}


def precision_at(scores: np.ndarray, truth: np.ndarray, share: float = 0.05) -> float:
    k = max(1, int(len(scores) * share))
    return float(truth[np.argsort(-scores, kind="stable")[:k]].mean())


def quality(out: Path, name: str, params: CommsParams) -> None:
    folder = out / name
    shutil.rmtree(folder, ignore_errors=True)
    counts = simulate_comms(folder, params)
    ws = Workspace.create(folder / "ws")
    report = load_corpus(ws, folder / "messages.csv", "BE-FGP")
    msgs = corpus_messages.load(ws, Access(None, None, (Visible(report.corpus_id, None, None),)))  # type: ignore[arg-type]
    with (folder / "truth" / "handles.csv").open() as f:
        truth = {r["handle"]: r["person_id"] for r in csv.DictReader(f)}
    with (folder / "truth" / "messages.csv").open() as f:
        criminal = {r["msg_id"]: r["criminal"] == "True" for r in csv.DictReader(f)}
    started = time.perf_counter()
    attributed = attribute(msgs)
    took = time.perf_counter() - started
    ours = pairwise_f1(attributed.cluster_of, truth)
    base = max(
        ((*pairwise_f1(contact_baseline(msgs, t), truth), t) for t in (0.1, 0.2, 0.3, 0.5)),
        key=lambda r: r[2],
    )
    started = time.perf_counter()
    scored = triage(msgs)
    took_triage = time.perf_counter() - started
    y = np.array([criminal[m] for m in msgs.msg_id])
    print(f"\n{name}: {counts}")
    print(f"  handles  pairwise P/R/F1 ours {ours[0]:.4f}/{ours[1]:.4f}/{ours[2]:.4f} ({took:.1f} s)"
          f"   contact-set baseline (best Jaccard threshold {base[3]}) "
          f"{base[0]:.4f}/{base[1]:.4f}/{base[2]:.4f}")  # fmt: skip
    print(f"  triage   precision@top5% ours {precision_at(scored.scores, y):.4f} ({took_triage:.1f} s)"
          f"   plain TF-IDF {precision_at(scored.baseline, y):.4f}")  # fmt: skip
    with (folder / "truth" / "people.csv").open() as f:
        insiders = {r["person_id"] for r in csv.DictReader(f) if r["role"] == "insider"}
    wanted = {h for h, p in truth.items() if p in insiders}
    ranked = [h for h, _, _ in scored.insiders]
    print(
        f"  insiders average precision {average_precision(ranked, wanted):.3f}, "
        f"insider people's handles in the top 10: {len(wanted & set(ranked[:10]))} "
        f"(of {len(wanted)} handles, {len(insiders)} people)"
    )
    ws.close()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def write_big_corpus(seed_corpus: Path, big: Path, n: int) -> None:
    """n messages streamed to a CSV one copy (about 100,000 rows) at a time: the simulated corpus
    repeated with new ids, days shifted, handles renamed per copy, and a rare word added to 30 % of
    the texts."""
    import duckdb

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE seed AS SELECT * FROM read_csv(?, all_varchar = true)", [str(seed_corpus)]
    ).fetchall()
    base = int(con.execute("SELECT count(*) FROM seed").fetchall()[0][0])
    part = big.with_suffix(".part")
    try:
        with big.open("wb") as out:
            for r in range(-(-n // base)):
                con.execute(
                    "COPY (SELECT 'x' || $1 || '-' || msg_id AS msg_id, "
                    "strftime(CAST(timestamp AS TIMESTAMP) + INTERVAL ($1 * 181) DAY, "
                    "'%Y-%m-%dT%H:%M:%S') AS timestamp, from_handle || '.' || ($1 % 50) "
                    "AS from_handle, to_handle || '.' || ($1 % 50) AS to_handle, "
                    "CASE WHEN hash($1, msg_id) % 10 < 3 THEN text || ' w' || "
                    "(hash(msg_id, $1) % 500000) ELSE text END AS text, device_id FROM seed "
                    f"LIMIT $2) TO '{part}' (HEADER {'true' if r == 0 else 'false'})",
                    [r, min(base, n - r * base)],
                ).fetchall()
                with part.open("rb") as f:
                    shutil.copyfileobj(f, out, 1 << 22)
    finally:
        part.unlink(missing_ok=True)
        con.close()


def search_latency(ws: Workspace, n: int) -> None:
    """Search through the gate (hits with their conversation) and in the index alone, for rare,
    common, phrase, boolean and filtered queries (median / p95 of 7 each)."""
    from crossroute.analysis.comms import access, search
    from crossroute.sharing import require_purpose, users
    from crossroute.sharing.users import Role

    if not ws.scalar("SELECT count(*) FROM sharing.users WHERE name = 'ana'"):
        admin = users.create_first_admin(ws, "admin", "BE-FGP", "admin-password-1")
        users.add_user(ws, admin, "ana", "BE-FGP", Role.ANALYST, None)
    purpose = require_purpose("OP-1: benchmark")
    handle = ws.scalar(
        "SELECT from_handle FROM comms.messages WHERE norm LIKE '%tickets%' "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    month = ws.scalar("SELECT min(ts)::DATE + 40 FROM comms.messages")
    queries = {
        "rare word": "w4242",
        "common word (in 43 % of messages)": "the",
        "common word": "haha",
        "phrase": '"the scan"',
        "boolean AND": "container AND scan",
        "boolean OR": "tickets OR shirts",
        "boolean NOT": "pin NOT bank",
        "handle filter": f"tickets from:{handle}",
        "date filter": f"antwerp after:{month} before:{month + dt.timedelta(days=30)}",
    }
    visible = [(c.corpus_id, c.date_from, c.date_to)
               for c in access.authorise(ws, "ana", purpose).corpora]  # fmt: skip
    print(f"  search at {n:,} messages, top 20 (median / p95 of 7, wall; CPU median):")
    every = []
    for kind, text in queries.items():
        walls, cpus, inner = [], [], []
        for _ in range(7):
            c0, w0 = _cpu(), time.perf_counter()
            hits = search.search(ws, "ana", text, purpose)
            walls.append(time.perf_counter() - w0)
            cpus.append(_cpu() - c0)
            w0 = time.perf_counter()
            found = index.match(ws, index.parse(text), visible, 20)
            inner.append(time.perf_counter() - w0)
        walls.sort()
        every += walls
        print(f"    {kind:34s} {statistics.median(walls) * 1000:7.1f} / {walls[-1] * 1000:7.1f} ms"
              f"  CPU {statistics.median(cpus) * 1000:6.1f} ms  (index alone "
              f"{statistics.median(inner) * 1000:6.1f} ms; {len(hits)} hits of "
              f"{found.count:,} matches)")  # fmt: skip
    every.sort()
    print(f"  all queries: median {statistics.median(every) * 1000:.1f} ms, p95 "
          f"{every[int(0.95 * (len(every) - 1))] * 1000:.1f} ms (wall, load average "
          f"{os.getloadavg()[0]:.1f})")  # fmt: skip


def scale(out: Path, n: int, seed_corpus: Path, keep: bool) -> None:
    """A corpus of n messages loaded (parsed, checked, folded, stored, indexed) from scratch, then
    search latency through the gate (hits with their conversation) and in the index alone."""
    folder = Path(tempfile.mkdtemp(prefix="comms-scale-", dir=out))
    print(f"\nlarge corpus and its workspace in {folder}")
    try:
        big = folder / "messages.csv"
        started = time.perf_counter()
        write_big_corpus(seed_corpus, big, n)
        print(f"\nwrote {n:,} messages ({big.stat().st_size / 1e9:.2f} GB) in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        ws = Workspace.create(folder / "ws")
        ws.db.execute("SET memory_limit = '3GB'")
        load_before = os.getloadavg()[0]
        cpu, started, main = _cpu(), time.perf_counter(), time.thread_time()
        report = load_corpus(ws, big, "BE-FGP")
        wall, cpu, main = time.perf_counter() - started, _cpu() - cpu, time.thread_time() - main
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
        ws.db.execute("CHECKPOINT")
        print(f"full load (parse, check, fold, store, index) of {report.loaded:,} messages: "
              f"{wall:.1f} s wall = {report.loaded / wall:,.0f} messages/s; {cpu:.1f} CPU s "
              f"(user + system, all threads) = {report.loaded / cpu:,.0f} messages per CPU s; "
              f"peak RSS {peak:.2f} GB; load average {load_before:.1f} before, "
              f"{os.getloadavg()[0]:.1f} after")  # fmt: skip
        print(f"  of which the calling thread {main:.1f} CPU s: on a quiet 2-core machine the load "
              f"takes at least max(that, CPU / 2) = {max(main, cpu / 2):.1f} s = at most "
              f"{report.loaded / max(main, cpu / 2):,.0f} messages/s")  # fmt: skip
        print(f"  sizes: CSV {big.stat().st_size / 1e9:.2f} GB, DuckDB "
              f"{(folder / 'ws' / 'crossroute.duckdb').stat().st_size / 1e9:.2f} GB, index "
              f"{_size(folder / 'ws' / index.INDEX_DIR) / 1e9:.2f} GB (of which display file "
              f"{sum(f.stat().st_size for f in (folder / 'ws' / index.INDEX_DIR).glob('*.arrow')) / 1e9:.2f} GB)")  # fmt: skip
        search_latency(ws, report.loaded)
        ws.close()
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("bench-out/comms"))
    parser.add_argument("--index-messages", type=int, default=10_000_000)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument(
        "--scale-dir",
        type=Path,
        default=Path("/tmp"),
        help="where the large corpus and its workspace go (deleted after)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the large corpus")
    parser.add_argument("--search-only", type=Path, help="time searches in this loaded workspace")
    args = parser.parse_args()
    if args.search_only:
        with Workspace.open(args.search_only) as ws:
            n = int(ws.scalar("SELECT count(*) FROM comms.messages"))
            print(f"\nsearch in {args.search_only} ({n:,} messages)")
            search_latency(ws, n)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.skip_quality:
        quality(args.out, "easy", CommsParams(seed=101))
        quality(args.out, "hard", CommsParams(seed=102, announce=0.1, changing_codes=True))
        quality(args.out, "silent", CommsParams(seed=103, announce=0.0, changing_codes=True))
    seed_corpus = args.out / "easy" / "messages.csv"
    if not seed_corpus.exists():
        simulate_comms(args.out / "easy", CommsParams(seed=101))
    if args.index_messages > 0:
        scale(args.scale_dir, args.index_messages, seed_corpus, args.keep)


if __name__ == "__main__":
    main()

"""Seized communications benchmark: handle attribution (pairwise F1) and triage (precision over the top
5% of messages) on simulated corpora never used for tuning, the easy case (people announce new
handles, code words regular) and the hard one (few announce, code words change monthly), each against
its baseline (contact-set similarity; plain TF-IDF of the seed words); then the full load (parse,
store, index) of a large corpus and search latency at that size.

    .tools/bin/uv run --frozen python benchmarks/comms.py [--index-messages 10000000] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
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
    ws.close()


def scale(out: Path, n: int, seed_corpus: Path) -> None:
    """A corpus of n messages (the simulated one repeated with new ids and shifted days), loaded
    and indexed from scratch; then search latency."""
    folder = out / "scale"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    big = folder / "messages.csv"
    import duckdb

    con = duckdb.connect()
    base = int(con.execute("SELECT count(*) FROM read_csv(?)", [str(seed_corpus)]).fetchone()[0])  # type: ignore[index]
    copies = max(1, -(-n // base))
    con.execute(
        "COPY (SELECT 'x' || r || '-' || msg_id AS msg_id, "
        "strftime(CAST(timestamp AS TIMESTAMP) + INTERVAL (r * 181) DAY, '%Y-%m-%dT%H:%M:%S') "
        "AS timestamp, from_handle || '.' || (r % 50) AS from_handle, to_handle || '.' || (r % 50) "
        "AS to_handle, text, device_id FROM read_csv(?, all_varchar = true), range(?) t(r) "
        "LIMIT ?) TO '" + str(big).replace("'", "''") + "' (HEADER)",
        [str(seed_corpus), copies, n],
    )
    con.close()
    ws = Workspace.create(folder / "ws")
    started = time.perf_counter()
    report = load_corpus(ws, big, "BE-FGP")
    stored = time.perf_counter() - started
    index.refresh(ws)
    total = time.perf_counter() - started
    print(f"\nfull load of {report.loaded:,} messages: store {stored:.1f} s, index "
          f"{total - stored:.1f} s, total {total:.1f} s = {report.loaded / total:,.0f} messages/s")  # fmt: skip
    corpora = [report.corpus_id]
    for text in ('"the scan"', "container AND scan", "nesër", "tickets from:sky-11b16def.3",
                 "kill NOT haha", "antwerp after:2030-01-01 before:2030-02-01"):  # fmt: skip
        query = index.parse(text)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            index.match(ws, query, corpora, 20)
            times.append(time.perf_counter() - started)
        print(f"  search {text!r}: median {statistics.median(times) * 1000:.0f} ms")
    ws.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("bench-out/comms"))
    parser.add_argument("--index-messages", type=int, default=10_000_000)
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.skip_quality:
        quality(args.out, "easy", CommsParams(seed=101))
        quality(args.out, "hard", CommsParams(seed=102, announce=0.1, changing_codes=True))
    seed_corpus = args.out / "easy" / "messages.csv"
    if not seed_corpus.exists():
        simulate_comms(args.out / "easy", CommsParams(seed=101))
    if args.index_messages > 0:
        scale(args.out, args.index_messages, seed_corpus)


if __name__ == "__main__":
    main()

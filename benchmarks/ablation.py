"""What each step of person resolution buys, in F1: the same workspace resolved with parts switched off.

    uv run python benchmarks/ablation.py [--scale medium] [--seed 1]

Simulates a scenario (ground truth kept apart), ingests it, then scores pairs with and without name
knowledge (skeletons, rigour name-part identifiers, part-wise levels and blocking) and clusters them with
and without the refusal of contradictions and of pairs that share only identifiers and one name part.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from crossroute.model.record_key import RecordKey
from crossroute.resolve.clustering import Facts, cluster
from crossroute.resolve.features import person_features
from crossroute.resolve.linkage import score_pairs
from crossroute.resolve.runner import record_facts, weak_identity
from crossroute.store import Workspace


def scores(
    records: list[str], truth: Mapping[str, str], predicted: Mapping[str, str]
) -> tuple[float, float]:
    """Pairwise F1 and B-cubed F1."""
    true_sizes, pred_sizes, both = Counter(), Counter(), Counter()
    for r in records:
        true_sizes[truth[r]] += 1
        pred_sizes[predicted[r]] += 1
        both[(truth[r], predicted[r])] += 1

    def pairs(counts: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    hit = pairs(both.values())
    precision = hit / max(pairs(pred_sizes.values()), 1)
    recall = hit / max(pairs(true_sizes.values()), 1)
    b_precision = sum(
        both[(truth[r], predicted[r])] / pred_sizes[predicted[r]] for r in records
    ) / len(records)
    b_recall = sum(both[(truth[r], predicted[r])] / true_sizes[truth[r]] for r in records) / len(
        records
    )
    return 2 * precision * recall / (precision + recall), 2 * b_precision * b_recall / (
        b_precision + b_recall
    )


def prepare(folder: Path, scale: str, seed: int) -> tuple[Path, dict[str, str]]:
    crossroute = [sys.executable, "-m", "crossroute"]
    scenario, ws = folder / "scenario", folder / "ws"
    for args in (
        ["simulate", scenario, "--seed", str(seed), "--scale", scale],
        ["init", ws],
        ["ingest", ws, scenario],
    ):
        subprocess.run([*crossroute, *map(str, args)], check=True, capture_output=True)
    with (scenario / "truth" / "records.csv").open(encoding="utf-8") as handle:
        truth = {
            str(RecordKey(r["source"], r["record_id"])): r["entity_id"]
            for r in csv.DictReader(handle)
            if r["schema"] == "Person"
        }
    return ws, truth


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossroute-ablation-") as tmp:
        ws_path, truth = prepare(Path(tmp), args.scale, args.seed)
        with Workspace.open(ws_path) as ws:
            features = person_features(ws)
            facts = record_facts(ws)
            records = features.column("unique_id").to_pylist()
            print(
                f"{len(records):,} person records, {len(set(truth.values())):,} true persons ({args.scale}, seed {args.seed})"
            )
            for knowledge in (False, True):
                started = time.perf_counter()
                scored = score_pairs(
                    features, spill_to=Path(tmp) / "spill", name_knowledge=knowledge
                )
                left = scored.pairs.column("unique_id_l").to_pylist()
                right = scored.pairs.column("unique_id_r").to_pylist()
                probability = scored.pairs.column("match_probability").to_pylist()
                all_pairs = list(zip(left, right, probability, strict=True))
                weak = weak_identity(scored.pairs)
                strong_pairs = [p for p, w in zip(all_pairs, weak, strict=True) if not w]
                label = "with name knowledge" if knowledge else "spelling only     "
                variants: dict[str, tuple[list[tuple[str, str, float]], Mapping[str, Facts]]] = {
                    "connected components": (all_pairs, {}),
                    "+ refuse contradictions": (all_pairs, facts),
                    "+ refuse shared-identifier-only pairs": (strong_pairs, facts),
                }
                for name, (pairs, known) in variants.items():
                    entity_of, _ = cluster(records, pairs, known, 0.5)
                    pairwise, bcubed = scores(records, truth, entity_of)
                    print(f"{label}  {name:40} pairwise F1 {pairwise:.4f}  B-cubed F1 {bcubed:.4f}")
                print(
                    f"{label}  ({len(all_pairs):,} candidate pairs, {time.perf_counter() - started:.0f} s)"
                )


if __name__ == "__main__":
    main()

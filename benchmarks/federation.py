"""Privacy-preserving hit/no-hit matching against plaintext resolution, its speed, and an attack on it.

    uv run python benchmarks/federation.py [--seed 7] [--scale medium] [--json] [--workdir DIR]
    uv run python benchmarks/federation.py --fit      # refit the scoring weights (on seed 1)
    uv run python benchmarks/federation.py --speed    # only the matchers' speeds

The simulator's scenario is ingested into one workspace and split across three nodes by agency
(UK: UK-NCA, EU-EUROPOL; FR: FR-OCRIEST, BE-FJP, BE-CUSTOMS; AL: AL-ASP, DE-BKA). Each node publishes
its persons' encodings and identifier digests (`federation.publish`, sources = its agencies), and
every pair of nodes is matched (`federation.match_persons`, all pairs at probability >= 0.5).

Figures, all over *cross-node record pairs* (two Person records on different nodes), against the
simulator's ground truth (`truth/records.csv`):
- `f1_plain`: pairwise F1 of `crossroute resolve` on the whole workspace (every agency's plaintext
  pooled: what the nodes would get by sharing everything), counting a cross-node pair as linked when
  both records are in one entity;
- `f1_pprl`: pairwise F1 of the hits between nodes (a pair is linked when it is a hit);
- `comparisons_per_s`: filter comparisons per second of our matcher over the three node pairs
  (`candidate_pairs` at the candidate threshold; all |A| x |B| pairs are compared), best of 3 runs;
- `anonlink_comparisons_per_s`: anonlink's `dice_coefficient_accelerated` on the same filters and
  threshold, in the same run, best of 3;
- `reidentified_share`: the largest share of records re-identified by the frequency attacks of
  `federation_attacks.py` on published encodings: on the three nodes' encodings of the scenario (the
  attacker's list: another seed's simulated names), and on a population with realistic, Zipf-
  distributed name frequencies (`federation_population.py`, 20,000 persons; the attacker's list: a
  five times larger draw of the same distribution), where common names repeat as they do in life.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from crossroute.federation import (
    Encoder,
    Encodings,
    EncodingSpec,
    FederationSecret,
    PersonValues,
    Publication,
    candidate_pairs,
    match_persons,
    publish,
    read_persons,
)
from crossroute.federation.gated import Reader
from crossroute.federation.hardening import unpack
from crossroute.federation.scoring import CANDIDATE_DICE, features, fit
from crossroute.model.record_key import RecordKey
from crossroute.resolve.names import name_keys
from crossroute.sharing import Purpose, Role
from crossroute.sharing.users import add_user, create_first_admin
from crossroute.store import Workspace
from federation_attacks import (
    cluster_frequency_attack,
    frequency_attack,
    pattern_mining_attack,
)
from federation_population import draw_population

NODES = {
    "UK": ("UK-NCA", "EU-EUROPOL"),
    "FR": ("FR-OCRIEST", "BE-FJP", "BE-CUSTOMS"),
    "AL": ("AL-ASP", "DE-BKA"),
}
NODE_OF = {agency: node for node, agencies in NODES.items() for agency in agencies}
Pair = frozenset[str]
PURPOSE = Purpose("federation benchmark: hit/no-hit encodings")
POPULATION = 20_000  # persons of the realistic population attacked
PUBLISHED_ATTACKS = (
    "identical_filters",
    "identical_name_segments",
    "similar_filters_0.8",
    "similar_name_segments_0.9",
    "pattern_mining",
)


def crossroute(*args: object) -> None:
    command = [sys.executable, "-m", "crossroute", *map(str, args)]
    subprocess.run(command, check=True, capture_output=True)


def prepare(folder: Path, seed: int, scale: str) -> tuple[Path, Path]:
    """Simulate, ingest; returns (scenario, workspace), reusing them when already there."""
    scenario, ws = folder / f"scenario-{scale}-{seed}", folder / f"ws-{scale}-{seed}"
    if not (scenario / "truth" / "records.csv").exists():
        crossroute("simulate", scenario, "--seed", seed, "--scale", scale)
    if not ws.exists():
        crossroute("init", ws)
        crossroute("ingest", ws, scenario)
    return scenario, ws


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def truth_entities(scenario: Path) -> dict[str, str]:
    """source|record_id -> true entity, for Person records."""
    rows = read_csv(scenario / "truth" / "records.csv")
    return {
        str(RecordKey(r["source"], r["record_id"])): r["entity_id"]
        for r in rows
        if r["schema"] == "Person"
    }


def skeletons(name: str) -> tuple[str, ...]:
    return name_keys(name).skeletons


def folded(name: str) -> str | None:
    return name_keys(name).sorted_name if name.strip() else None


def sorted_name(name: str) -> str:
    return name_keys(name).sorted_name or name.lower()


def true_names(scenario: Path) -> dict[str, str]:
    """entity -> the person's true name, folded."""
    rows = read_csv(scenario / "truth" / "persons.csv")
    found = {r["entity_id"]: folded(f"{r['given_name']} {r['family_name']}") for r in rows}
    return {entity: name for entity, name in found.items() if name}


def cross_pairs(labels: Mapping[str, str]) -> set[Pair]:
    """Pairs of records on different nodes that share a label."""
    groups: dict[str, list[str]] = {}
    for key, label in labels.items():
        groups.setdefault(label, []).append(key)
    return {
        frozenset((a, b))
        for keys in groups.values()
        for a, b in itertools.combinations(keys, 2)
        if node(a) != node(b)
    }


def node(key: str) -> str:
    return NODE_OF[RecordKey.parse(key).source]


def pairwise_f1(predicted: set[Pair], true: set[Pair]) -> dict[str, float]:
    both = len(predicted & true)
    precision = both / len(predicted) if predicted else 1.0
    recall = both / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def plaintext_pairs(ws: Path, folder: Path) -> set[Pair]:
    """Cross-node pairs in one entity after `crossroute resolve` on a copy of the whole workspace."""
    resolved = folder / "ws-plain"
    if resolved.exists():
        shutil.rmtree(resolved)
    shutil.copytree(ws, resolved)
    crossroute("resolve", resolved)
    with Workspace.open(resolved, read_only=True) as workspace:
        rows = workspace.rows(f"SELECT {RecordKey.SQL}, entity_id FROM clusters")
    return cross_pairs(dict(rows))


def reader(node_name: str) -> Reader:
    """The node's publishing account: an analyst of its first agency, reading through the gate."""
    return Reader(f"publisher-{node_name.lower()}", PURPOSE)


def add_publishers(workspace: Workspace) -> None:
    if workspace.scalar("SELECT count(*) FROM sharing.users WHERE name = 'bench-admin'"):
        return
    admin = create_first_admin(workspace, "bench-admin", "UK-NCA", "the benchmark's administrator")
    for name, agencies in NODES.items():
        add_user(workspace, admin, reader(name).user, agencies[0], Role.ANALYST)


def publications(ws: Path, secret: FederationSecret, spec: EncodingSpec) -> dict[str, Publication]:
    """Each node's publication, read through the sharing gate by its publishing account: records
    the policy withholds (victims, witnesses, minors, TLP RED, AMBER+STRICT) are not published."""
    with Workspace.open(ws) as workspace:
        add_publishers(workspace)
        return {
            n: publish(workspace, secret, n, reader(n), spec, agencies)
            for n, agencies in NODES.items()
        }


def published_only(pairs: set[Pair], published: Mapping[str, Publication]) -> set[Pair]:
    keys = {key for p in published.values() for key in p.records.values()}
    return {pair for pair in pairs if pair <= keys}


def pprl_pairs(published: Mapping[str, Publication]) -> set[Pair]:
    """Hits between every two nodes, as pairs of record keys."""
    found: set[Pair] = set()
    for a, b in itertools.combinations(published, 2):
        mine, theirs = published[a], published[b]
        for hit in match_persons(mine.encodings, theirs.encodings):
            found.add(frozenset((mine.records[hit.query], theirs.records[hit.reference])))
    return found


def best_rate(run: Callable[[], int], comparisons: int, repeats: int = 3) -> tuple[float, int]:
    """Comparisons per second of the fastest of `repeats` runs, and the pairs it found."""
    best, found = 0.0, 0
    for _ in range(repeats):
        started = time.perf_counter()
        found = run()
        best = max(best, comparisons / (time.perf_counter() - started))
    return best, found


def node_pairs(published: Mapping[str, Publication]) -> list[tuple[Encodings, Encodings]]:
    return [
        (published[a].encodings, published[b].encodings)
        for a, b in itertools.combinations(published, 2)
    ]


def our_speed(published: Mapping[str, Publication]) -> tuple[float, int, int]:
    pairs = node_pairs(published)
    comparisons = sum(len(a) * len(b) for a, b in pairs)

    def run() -> int:
        return sum(len(candidate_pairs(a.filters, b.filters, CANDIDATE_DICE)) for a, b in pairs)

    rate, found = best_rate(run, comparisons)
    return rate, found, comparisons


def anonlink_speed(published: Mapping[str, Publication]) -> tuple[float, int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # anonlink imports pkg_resources
        from anonlink import candidate_generation, similarities
    from bitarray import bitarray

    def bits(encodings: Encodings) -> list[Any]:
        rows = []
        for row in encodings.filters:
            filter_bits = bitarray(endian="little")
            filter_bits.frombytes(row.tobytes())
            rows.append(filter_bits)
        return rows

    pairs = [(bits(a), bits(b)) for a, b in node_pairs(published)]
    comparisons = sum(len(a) * len(b) for a, b in pairs)

    def run() -> int:
        total = 0
        for a, b in pairs:
            scores, _, _ = candidate_generation.find_candidate_pairs(
                [a, b], similarities.dice_coefficient_accelerated, CANDIDATE_DICE
            )
            total += len(scores)
        return total

    return best_rate(run, comparisons)


def attacks(
    ws: Path,
    secret: FederationSecret,
    spec: EncodingSpec,
    truth: Mapping[str, str],
    names_of: Mapping[str, str],
    public: Counter[str],
) -> dict[str, float]:
    """Every attack's re-identified share on the encodings of all nodes together; the pattern-mining
    attack also on the same encodings without XOR-folding, to show what the folding buys."""
    persons = []
    with Workspace.open(ws) as workspace:
        for name, agencies in NODES.items():
            persons.extend(read_persons(workspace, reader(name), agencies))
    names = [{n for n in (folded(v.name or ""), names_of.get(truth[k])) if n} for k, v in persons]
    size = spec.hashes["skeleton"]
    found: dict[str, float] = {}
    for label, chosen in (("", spec), ("unfolded_", dataclasses.replace(spec, xor_folds=0))):
        filters = Encoder(secret, chosen).encode([values for _, values in persons])
        name_part = np.ascontiguousarray(filters[:, chosen.segment_words()["name"]])
        found[f"{label}pattern_mining"] = pattern_mining_attack(
            unpack(name_part), names, public, skeletons, size - 2
        )
        found[f"{label}item_positions_always_set"] = always_set(
            Encoder(secret, chosen), chosen, persons, name_part
        )
        if label:
            continue
        found["identical_filters"] = frequency_attack(filters, names, public)
        found["identical_name_segments"] = frequency_attack(name_part, names, public)
        found["similar_filters_0.8"] = cluster_frequency_attack(filters, names, public, 0.8)
        found["similar_name_segments_0.9"] = cluster_frequency_attack(name_part, names, public, 0.9)
    return found


def realistic_attacks(spec: EncodingSpec, seed: int, size: int = POPULATION) -> dict[str, Any]:
    """The frequency attacks on a population with realistic (Zipf) name frequencies
    (`federation_population.py`), the attacker's public list a five times larger draw of the same
    distribution; for the published spec, the same unfolded, and salted by year of birth; and the
    published spec on a more concentrated population (Zipf s = 1.2)."""
    secret = FederationSecret.generate()
    public = Counter(sorted_name(p.name) for p in draw_population(5 * size, seed + 1))
    found: dict[str, Any] = {}
    cases = (
        ("", spec, 1.0),
        ("unfolded_", dataclasses.replace(spec, xor_folds=0), 1.0),
        ("salted_", dataclasses.replace(spec, salt="birth_year"), 1.0),
        ("zipf1.2_", spec, 1.2),
    )
    for label, chosen, s in cases:
        attacked = draw_population(size, seed, s)
        names = [{sorted_name(p.name)} for p in attacked]
        carried = Counter(n for (n,) in names)
        if label in ("", "zipf1.2_"):
            found[f"{label}population"] = {
                "persons": size,
                "distinct_names": len(carried),
                "commonest_name_share": round(carried.most_common(1)[0][1] / size, 4),
                "top_100_names_share": round(sum(c for _, c in carried.most_common(100)) / size, 4),
            }
        public_for = (
            public
            if s == 1.0
            else Counter(sorted_name(p.name) for p in draw_population(5 * size, seed + 1, s))
        )
        filters = Encoder(secret, chosen).encode([p.values for p in attacked])
        name_part = np.ascontiguousarray(filters[:, chosen.segment_words()["name"]])
        found[f"{label}identical_filters"] = frequency_attack(filters, names, public_for)
        found[f"{label}identical_name_segments"] = frequency_attack(name_part, names, public_for)
        found[f"{label}similar_name_segments_0.9"] = cluster_frequency_attack(
            name_part, names, public_for, 0.9
        )
        found[f"{label}pattern_mining"] = pattern_mining_attack(
            unpack(name_part), names, public_for, skeletons, chosen.hashes["skeleton"] - 2
        )
    return found


def always_set(
    encoder: Encoder,
    spec: EncodingSpec,
    persons: list[tuple[str, PersonValues]],
    name_part: np.ndarray[Any, np.dtype[np.uint64]],
    top: int = 50,
) -> float:
    """What a pattern-mining attack needs, measured with the key: of the published positions of the
    `top` most frequent name-part skeletons, the share set in (nearly) every filter holding that
    skeleton. 1.0 for plain Bloom filters; XOR-folding should take it towards 0."""
    bits = unpack(name_part)
    holders: dict[str, list[int]] = {}
    for row, (_, values) in enumerate(persons):
        for item in set(name_keys(values.name).skeletons) if values.name else ():
            holders.setdefault(item, []).append(row)
    folded_width = spec.name_bits >> spec.xor_folds
    shares = []
    for item, rows in sorted(holders.items(), key=lambda kv: -len(kv[1]))[:top]:
        positions = sorted({int(p) % folded_width for p in encoder.positions("skeleton", item)})
        shares.append(float((bits[rows][:, positions].mean(axis=0) >= 0.98).mean()))
    return round(float(np.mean(shares)), 4)


def public_names(folder: Path, seed: int, scale: str) -> Counter[str]:
    """The attacker's name list: another simulated population's names and how many carry each."""
    scenario = folder / f"public-{scale}-{seed}"
    if not (scenario / "truth" / "persons.csv").exists():
        crossroute("simulate", scenario, "--seed", seed, "--scale", scale)
    return Counter(true_names(scenario).values())


def fit_weights(folder: Path, secret: FederationSecret, spec: EncodingSpec) -> dict[str, float]:
    """Fit the scoring weights on seed 1 (medium): every candidate pair between nodes, labelled."""
    scenario, ws = prepare(folder, 1, "medium")
    truth = truth_entities(scenario)
    published = publications(ws, secret, spec)
    rows: list[np.ndarray[Any, np.dtype[np.float64]]] = []
    labels: list[bool] = []
    for a, b in itertools.combinations(published, 2):
        mine, theirs = published[a], published[b]
        found = candidate_pairs(mine.encodings.filters, theirs.encodings.filters, CANDIDATE_DICE)
        rows.append(features(mine.encodings, theirs.encodings, found))
        labels.extend(
            truth[mine.records[mine.encodings.references[q]]]
            == truth[theirs.records[theirs.encodings.references[r]]]
            for q, r in zip(found.query.tolist(), found.base.tolist(), strict=True)
        )
    return fit(np.concatenate(rows), np.array(labels))


def speeds(folder: Path, seed: int, scale: str) -> dict[str, Any]:
    """Both matchers' comparisons per second on the same encodings, and the load around them."""
    _, ws = prepare(folder, seed, scale)
    published = publications(ws, FederationSecret.generate(), EncodingSpec())
    before = load()
    ours, _, comparisons = our_speed(published)
    theirs, _ = anonlink_speed(published)
    return {
        "comparisons_per_s": round(ours),
        "anonlink_comparisons_per_s": round(theirs),
        "comparisons": comparisons,
        "load_average": {"before_speed": before, "after": load()},
    }


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(folder: Path, seed: int, scale: str) -> dict[str, Any]:
    secret, spec = FederationSecret.generate(), EncodingSpec()
    scenario, ws = prepare(folder, seed, scale)
    truth = truth_entities(scenario)
    true = cross_pairs(truth)
    started = time.perf_counter()
    published = publications(ws, secret, spec)
    encode_s = time.perf_counter() - started
    shown = published_only(true, published)
    started = time.perf_counter()
    found_pprl = pprl_pairs(published)
    pprl = pairwise_f1(found_pprl, shown)
    match_s = time.perf_counter() - started
    found_plain = plaintext_pairs(ws, folder)
    plain = pairwise_f1(published_only(found_plain, published), shown)
    load_before = load()
    ours, our_found, comparisons = our_speed(published)
    theirs, their_found = anonlink_speed(published)
    public = public_names(folder, seed + 1000, scale)
    attacked = attacks(ws, secret, spec, truth, true_names(scenario), public)
    realistic = realistic_attacks(spec, seed)
    published_attacks = {k: v for k, v in attacked.items() if k in PUBLISHED_ATTACKS}
    published_attacks |= {
        f"realistic_{k}": v for k, v in realistic.items() if k in PUBLISHED_ATTACKS
    }
    return {
        "f1_plain": plain["f1"],
        "f1_pprl": pprl["f1"],
        "comparisons_per_s": round(ours),
        "anonlink_comparisons_per_s": round(theirs),
        "reidentified_share": round(max(published_attacks.values()), 4),
        "plain": plain,
        "pprl": pprl,
        "plain_all_records": pairwise_f1(found_plain, true),
        "pprl_all_records": pairwise_f1(found_pprl, true),
        "true_cross_pairs": len(true),
        "true_cross_pairs_published": len(shown),
        "persons_in_nodes": len(truth),
        "records": {n: len(p.encodings) for n, p in published.items()},
        "comparisons": comparisons,
        "candidates": {"ours": our_found, "anonlink": their_found},
        "attacks": {k: round(v, 4) for k, v in attacked.items()},
        "realistic_attacks": {
            k: v if isinstance(v, dict) else round(v, 4) for k, v in realistic.items()
        },
        "encode_s": round(encode_s, 1),
        "match_s": round(match_s, 1),
        "filter_bits": spec.bits,
        "load_average": {"before_speed": load_before, "after": load()},
        "cpus": os.cpu_count(),
        "scenario": {"seed": seed, "scale": scale},
    }


def show(result: Mapping[str, Any]) -> Iterable[str]:
    yield f"plaintext resolution, cross-node pairs: {result['plain']}"
    yield f"privacy-preserving hits, cross-node pairs: {result['pprl']}"
    yield (
        f"matcher: {result['comparisons_per_s'] / 1e6:.1f} M comparisons/s; anonlink "
        f"{result['anonlink_comparisons_per_s'] / 1e6:.1f} M/s (load {result['load_average']})"
    )
    yield f"frequency attacks, share re-identified: {result['attacks']}"
    yield f"on a realistic population: {result['realistic_attacks']}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--fit", action="store_true", help="refit the scoring weights on seed 1")
    parser.add_argument("--speed", action="store_true", help="only the two matchers' speeds")
    parser.add_argument("--workdir", type=Path, help="keep scenarios and workspaces here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossroute-federation-") as tmp:
        folder = args.workdir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.fit:
            print(fit_weights(folder, FederationSecret.generate(), EncodingSpec()))
            return
        if args.speed:
            print(json.dumps(speeds(folder, args.seed, args.scale)))
            return
        result = run(folder, args.seed, args.scale)
    for line in show(result):
        print(line)
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()

"""A resolution run: features, scored pairs, clusters that refuse contradictions, identifiers; written
to the workspace in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.resolve.clustering import Facts, cluster
from crossroute.resolve.features import person_features
from crossroute.resolve.identifiers import write_identifiers
from crossroute.resolve.linkage import COMPARISONS, score_pairs
from crossroute.store import Workspace

# Merge when a match is more likely than not (the Bayes decision point), unless something contradicts.
DEFAULT_THRESHOLD = 0.5
# Levels (Splink gammas) of model.py's comparisons: name "two shared parts", birth date "year off by one".
NAME_TWO_PARTS, BIRTH_NEAR = 2, 2
Progress = Callable[[str], None]


@dataclass
class RunSummary:
    run_id: int
    records: int
    pairs: int
    merged: int
    refused: int
    entities: int
    identifiers: int
    seconds: float


def resolve(
    workspace: Workspace, *, threshold: float = DEFAULT_THRESHOLD, progress: Progress | None = None
) -> RunSummary:
    """Resolve every Person record into entities and record identifiers as nodes."""
    say = progress or (lambda _: None)
    started = dt.datetime.now()
    say("building features")
    features = person_features(workspace)
    say(f"scoring pairs among {features.num_rows:,} person records")
    scored = score_pairs(features, threshold=min(0.5, threshold))
    say(f"clustering {scored.pairs.num_rows:,} candidate pairs")
    records = features.column("unique_id").to_pylist()
    probabilities = scored.pairs.column("match_probability").to_pylist()
    pairs = list(
        zip(
            scored.pairs.column("unique_id_l").to_pylist(),
            scored.pairs.column("unique_id_r").to_pylist(),
            probabilities,
            strict=True,
        )
    )
    entity_of, refused = cluster(records, pairs, record_facts(features), threshold)
    say("writing entities")
    with workspace.transaction():
        run_id = int(workspace.scalar("SELECT nextval('resolution_run_ids')"))
        _write_clusters(workspace, features, entity_of, run_id)
        _write_pairs(workspace, scored.pairs, entity_of, refused, run_id)
        identifiers = write_identifiers(workspace, run_id)
        entities = len(set(entity_of.values()))
        finished = dt.datetime.now()
        workspace.rows(
            "INSERT INTO resolution_runs VALUES (?, 'duckdb', ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                started,
                finished,
                len(records),
                len(pairs),
                entities,
                threshold,
                json.dumps(scored.model),
            ],
        )
    merged = sum(1 for a, b, p in pairs if p >= threshold and entity_of[a] == entity_of[b])
    return RunSummary(
        run_id,
        len(records),
        len(pairs),
        merged,
        len(refused),
        entities,
        identifiers,
        (finished - started).total_seconds(),
    )


WEAK_IDENTITY = "no identity evidence beyond shared identifiers (phone, email) and one name part"


def weak_identity(pairs: pa.Table) -> list[bool]:
    """Pairs that may not merge whatever their weight: names share at most one part, and neither a
    document nor a real date of birth agrees. Families and cells share phones, addresses and a family
    name; that is evidence of a link, not of one person."""
    name = pc.fill_null(pairs.column("level_name"), 0)
    document = pc.fill_null(pairs.column("level_document"), 0)
    birth = pc.fill_null(pairs.column("level_birth_date"), 0)
    strong = pc.or_(
        pc.greater_equal(name, NAME_TWO_PARTS),
        pc.or_(
            pc.greater_equal(document, 1),
            pc.and_(pc.greater_equal(name, 1), pc.greater_equal(birth, BIRTH_NEAR)),
        ),
    )
    return [not s for s in strong.to_pylist()]


def record_facts(features: pa.Table) -> dict[str, Facts]:
    """Each record's documents, real (not 1 January) dates of birth and sex."""
    facts: dict[str, Facts] = {}
    columns = [
        features.column(c).to_pylist()
        for c in ("unique_id", "document_key", "dob_full", "dob_default", "sex")
    ]
    for uid, document, birth, default, sex in zip(*columns, strict=True):
        fact = Facts()
        if document:
            fact.documents.add(document)
        if birth and not default:
            fact.birth_dates.add(birth)
        if sex:
            fact.sexes.add(sex)
        facts[uid] = fact
    return facts


def _write_clusters(
    workspace: Workspace, features: pa.Table, entity_of: dict[str, str], run_id: int
) -> None:
    ids = features.column("unique_id").to_pylist()
    table = pa.table(
        {
            "source": features.column("source"),
            "record_id": features.column("record_id"),
            "entity_id": pa.array([entity_of[i] for i in ids], pa.string()),
        }
    )
    workspace.rows("DELETE FROM clusters")
    workspace.db.register("crossroute_clusters", table)
    try:
        workspace.rows(
            "INSERT INTO clusters SELECT source, record_id, entity_id, ? FROM crossroute_clusters",
            [run_id],
        )
    finally:
        workspace.db.unregister("crossroute_clusters")


def _write_pairs(
    workspace: Workspace,
    pairs: pa.Table,
    entity_of: dict[str, str],
    refused: dict[tuple[str, str], str],
    run_id: int,
) -> None:
    left, right = pairs.column("unique_id_l").to_pylist(), pairs.column("unique_id_r").to_pylist()
    merged = pa.array([entity_of[a] == entity_of[b] for a, b in zip(left, right, strict=True)])
    reasons = pa.array([refused.get((a, b)) for a, b in zip(left, right, strict=True)], pa.string())
    table = pairs.append_column("merged", merged).append_column("refused", reasons)
    levels = ", ".join(f"'{c}', level_{c}" for c in COMPARISONS)
    weights = ", ".join(f"'{c}', round(weight_{c}, 3)" for c in COMPARISONS)
    workspace.rows("DELETE FROM match_pairs")
    workspace.db.register("crossroute_pairs", table)
    try:
        workspace.rows(
            "INSERT INTO match_pairs SELECT ?, unique_id_l, unique_id_r, match_weight, match_probability, "
            f"merged, refused, json_object({levels}), json_object({weights}) FROM crossroute_pairs",
            [run_id],
        )
    finally:
        workspace.db.unregister("crossroute_pairs")


__all__ = ["DEFAULT_THRESHOLD", "RunSummary", "resolve"]

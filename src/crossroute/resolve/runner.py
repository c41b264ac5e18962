"""A resolution run: features, scored pairs, clusters that refuse contradictions, identifiers; written
to the workspace in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from crossroute.model.record_key import RecordKey
from crossroute.model.values.documents import ocr_key
from crossroute.resolve.clustering import Facts, cluster
from crossroute.resolve.decisions import current_links
from crossroute.resolve.engines import DUCKDB, Engine
from crossroute.resolve.features import person_features
from crossroute.resolve.identifiers import write_identifiers
from crossroute.resolve.linkage import COMPARISONS
from crossroute.resolve.model import compares_as_now
from crossroute.store import Workspace

# Merge when a match is more likely than not (the Bayes decision point), unless something contradicts.
DEFAULT_THRESHOLD = 0.5
# Levels (Splink gammas, counted from "else" = 0) of model.py's comparisons: name "two shared parts"
# (1 is "a part one slip apart"), birth date "year off by one".
NAME_TWO_PARTS, BIRTH_NEAR = 3, 2
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
    workspace: Workspace,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    full: bool = False,
    progress: Progress | None = None,
    engine: Engine = DUCKDB,
) -> RunSummary:
    """Resolve every Person record into entities and record identifiers as nodes.

    After a first run, only records not yet resolved are scored (against everything, with the model
    trained then) and existing entities are kept; `full` re-trains and re-scores everything. Entity ids
    survive either way where their records do."""
    say = progress or (lambda _: None)
    started = dt.datetime.now()
    previous = {
        uid: entity
        for uid, entity in workspace.rows(f"SELECT {RecordKey.SQL}, entity_id FROM clusters")
    }
    model = workspace.scalar("SELECT model FROM resolution_runs ORDER BY run_id DESC LIMIT 1")
    say("building features")
    features = person_features(workspace)
    records = features.column("unique_id").to_pylist()
    stale = bool(model) and not compares_as_now(json.loads(model))
    if stale and previous and not full:
        say("the stored model is from an earlier version: training again on every record")
    incremental = bool(previous) and bool(model) and not full and not stale
    spill = workspace.path / "tmp"
    if incremental:
        fresh = [uid not in previous for uid in records]
        say(f"scoring {sum(fresh):,} new person records against {len(records):,}")
        features = features.append_column("is_new", pa.array(fresh, pa.bool_()))
        scored = engine.score_new_pairs(
            features, json.loads(model), spill_to=spill, threshold=min(0.5, threshold)
        )
        candidates = pa.concat_tables(
            [_stored_pairs(workspace), scored.pairs.select(_PAIR_COLUMNS)]
        )
        keep = _kept_together(previous)
    else:
        say(f"training and scoring pairs among {len(records):,} person records")
        scored = engine.score_pairs(features, spill_to=spill, threshold=min(0.5, threshold))
        candidates, keep = scored.pairs, []
    say(f"clustering {candidates.num_rows:,} candidate pairs")
    entity_of, refused = _cluster(
        workspace, records, candidates, threshold, previous=previous, keep=keep
    )
    say("writing entities")
    with workspace.transaction():
        run_id = int(workspace.scalar("SELECT nextval('resolution_run_ids')"))
        _write_clusters(workspace, entity_of, run_id)
        _write_pairs(workspace, scored.pairs, run_id, replace=not incremental)
        _mark_pairs(workspace, entity_of, refused)
        identifiers = write_identifiers(workspace, run_id)
        entities = len(set(entity_of.values()))
        finished = dt.datetime.now()
        workspace.rows(
            "INSERT INTO resolution_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                f"{engine.name} incremental" if incremental else engine.name,
                started,
                finished,
                len(records),
                scored.pairs.num_rows,
                entities,
                threshold,
                json.dumps(scored.model),
            ],
        )
    merged = int(workspace.scalar("SELECT count(*) FROM match_pairs WHERE merged"))
    return RunSummary(
        run_id,
        len(records),
        scored.pairs.num_rows,
        merged,
        len(refused),
        entities,
        identifiers,
        (finished - started).total_seconds(),
    )


_PAIR_COLUMNS = [
    "unique_id_l",
    "unique_id_r",
    "match_weight",
    "match_probability",
    "level_name",
    "level_document",
    "level_birth_date",
    "weight_phone",
    "weight_email",
]


def _stored_pairs(workspace: Workspace) -> pa.Table:
    """The scored pairs kept from earlier runs, with the levels clustering looks at."""
    table = workspace.db.sql(
        "SELECT unique_id_l, unique_id_r, match_weight, match_probability, "
        "CAST(levels->>'$.name' AS INTEGER) AS level_name, "
        "CAST(levels->>'$.document' AS INTEGER) AS level_document, "
        "CAST(levels->>'$.birth_date' AS INTEGER) AS level_birth_date, "
        "CAST(weights->>'$.phone' AS DOUBLE) AS weight_phone, "
        "CAST(weights->>'$.email' AS DOUBLE) AS weight_email FROM match_pairs"
    ).to_arrow_table()
    return table.cast(
        pa.schema(
            [
                (
                    n,
                    pa.string()
                    if n.startswith("unique")
                    else (pa.int32() if n.startswith("level_") else pa.float64()),
                )
                for n in _PAIR_COLUMNS
            ]
        )
    )


def _kept_together(previous: dict[str, str]) -> list[tuple[str, str]]:
    """Links that keep each existing entity whole while new records join."""
    members: dict[str, list[str]] = {}
    for uid, entity in previous.items():
        members.setdefault(entity, []).append(uid)
    return [(group[0], other) for group in members.values() for other in group[1:]]


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


CONTACT_DETAILS = ("phone", "email")


def identity_probability(pairs: pa.Table) -> list[float]:
    """Each pair's match probability on identity evidence alone: its match weight without what the
    contact details added."""
    weight = pc.fill_null(pairs.column("match_weight"), 0.0)
    for comparison in CONTACT_DETAILS:
        weight = pc.subtract(weight, pc.fill_null(pairs.column(f"weight_{comparison}"), 0.0))
    odds = pc.power(2.0, pc.negate(weight))
    return pc.divide(1.0, pc.add(1.0, odds)).to_pylist()  # type: ignore[no-any-return]


def record_facts(workspace: Workspace) -> dict[str, Facts]:
    """Each Person record's documents (OCR-folded), real (not 1 January) date of birth, year of
    birth (from any date given) and sex."""
    facts: dict[str, Facts] = {}
    rows = workspace.rows(
        f"SELECT {RecordKey.SQL}, document_number, "
        "CASE WHEN length(birth_date) = 10 AND NOT birth_date_default THEN birth_date END, "
        "substr(birth_date, 1, 4), sex FROM persons"
    )
    for uid, document, birth, year, sex in rows:
        fact = Facts()
        if document:
            fact.documents.add(ocr_key(document))
        if birth:
            fact.birth_dates.add(birth)
        if year:
            fact.birth_years.add(year)
        if sex:
            fact.sexes.add(sex)
        facts[uid] = fact
    return facts


def recluster(workspace: Workspace, threshold: float | None = None) -> int:
    """Cluster the last run's scored pairs again (after analysts' decisions) without re-scoring;
    returns the number of entities."""
    run = workspace.rows(
        "SELECT run_id, threshold FROM resolution_runs ORDER BY run_id DESC LIMIT 1"
    )
    if not run:
        raise LookupError("no resolution yet: run `crossroute resolve` first")
    run_id, last_threshold = run[0]
    threshold = last_threshold if threshold is None else threshold
    previous = {
        uid: entity
        for uid, entity in workspace.rows(f"SELECT {RecordKey.SQL}, entity_id FROM clusters")
    }
    records = [uid for (uid,) in workspace.rows(f"SELECT {RecordKey.SQL} FROM persons")]
    entity_of, refused = _cluster(
        workspace, records, _stored_pairs(workspace), threshold, previous=previous
    )
    with workspace.transaction():
        _write_clusters(workspace, entity_of, run_id)
        _mark_pairs(workspace, entity_of, refused)
    return len(set(entity_of.values()))


def _cluster(
    workspace: Workspace,
    records: list[str],
    scored: pa.Table,
    threshold: float,
    *,
    previous: dict[str, str],
    keep: list[tuple[str, str]] | None = None,
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    left = scored.column("unique_id_l").to_pylist()
    right = scored.column("unique_id_r").to_pylist()
    probabilities = scored.column("match_probability").to_pylist()
    pairs = list(zip(left, right, probabilities, identity_probability(scored), strict=True))
    weak = weak_identity(scored)
    links = current_links(workspace)
    strong = [p for p, w in zip(pairs, weak, strict=True) if not w]
    entity_of, refused = cluster(
        records,
        strong,
        record_facts(workspace),
        threshold,
        must=[*links.must, *(keep or [])],
        cannot=links.cannot,
        previous=previous,
    )
    refused.update(
        {
            (a, b): WEAK_IDENTITY
            for (a, b, p, _), w in zip(pairs, weak, strict=True)
            if w and p >= threshold
        }
    )
    return entity_of, refused


def _write_clusters(workspace: Workspace, entity_of: dict[str, str], run_id: int) -> None:
    uids = list(entity_of)
    table = pa.table(
        {
            "unique_id": pa.array(uids, pa.string()),
            "entity_id": pa.array([entity_of[u] for u in uids], pa.string()),
        }
    )
    workspace.rows("DELETE FROM clusters")
    with workspace.staged({"crossroute_clusters": table}):
        workspace.rows(
            f"INSERT INTO clusters SELECT {', '.join(RecordKey.sql_split('unique_id'))}, "
            "entity_id, ? FROM crossroute_clusters",
            [run_id],
        )


def _write_pairs(workspace: Workspace, pairs: pa.Table, run_id: int, *, replace: bool) -> None:
    levels = ", ".join(f"'{c}', level_{c}" for c in COMPARISONS)
    weights = ", ".join(f"'{c}', round(weight_{c}, 3)" for c in COMPARISONS)
    if replace:
        workspace.rows("DELETE FROM match_pairs")
    with workspace.staged({"crossroute_pairs": pairs}):
        workspace.rows(
            "INSERT INTO match_pairs SELECT ?, unique_id_l, unique_id_r, match_weight, match_probability, "
            f"false, NULL, json_object({levels}), json_object({weights}) FROM crossroute_pairs",
            [run_id],
        )


def _mark_pairs(
    workspace: Workspace, entity_of: dict[str, str], refused: dict[tuple[str, str], str]
) -> None:
    """Set each scored pair's verdict: merged (same entity) or why it was refused. The verdicts are
    computed here and the table rewritten in one pass (an UPDATE joining the table to itself was
    quadratic at a million records)."""
    pairs = workspace.rows("SELECT unique_id_l, unique_id_r FROM match_pairs")
    verdicts = pa.table(
        {
            "l": pa.array([a for a, _ in pairs], pa.string()),
            "r": pa.array([b for _, b in pairs], pa.string()),
            "merged": pa.array(
                [entity_of.get(a) == entity_of.get(b) for a, b in pairs], pa.bool_()
            ),
            "reason": pa.array([refused.get((a, b)) for a, b in pairs], pa.string()),
        }
    )
    with workspace.staged({"crossroute_verdicts": verdicts}):
        workspace.rows(
            "CREATE TEMP TABLE crossroute_marked AS SELECT m.run_id, m.unique_id_l, m.unique_id_r, "
            "m.match_weight, m.match_probability, v.merged, v.reason AS refused, m.levels, m.weights "
            "FROM match_pairs m JOIN crossroute_verdicts v ON v.l = m.unique_id_l AND v.r = m.unique_id_r"
        )
    workspace.rows("DELETE FROM match_pairs")
    workspace.rows("INSERT INTO match_pairs SELECT * FROM crossroute_marked")
    workspace.rows("DROP TABLE crossroute_marked")

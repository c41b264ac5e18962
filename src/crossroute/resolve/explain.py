"""Why records were merged (or kept apart): each pair's comparisons, the level each reached, and the
match weight it added, read from the last resolution run."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from math import log2
from typing import Any

from crossroute.model.record_key import RecordKey
from crossroute.store import Workspace


@dataclass
class Evidence:
    """One comparison of a pair: the level reached and the weight (log2 Bayes factor) it added."""

    comparison: str
    level: str
    weight: float


@dataclass
class PairExplanation:
    left: str
    right: str
    match_weight: float
    match_probability: float
    merged: bool
    refused: str | None
    evidence: list[Evidence]


@dataclass
class EntityExplanation:
    entity_id: str
    records: list[dict[str, Any]]
    pairs: list[PairExplanation] = field(default_factory=list)
    prior_weight: float = 0.0


class NotFound(LookupError):
    """No entity or record by that name in the last resolution run."""


def explain(
    workspace: Workspace, target: str, *, only: Collection[tuple[str, str]] | None = None
) -> EntityExplanation:
    """The explanation for an entity id, or for the entity a record (SOURCE:ID, SOURCE|ID or ID) is in.
    With `only` (the (source, record_id) keys a caller may see), nothing else is read: only those of
    the entity's records, and only the pairs between two of them."""
    entity = _entity_of(workspace, target)
    wanted = set(
        workspace.rows("SELECT source, record_id FROM clusters WHERE entity_id = ?", [entity])
    )
    if only is not None:
        wanted &= set(only)
    # the view filtered on its plain columns, so the filter reaches the records scan (a join with
    # clusters extracted every person's properties first: 100+ ms on the medium scenario)
    records = [
        row
        for row in workspace.rows(
            "SELECT source, record_id, full_name, birth_date, sex, nationality, document_number, "
            "phone FROM persons WHERE list_contains(?, record_id) AND list_contains(?, source) "
            "ORDER BY source, record_id",
            [sorted({k[1] for k in wanted}), sorted({k[0] for k in wanted})],
        )
        if (row[0], row[1]) in wanted
    ]
    keys = ("source", "record_id", "name", "birth_date", "sex", "nationality", "document", "phone")
    members = [dict(zip(keys, row, strict=True)) for row in records]
    uids = [str(RecordKey(str(m["source"]), str(m["record_id"]))) for m in members]
    labels, prior = _labels(workspace)
    either = "AND" if only is not None else "OR"  # restricted: pairs between two shown records only
    rows = workspace.rows(
        "SELECT unique_id_l, unique_id_r, match_weight, match_probability, merged, refused, levels, "
        f"weights FROM match_pairs WHERE list_contains(?, unique_id_l) {either} "
        "list_contains(?, unique_id_r) ORDER BY match_weight DESC",
        [uids, uids],
    )
    explanation = EntityExplanation(entity, members, prior_weight=prior)
    for left, right, weight, probability, merged, refused, levels, weights in rows:
        level_of, weight_of = json.loads(levels), json.loads(weights)
        evidence = [
            Evidence(
                name, labels.get(name, {}).get(level, str(level)), float(weight_of.get(name) or 0.0)
            )
            for name, level in level_of.items()
        ]
        explanation.pairs.append(
            PairExplanation(left, right, weight, probability, merged, refused, evidence)
        )
    return explanation


def _entity_of(workspace: Workspace, target: str) -> str:
    if workspace.scalar("SELECT count(*) FROM clusters WHERE entity_id = ?", [target]):
        return target
    for key in RecordKey.readings(target):
        hit = workspace.scalar(
            "SELECT entity_id FROM clusters WHERE source = ? AND record_id = ?", list(key.pair())
        )
        if hit:
            return str(hit)
    hits = workspace.rows("SELECT DISTINCT entity_id FROM clusters WHERE record_id = ?", [target])
    if len(hits) == 1:
        return str(hits[0][0])
    if len(hits) > 1:
        raise NotFound(f"record id {target!r} is used by several agencies: give SOURCE:{target}")
    raise NotFound(
        f"no entity or record {target!r} in the last resolution (run `crossroute resolve`)"
    )


def _labels(workspace: Workspace) -> tuple[dict[str, dict[int, str]], float]:
    """Comparison -> level (Splink gamma) -> label, from the run's model; and the prior's weight."""
    text = workspace.scalar("SELECT model FROM resolution_runs ORDER BY run_id DESC LIMIT 1")
    if not text:
        return {}, 0.0
    model = json.loads(text)
    labels: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        names = {
            len(levels) - 1 - i: str(lv.get("label_for_charts")) for i, lv in enumerate(levels)
        }
        names[-1] = "missing on one side"
        labels[comparison["output_column_name"]] = names
    prior = float(model.get("probability_two_random_records_match") or 0.0)
    return labels, log2(prior / (1 - prior)) if 0 < prior < 1 else 0.0

"""The contract's two runs, for every face: train on labelled files, score a file to a CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from crossroute.analysis.ports import model as risk
from crossroute.analysis.ports.declarations import DeclarationError, read_declarations
from crossroute.analysis.ports.reasons import explain, quick_reasons, reason_text
from crossroute.analysis.ports.store import (
    keep_unlabelled,
    labelled_history,
    latest_model,
    save_declarations,
    save_model,
    save_scores,
)
from crossroute.store import Workspace

Step = Callable[[str], None]


@dataclass(frozen=True)
class TrainRun:
    model_id: int
    rows: int
    loaded: int
    quarantined: int
    facts: dict[str, object]


@dataclass(frozen=True)
class ScoreRun:
    rows: int
    quarantined: int
    model_id: int
    out: Path


def train_from_files(
    workspace: Workspace, paths: list[Path], user: str | None = None, step: Step | None = None
) -> TrainRun:
    """Load labelled declarations (one transaction per file) and train on every labelled row kept."""
    say = step or (lambda _: None)
    loaded = quarantined = 0
    for path in paths:
        say(f"reading {path}")
        declarations = read_declarations(path)
        if not declarations.labelled and len(declarations.rows):
            raise DeclarationError(f"{path}: training needs the Fraud label on every row")
        loaded += save_declarations(workspace, declarations, str(path))
        quarantined += len(declarations.quarantine)
    history = labelled_history(workspace)
    if history.empty:
        raise DeclarationError("no labelled declarations to train on")
    say(f"training on {len(history):,} declarations")
    model = risk.train(history)
    model_id = save_model(workspace, model, user)
    return TrainRun(model_id, len(history), loaded, quarantined, model.facts)


def score_file(workspace: Workspace, path: Path, out: Path, step: Step | None = None) -> ScoreRun:
    """Score every usable row of `path` (labels in it ignored) and write declaration_id,score,reasons."""
    say = step or (lambda _: None)
    model_id, model = latest_model(workspace)
    declarations = read_declarations(path)
    target = declarations.rows
    say(f"scoring {len(target):,} declarations")
    scored = risk.score(model, labelled_history(workspace), target)
    say("writing reasons")
    reasons = reasons_for(model, scored, target)
    write_scores(out, scored, reasons)
    save_scores(workspace, target, scored, reasons, model_id)
    keep_unlabelled(workspace, declarations, str(path))
    return ScoreRun(len(target), len(declarations.quarantine), model_id, out)


EXPLAINED_ROWS = 10_000
"""SHAP reasons for at most this many rows of a file (the riskiest; ~2 ms of CPU each); the rest get
a cheap reason (their highest earlier hit rate)."""


def reasons_for(model: risk.RiskModel, scored: risk.Scored, target: pd.DataFrame) -> list[str]:
    """Words per row from the model that placed it (critical band: critical model; else fraud)."""
    texts = [""] * len(target)
    explained = np.zeros(len(target), dtype=bool)
    explained[np.argsort(-scored.score, kind="stable")[:EXPLAINED_ROWS]] = True
    rest = (~explained).nonzero()[0]
    for position, text in zip(rest, quick_reasons(scored.features.iloc[rest]), strict=True):
        texts[position] = text
    hs6 = target["hs6"].astype(str).str.zfill(6).to_numpy()
    raw = target.reset_index(drop=True).assign(hs6=hs6, hs2=[code[:2] for code in hs6])
    for booster, mask in (
        (model.critical, scored.critical_band),
        (model.fraud, ~scored.critical_band),
    ):
        positions = (mask & explained).nonzero()[0]
        if not len(positions):
            continue
        found = explain(booster, scored.features.iloc[positions], raw.iloc[positions])
        prefix = "critical-fraud profile: " if booster is model.critical else ""
        for position, reasons in zip(positions, found, strict=True):
            texts[position] = prefix + reason_text(reasons)
    return texts


def write_scores(out: Path, scored: risk.Scored, reasons: list[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["declaration_id", "score", "reasons"])
        for row in zip(scored.declaration_id, scored.score, reasons, strict=True):
            writer.writerow([row[0], f"{row[1]:.6f}", row[2]])

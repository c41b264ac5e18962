"""Budgeted selection: each day, the top of the ranking plus a small random exploration share.

A model trained only on what it chose to inspect goes blind to what it never looks at, so a share of the
budget (default 10%) goes to declarations drawn at random from the rest of the day; their outcomes measure
the hit rate of the unselected traffic and keep the training data honest. Declarations that intelligence
ties to the networks (`intel.py`) go first, within the budget.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from crossroute.store import Workspace

EXPLORATION_SHARE = 0.10


@dataclass(frozen=True)
class Budget:
    """A share of each day's declarations, or a fixed count per day."""

    share: float | None = None
    per_day: int | None = None
    explore: float = EXPLORATION_SHARE

    def count(self, declarations: int) -> int:
        if self.per_day is not None:
            return min(self.per_day, declarations)
        return min(declarations, math.ceil(declarations * (self.share or 0.0)))


def select(
    scores: pd.DataFrame, budget: Budget, seed: int = 0, intel: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Rows of `scores` (declaration_id, date, office, score, reasons) chosen per day, with chosen_by:
    the declarations `intel` names first (their reason put before the model's), then the top of the
    ranking and the exploration share of what the budget leaves."""
    rng = np.random.default_rng(seed)
    chosen = []
    watched = dict(intel or {})
    for _, day in scores.groupby("date", sort=True):
        ranked = day.sort_values("score", ascending=False, kind="stable")
        total = budget.count(len(ranked))
        flagged = ranked["declaration_id"].astype(str).isin(watched.keys())
        if flagged.any():
            picked = ranked[flagged].iloc[:total]
            model = picked["reasons"].fillna("") if "reasons" in picked else [""] * len(picked)
            reasons = [
                f"{watched[str(i)]}; {r}" if r else watched[str(i)]
                for i, r in zip(picked["declaration_id"], model, strict=True)
            ]
            chosen.append(picked.assign(chosen_by="intel", reasons=reasons))
            ranked, total = ranked[~flagged], total - len(picked)
        explore = min(
            round(total * budget.explore), len(ranked) - (total - round(total * budget.explore))
        )
        top = ranked.iloc[: total - explore].assign(chosen_by="top")
        rest = ranked.iloc[total - explore :]
        picks: np.ndarray = np.sort(rng.choice(len(rest), size=max(explore, 0), replace=False))
        chosen += [top, rest.iloc[picks.astype(int)].assign(chosen_by="explore")]
    if not chosen:
        return scores.head(0).assign(chosen_by=pd.Series(dtype=str))
    return pd.concat(chosen, ignore_index=True)


def scores_to_select(workspace: Workspace, since: str | None = None) -> pd.DataFrame:
    """The stored scores (latest run per declaration), optionally from a date on, with the
    declaration's parties (importer, declarant, seller, courier) when it is held."""
    frame = workspace.db.execute(
        "SELECT s.declaration_id, s.date, s.office, s.score, s.reasons, d.importer, d.declarant, "
        "d.seller, d.courier FROM ports.scores s LEFT JOIN ports.declarations d "
        "USING (declaration_id) WHERE ?::DATE IS NULL OR s.date >= ?::DATE "
        "ORDER BY s.date, s.score DESC",
        [since, since],
    ).df()
    return frame


def save_selection(workspace: Workspace, chosen: pd.DataFrame) -> str:
    selection_id = uuid.uuid4().hex[:12]
    table = pa.Table.from_pandas(
        chosen[["declaration_id", "date", "office", "score", "chosen_by"]].assign(
            selection_id=selection_id
        ),
        preserve_index=False,
    )
    with workspace.staged({"chosen": table}), workspace.transaction() as db:
        db.execute(
            "INSERT INTO ports.selections SELECT selection_id, declaration_id, date, office, score, "
            "chosen_by, current_timestamp FROM chosen"
        )
    return selection_id


def drift(workspace: Workspace) -> pd.DataFrame:
    """Per month and how chosen: inspections with a known outcome, hits, hit rate, and what the model
    expected (mean fraud probability at scoring). A falling hit rate on `top`, or an `explore` hit rate
    near `top`'s, says the model is drifting and wants retraining."""
    return workspace.db.execute(
        """
        SELECT strftime(s.date, '%Y-%m') AS month, s.chosen_by,
               count(*) AS inspected, sum(d.fraud) AS hits,
               round(avg(d.fraud), 3) AS hit_rate,
               round(avg(sc.fraud_probability), 3) AS expected
        FROM (SELECT DISTINCT declaration_id, date, chosen_by FROM ports.selections) s
        JOIN ports.declarations d USING (declaration_id)
        LEFT JOIN ports.scores sc USING (declaration_id)
        WHERE d.fraud IS NOT NULL
        GROUP BY ALL ORDER BY month, s.chosen_by
        """
    ).df()

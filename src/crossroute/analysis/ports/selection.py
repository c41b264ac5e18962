"""Budgeted selection: each day, the top of the ranking plus a small random exploration share.

A model trained only on what it chose to inspect goes blind to what it never looks at, so a share of the
budget (default 10%) goes to declarations drawn at random from the rest of the day; their outcomes measure
the hit rate of the unselected traffic and keep the training data honest.
"""

from __future__ import annotations

import math
import uuid
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


def select(scores: pd.DataFrame, budget: Budget, seed: int = 0) -> pd.DataFrame:
    """Rows of `scores` (declaration_id, date, office, score) chosen per day, with chosen_by."""
    rng = np.random.default_rng(seed)
    chosen = []
    for _, day in scores.groupby("date", sort=True):
        ranked = day.sort_values("score", ascending=False, kind="stable")
        total = budget.count(len(ranked))
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
    """The stored scores (latest run per declaration), optionally from a date on."""
    frame = workspace.db.execute(
        "SELECT declaration_id, date, office, score, reasons FROM ports.scores "
        "WHERE ?::DATE IS NULL OR date >= ?::DATE ORDER BY date, score DESC",
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

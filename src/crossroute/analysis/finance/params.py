"""Detector thresholds, with defaults from public guidance rather than tuned to any data set.

- Reporting threshold 10,000 (EUR): the EU cash-declaration and AMLD cash-payment thresholds and the US
  currency transaction report (USD 10,000); structuring is cash kept just below it (FATF, "Money laundering
  through the physical transportation of cash", 2015; FinCEN structuring guidance).
- Near the threshold: the top 20% band below it (8,000-9,999), the band supervisors' scenarios use.
- Pass-through: money moved on within days with most of it passed on (FATF/Egmont "Money mules", 2022,
  describes in-and-out within 1-3 days, keeping a 5-15% cut); we allow 7 days and a 20% cut.
- Fee collection: FATF/Egmont "Financial flows linked to migrant smuggling" (2022): relatives pay fees of
  about 1,000-10,000 to a collector who receives from many unrelated senders and moves it on.
- Round trips: cycles back to the origin within 30 days (FATF trade-based ML typologies, 2020).
- Hawala: FATF "The role of hawala and other similar service providers in ML/TF" (2013): cash collected from
  many customers, few outgoing settlement payments to a trade counterpart, many payouts abroad.
- Cash-intensive fronts: takings several times the peer median (FATF "ML through cash-intensive
  businesses"); three times the median is a customary outlier rule."""

from __future__ import annotations

from dataclasses import dataclass

from crossroute.analysis.finance.frame import DAY


@dataclass(frozen=True)
class Thresholds:
    """Every detector's parameters; `days` are converted to seconds by the `*_s` properties."""

    reporting_threshold: float = 10_000.0
    near_band: float = 0.8  # "just under" = [near_band * threshold, threshold)
    min_structured: int = 3  # near-threshold deposits into one account
    min_smurfs: int = 2  # depositors feeding one collector
    onward_days: float = 7.0  # money passed on within this many days
    keep_min: float = 0.8  # share passed on at least (a cut of at most 20%)
    min_amount: float = 1_000.0  # smallest transfer a flow detector follows
    fee_min_senders: int = 8  # unrelated senders paying one collector
    fee_window_days: float = 31.0
    fee_min_amount: float = 500.0
    fan_min: int = 3  # intermediaries / senders / recipients for scatter-gather
    cycle_days: float = 30.0
    cycle_max_length: int = 6
    cycle_min_length: int = 3
    hawala_min_deposits: int = 10
    hawala_min_payees: int = 8
    front_peer_ratio: float = 3.0
    concentration: float = 0.6  # share of cash in that leaves to at most two counterparties

    @property
    def onward_s(self) -> float:
        return self.onward_days * DAY

    @property
    def fee_window_s(self) -> float:
        return self.fee_window_days * DAY

    @property
    def cycle_s(self) -> float:
        return self.cycle_days * DAY

    @property
    def near_low(self) -> float:
        return self.near_band * self.reporting_threshold

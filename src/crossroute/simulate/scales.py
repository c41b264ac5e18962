"""How big a scenario is: groups, crossings, shipments and background events per scale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scale = Literal["small", "medium", "large"]


@dataclass(frozen=True)
class ScaleConfig:
    """Sizes for one scale. Person records follow mostly from crossings (migrants dominate the counts)."""

    name: Scale
    smuggling_groups: int
    drug_groups: int
    group_size: tuple[int, int]
    crossings: int
    shipments: int
    calls: int
    settlements: int
    xlsx: bool  # XLSX where agencies use it; CSV instead at the largest scale, for speed


SCALES: dict[str, ScaleConfig] = {
    "small": ScaleConfig("small", 3, 1, (45, 70), 40, 400, 250, 60, xlsx=True),
    "medium": ScaleConfig("medium", 5, 2, (150, 250), 430, 3000, 3000, 600, xlsx=True),
    "large": ScaleConfig("large", 8, 3, (300, 450), 17000, 40000, 40000, 8000, xlsx=False),
}


def scale_config(scale: str) -> ScaleConfig:
    """The sizes of a scale, or a ValueError naming the scales there are."""
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(f"unknown scale {scale!r} (choose from {', '.join(SCALES)})") from None

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.simulate import SimulationSummary, simulate
from tests.simulate.sim_reader import Record, read_all

SEED = 7


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SimulationSummary]:
    """One small scenario, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("sim-small")
    return out, simulate(out, seed=SEED, scale="small")


@pytest.fixture(scope="session")
def small_out(small: tuple[Path, SimulationSummary]) -> Path:
    return small[0]


@pytest.fixture(scope="session")
def records(small_out: Path) -> list[Record]:
    return read_all(small_out)

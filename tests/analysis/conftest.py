from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.analysis.network.case import CaseNetwork
from tests.analysis.case_fixture import analysed, resolved


@pytest.fixture(scope="session")
def resolved_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return resolved(tmp_path_factory)


@pytest.fixture(scope="session")
def case(resolved_case: tuple[Path, Path]) -> CaseNetwork:
    return analysed(resolved_case[1])

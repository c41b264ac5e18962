"""The export tests use the analysis tests' resolved case (built once a session)."""

from tests.analysis.conftest import case, resolved_case

__all__ = ["case", "resolved_case"]

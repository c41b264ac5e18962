"""Agency codes: any agency's own code works, kept as written; what Crossroute knows fills in the rest."""

from __future__ import annotations

import pytest

from crossroute.model.agencies import agency
from crossroute.model.values.errors import InvalidValue


@pytest.mark.parametrize(
    ("code", "country", "handling"),
    [
        ("FR-OCRIEST", "FR", "SIENA"),
        ("NL-KMAR", "NL", "SIENA"),
        ("NCA", "GB", "UK-3X5X2"),  # a known agency's short name
        ("uk_nca", "GB", None),  # a country prefix
        ("EL-HCG", "GR", None),  # the EU's prefix for Greece
        ("XX-FOO", None, None),  # not a country
        ("Agency 3", None, None),
    ],
)
def test_codes_are_kept_as_written(code: str, country: str | None, handling: str | None) -> None:
    found = agency(f"  {code} ")
    assert (found.code, found.country, found.handling_scheme) == (code, country, handling)


def test_known_codes_are_recognised_whatever_the_case() -> None:
    assert agency("fr-ocriest").code == "FR-OCRIEST"


@pytest.mark.parametrize("code", ["", "   ", "a/b", "../etc", "x\ny", "a" * 65, "=cmd()"])
def test_codes_that_are_not_codes_are_refused(code: str) -> None:
    with pytest.raises(InvalidValue, match="agency code"):
        agency(code)

"""Name keys survive transliteration, dropped diacritics, particles and swapped order."""

from __future__ import annotations

import pytest

from crossroute.resolve.names import name_keys, skeleton


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["Mohammed", "Muhammad", "Mohamed", "Mehmet", "محمد"], "MHMT"),
        (["Hussein", "Hossein", "Husayn", "Hüseyin"], "HSN"),
        (["Youssef", "Yusuf", "Jusuf"], "YSF"),
        (["Abdulrahman", "Abdul Rahman", "Abdelrahman"], "APTRHMN"),
        (["Gëzim", "Gezim"], "KSM"),
    ],
)
def test_known_variants_share_a_skeleton(variants: list[str], key: str) -> None:
    assert {name_keys(v).skeleton_key for v in variants} == {key}


def test_order_particles_and_case_do_not_matter() -> None:
    assert name_keys("AL-HASSAN, Mohammed").tokens == name_keys("Mohammed Hassan").tokens
    assert name_keys("Çela Gëzim").sorted_name == name_keys("gezim cela").sorted_name


def test_rigour_symbols_link_scripts() -> None:
    latin, arabic = name_keys("Mohammed Hassan"), name_keys("محمد حسن")
    assert set(latin.symbols) & set(arabic.symbols)


def test_skeleton_keeps_a_leading_vowel_marker() -> None:
    assert skeleton("ahmed") == "AHMT"
    assert skeleton("omar") == "AMR"

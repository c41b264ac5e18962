import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.countries import (
    _countries,
    _demonym_forms,
    _not_countries,
    clean_country,
    country_alpha2,
)


@pytest.mark.parametrize(
    ("raw", "alpha3"),
    [
        # codes
        ("AL", "ALB"),
        ("alb", "ALB"),
        ("008", "ALB"),
        ("8", "ALB"),
        ("GB", "GBR"),
        ("UK", "GBR"),
        ("826", "GBR"),
        # names in English, French, German, Dutch, Albanian
        ("Albania", "ALB"),
        ("Albanie", "ALB"),
        ("Albanien", "ALB"),
        ("Albanië", "ALB"),
        ("Shqipëri", "ALB"),
        ("SHQIPERIA", "ALB"),
        ("Royaume-Uni", "GBR"),
        ("Vereinigtes Königreich", "GBR"),
        ("Verenigd Koninkrijk", "GBR"),
        ("Mbretëria e Bashkuar", "GBR"),
        ("England", "GBR"),
        ("Great Britain", "GBR"),
        ("Irak", "IRQ"),
        ("Iran, Islamic Republic of", "IRN"),
        ("Viêt Nam", "VNM"),
        ("Türkei", "TUR"),
        ("Turkije", "TUR"),
        ("Érythrée", "ERI"),
        ("Gjermani", "DEU"),
        ("Allemagne", "DEU"),
        ("Duitsland", "DEU"),
        ("Marokko", "MAR"),
        ("Kosovo", "XKX"),
        # nationality words
        ("albanais", "ALB"),
        ("Albanaise", "ALB"),
        ("albanische", "ALB"),
        ("Albanees", "ALB"),
        ("shqiptar", "ALB"),
        ("shqiptarë", "ALB"),
        ("irakien", "IRQ"),
        ("irakienne", "IRQ"),
        ("irakisch", "IRQ"),
        ("Iraaks", "IRQ"),
        ("Iraakse", "IRQ"),
        ("Iraqi", "IRQ"),
        ("iranienne", "IRN"),
        ("Iraans", "IRN"),
        ("afghane", "AFG"),
        ("Afghanen", "AFG"),
        ("syrienne", "SYR"),
        ("érythréen", "ERI"),
        ("soudanais", "SDN"),
        ("vietnamienne", "VNM"),
        ("Vietnamese", "VNM"),
        ("turque", "TUR"),
        ("Türke", "TUR"),
        ("britannique", "GBR"),
        ("Brits", "GBR"),
        ("Britse", "GBR"),
        ("deutsche", "DEU"),
        ("belge", "BEL"),
        ("néerlandaise", "NLD"),
        ("marocain", "MAR"),
        ("algérienne", "DZA"),
        ("égyptien", "EGY"),
        ("pakistanais", "PAK"),
        ("koweïtien", "KWT"),
        ("équatorienne", "ECU"),
        ("colombien", "COL"),
        ("brésilienne", "BRA"),
        ("espagnol", "ESP"),
        ("italienne", "ITA"),
        ("grecque", "GRC"),
        ("Pools", "POL"),
        ("libyen", "LBY"),
        ("éthiopienne", "ETH"),
        ("somalien", "SOM"),
        ("indienne", "IND"),
        ("chinoise", "CHN"),
        ("kosovar", "XKX"),
    ],
)
def test_clean_country(raw: str, alpha3: str) -> None:
    assert clean_country(raw) == alpha3


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("kurde", "'kurde' is a people, not a country"),
        ("Kurdish", "a people"),
        ("kurdisch", "a people"),
        ("Koerdische", "a people"),
        ("Kurdistan", "a region across several countries"),
        ("arabe", "a people"),
        ("Atlantis", "country 'Atlantis' not recognised"),
        ("XX", "not recognised"),
        ("999", "not recognised"),
        ("--", "not recognised"),
    ],
)
def test_not_a_country(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        clean_country(raw)


def test_blank_is_none() -> None:
    assert clean_country("  ") is None


def test_nationality_words_do_not_clash() -> None:
    seen: dict[str, str] = {}
    for word, alpha3 in _demonym_forms():
        assert seen.setdefault(word, alpha3) == alpha3, word
        assert _countries()[word] == alpha3, word
    assert not set(_not_countries()) & set(_countries())


def test_country_alpha2() -> None:
    assert country_alpha2("ALB") == "AL"
    assert country_alpha2("gbr") == "GB"
    assert country_alpha2("XKX") == "XK"
    with pytest.raises(InvalidValue):
        country_alpha2("ZZZ")

from pathlib import Path

import pytest
import yaml

import crossroute.model.values as values
from crossroute.model.values import InvalidValue, cleaner_for, value_types
from crossroute.model.values.registry import _cleaners

SCHEMATA = Path(values.__file__).parent.parent / "schemata.yaml"


def _schema_types() -> set[str]:
    schemata = yaml.safe_load(SCHEMATA.read_text(encoding="utf-8"))
    return {
        type_name
        for schema in schemata.values()
        for type_name in (schema.get("properties") or {}).values()
    }


def test_every_type_in_the_schemata_has_a_cleaner() -> None:
    assert _schema_types() <= set(value_types())


@pytest.mark.parametrize(
    ("type_name", "raw", "clean"),
    [
        ("name", " Gëzim  Çela ", "Gëzim Çela"),
        ("country", "albanais", "ALB"),
        ("text", "a  note", "a note"),
        ("entity", " person-42 ", "person-42"),
        ("string", "Calais ", "Calais"),
        ("identifier", "ab 123-456", "AB123456"),
        ("container", "CSQU 305438 3", "CSQU3054383"),
        ("imo", "IMO 9074729", "9074729"),
        ("mmsi", "235123456", "235123456"),
        ("iban", "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
        ("plate", "AB-123-CD", "AB123CD"),
        ("gender", "femme", "female"),
        ("email", "A@B.CO", "a@b.co"),
        ("handle", "@Boats", "boats"),
        ("url", "t.me/boats", "https://t.me/boats"),
        ("number", "1.234,5", 1234.5),
        ("phone", "+44 7700 900123", "+447700900123"),
    ],
)
def test_cleaner_for(type_name: str, raw: str, clean: object) -> None:
    assert cleaner_for(type_name)(raw) == clean


def test_keywords_are_passed_by_the_caller() -> None:
    assert cleaner_for("phone")("06 12 34 56 78", region="FR") == "+33612345678"
    date = cleaner_for("date")("1990 04 03", formats=["%Y %m %d"])
    assert getattr(date, "text", None) == "1990-04-03"


def test_unknown_type() -> None:
    with pytest.raises(InvalidValue, match="no value type 'phones'; known types: container"):
        cleaner_for("phones")


def test_value_types_sorted_and_complete() -> None:
    assert value_types() == tuple(sorted(_cleaners()))


def test_exports() -> None:
    assert values.__all__ == sorted(values.__all__)
    for name in values.__all__:
        assert getattr(values, name) is not None

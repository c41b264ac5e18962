"""The record key: one type for `SOURCE|RECORD_ID`, read back exactly as written, in Python and SQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroute.model.record_key import NotARecordKey, RecordKey
from crossroute.store import Workspace


def test_text_round_trips() -> None:
    key = RecordKey("UK-NCA", "P123")
    assert str(key) == "UK-NCA|P123"
    assert RecordKey.parse(str(key)) == key
    assert key.shown == "UK-NCA:P123"
    assert RecordKey.parse(key.shown, ":") == key
    assert key.pair() == ("UK-NCA", "P123")


def test_a_record_id_may_hold_the_separators() -> None:
    key = RecordKey("FR-OCRIEST", "2024|07:15")
    assert RecordKey.parse(str(key)) == key


@pytest.mark.parametrize("text", ["", "P123", "|P123", "UK-NCA|", "UK-NCA:P123"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(NotARecordKey, match="SOURCE"):
        RecordKey.parse(text)


def test_typed_readings() -> None:
    assert RecordKey.readings("UK-NCA:P123") == [RecordKey("UK-NCA", "P123")]
    assert RecordKey.readings("UK-NCA|P123") == [RecordKey("UK-NCA", "P123")]
    # Both readings of an id holding both separators, `|` first, no repeats; none for a bare id.
    assert RecordKey.readings("A|B:C") == [RecordKey("A", "B:C"), RecordKey("A|B", "C")]
    assert RecordKey.readings("P123") == []
    assert RecordKey.readings(":P123") == []


def test_sql_joins_and_splits_as_python_does(tmp_path: Path) -> None:
    keys = [RecordKey("UK-NCA", "P1"), RecordKey("BE-FJP", "a|b"), RecordKey("NL-KMAR", "x:y")]
    with Workspace.create(tmp_path / "ws") as ws:
        ws.rows("CREATE TEMP TABLE k (source VARCHAR, record_id VARCHAR)")
        for key in keys:
            ws.rows("INSERT INTO k VALUES (?, ?)", list(key.pair()))
        joined = [str(t) for (t,) in ws.rows(f"SELECT {RecordKey.SQL} FROM k ORDER BY 1")]
        assert joined == sorted(str(k) for k in keys)
        source, record_id = RecordKey.sql_split("t")
        split = ws.rows(f"SELECT {source}, {record_id} FROM (SELECT {RecordKey.SQL} AS t FROM k)")
        assert sorted(RecordKey(str(s), str(r)) for s, r in split) == sorted(keys)

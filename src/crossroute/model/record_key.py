"""A record's key across agencies: the supplying source and that source's own record id.

Stored and exchanged as one text, `SOURCE|RECORD_ID` (Splink's unique_id, match pairs, decisions,
audit subjects, federation publications); typed by people as `SOURCE:RECORD_ID` or `SOURCE|RECORD_ID`.
A source never holds the separator; a record id may (everything after the first `|` is the id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


class NotARecordKey(ValueError):
    """A text that is not `SOURCE|RECORD_ID` (no separator, or an empty part)."""


@dataclass(frozen=True, order=True, slots=True)
class RecordKey:
    """One record: `str(key)` is its stored text, `RecordKey.parse` reads it back."""

    source: str
    record_id: str

    SEPARATOR: ClassVar[str] = "|"
    TYPED_SEPARATORS: ClassVar[tuple[str, ...]] = ("|", ":")
    #: The stored text in SQL, over columns `source` and `record_id`.
    SQL: ClassVar[str] = "source || '|' || record_id"

    def __str__(self) -> str:
        return f"{self.source}{self.SEPARATOR}{self.record_id}"

    @property
    def shown(self) -> str:
        """The form people read and type: `SOURCE:RECORD_ID`."""
        return f"{self.source}:{self.record_id}"

    @classmethod
    def parse(cls, text: str, separator: str = SEPARATOR) -> RecordKey:
        """The key a stored `SOURCE|RECORD_ID` text names (or, with `separator=":"`, a typed
        `SOURCE:RECORD_ID`); NotARecordKey for anything else."""
        source, found, record_id = text.partition(separator)
        if not found or not source or not record_id:
            raise NotARecordKey(f"{text!r} is not SOURCE{separator}RECORD_ID")
        return cls(source, record_id)

    @classmethod
    def readings(cls, text: str) -> list[RecordKey]:
        """The keys a person may mean by `text`: split at `|`, then at `:` (a source such as
        `UK-NCA` has neither), without repeats; none for a bare record id."""
        found: dict[RecordKey, None] = {}
        for separator in cls.TYPED_SEPARATORS:
            source, sep, record_id = text.partition(separator)
            if sep and source and record_id:
                found[cls(source, record_id)] = None
        return list(found)

    @classmethod
    def sql_split(cls, column: str) -> tuple[str, str]:
        """SQL for the source and the record id of a stored key in `column`."""
        source = f"split_part({column}, '{cls.SEPARATOR}', 1)"
        return source, f"substr({column}, length({source}) + 2)"

    def pair(self) -> tuple[str, str]:
        """(source, record_id), the form the gate and SQL parameters take."""
        return self.source, self.record_id

"""Public aggregate statistics read in their published layouts: UK small-boat arrivals (daily, monthly,
yearly), Frontex detections and IOM Missing Migrants incidents. Each file is recognised by its header,
loaded unmodified into a table of its own in one transaction, with its provenance (file, SHA-256, the
publisher's citation); a row whose cell cannot be read as its column's type is kept in `public_rejects`
with the field and the reason, never silently dropped. Aggregate statistics: no personal data, no gate."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from crossroute.store import Workspace
from crossroute.store.sql import quote_ident


class PublicDataError(Exception):
    """A public file that cannot be recognised or read (names the file and what is wrong)."""


@dataclass(frozen=True)
class Layout:
    """One published file layout: its columns in order with their SQL types, where it lands, whose it is."""

    dataset: str
    table: str
    file_name: str  # the name the publisher gives the file (where `routes load` looks by default)
    columns: tuple[tuple[str, str], ...]
    required: tuple[str, ...]
    source: str
    licence: str

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]


_UK_SOURCE = (
    "UK Home Office small-boat arrivals, compiled by The National: "
    "github.com/thenationalnews-datavis/uk_small_boats @ c4421719"
)
_GDI_SOURCE = "IOM Global Data Institute: github.com/iom/gdidata @ c9e4cc69"
_UK_DAY = (
    "migrants_arrived INTEGER, boats_arrived INTEGER, migrants_per_boat DOUBLE, "
    "cumulative_migrants_arrived INTEGER, cumulative_boats_arrived INTEGER, "
    "migrants_per_boat_round INTEGER"
)


def _columns(spec: str) -> tuple[tuple[str, str], ...]:
    """`name TYPE, name TYPE` as (name, type) pairs."""
    pairs = (part.split() for part in spec.split(","))
    return tuple((name, sql_type) for name, sql_type in pairs)


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "uk_boats_daily",
        "uk_boats_daily",
        "uk_small_boats/long_uk_small_boats_daily.csv",
        _columns(
            "full_date DATE, date_label VARCHAR, n_year INTEGER, n_month INTEGER, n_day INTEGER, "
            + _UK_DAY
        ),
        ("full_date",),
        _UK_SOURCE,
        "MIT",
    ),
    Layout(
        "uk_boats_monthly",
        "uk_boats_monthly",
        "uk_small_boats/long_uk_small_boats_monthly.csv",
        _columns(
            "date_month DATE, date_label VARCHAR, n_year INTEGER, n_month INTEGER, " + _UK_DAY
        ),
        ("date_month",),
        _UK_SOURCE,
        "MIT",
    ),
    Layout(
        "uk_boats_yearly",
        "uk_boats_yearly",
        "uk_small_boats/long_uk_small_boats_yearly.csv",
        _columns(
            "n_year INTEGER, migrants_arrived INTEGER, boats_arrived INTEGER, "
            "migrants_per_boat DOUBLE, migrants_per_boat_round INTEGER"
        ),
        ("n_year",),
        _UK_SOURCE,
        "MIT",
    ),
    Layout(
        "frontex",
        "frontex_detections",
        "frontex_iom/frontex.csv",
        _columns("route VARCHAR, type VARCHAR, nat VARCHAR, t DATE, n DOUBLE"),
        ("route", "t"),
        f"Frontex detections of irregular border crossings, via {_GDI_SOURCE} (frontex.rda as CSV)",
        "MIT",
    ),
    Layout(
        "iom_mmp",
        "iom_incidents",
        "frontex_iom/iom_mmp.csv",
        _columns(
            "t DATE, m DATE, type VARCHAR, route VARCHAR, geo VARCHAR, dead DOUBLE, cause VARCHAR, "
            "surv DOUBLE, nat VARCHAR, location VARCHAR, lon DOUBLE, lat DOUBLE"
        ),
        (),
        f"IOM Missing Migrants Project, via {_GDI_SOURCE} (iom_mmp.rda as CSV)",
        "MIT",
    ),
)


@dataclass(frozen=True)
class Loaded:
    """What one file's load did."""

    dataset: str
    file: Path
    rows: int
    rejected: int
    sha256: str


def header(path: Path) -> list[str]:
    """The file's first row (column names), read by the csv module."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = next(csv.reader(handle), [])
    except OSError as error:
        raise PublicDataError(f"{path}: cannot read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise PublicDataError(f"{path}: not UTF-8 text ({error})") from error
    return [name.strip() for name in first]


def layout_of(path: Path) -> Layout:
    """The published layout whose columns the file's header names exactly."""
    names = header(path)
    for layout in LAYOUTS:
        if names == layout.names:
            return layout
    raise PublicDataError(
        f"{path}: header {names} is not a known public layout (expected one of: "
        + "; ".join(f"{layout.dataset} {layout.names}" for layout in LAYOUTS)
        + ")"
    )


def default_paths(folder: Path) -> list[Path]:
    """The published files found under `folder` (the shared data folder, or one of its subfolders)."""
    found = []
    for layout in LAYOUTS:
        for candidate in (folder / layout.file_name, folder / Path(layout.file_name).name):
            if candidate.is_file():
                found.append(candidate)
                break
    return found


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(ws: Workspace, path: Path) -> Loaded:
    """Load one public file into its table, replacing an earlier load of the same dataset; all or
    nothing (one transaction)."""
    layout = layout_of(path)
    digest = file_hash(path)
    now = datetime.now(UTC).replace(tzinfo=None)
    with ws.transaction():
        _stage(ws, layout, path)
        rejected = _quarantine(ws, layout, path)
        rows = _insert(ws, layout)
        ws.db.execute(
            "INSERT OR REPLACE INTO public_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [layout.dataset, str(path), digest, rows, rejected, layout.source, layout.licence, now],
        )
        ws.db.execute("DROP TABLE public_staged")
    return Loaded(layout.dataset, path, rows, rejected, digest)


def _stage(ws: Workspace, layout: Layout, path: Path) -> None:
    """Every cell as text, with its row number (1 = the first row under the header)."""
    types = {name: "VARCHAR" for name in layout.names}
    try:
        ws.db.execute(
            "CREATE TEMP TABLE public_staged AS SELECT row_number() OVER () AS row_number, * "
            "FROM read_csv(?, header = true, delim = ',', quote = '\"', escape = '\"', "
            "columns = ?, strict_mode = true, null_padding = false)",
            [str(path), types],
        )
    except duckdb.Error as error:
        raise PublicDataError(f"{path}: {error}") from error


def _cell(name: str) -> str:
    return f"nullif(trim({quote_ident(name)}), '')"


def _quarantine(ws: Workspace, layout: Layout, path: Path) -> int:
    """Rows with a cell that is not its column's type, or a required cell empty, into public_rejects."""
    ws.db.execute(
        "DELETE FROM public_rejects WHERE dataset = ?", [layout.dataset]
    )  # a reload replaces
    for name, sql_type in layout.columns:
        cell = _cell(name)
        if sql_type != "VARCHAR":
            ws.db.execute(
                f"INSERT INTO public_rejects SELECT ?, ?, row_number, ?, {quote_ident(name)}, ? "
                f"FROM public_staged WHERE {cell} IS NOT NULL "
                f"AND TRY_CAST({cell} AS {sql_type}) IS NULL",
                [layout.dataset, str(path), name, f"not a {sql_type.lower()}"],
            )
        if name in layout.required:
            ws.db.execute(
                f"INSERT INTO public_rejects SELECT ?, ?, row_number, ?, NULL, 'empty' "
                f"FROM public_staged WHERE {cell} IS NULL",
                [layout.dataset, str(path), name],
            )
    return int(
        ws.scalar(
            "SELECT count(DISTINCT row_number) FROM public_rejects WHERE dataset = ?",
            [layout.dataset],
        )
    )


def _insert(ws: Workspace, layout: Layout) -> int:
    """The readable rows into the dataset's table (an earlier load of the dataset is replaced)."""
    table = quote_ident(layout.table)
    cells = ", ".join(
        f"nullif({quote_ident(name)}, '')"
        if sql_type == "VARCHAR"
        else f"CAST({_cell(name)} AS {sql_type})"
        for name, sql_type in layout.columns
    )
    ws.db.execute(f"DELETE FROM {table}")
    ws.db.execute(
        f"INSERT INTO {table} SELECT row_number, {cells} FROM public_staged WHERE row_number "
        "NOT IN (SELECT row_number FROM public_rejects WHERE dataset = ?) ORDER BY row_number",
        [layout.dataset],
    )
    return int(ws.scalar(f"SELECT count(*) FROM {table}"))


def sources(ws: Workspace) -> list[dict[str, object]]:
    """Provenance of every loaded public dataset."""
    rows = ws.rows(
        "SELECT dataset, file, sha256, rows, rejected, source, licence, loaded_at "
        "FROM public_sources ORDER BY dataset"
    )
    keys = ("dataset", "file", "sha256", "rows", "rejected", "source", "licence", "loaded_at")
    return [dict(zip(keys, row, strict=True)) for row in rows]

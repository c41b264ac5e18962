"""FTS5 or tantivy for the comms search index: the same folded messages indexed by both, then the same
queries (rare word, common word, phrase, boolean, handle and date filters), top 20 ranked by BM25 and
the count of matches. Prints CPU seconds (user + system, every thread) and wall time for indexing,
median / p95 latency per query kind, and the size on disk (docs/comms.md has the figures).

    .tools/bin/uv run --frozen python benchmarks/comms_engines.py CORPUS.csv [--n 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import tantivy

from crossroute.analysis.comms.fold import fold_array

QUERIES = {  # kind: (words, phrase?, handle filter?, date filter?)
    "rare": ["w4242"],
    "common (the: half the messages)": ["the"],
    "common (haha)": ["haha"],
    "phrase": ["the", "scan"],
    "and": ["container", "scan"],
    "not": ["pin", "-bank"],
    "or": ["tickets", "|shirts"],
    "handle filter": ["tickets", "@h"],
    "date filter": ["antwerp", "#d"],
}


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def du(path: Path) -> int:
    return (
        sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        if path.is_dir()
        else path.stat().st_size
    )


def read(path: Path, n: int) -> pa.Table:
    con = duckdb.connect()
    table = con.sql(
        "SELECT row_number() OVER () AS seq, text, from_handle, to_handle, "
        "epoch(CAST(timestamp AS TIMESTAMP))::BIGINT AS t FROM read_csv(?, all_varchar = true) "
        "LIMIT ?",
        params=[str(path), n],
    ).to_arrow_table()
    return table.append_column("norm", fold_array(table.column("text")))


def timed(run: Callable[[], object], times: int = 7) -> tuple[float, float, object]:
    took, out = [], None
    for _ in range(times):
        started = time.perf_counter()
        out = run()
        took.append(time.perf_counter() - started)
    took.sort()
    return statistics.median(took) * 1000, took[int(0.95 * (len(took) - 1))] * 1000, out


def fts5(table: pa.Table, folder: Path, handle: str, day: tuple[int, int]) -> None:
    path = folder / "fts5.sqlite"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(
        "CREATE VIRTUAL TABLE msg USING fts5(norm, meta, content='', "
        "tokenize='unicode61 remove_diacritics 0')"
    )
    db.execute("CREATE TABLE ts (seq INTEGER PRIMARY KEY, t INTEGER)")
    db.execute("INSERT INTO msg(msg, rank) VALUES ('pgsz', 4000)")
    c0, w0 = cpu(), time.perf_counter()
    for batch in table.to_batches(200_000):
        cols = batch.to_pydict()
        meta = [
            "h" + a.replace(".", "_") + " h" + b.replace(".", "_")
            for a, b in zip(cols["from_handle"], cols["to_handle"], strict=True)
        ]
        with db:
            db.executemany(
                "INSERT INTO msg(rowid, norm, meta) VALUES (?, ?, ?)",
                zip(cols["seq"], cols["norm"], meta, strict=True),
            )
            db.executemany("INSERT INTO ts VALUES (?, ?)", zip(cols["seq"], cols["t"], strict=True))
    db.execute("INSERT INTO msg(msg) VALUES ('optimize')")
    db.commit()
    c1, w1 = cpu(), time.perf_counter()
    print(
        f"FTS5     index: {c1 - c0:6.1f} CPU s, {w1 - w0:6.1f} s wall, {len(table) / (c1 - c0):9,.0f} msg per CPU s, {du(path) / 1e6:,.0f} MB"
    )
    h = "h" + handle.replace(".", "_")
    for kind, words in QUERIES.items():
        terms = [w for w in words if w[0] not in "-|@#"]
        expr = (
            f'norm : "{" ".join(terms)}"'
            if kind == "phrase"
            else " AND ".join(f"norm : {w}" for w in terms)
        )
        expr += "".join(f" NOT norm : {w[1:]}" for w in words if w[0] == "-")
        expr += "".join(f" OR norm : {w[1:]}" for w in words if w[0] == "|")
        if "@h" in words:
            expr += f' AND meta : "{h}"'
        sql = "SELECT rowid, rank FROM msg WHERE msg MATCH ? ORDER BY rank LIMIT 20"
        params: list[object] = [expr]
        if "#d" in words:
            sql = ("SELECT m.rowid, m.rank FROM msg m JOIN ts ON ts.seq = m.rowid WHERE msg MATCH ? "
                   "AND ts.t BETWEEN ? AND ? ORDER BY rank LIMIT 20")  # fmt: skip
            params += list(day)

        def run(sql: str = sql, params: list[object] = params, expr: str = expr) -> int:
            db.execute(sql, params).fetchall()
            return int(
                db.execute("SELECT count(*) FROM msg WHERE msg MATCH ?", [expr]).fetchone()[0]
            )

        med, p95, count = timed(run)
        print(f"  {kind:34s} {med:8.1f} ms median {p95:8.1f} ms p95  ({count:,} matches)")
    db.close()


def tantivy_index(table: pa.Table, folder: Path, handle: str, day: tuple[int, int]) -> None:
    path = folder / "tantivy"
    path.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("seq", fast=True)
    builder.add_text_field("norm", tokenizer_name="folded", index_option="position")
    builder.add_text_field("handle", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("t", fast=True)
    schema = builder.build()
    index = tantivy.Index(schema, str(path))
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .build()
    )
    index.register_tokenizer("folded", analyzer)
    con = duckdb.connect()
    con.register("m", table)
    c0, w0 = cpu(), time.perf_counter()
    writer = index.writer(heap_size=400_000_000, num_threads=1)
    reader = con.sql(
        "SELECT to_json({seq: seq, norm: norm, handle: [from_handle, to_handle], t: t})::VARCHAR FROM m"
    ).to_arrow_reader(200_000)
    for batch in reader:
        for doc in batch.column(0).to_pylist():
            writer.add_json(doc)
    writer.commit()
    writer.wait_merging_threads()
    c1, w1 = cpu(), time.perf_counter()
    print(
        f"tantivy  index: {c1 - c0:6.1f} CPU s, {w1 - w0:6.1f} s wall, {len(table) / (c1 - c0):9,.0f} msg per CPU s, {du(path) / 1e6:,.0f} MB"
    )
    index.reload()
    searcher = index.searcher()
    Q, Occ = tantivy.Query, tantivy.Occur
    for kind, words in QUERIES.items():
        terms = [w for w in words if w[0] not in "-|@#"]
        if kind == "phrase":
            clauses = [(Occ.Must, Q.phrase_query(schema, "norm", terms))]
        else:
            clauses = [(Occ.Must, Q.term_query(schema, "norm", w)) for w in terms]
        clauses += [
            (Occ.MustNot, Q.term_query(schema, "norm", w[1:])) for w in words if w[0] == "-"
        ]
        if any(w[0] == "|" for w in words):
            clauses = [
                (
                    Occ.Must,
                    Q.boolean_query(
                        [(Occ.Should, Q.term_query(schema, "norm", w.lstrip("|"))) for w in words]
                    ),
                )
            ]
        if "@h" in words:
            clauses.append((Occ.Must, Q.term_query(schema, "handle", handle)))
        if "#d" in words:
            clauses.append(
                (Occ.Must, Q.range_query(schema, "t", tantivy.FieldType.Integer, day[0], day[1]))
            )
        query = Q.boolean_query(clauses)

        def run(query: tantivy.Query = query) -> int:
            found = searcher.search(query, 20, count=True)
            searcher.fast_field_values("seq", [a for _, a in found.hits])
            return int(found.count or 0)

        med, p95, count = timed(run)
        print(f"  {kind:34s} {med:8.1f} ms median {p95:8.1f} ms p95  ({count:,} matches)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    table = read(args.corpus, args.n)
    con = duckdb.connect()
    con.register("m", table)
    handle = str(
        con.execute(
            "SELECT from_handle FROM m WHERE norm LIKE '%tickets%' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    )  # type: ignore[index]
    start = int(con.execute("SELECT min(t) FROM m").fetchone()[0])  # type: ignore[index]
    day = (start + 30 * 86400, start + 60 * 86400)
    print(
        f"{len(table):,} messages; handle filter {handle}; dates {dt.datetime.fromtimestamp(day[0], dt.UTC):%Y-%m-%d} +30 days; load {os.getloadavg()[0]:.1f}"
    )
    folder = Path(tempfile.mkdtemp(prefix="comms-engines-", dir="/tmp"))
    try:
        tantivy_index(table, folder, handle, day)
        fts5(table, folder, handle, day)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

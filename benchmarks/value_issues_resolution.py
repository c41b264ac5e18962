"""Resolution with person rows whose phone was mistyped: quarantined (before) or kept (after), like for like.

    uv run python benchmarks/value_issues_resolution.py [--seeds 1 2 3] [--keep DIR]

Per seed: `crossroute simulate OUT --seed N --scale medium` (about 1.5% of the phones written are
mistyped), `crossroute init` + `crossroute ingest` once, then two copies of that workspace:

- before: the Person records with a value issue on `phone` deleted before `crossroute resolve` (what the
  old ingest did: it quarantined the whole row);
- after: every record resolved (the row loaded, the mistyped value kept as written in `phone_invalid`).

Scores (pairwise and B-cubed F1, `resolve_metrics.score`) against OUT/truth/records.csv:
- before and after over the same records (those that load in both: the before workspace's records);
- after over all records;
- before the way `benchmarks/resolve.py` counted quarantined rows (singletons on both sides);
- in the after run, per-record B-cubed precision and recall of the kept records (those with a phone
  value issue) against the others: do they resolve worse?
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from resolve_crossroute import DB_FILE, cli, export_clusters, resolve
from resolve_memory import timed
from resolve_metrics import Scores, align, score

KEYS = ["source", "record_id"]
PHONE_ISSUES = "SELECT DISTINCT source, record_id FROM value_issues WHERE schema = 'Person' AND property = 'phone'"


@dataclass(frozen=True)
class Run:
    clusters: pd.DataFrame  # source, record_id, entity_id
    seconds: float
    peak_mib: float


def simulate(out: Path, seed: int) -> pd.DataFrame:
    """The medium case for `seed` under `out`; its Person truth (source, record_id, entity_id)."""
    subprocess.run(
        cli("simulate", str(out), "--seed", str(seed), "--scale", "medium"),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    truth = pd.read_csv(out / "truth" / "records.csv", dtype=str, keep_default_na=False)
    return truth.loc[truth["schema"] == "Person", [*KEYS, "entity_id"]].reset_index(drop=True)


def phone_issue_records(workspace: Path) -> pd.DataFrame:
    with duckdb.connect(str(workspace / DB_FILE), read_only=True) as connection:
        return connection.execute(PHONE_ISSUES).df()


def quarantine_phone_issues(workspace: Path) -> int:
    """Delete the Person records with a phone value issue, as the old ingest quarantined them."""
    with duckdb.connect(str(workspace / DB_FILE)) as connection:
        removed = connection.execute(
            f"DELETE FROM records WHERE schema = 'Person' AND (source, record_id) IN ({PHONE_ISSUES})"
        ).fetchone()
    return int(removed[0]) if removed else 0


def resolved(workspace: Path, logs: Path) -> Run:
    logs.mkdir(parents=True, exist_ok=True)
    seconds, peak = resolve(workspace, None, logs)
    _, clusters = export_clusters(workspace, logs / "clusters.csv", logs)
    return Run(clusters, seconds, peak)


def only(frame: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    return frame.merge(keys[KEYS], on=KEYS, how="inner")


def scored(truth: pd.DataFrame, clusters: pd.DataFrame) -> Scores:
    aligned = align(truth, clusters)
    return score(aligned.truth, aligned.predicted)


def per_record(truth: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Each record's B-cubed precision (share of its cluster in its entity) and recall (share of its
    entity in its cluster), and whether its entity has other records."""
    joined = truth.merge(clusters[[*KEYS, "entity_id"]], on=KEYS, suffixes=("_true", "_pred"))
    cell = joined.groupby(["entity_id_true", "entity_id_pred"])["record_id"].transform("size")
    entity = joined.groupby("entity_id_true")["record_id"].transform("size")
    cluster = joined.groupby("entity_id_pred")["record_id"].transform("size")
    joined["precision"] = cell / cluster
    joined["recall"] = cell / entity
    joined["has_partners"] = entity > 1
    return joined


def line(label: str, s: Scores, records: int) -> str:
    return (
        f"  {label:<47} {records:>7,}  pairwise P {s.pairwise_precision:.4f} R {s.pairwise_recall:.4f} "
        f"F1 {s.pairwise_f1:.4f}   B-cubed F1 {s.bcubed_f1:.4f}"
    )


def bench(seed: int, folder: Path) -> None:
    out, after_ws, before_ws = (
        folder / f"sim-{seed}",
        folder / f"ws-{seed}-after",
        folder / f"ws-{seed}-before",
    )
    truth = simulate(out, seed)
    subprocess.run(cli("init", str(after_ws)), check=True, stdout=subprocess.DEVNULL)
    timed(cli("ingest", str(after_ws), str(out)), folder / f"ingest-{seed}.log")
    flagged = phone_issue_records(after_ws)
    shutil.copytree(after_ws, before_ws)
    removed = quarantine_phone_issues(before_ws)
    before = resolved(before_ws, folder / f"logs-{seed}-before")
    after = resolved(after_ws, folder / f"logs-{seed}-after")

    loaded = before.clusters[KEYS]
    same_truth = only(truth, loaded)
    print(
        f"seed {seed}: {len(truth):,} person records in the truth, {len(flagged):,} with a mistyped "
        f"phone ({len(flagged) / len(truth):.2%}; {removed:,} deleted for 'before'); resolve "
        f"before {before.seconds:.0f} s, after {after.seconds:.0f} s (wall, load-dependent)"
    )
    print(line("before, records that loaded", scored(same_truth, before.clusters), len(loaded)))
    print(
        line(
            "after, the same records", scored(same_truth, only(after.clusters, loaded)), len(loaded)
        )
    )
    print(line("after, all records", scored(truth, after.clusters), len(after.clusters)))
    print(
        line(
            "before, quarantined as singletons (resolve.py)",
            scored(truth, before.clusters),
            len(truth),
        )
    )
    records = per_record(truth, after.clusters)
    records["kept"] = (
        records[KEYS].merge(flagged, on=KEYS, how="left", indicator=True)["_merge"] == "both"
    ).to_numpy()
    for kept, label in ((True, "kept (mistyped phone)"), (False, "others")):
        group = records[records["kept"] == kept]
        partnered = group[group["has_partners"]]
        print(
            f"  after, {label:<22} {len(group):>7,} records: B-cubed P {group['precision'].mean():.4f} "
            f"R {group['recall'].mean():.4f}; of the {len(partnered):,} whose person has other records, "
            f"recall {partnered['recall'].mean():.4f}, "
            f"{(partnered['recall'] == 1).mean():.1%} with all of them"
        )
    print()


@contextmanager
def work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="crossroute-value-issues-") as tmp:
        yield Path(tmp)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    args = parser.parse_args()
    with work_folder(args.keep) as folder:
        for seed in args.seeds:
            bench(seed, folder)


if __name__ == "__main__":
    main()

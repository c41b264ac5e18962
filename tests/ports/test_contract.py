"""The contract: `ports train WS --declarations F...` and `ports score WS F --out scores.csv`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from crossroute.analysis.ports.declarations import read_declarations
from crossroute.analysis.ports.features import Vocabulary, build_features, with_derived
from crossroute.cli.app import app
from crossroute.sharing.audit import entries
from crossroute.sharing.users import create_first_admin
from crossroute.store import Workspace
from tests.ports.conftest import write_csv

runner = CliRunner()


@pytest.fixture(scope="module")
def trained(customs_files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("ports") / "ws"  # not made first: `ports train` makes it
    done = runner.invoke(app, ["ports", "train", str(ws), "--declarations", str(customs_files[0])])
    assert done.exit_code == 0, done.output
    return ws


def scores_of(ws: Path, file: Path, out: Path) -> pd.DataFrame:
    done = runner.invoke(app, ["ports", "score", str(ws), str(file), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return pd.read_csv(out, dtype={"declaration_id": str})


def test_every_row_scored_in_unit_range(
    trained: Path, customs_files: tuple[Path, Path], tmp_path: Path
) -> None:
    scores = scores_of(trained, customs_files[1], tmp_path / "scores.csv")
    later = pd.read_csv(customs_files[1], dtype={"Declaration ID": str})
    assert list(scores.columns) == ["declaration_id", "score", "reasons"]
    assert scores["declaration_id"].tolist() == later["Declaration ID"].tolist()
    assert scores["score"].between(0, 1).all()
    assert scores["reasons"].str.len().gt(0).all()
    top = later.set_index("Declaration ID").loc[scores.nlargest(20, "score")["declaration_id"]]
    assert top["Fraud"].mean() >= 0.8
    assert scores.loc[scores["score"].idxmax(), "reasons"].startswith("critical-fraud profile")


def test_labels_of_the_scored_file_are_ignored(
    trained: Path, customs_files: tuple[Path, Path], tmp_path: Path
) -> None:
    later = pd.read_csv(customs_files[1], dtype=str, keep_default_na=False)
    flipped = later.assign(Fraud=1 - later["Fraud"].astype(int), **{"Critical Fraud": "0"})
    unlabelled = later.drop(columns=["Fraud", "Critical Fraud"])
    results = []
    for name, frame in (("as_is", later), ("flipped", flipped), ("none", unlabelled)):
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
        results.append(scores_of(trained, tmp_path / f"{name}.csv", tmp_path / f"{name}-out.csv"))
    assert results[0].equals(results[1]) and results[0].equals(results[2])


def test_history_features_never_look_ahead(customs_files: tuple[Path, Path]) -> None:
    rows = read_declarations(customs_files[0]).rows
    frame = with_derived(rows).sort_values("date", kind="stable").reset_index(drop=True)
    vocabulary = Vocabulary.learn(frame)
    before = build_features(frame, np.ones(len(frame), dtype=bool), vocabulary)
    cut = frame["date"] >= frame["date"].iloc[len(frame) // 2]
    changed = frame.assign(fraud=np.where(cut, 1 - frame["fraud"], frame["fraud"]))
    after = build_features(changed, np.ones(len(frame), dtype=bool), vocabulary)
    pd.testing.assert_frame_equal(before[~cut.to_numpy()], after[~cut.to_numpy()])
    assert not before[cut.to_numpy()].equals(after[cut.to_numpy()])


def test_user_and_purpose_are_audited(customs_files: tuple[Path, Path], tmp_path: Path) -> None:
    ws_path = tmp_path / "ws"
    with Workspace.create(ws_path) as ws:
        create_first_admin(ws, "anna", "CUS", "a long enough password")
    args = ["--user", "anna", "--purpose", "OP-PORT: weekly targeting"]
    done = runner.invoke(
        app, ["ports", "train", str(ws_path), "--declarations", str(customs_files[0]), *args]
    )
    assert done.exit_code == 0, done.output
    with Workspace.open(ws_path) as ws:
        logged = entries(ws)
    assert logged[-1].actor == "anna" and logged[-1].purpose == "OP-PORT: weekly targeting"


def test_scoring_without_a_model_says_what_to_run(
    customs_files: tuple[Path, Path], tmp_path: Path
) -> None:
    done = runner.invoke(
        app, ["ports", "score", str(tmp_path / "ws"), str(customs_files[1]), "--out", "x.csv"]
    )
    assert done.exit_code != 0 and "crossroute ports train" in done.output


def test_several_files_train_together_and_bad_containers_are_quarantined(
    customs_files: tuple[Path, Path], tmp_path: Path
) -> None:
    header = ["declaration_id", "date", "importer", "hs6", "net_mass", "item_price", "container",
              "fraud", "critical_fraud"]  # fmt: skip
    rows = [
        ["C1", "2020-03-01", "IMP1", "930100", "10", "50", "CSQU3054383", "1", "2"],
        ["C2", "2020-03-01", "IMP2", "930100", "10", "50", "CSQU3054384", "0", "0"],
        ["C3", "2020-03-02", "IMP3", "930100", "10", "50", "CSQ3054383", "0", "0"],
    ]
    extra = write_csv(tmp_path / "canonical.csv", header, rows)
    ws = tmp_path / "ws"
    files = ["--declarations", str(customs_files[0]), "--declarations", str(extra)]
    done = runner.invoke(app, ["ports", "train", str(ws), *files])
    assert done.exit_code == 0, done.output
    with Workspace.open(ws) as opened:
        quarantined = opened.rows("SELECT row, declaration_id, reason FROM ports.quarantine")
        trained = opened.rows("SELECT rows FROM ports.models")
    reasons = {row[1]: (row[0], row[2]) for row in quarantined}
    assert set(reasons) == {"C2", "C3"}
    assert reasons["C2"][0] == 3 and "check digit (expected 3)" in reasons["C2"][1]
    assert reasons["C3"][0] == 4 and "not ISO 6346" in reasons["C3"][1]
    assert trained == [(900 + 1,)]

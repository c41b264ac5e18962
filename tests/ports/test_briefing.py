from pathlib import Path

from typer.testing import CliRunner

from crossroute.cli.app import app
from crossroute.report.ports_section import ports_section
from crossroute.store import Workspace


def test_briefing_section_lists_the_riskiest_and_the_offices(
    customs_files: tuple[Path, Path], tmp_path: Path
) -> None:
    ws_path = tmp_path / "ws"
    with Workspace.create(ws_path) as ws:
        assert ports_section(ws) == ""
    runner = CliRunner()
    for args in (
        ["ports", "train", str(ws_path), "--declarations", str(customs_files[0])],
        ["ports", "score", str(ws_path), str(customs_files[1]), "--out", str(tmp_path / "s.csv")],
    ):
        assert runner.invoke(app, args).exit_code == 0
    with Workspace.open(ws_path) as ws:
        html = ports_section(ws)
    assert "Ports: container risk targeting" in html and html.count("<tr>") > 5
    assert "BAD" not in html and "IMP" not in html  # no party named

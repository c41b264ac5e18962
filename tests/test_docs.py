"""Docs that CI checks against the code: the CLI reference is generated from the CLI itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crossroute.model.person_csv import PERSON_COLUMNS

DOCS = Path(__file__).parent.parent / "docs"


def test_cli_reference_matches_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    typer = Path(sys.executable).parent / "typer"
    subprocess.run(
        [
            str(typer),
            "crossroute.cli.app",
            "utils",
            "docs",
            "--name",
            "crossroute",
            "--title",
            "CLI reference",
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_text() == (DOCS / "cli.md").read_text(), "docs/cli.md is stale: run `make docs`"


def test_formats_doc_shows_the_canonical_person_header() -> None:
    assert ",".join(PERSON_COLUMNS) in (DOCS / "formats.md").read_text()


def test_architecture_and_formats_docs_exist() -> None:
    for name in ("architecture.md", "formats.md", "cli.md"):
        assert (DOCS / name).stat().st_size > 500

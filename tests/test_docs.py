"""Docs that CI checks against the code: the CLI reference is generated from the CLI itself."""

from __future__ import annotations

import re
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


def test_every_command_in_the_readme_exists() -> None:
    """Each `crossroute ...` line of the README's Use block names a command the CLI has."""
    from typer.testing import CliRunner

    from crossroute.cli.app import app

    readme = (DOCS.parent / "README.md").read_text("utf-8")
    lines = [line.split("#")[0].split() for line in readme.splitlines()]
    commands = {
        tuple(word for word in words[1:3] if word.isidentifier() or word.replace("-", "").isalpha())
        for words in lines
        if words[:1] == ["crossroute"]
    }
    assert len(commands) > 10
    runner = CliRunner()
    for command in sorted(commands):
        words = [w for w in command if w.upper() != w]  # WS, FILE... are arguments
        result = runner.invoke(app, [*words, "--help"])
        assert result.exit_code == 0, (
            f"README names `crossroute {' '.join(words)}`: {result.output}"
        )


def test_links_between_docs_resolve() -> None:
    for doc in [DOCS.parent / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", doc.read_text("utf-8")):
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"

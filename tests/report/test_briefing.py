"""The briefing: offline HTML with a network picture, a route map and a money-flow chart, grading and
sources behind each claim, the document's handling = the most restrictive of its sources; PDF by
headless Chromium; written through the gate (logged with its purpose)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from crossroute.report.handling import most_restrictive
from crossroute.sharing import audit
from crossroute.store import Workspace
from tests.api.served import served_copy
from tests.conftest import run_cli


def test_the_most_restrictive_code_wins_across_schemes() -> None:
    codes = [
        {"scheme": "SIENA", "code": "H0"},
        {"scheme": "UK-3x5x2", "code": "C", "note": "no onward sharing"},
        {"scheme": "TLP", "code": "GREEN"},
    ]
    found = most_restrictive(codes)
    assert found["label"] == "UK-3x5x2 C"
    assert found["notes"] == ["no onward sharing"]
    assert most_restrictive([*codes, {"scheme": "TLP", "code": "RED"}])["label"] == "TLP RED"
    assert (
        most_restrictive([{"scheme": "X", "code": "odd"}, {"scheme": "SIENA", "code": "H1"}])[
            "code"
        ]
        == "odd"
    )  # an unknown code counts as restricted, not free
    assert most_restrictive([])["code"] is None


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    ws = served_copy(tmp_path_factory, "report")
    out = ws.parent / "briefing.html"
    run_cli(
        "report",
        ws,
        "--user",
        "anna",
        "--purpose",
        "OP-TEST: taskforce meeting",
        "--out",
        out,
        "--pdf",
    )
    return ws, out


def test_the_briefing_is_one_offline_file_with_its_pictures(briefing: tuple[Path, Path]) -> None:
    html = briefing[1].read_text("utf-8")
    for figure in ("group-picture-[0-9]+", "route-map", "channel-map", "money-chart"):
        assert re.search(rf"<figure id='{figure}'[^>]*>\s*<svg", html), figure
    assert "<script" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html


def test_claims_carry_grading_and_sources_and_the_document_its_handling(
    briefing: tuple[Path, Path],
) -> None:
    html = briefing[1].read_text("utf-8")
    banner = re.findall(r"<div class='handling'[^>]*>HANDLING: ([^<]+)<", html)
    assert len(banner) == 2 and banner[0] == banner[1]
    codes = re.search(r"the most restrictive of its sources: ([^.]+)\.", html)
    assert codes is not None
    assert banner[0].startswith(codes.group(1).split(", ")[0])  # listed most restrictive first
    assert re.search(r"class='src'>\[[A-Z]{2}-[A-Z-]+ [A-Z0-9?]{2}", html)  # e.g. [EU-EUROPOL A2
    assert "Key players" in html and "Recommended disruption targets" in html
    assert "fragmentation" in html


def test_the_pdf_is_printed_and_the_briefing_is_logged(briefing: tuple[Path, Path]) -> None:
    ws, html = briefing
    pdf = html.with_suffix(".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000
    with Workspace.open(ws, read_only=True) as workspace:
        logged = [e for e in audit.entries(workspace) if '"path":"report"' in e.detail]
    assert len(logged) == 1
    assert logged[0].actor == "anna" and logged[0].purpose == "OP-TEST: taskforce meeting"


def test_every_printed_page_carries_the_marking_and_its_number(
    briefing: tuple[Path, Path],
) -> None:
    html = briefing[1].read_text("utf-8")
    found = re.search(r"id='handling'>(HANDLING: [^<]+)<", html)
    assert found is not None
    mark = unescape(found.group(1))
    pages = PdfReader(briefing[1].with_suffix(".pdf")).pages
    assert len(pages) > 1
    for number, page in enumerate(pages, 1):
        text = page.extract_text()
        assert text.count(mark) >= 2, (number, text[:300])  # header and footer
        assert f"page {number} of {len(pages)}" in text


def test_a_briefing_needs_a_purpose(briefing: tuple[Path, Path], tmp_path: Path) -> None:
    done = run_cli(
        "report", briefing[0], "--user", "anna", "--out", tmp_path / "b.html", check=False
    )
    assert done.returncode == 2 and "purpose is required" in done.stderr
    assert not (tmp_path / "b.html").exists()

"""The risk officer's view in real Chromium: today's list with reasons, one declaration's explanation,
the per-port board."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from typer.testing import CliRunner

from crossroute.cli.app import app as cli
from crossroute.sharing import Role
from crossroute.sharing.users import add_user, create_first_admin
from crossroute.store import Workspace
from tests.api.served import PASSWORD, serve
from tests.web.conftest import log_in, page, shot

__all__ = ["page"]  # the Chromium page fixture, shared with tests/web


@pytest.mark.browser
def test_the_risk_officer_reads_the_list_and_an_explanation(
    customs_files: tuple[Path, Path], tmp_path: Path, page: tuple[Page, list[str]]
) -> None:
    ws_path = tmp_path / "ws"
    runner = CliRunner()
    for args in (
        ["ports", "train", str(ws_path), "--declarations", str(customs_files[0])],
        ["ports", "score", str(ws_path), str(customs_files[1]), "--out", str(tmp_path / "s.csv")],
    ):
        assert runner.invoke(cli, args).exit_code == 0
    with Workspace.open(ws_path) as ws:
        root = create_first_admin(ws, "root", "CUS", PASSWORD)
        add_user(ws, root, "anna", "CUS", Role.ANALYST, PASSWORD)
    tab, outside = page
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    with serve(ws_path) as running:
        log_in(tab, running.url, purpose="OP-PORT: today's inspection list")
        tab.goto(running.url + "/#/ports?share=0.5")
        tab.wait_for_selector("#ports-list table")
        tab.wait_for_selector("#ports-board table")
        assert "chosen by" in tab.inner_text("#ports-list")
        assert tab.locator("#ports-list li").count() > 0
        shot(tab, "ports-1-list")
        tab.click("#ports-list table a >> nth=0")
        tab.wait_for_selector("#port-reasons li")
        assert "importer" in tab.inner_text("#port-declaration")
        shot(tab, "ports-2-declaration")
    assert not errors and not outside

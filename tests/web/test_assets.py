"""The web UI's third-party files come from npm (node_modules), named by the lock file, never committed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from crossroute.web.assets import HERE, VENDOR, WebAssetsMissing, check_assets, missing_assets
from tests.conftest import run_cli


def test_every_vendor_file_is_installed_from_the_locked_packages() -> None:
    assert missing_assets() == [], "run `make setup`"
    locked = json.loads((HERE / "package-lock.json").read_text())["packages"]
    for rel in VENDOR.values():
        assert f"node_modules/{rel.split('/')[0]}" in locked


def test_missing_packages_name_the_set_up_command(tmp_path: Path) -> None:
    with pytest.raises(WebAssetsMissing, match="make setup"):
        check_assets(tmp_path)


def test_serve_refuses_a_folder_that_is_no_workspace(tmp_path: Path) -> None:
    done = run_cli("serve", tmp_path / "nothing", check=False)
    assert done.returncode == 2
    assert "is not a workspace" in done.stderr


def test_no_third_party_front_end_file_is_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", str(HERE)], capture_output=True, text=True, check=True, cwd=HERE
    ).stdout.split()
    assert not [f for f in tracked if "node_modules" in f]
    assert all(f.endswith((".py", ".json", ".html", ".css", ".js")) for f in tracked)

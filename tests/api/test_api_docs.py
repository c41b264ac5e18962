"""Every operation of the API is in the docs (docs/api.md, or the doc of its subject, e.g. docs/federation.md):
a call nobody can find is a call nobody uses."""

from __future__ import annotations

import re
from pathlib import Path

from crossroute.api.app import create_app
from crossroute.store import Workspace

DOCS = Path(__file__).parents[2] / "docs"
PARAM = re.compile(r"\{[^}]*\}")


def test_every_operation_is_documented(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws").close()
    schema = create_app(tmp_path / "ws", web=False).openapi()
    documented = PARAM.sub("{}", "\n".join(p.read_text("utf-8") for p in DOCS.glob("*.md")))
    missing = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if PARAM.sub("{}", path) not in documented
    ]
    assert missing == []

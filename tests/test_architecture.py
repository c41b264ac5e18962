"""docs/architecture.md's package table is the import rule: each package imports only the packages its
row names ("anything above" means every row above it). Keeps the table and the code in step."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGE_ROOT = ROOT / "src" / "crossroute"
TABLE_ROW = re.compile(r"^\| (?P<names>[^|]+) \| [^|]* \| (?P<imports>[^|]+) \|$")


def documented_rules() -> dict[str, set[str]]:
    """Package -> the packages it may import, from the architecture table."""
    rules: dict[str, set[str]] = {}
    seen: list[str] = []
    for line in (ROOT / "docs" / "architecture.md").read_text("utf-8").splitlines():
        row = TABLE_ROW.match(line)
        if not row or row["names"].strip() in {"package", "---"}:
            continue
        names = re.findall(r"`([^`]+)`", row["names"])
        imports = row["imports"].strip()
        if imports.startswith("anything above"):
            allowed = set(seen)
        else:
            allowed = set(re.findall(r"`([^`]+)`", imports))
        for name in names:
            rules[name] = allowed | set(names)
        seen.extend(names)
    return rules


def package_of(parts: tuple[str, ...]) -> str:
    if parts[0] == "analysis" and len(parts) > 1 and not parts[1].endswith(".py"):
        return f"analysis/{parts[1]}"
    return parts[0].removesuffix(".py")


def actual_imports() -> dict[str, set[str]]:
    """Package -> the packages of ours its modules import."""
    found: dict[str, set[str]] = {}
    for file in PACKAGE_ROOT.rglob("*.py"):
        parts = file.relative_to(PACKAGE_ROOT).parts
        if len(parts) == 1:
            continue  # crossroute/__init__.py and __main__.py
        me = package_of(parts)
        for node in ast.walk(ast.parse(file.read_text("utf-8"))):
            modules: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            for module in modules:
                path = module.split(".")
                if path[0] != "crossroute" or len(path) < 2:
                    continue
                target = package_of(tuple(path[1:]))
                if target not in (me, "analysis"):
                    found.setdefault(me, set()).add(target)
    return found


def test_every_package_is_in_the_table() -> None:
    rules = documented_rules()
    packages = {package_of(p.relative_to(PACKAGE_ROOT).parts) for p in PACKAGE_ROOT.rglob("*.py")}
    packages -= {"__init__", "__main__", "analysis"}
    missing = sorted(packages - set(rules))
    assert not missing, f"packages missing from docs/architecture.md's table: {missing}"


def test_imports_follow_the_table() -> None:
    rules = documented_rules()
    broken = {
        package: sorted(imports - rules.get(package, set()))
        for package, imports in actual_imports().items()
        if imports - rules.get(package, set())
    }
    assert not broken, f"imports docs/architecture.md does not allow: {broken}"

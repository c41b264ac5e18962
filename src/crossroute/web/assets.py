"""Where the web UI's files are: ours in `static/`, third-party ones in `node_modules/` (npm)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
STATIC = HERE / "static"
NODE_MODULES = HERE / "node_modules"

# URL name under /vendor/ -> file in node_modules (the only third-party files served)
VENDOR = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "countries-50m.json": "world-atlas/countries-50m.json",
    "countries-10m.json": "world-atlas/countries-10m.json",  # the Channel's coast, zoomed in
    # Sankey pictures of money flows (d3-sankey's layout needs d3-array and d3-shape, d3-shape d3-path)
    "d3-array.min.js": "d3-array/dist/d3-array.min.js",
    "d3-path.min.js": "d3-path/dist/d3-path.min.js",
    "d3-shape.min.js": "d3-shape/dist/d3-shape.min.js",
    "d3-sankey.min.js": "d3-sankey/dist/d3-sankey.min.js",
}


class WebAssetsMissing(RuntimeError):
    """The npm packages of the web UI are not installed."""


def missing_assets(modules: Path = NODE_MODULES) -> list[str]:
    return [rel for rel in VENDOR.values() if not (modules / rel).is_file()]


def check_assets(modules: Path = NODE_MODULES) -> None:
    missing = missing_assets(modules)
    if missing:
        raise WebAssetsMissing(
            f"the web UI's front-end packages are not installed ({', '.join(missing)} missing in "
            f"{modules}): run `make setup` (it runs `npm ci` in src/crossroute/web), or serve the "
            "API alone with --no-web"
        )


def vendor_file(name: str, modules: Path = NODE_MODULES) -> Path | None:
    rel = VENDOR.get(name)
    return modules / rel if rel else None

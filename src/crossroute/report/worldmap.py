"""Country shapes from the npm package world-atlas (Natural Earth TopoJSON, installed by `make setup`),
decoded here, and a route map drawn with matplotlib: no tile server, nothing fetched."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

from crossroute.web.assets import NODE_MODULES

ATLAS = NODE_MODULES / "world-atlas" / "countries-50m.json"
Ring = list[tuple[float, float]]


class MapDataMissing(RuntimeError):
    """The world-atlas package is not installed."""


@lru_cache(maxsize=2)
def countries(path: Path = ATLAS) -> dict[str, list[Ring]]:
    """ISO 3166 numeric code -> the country's rings (lon, lat)."""
    if not path.is_file():
        raise MapDataMissing(f"{path} is missing: run `make setup` (npm package world-atlas)")
    topology = json.loads(path.read_text("utf-8"))
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        out: Ring = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points[1:] if out else points)
        return out

    shapes: dict[str, list[Ring]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}
        rings = [ring(r) for polygon in polygons.get(geometry.get("type"), []) for r in polygon]
        shapes.setdefault(str(geometry.get("id")), []).extend(rings)
    return shapes


def numeric(alpha3: str) -> str | None:
    found = pycountry.countries.get(alpha_3=alpha3.upper())
    return str(found.numeric) if found else None


def centre(rings: list[Ring]) -> tuple[float, float]:
    biggest = max(rings, key=len)
    return sum(p[0] for p in biggest) / len(biggest), sum(p[1] for p in biggest) / len(biggest)


def route_map(weights: Mapping[str, int], flows: Mapping[tuple[str, str], int], title: str) -> str:
    """An SVG map: countries shaded by weight (ISO alpha-3 -> count), arrows for flows (a, b) -> count."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import colormaps
    from matplotlib import pyplot as plt
    from matplotlib.patches import Polygon

    shapes = countries()
    fig, ax = plt.subplots(figsize=(9, 6.2))
    top = max(weights.values(), default=1)
    cmap = colormaps["OrRd"]
    involved = {numeric(c): w for c, w in weights.items() if numeric(c)}
    arrows = [
        (centre(shapes[na]), centre(shapes[nb]), count)
        for (a, b), count in sorted(flows.items(), key=lambda kv: kv[1])
        if (na := numeric(a)) and (nb := numeric(b)) and na in shapes and nb in shapes and na != nb
    ]
    xs = [p[0] for code in involved if code in shapes for r in shapes[code] for p in r]
    ys = [p[1] for code in involved if code in shapes for r in shapes[code] for p in r]
    xs += [x for (x1, _), (x2, _), _ in arrows for x in (x1, x2)]
    ys += [y for (_, y1), (_, y2), _ in arrows for y in (y1, y2)]
    pad = 4.0
    box = (
        (max(-180.0, min(xs) - pad), min(180.0, max(xs) + pad), max(-60.0, min(ys) - pad), min(85.0, max(ys) + pad))
        if xs else (-25.0, 45.0, 30.0, 72.0)
    )  # fmt: skip
    for code, rings in shapes.items():
        weight = involved.get(code, 0)
        colour = cmap(0.2 + 0.8 * weight / top) if weight else "#eeeeee"
        for r in rings:
            if _overlaps(r, box):
                ax.add_patch(
                    Polygon(r, closed=True, facecolor=colour, edgecolor="#999", linewidth=0.3)
                )
    biggest = max((c for _, _, c in arrows), default=1)
    for (x1, y1), (x2, y2), count in arrows:
        ax.annotate(
            "",
            xy=(x2, y2),
            xytext=(x1, y1),
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#1f4e79",
                "lw": 0.8 + 3.5 * count / biggest,
                "connectionstyle": "arc3,rad=0.2",
                "alpha": 0.8,
            },
        )
    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
    ax.set_aspect(1.3)
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)
    return svg(fig)


def svg(fig: Any) -> str:
    from matplotlib import pyplot as plt

    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg") :]


def _overlaps(ring: Ring, box: tuple[float, float, float, float]) -> bool:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs) <= box[1] and max(xs) >= box[0] and min(ys) <= box[3] and max(ys) >= box[2]

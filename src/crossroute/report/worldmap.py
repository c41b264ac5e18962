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
FINE_ATLAS = (
    NODE_MODULES / "world-atlas" / "countries-10m.json"
)  # 1:10m: Deal and Dungeness on land
CHANNEL = (0.2, 3.0, 50.25, 51.45)  # lon min, lon max, lat min, lat max: Dungeness to Dunkerque
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
        for r in (piece for ring in rings for piece in across_antimeridian(ring)):
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


def channel_map(
    places: Mapping[str, tuple[float, float, int, int]],
    flows: Mapping[tuple[str, str], int],
    title: str,
) -> str:
    """The Channel inset on the 1:10m shapes: places (name -> lat, lon, departures, landings) as dots
    sized by count and labelled (departures red, landings blue), and a directed arrow from departure to
    landing wherever one record gives both."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Polygon

    box = CHANNEL
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.set_facecolor("#dde9f3")
    for rings in countries(FINE_ATLAS).values():
        for r in rings:
            if _overlaps(r, box):
                ax.add_patch(Polygon(r, closed=True, facecolor="#f2efe6", edgecolor="#888", lw=0.4))
    biggest = max((n for n in flows.values()), default=1)
    for (a, b), n in sorted(flows.items(), key=lambda kv: kv[1]):
        if a in places and b in places:
            (ya, xa, *_), (yb, xb, *_) = places[a], places[b]
            ax.annotate("", xy=(xb, yb), xytext=(xa, ya), arrowprops={
                "arrowstyle": "-|>", "color": "#555", "alpha": 0.7,
                "lw": 0.6 + 3 * n / biggest, "connectionstyle": "arc3,rad=0.15",
            })  # fmt: skip
    top = max((d + g for _, _, d, g in places.values()), default=1)
    for i, (name, (lat, lon, departed, landed)) in enumerate(sorted(places.items())):
        if not (box[0] <= lon <= box[1] and box[2] <= lat <= box[3]):
            continue
        colour = "#b42318" if departed >= landed else "#1f4e79"
        ax.scatter([lon], [lat], s=15 + 200 * (departed + landed) / top, c=colour, zorder=3)
        west = lat > 50.95 and lon < 1.5  # the English coast: labels to the west, off the sea
        ax.annotate(
            f"{name} ({departed + landed})", (lon, lat), fontsize=7, zorder=4,
            xytext=(-6 if west else 6, 4 if i % 2 else -6), textcoords="offset points",
            ha="right" if west else "left",
        )  # fmt: skip
    ax.scatter([], [], c="#b42318", s=30, label="departures")
    ax.scatter([], [], c="#1f4e79", s=30, label="landings")
    ax.legend(fontsize=7, loc="lower right")
    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
    ax.set_aspect(1.55)  # about 1 / cos(50.8 degrees)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=10)
    return svg(fig)


def svg(fig: Any) -> str:
    from matplotlib import pyplot as plt

    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg") :]


def across_antimeridian(ring: Ring) -> list[Ring]:
    """A ring that crosses 180 degrees (Fiji, Chukotka) made continuous, and drawn on both sides; drawn
    as given, its edge from +180 to -180 runs straight across the whole map."""
    out: Ring = []
    shift = 0.0
    for i, (x, y) in enumerate(ring):
        if i and x + shift - out[-1][0] > 180:
            shift -= 360
        elif i and x + shift - out[-1][0] < -180:
            shift += 360
        out.append((x + shift, y))
    pieces = [out]
    if max(p[0] for p in out) > 180:
        pieces.append([(x - 360, y) for x, y in out])
    if min(p[0] for p in out) < -180:
        pieces.append([(x + 360, y) for x, y in out])
    return pieces


def _overlaps(ring: Ring, box: tuple[float, float, float, float]) -> bool:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs) <= box[1] and max(xs) >= box[0] and min(ys) <= box[3] and max(ys) >= box[2]

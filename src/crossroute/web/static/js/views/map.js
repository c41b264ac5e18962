// The map (GET /api/map): country shapes from world-atlas (served from our own /vendor/, decoded by
// topojson-client), places sized by their events, routes as lines. No tile server, nothing fetched
// from elsewhere.
"use strict";
const VIEWS = { channel: [0.3, 50.3, 2.9, 51.4], europe: [-6, 45, 12, 55], world: [-95, -30, 20, 60] };
const PLACE_COLOURS = { departure: "#d62728", landing: "#1f77b4", staging: "#9467bd", seizure: "#8c564b", arrest: "#17becf", port: "#ff7f0e" };
const ROUTE_COLOURS = { crossing: "#d62728", shipment: "#ff7f0e" };
// The country shapes, loaded once per page and scale: 1:10m when zoomed to the Channel (at 1:50m Deal
// and Dungeness fall in the sea), 1:50m for Europe and the world.
const SCALE = { channel: "10m", europe: "50m", world: "50m" };
const atlases = {};

async function countries(scale) {
  if (!atlases[scale]) {
    const topology = await (await fetch(`/vendor/countries-${scale}.json`)).json();
    atlases[scale] = topojson.feature(topology, topology.objects.countries).features.map((f) => {
      const rings = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).flat() : [];
      const xs = rings.flat().map((p) => p[0]), ys = rings.flat().map((p) => p[1]);
      return { id: f.id, name: f.properties.name, rings, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
    });
  }
  return atlases[scale];
}

CR.views.map = async function (params) {
  const view = VIEWS[params.get("view")] ? params.get("view") : "channel";
  const form = CR.filterForm("#/map", params, [
    ["since", "From", { type: "date" }], ["until", "to", { type: "date" }],
    ["node", "Entity", { placeholder: "entity id (optional)", size: 16 }], ["group", "Group", { type: "number", min: 0, size: 4 }],
  ], [], () => ({ view }));
  const zoom = CR.el("span", { class: "zoom" }, Object.keys(VIEWS).map((v) => CR.el("a", { class: "button" + (v === view ? " on" : ""), id: "view-" + v,
    href: "#/map" + CR.query({ ...Object.fromEntries(params), view: v }) }, { channel: "Channel", europe: "Europe", world: "Routes from the Americas" }[v])));
  const body = CR.el("section", { id: "map" }, CR.el("p", { class: "muted" }, "Loading the map…"));
  CR.show(CR.el("h1", {}, "Map"), form, zoom, body);
  let data, shapes;
  const query = { since: params.get("since"), until: params.get("until"), node: params.get("node"), group: params.get("group") };
  try { [data, shapes] = await Promise.all([CR.api("/api/map" + CR.query(query)), countries(SCALE[view])]); } catch (error) { CR.fill(body); CR.fail(error); return; }
  CR.fill(body, drawMap(data, shapes, VIEWS[view], view === "channel"), legend(),
    CR.el("p", { class: "muted" }, `${data.events} events you may see`, data.withheld ? ` (${data.withheld} withheld)` : "",
      data.unplaced.length ? `; not on the map (place unknown): ${data.unplaced.map((u) => `${u.text} (${u.count})`).join(", ")}` : ""),
    placeTable(data.places));
};

function drawMap(data, shapes, [west, south, east, north], labelAll) {
  const k = Math.cos(((south + north) / 2) * Math.PI / 180);
  const width = 1000, height = Math.round(width * (north - south) / ((east - west) * k));
  const x = (lon) => ((lon - west) / (east - west)) * width;
  const y = (lat) => ((north - lat) / (north - south)) * height;
  const svg = CR.svg("svg", { id: "map-svg", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "map of places and routes" });
  // one arrowhead per route kind, drawn at the middle of each route, pointing the way it goes
  svg.append(CR.svg("defs", {}, Object.entries(ROUTE_COLOURS).map(([kind, colour]) => CR.svg("marker", { id: "arrow-" + kind, viewBox: "0 0 10 10",
    refX: 5, refY: 5, markerWidth: 4, markerHeight: 4, orient: "auto", markerUnits: "strokeWidth" },
    CR.svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour })))));
  svg.append(CR.svg("rect", { width, height, fill: "#dfe9f3" }));
  for (const c of shapes) {
    if (c.box[2] < west || c.box[0] > east || c.box[3] < south || c.box[1] > north) continue;
    const d = c.rings.map((r) => "M" + r.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join("L") + "Z").join("");
    svg.append(CR.svg("path", { d, class: "country", "data-country": c.name, fill: "#f7f7f4", stroke: "#9aa", "stroke-width": 0.6 }, CR.svg("title", {}, c.name)));
  }
  const top = Math.max(1, ...data.routes.map((r) => r.count));
  for (const r of data.routes) {
    const [[x1, y1], [x2, y2]] = r.path.map(([lon, lat]) => [x(lon), y(lat)]);
    const long = Math.hypot(x2 - x1, y2 - y1) || 1, bend = 0.15 * long;
    const cx = (x1 + x2) / 2 - bend * (y2 - y1) / long, cy = (y1 + y2) / 2 + bend * (x2 - x1) / long;
    // the curve split at its middle (de Casteljau), so the arrowhead sits there as a vertex marker
    const mx = (x1 + 2 * cx + x2) / 4, my = (y1 + 2 * cy + y2) / 4;
    const d = `M${f(x1)},${f(y1)} Q${f((x1 + cx) / 2)},${f((y1 + cy) / 2)} ${f(mx)},${f(my)} Q${f((cx + x2) / 2)},${f((cy + y2) / 2)} ${f(x2)},${f(y2)}`;
    svg.append(CR.svg("path", { d, class: "route " + r.kind, fill: "none", stroke: ROUTE_COLOURS[r.kind] || "#555", "marker-mid": `url(#arrow-${r.kind})`,
      "stroke-width": 1 + 5 * r.count / top, "stroke-opacity": 0.6, "stroke-dasharray": r.approximate ? "6 4" : null, "data-from": r.from, "data-to": r.to },
      CR.svg("title", {}, `${r.kind}: ${r.from} → ${r.to}: ${r.count}${r.approximate ? " (one end is the record's other coast)" : ""}`)));
  }
  const places = [...data.places].filter((p) => p.lon >= west && p.lon <= east && p.lat >= south && p.lat <= north && total(p))
    .sort((a, b) => total(b) - total(a));
  const taken = []; // boxes already used by dots and labels, so labels never pile up
  const dots = places.map((p) => {
    const r = 3 + Math.sqrt(total(p)) * 1.6, px = x(p.lon), py = y(p.lat);
    taken.push([px - r, py - r, px + r, py + r]);
    return { p, r, px, py };
  });
  for (const { p, r, px, py } of dots) {
    const main = Object.entries(p.counts).sort((a, b) => b[1] - a[1])[0][0];
    svg.append(CR.svg("circle", { cx: f(px), cy: f(py), r: f(r), class: "place", "data-place": p.name, fill: PLACE_COLOURS[main] || "#555", "fill-opacity": 0.75, stroke: "#fff" },
      CR.svg("title", {}, `${p.name} (${p.country}): ` + Object.entries(p.counts).map(([kind, n]) => `${n} ${kind}`).join(", "))));
  }
  dots.forEach(({ p, r, px, py }, i) => {
    if (!labelAll && i >= 25) return;
    const w = 7.2 * p.name.length, h = 14;
    const spots = [[px + r + 2, py + 5], [px - r - 2 - w, py + 5], [px - w / 2, py - r - 3], [px - w / 2, py + r + h],
      [px + r, py - r], [px + r, py + r + h - 2], [px - r - w, py - r], [px - r - w, py + r + h - 2]];
    const spot = spots.find(([lx, ly]) => lx >= 0 && lx + w <= width && ly - h >= 0 && ly <= height && !taken.some((b) => overlaps(b, [lx, ly - h, lx + w, ly])));
    if (!spot) return; // no free room: the dot's tooltip and the table below name it
    taken.push([spot[0], spot[1] - h, spot[0] + w, spot[1]]);
    svg.append(CR.svg("text", { x: f(spot[0]), y: f(spot[1] - 3), class: "place-label", "data-place": p.name }, p.name));
  });
  return CR.el("div", { class: "map-frame" }, svg);
}

function f(v) { return v.toFixed(1); }
function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }

function total(p) { return Object.values(p.counts).reduce((a, b) => a + b, 0); }

function legend() {
  return CR.el("p", { class: "legend" },
    Object.entries(PLACE_COLOURS).map(([k, c]) => CR.el("span", {}, CR.el("span", { class: "swatch round", style: `background:${c}` }), k)),
    Object.entries(ROUTE_COLOURS).map(([k, c]) => CR.el("span", {}, CR.el("span", { class: "swatch line", style: `background:${c}` }), k + " route")),
    CR.el("span", { class: "muted" }, "dashed: one end is the other coast"));
}

function placeTable(places) {
  const kinds = Object.keys(PLACE_COLOURS);
  return CR.el("table", { class: "list", id: "places" }, CR.el("tr", {}, ["place", "country", ...kinds].map((h) => CR.el("th", {}, h))),
    [...places].filter(total).sort((a, b) => total(b) - total(a)).map((p) => CR.el("tr", {}, CR.el("td", {}, p.name), CR.el("td", {}, p.country),
      kinds.map((k) => CR.el("td", {}, p.counts[k] || "")))));
}

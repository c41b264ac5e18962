// The map (GET /api/map): country shapes from world-atlas (served from our own /vendor/, decoded by
// topojson-client), places sized by their events, routes as lines. No tile server, nothing fetched
// from elsewhere.
"use strict";
const VIEWS = { channel: [0.3, 50.3, 2.9, 51.4], europe: [-6, 45, 12, 55], world: [-95, -30, 20, 60] };
const PLACE_COLOURS = { departure: "#d62728", landing: "#1f77b4", staging: "#9467bd", seizure: "#8c564b", arrest: "#17becf", port: "#ff7f0e" };
const ROUTE_COLOURS = { crossing: "#d62728", shipment: "#ff7f0e" };
let atlas = null; // the country shapes, loaded once per page

async function countries() {
  if (!atlas) {
    const topology = await (await fetch("/vendor/countries-50m.json")).json();
    atlas = topojson.feature(topology, topology.objects.countries).features.map((f) => {
      const rings = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).flat() : [];
      const xs = rings.flat().map((p) => p[0]), ys = rings.flat().map((p) => p[1]);
      return { id: f.id, name: f.properties.name, rings, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
    });
  }
  return atlas;
}

CR.views.map = async function (params) {
  const view = params.get("view") || "channel";
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
  try { [data, shapes] = await Promise.all([CR.api("/api/map" + CR.query(query)), countries()]); } catch (error) { CR.fill(body); CR.fail(error); return; }
  CR.fill(body, drawMap(data, shapes, VIEWS[view] || VIEWS.channel), legend(),
    CR.el("p", { class: "muted" }, `${data.events} events you may see`, data.withheld ? ` (${data.withheld} withheld)` : "",
      data.unplaced.length ? `; not on the map (place unknown): ${data.unplaced.map((u) => `${u.text} (${u.count})`).join(", ")}` : ""),
    placeTable(data.places));
};

function drawMap(data, shapes, [west, south, east, north]) {
  const k = Math.cos(((south + north) / 2) * Math.PI / 180);
  const width = 1000, height = Math.round(width * (north - south) / ((east - west) * k));
  const x = (lon) => ((lon - west) / (east - west)) * width;
  const y = (lat) => ((north - lat) / (north - south)) * height;
  const svg = CR.svg("svg", { id: "map-svg", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "map of places and routes" });
  svg.append(CR.svg("rect", { width, height, fill: "#dfe9f3" }));
  for (const c of shapes) {
    if (c.box[2] < west || c.box[0] > east || c.box[3] < south || c.box[1] > north) continue;
    const d = c.rings.map((r) => "M" + r.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join("L") + "Z").join("");
    svg.append(CR.svg("path", { d, class: "country", fill: "#f7f7f4", stroke: "#9aa", "stroke-width": 0.6 }, CR.svg("title", {}, c.name)));
  }
  const top = Math.max(1, ...data.routes.map((r) => r.count));
  for (const r of data.routes) {
    const [[x1, y1], [x2, y2]] = r.path.map(([lon, lat]) => [x(lon), y(lat)]);
    const bend = 0.15 * Math.hypot(x2 - x1, y2 - y1);
    const mx = (x1 + x2) / 2 - bend * (y2 - y1) / (Math.hypot(x2 - x1, y2 - y1) || 1), my = (y1 + y2) / 2 + bend * (x2 - x1) / (Math.hypot(x2 - x1, y2 - y1) || 1);
    svg.append(CR.svg("path", { d: `M${x1},${y1} Q${mx},${my} ${x2},${y2}`, class: "route " + r.kind, fill: "none", stroke: ROUTE_COLOURS[r.kind] || "#555",
      "stroke-width": 1 + 5 * r.count / top, "stroke-opacity": 0.6, "stroke-dasharray": r.approximate ? "6 4" : null },
      CR.svg("title", {}, `${r.kind}: ${r.from} → ${r.to}: ${r.count}${r.approximate ? " (one end is the record's other coast)" : ""}`)));
  }
  const places = [...data.places].sort((a, b) => total(b) - total(a));
  places.forEach((p, i) => {
    if (p.lon < west || p.lon > east || p.lat < south || p.lat > north || !total(p)) return;
    const main = Object.entries(p.counts).sort((a, b) => b[1] - a[1])[0][0];
    svg.append(CR.svg("circle", { cx: x(p.lon), cy: y(p.lat), r: 3 + Math.sqrt(total(p)) * 1.6, class: "place", fill: PLACE_COLOURS[main] || "#555", "fill-opacity": 0.75, stroke: "#fff" },
      CR.svg("title", {}, `${p.name} (${p.country}): ` + Object.entries(p.counts).map(([kind, n]) => `${n} ${kind}`).join(", "))));
    if (i < 25) svg.append(CR.svg("text", { x: x(p.lon) + 6, y: y(p.lat) - 6, class: "place-label" }, p.name));
  });
  return CR.el("div", { class: "map-frame" }, svg);
}

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

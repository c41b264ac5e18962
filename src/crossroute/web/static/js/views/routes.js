// The Route view (GET /api/routes/public and /api/routes/legs): the legs of the route on an offline map
// (country shapes from world-atlas served from our own /vendor/, no tile server, nothing fetched from
// elsewhere), the groups on each leg, the public trend charts with their sentences, the forecast and
// where prevention should aim.
"use strict";
const LEG_COLOURS = { origin: "#8c564b", transit: "#ff7f0e", staging: "#9467bd", crossing: "#d62728", destination: "#1f77b4" };
let routeAtlas = null;

async function routeCountries() {
  if (!routeAtlas) {
    const topology = await (await fetch("/vendor/countries-50m.json")).json();
    routeAtlas = topojson.feature(topology, topology.objects.countries).features.map((f) => {
      const rings = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).flat() : [];
      const points = rings.flat();
      const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
      const big = rings.reduce((a, r) => (r.length > a.length ? r : a), []);
      const centre = big.length ? [big.reduce((s, p) => s + p[0], 0) / big.length, big.reduce((s, p) => s + p[1], 0) / big.length] : [0, 0];
      return { id: f.id, name: f.properties.name, rings, centre, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
    });
  }
  return routeAtlas;
}

CR.views.routes = async function () {
  const legsBody = CR.el("section", { id: "route-legs" }, CR.el("p", { class: "muted" }, "Loading the case's legs…"));
  const publicBody = CR.el("section", { id: "route-public" }, CR.el("p", { class: "muted" }, "Loading the public picture…"));
  CR.show(CR.el("h1", {}, "Route"), legsBody, publicBody);
  const shapes = routeCountries();
  const publicPart = CR.api("/api/routes/public", { personal: false }).then((data) => CR.fill(publicBody, ...publicPicture(data)))
    .catch((error) => CR.fill(publicBody, CR.el("p", { class: "muted", id: "route-public-missing" }, error.message)));
  try {
    const [legs, atlas] = await Promise.all([CR.api("/api/routes/legs"), shapes]);
    CR.fill(legsBody, drawRoute(legs, atlas), CR.el("h2", {}, "Transit, staging and crossing in detail"),
      drawRoute(legs, atlas, DETAIL, "route-detail-svg"), routeLegend(), groupTable(legs), legTable(legs), disruptionText(legs));
  } catch (error) { CR.fill(legsBody); CR.fail(error); }
  await publicPart;
};

const DETAIL = [-2.5, 49.3, 10.5, 53.8]; // France, the Low Countries, Germany and south-east England

function drawRoute(data, atlas, box = null, id = "route-svg") {
  const byNumeric = Object.fromEntries(atlas.map((c) => [String(c.id), c]));
  const origins = data.origin_countries.filter((c) => byNumeric[c.numeric]).slice(0, 6);
  const place = Object.fromEntries(data.places.map((p) => [p.name, p]));
  const leg = Object.fromEntries(data.legs.map((l) => [l.name, l]));
  const median = (values) => { const v = [...values].sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
  const centre = (name) => {
    const found = Object.keys(leg[name].places).map((n) => place[n]).filter(Boolean);
    return found.length ? [median(found.map((p) => p.lon)), median(found.map((p) => p.lat))] : null;
  };
  const staging = centre("staging"), transit = centre("transit"), landing = centre("destination");
  // the extent: the legs' centres and the origins drawn (a stray far-away address does not zoom the map out)
  const points = [staging, transit, landing].filter(Boolean).concat(origins.map((c) => byNumeric[c.numeric].centre));
  const lons = points.map((p) => p[0]).concat([-2, 3]), lats = points.map((p) => p[1]).concat([49, 53]);
  const [west, south, east, north] = box || [Math.min(...lons) - 3, Math.min(...lats) - 3, Math.max(...lons) + 3, Math.max(...lats) + 3];
  const k = Math.cos(((south + north) / 2) * Math.PI / 180);
  const width = 1000, height = Math.round(width * (north - south) / ((east - west) * k));
  const x = (lon) => ((lon - west) / (east - west)) * width, y = (lat) => ((north - lat) / (north - south)) * height;
  const svg = CR.svg("svg", { id, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "map of the route's legs" });
  svg.append(CR.svg("rect", { width, height, fill: "#dfe9f3" }));
  const originIds = new Set(origins.map((c) => c.numeric));
  for (const c of atlas) {
    if (c.box[2] < west || c.box[0] > east || c.box[3] < south || c.box[1] > north) continue;
    const d = c.rings.map((r) => "M" + r.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join("L") + "Z").join("");
    const origin = originIds.has(String(c.id));
    svg.append(CR.svg("path", { d, class: "country" + (origin ? " origin" : ""), fill: origin ? "#e8d5cf" : "#f7f7f4", stroke: "#9aa", "stroke-width": 0.5 }, CR.svg("title", {}, c.name)));
  }
  const serving = (name) => data.groups.filter((g) => g.legs.includes(name)).map((g) => g.community);
  const labels = [];
  const line = (from, to, name, labelled = true) => {
    if (!from || !to) return;
    const groups = serving(name);
    svg.append(CR.svg("line", { x1: x(from[0]), y1: y(from[1]), x2: x(to[0]), y2: y(to[1]), class: "leg " + name, stroke: LEG_COLOURS[name], "stroke-width": 3, "stroke-opacity": 0.7, "marker-end": "url(#arrow)" },
      CR.svg("title", {}, `${name} leg; groups serving it: ${groups.join(", ") || "none you may see"}`)));
    // a leg is labelled on the map where it is drawn long enough to read, its middle on the map (the
    // overview names the origins' groups, the detail map those of transit, staging and crossing)
    const [mx, my] = [(x(from[0]) + x(to[0])) / 2, (y(from[1]) + y(to[1])) / 2];
    const readable = Math.hypot(x(to[0]) - x(from[0]), y(to[1]) - y(from[1])) >= 80 && mx >= 0 && mx <= width && my >= 0 && my <= height;
    if (labelled && readable && groups.length) labels.push([(x(from[0]) + x(to[0])) / 2, (y(from[1]) + y(to[1])) / 2, name, groups]);
  };
  svg.append(CR.svg("defs", {}, CR.svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" }, CR.svg("path", { d: "M0,0L10,5L0,10z", fill: "#444" }))));
  // the origin leg's groups are named once, on its longest line (out of the crowd where the legs meet)
  const hub = transit || staging, reach = (c) => (hub ? Math.hypot(x(byNumeric[c.numeric].centre[0]) - x(hub[0]), y(byNumeric[c.numeric].centre[1]) - y(hub[1])) : 0);
  const farthest = origins.reduce((best, c) => (best === null || reach(c) > reach(best) ? c : best), null);
  origins.forEach((c) => line(byNumeric[c.numeric].centre, hub, "origin", c === farthest));
  line(transit, staging, "transit");
  line(staging, landing, "crossing");
  // Labels never pile up: the dots are reserved first, then the groups on each leg (the view's point),
  // the origin countries, and the places by their counts; a label with no free spot is left out (the
  // tables below name every place and group).
  const space = new CR.LabelSpace(width, height);
  const dots = [];
  for (const [name, l] of Object.entries(leg)) {
    for (const [n, count] of Object.entries(l.places)) {
      const p = place[n];
      if (!p || p.lon < west || p.lon > east || p.lat < south || p.lat > north) continue;
      const r = 3 + Math.sqrt(count), px = x(p.lon), py = y(p.lat);
      svg.append(CR.svg("circle", { cx: px, cy: py, r, class: "place " + name, fill: LEG_COLOURS[name], "fill-opacity": 0.8, stroke: "#fff" },
        CR.svg("title", {}, `${p.name} (${p.country}), ${name}: ${count}`)));
      space.reserve([px - r, py - r, px + r, py + r]);
      dots.push({ p, count, r, px, py });
    }
  }
  const text = (at, attrs, words) => svg.append(CR.svg("text", { x: at.x.toFixed(1), y: at.y.toFixed(1), ...attrs }, words));
  // the groups on each leg: beside the leg's middle, or further off tied to it by a thin line
  for (const [lx, ly, name, groups] of labels) {
    const words = `${name}: groups ${groups.join(", ")}`;
    const at = space.place(words, 15, CR.LabelSpace.spiral(lx, ly, words, 15, 600), 600);
    if (!at) continue;
    const [bx1, by1, bx2, by2] = at.box, ex = Math.min(Math.max(lx, bx1), bx2), ey = Math.min(Math.max(ly, by1), by2);
    if (Math.hypot(ex - lx, ey - ly) > 12) svg.append(CR.svg("line", { x1: ex, y1: ey, x2: lx, y2: ly, class: "leader", stroke: LEG_COLOURS[name], "stroke-width": 1, "stroke-dasharray": "3 3" }));
    text(at, { class: "leg-label", "font-size": 15, "font-weight": 600, fill: LEG_COLOURS[name], "paint-order": "stroke", stroke: "#fff", "stroke-width": 3 }, words);
  }
  for (const c of origins) {
    const [lon, lat] = byNumeric[c.numeric].centre, words = `${c.name} (${c.count})`;
    const at = space.place(words, 14, CR.LabelSpace.around(x(lon), y(lat), 4, words, 14).concat(CR.LabelSpace.spiral(x(lon), y(lat), words, 14, "normal", [30, 60, 90])));
    if (at) text(at, { class: "place-label origin-label", "font-size": 14 }, words);
  }
  if (box) {
    for (const { p, count, r, px, py } of dots.filter((d) => d.count >= 3).sort((a, b) => b.count - a.count)) {
      const at = space.place(p.name, 12, CR.LabelSpace.around(px, py, r, p.name, 12));
      if (at) text(at, { class: "place-label", "font-size": 12, "paint-order": "stroke", stroke: "#fff", "stroke-width": 3 }, p.name);
    }
  }
  return CR.el("div", { class: "map-frame" }, svg);
}

function routeLegend() {
  return CR.el("p", { class: "legend" }, Object.entries(LEG_COLOURS).map(([k, c]) => CR.el("span", {}, CR.el("span", { class: "swatch round", style: `background:${c}` }), k)),
    CR.el("span", { class: "muted" }, "shaded countries: passengers' nationalities"));
}

function groupTable(data) {
  return CR.el("table", { class: "list", id: "route-groups" }, CR.el("tr", {}, ["group", "members you may see", "what it does", "legs it serves", "crossings"].map((h) => CR.el("th", {}, h))),
    data.groups.map((g) => CR.el("tr", {}, CR.el("td", {}, CR.el("a", { href: `#/group/${g.community}` }, `group ${g.community}`)), CR.el("td", {}, String(g.members)),
      CR.el("td", {}, Object.entries(g.functions).map(([f, n]) => `${f} (${n})`).join(", ") || "—"),
      CR.el("td", {}, g.legs.map((l) => CR.el("span", { class: "badge", style: `border-color:${LEG_COLOURS[l]}` }, l))), CR.el("td", {}, String(g.crossings)))));
}

function describe(figures) {
  return Object.entries(figures).filter(([k, v]) => k !== "source" && v !== null).map(([k, v]) => `${k.replaceAll("_", " ")}: ${Array.isArray(v) ? v.join(" to ") : typeof v === "object" ? Object.entries(v).map(([a, b]) => `${a} ${typeof b === "number" ? Math.round(b).toLocaleString() : b}`).join(", ") : v}`).join("; ");
}

function legTable(data) {
  return CR.el("table", { class: "list", id: "route-leg-table" }, CR.el("tr", {}, ["leg", "places (case)", "case", "public figures, same leg"].map((h) => CR.el("th", {}, h))),
    data.legs.map((l) => CR.el("tr", { class: "leg-row" }, CR.el("td", {}, l.name),
      CR.el("td", {}, Object.entries(Object.keys(l.places).length ? l.places : l.countries).slice(0, 5).map(([n, c]) => `${n} (${c})`).join(", ") || "—"),
      CR.el("td", {}, describe({ ...l.records, ...l.figures }) || "—"), CR.el("td", {}, describe(l.public) || "—"))));
}

function disruptionText(data) {
  const d = data.disruption;
  return CR.el("p", { id: "route-disruption" }, `If the recommended targets (${d.removed.join(", ") || "none you may see"}) were removed: `,
    d.functions_without_provider.length ? `no provider left for ${d.functions_without_provider.join(", ")} (legs: ${d.legs_without_provider.join(", ") || "still served by others"}).` : "every function keeps a provider.");
}

function publicPicture(data) {
  const charts = data.findings.map((f) => CR.el("figure", { class: "route-chart", id: "chart-" + f.name },
    CR.el("img", { src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(f.svg), alt: f.title, style: "max-width:100%;height:auto" }), CR.el("figcaption", {}, f.sentence)));
  const forecasts = data.forecasts.map((f) => CR.el("table", { class: "list forecast" }, CR.el("caption", {}, `Forecast: ${f.what} (${f.model}; ${Math.round(f.interval * 100)}% interval)`),
    CR.el("tr", {}, ["week ending", "forecast", "interval"].map((h) => CR.el("th", {}, h))),
    f.weeks.map((w) => CR.el("tr", {}, CR.el("td", {}, w.week_ending), CR.el("td", {}, w.value.toLocaleString()), CR.el("td", {}, `${w.lower.toLocaleString()} – ${w.upper.toLocaleString()}`)))));
  const prevention = CR.el("table", { class: "list", id: "route-prevention" }, CR.el("caption", {}, "Where prevention should aim"),
    CR.el("tr", {}, ["rank", "nationality", "growing on", "evidence"].map((h) => CR.el("th", {}, h))),
    data.prevention.map((p) => CR.el("tr", {}, CR.el("td", {}, String(p.rank)), CR.el("td", {}, p.nationality), CR.el("td", {}, p.route), CR.el("td", {}, p.evidence))));
  const sources = CR.el("p", { class: "muted" }, "Sources: ", data.sources.map((s) => `${s.source} (${s.licence}; ${s.rows} rows, sha256 ${s.sha256.slice(0, 12)})`).join("; "));
  return [CR.el("h2", {}, "Public picture"), ...forecasts, ...charts, prevention, sources];
}

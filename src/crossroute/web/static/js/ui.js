// Small DOM helpers shared by the views: no HTML is built from strings of data (no injection).
"use strict";
CR.el = function (tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
};

CR.show = function (...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
};

CR.banner = function (message, kind = "error") {
  const b = document.getElementById("banner");
  if (!message) { b.hidden = true; return; }
  b.textContent = message;
  b.className = kind;
  b.hidden = false;
};

CR.fail = function (error) { CR.banner(error.message || String(error)); };

// Grading as given (scheme, source, information), coloured by how reliable the scheme says it is.
CR.gradingBadge = function (g) {
  if (!g || (!g.source && !g.info)) return CR.el("span", { class: "badge grade-none", title: "ungraded" }, "ungraded");
  const text = `${g.source || "?"}${g.info || "?"}`;
  const high = { EUROPOL: ["A", "B"], ADMIRALTY: ["A", "B", "C"], "UK-3X5X2": ["1", "2"] }[(g.scheme || "").toUpperCase()] || [];
  const cls = high.includes(String(g.source).toUpperCase()) ? "grade-high" : "grade-low";
  return CR.el("span", { class: `badge ${cls}`, title: `grading ${g.scheme}: source ${g.source}, information ${g.info}` }, text);
};

CR.handlingBadge = function (h) {
  if (!h || !h.code) return CR.el("span", { class: "badge handling" }, "no handling code");
  return CR.el("span", { class: `badge handling h-${String(h.code).replace(/[^A-Za-z0-9]/g, "")}`, title: h.note || `${h.scheme} ${h.code}` }, `${h.scheme} ${h.code}`);
};

CR.agencyBadge = function (code) { return CR.el("span", { class: "badge agency" }, code); };

CR.caveats = function (list) {
  if (!list || !list.length) return null;
  return CR.el("ul", { class: "caveats" }, list.map((c) => CR.el("li", {}, c)));
};

CR.hits = function (hits) {
  if (!hits || !hits.length) return null;
  return CR.el("div", { class: "hits" }, "Held but not shown to you: ",
    hits.map((h) => CR.el("span", { class: "hit", title: h.why_only_a_hit }, `${h.reference} (ask ${h.contact})`)));
};

// Replace a node's children (arrays flattened; null, undefined and false left out).
CR.fill = function (node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
};

// SVG elements (charts, the map), built like CR.el.
CR.svg = function (tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
};

// A node of the network: a link to the entity (people) or to its neighbourhood (things).
CR.nodeLink = function (n) {
  const href = n.entity_id ? "#/entity/" + encodeURIComponent(n.entity_id) : "#/network/" + encodeURIComponent(n.id);
  return CR.el("a", { href, title: `${n.type} ${n.id}${n.role ? " · " + n.role : ""}` }, n.label || n.id);
};

// A record's agency, grading and handling, as badges.
CR.recordBadges = function (r) {
  return CR.el("span", { class: "rec" }, CR.agencyBadge(r.source), CR.gradingBadge(r.grading), CR.handlingBadge(r.handling),
    CR.el("code", { class: "muted" }, r.record_id), r.restriction ? CR.el("span", { class: "restriction" }, " ⚠ " + r.restriction) : null);
};

// A filter form from [name, label, attrs] fields, prefilled from the page's parameters; submitting it
// changes the hash (so every filtered view can be bookmarked and is backed by one API call).
CR.filterForm = function (base, params, fields, extra = [], more = () => ({})) {
  const inputs = fields.map(([name, label, attrs]) => [name, CR.el("input", { name, id: "f-" + name, value: params.get(name) || "", ...attrs })]);
  return CR.el("form", { class: "filters-form", onsubmit: (event) => {
    event.preventDefault();
    const values = { ...Object.fromEntries(inputs.map(([name, input]) => [name, input.value.trim()])), ...more() };
    const target = base + CR.query(values);
    if (location.hash === target) CR.route(); else location.hash = target;
  } }, inputs.map(([name, input], i) => CR.el("label", {}, fields[i][1] + " ", input)), extra,
  CR.el("button", { type: "submit", id: "filter-submit" }, "Show"));
};

// A panel's note when it has nothing to show: why, and what would fill it (never a silent empty panel).
CR.empty = function (text) { return CR.el("p", { class: "muted empty" }, text); };

// A code word for people: "money_handler" -> "money handler".
CR.words = function (code) { return String(code || "").replace(/_/g, " "); };

// Stacked bars per period: rows [{label, values: {series: n}}], colours {series: colour}.
CR.bars = function (rows, colours, { height = 160, unit = "" } = {}) {
  const series = Object.keys(colours);
  const top = Math.max(1, ...rows.map((r) => series.reduce((s, k) => s + (r.values[k] || 0), 0)));
  const width = Math.max(300, rows.length * 22 + 40) + 50; // room for the last tick's label
  const bar = Math.max(6, Math.min(40, (width - 90) / Math.max(1, rows.length) - 4));
  const chart = CR.svg("svg", { class: "bars", width, height: height + 24, viewBox: `0 0 ${width} ${height + 24}`, role: "img" });
  // a tick label every `step` bars: at most 12, and never closer than a label's width (10px text)
  const longest = Math.max(1, ...rows.map((r) => String(r.label).length));
  const step = Math.max(Math.ceil(rows.length / 12), Math.ceil((longest * 6.5 + 8) / (bar + 4)));
  rows.forEach((r, i) => {
    let y = height;
    const x = 30 + i * (bar + 4);
    for (const k of series) {
      const v = r.values[k] || 0;
      if (!v) continue;
      const h = (v / top) * (height - 10);
      y -= h;
      chart.append(CR.svg("rect", { x, y, width: bar, height: h, fill: colours[k] }, CR.svg("title", {}, `${r.label} ${k}: ${v}${unit}`)));
    }
    if (i % step === 0) chart.append(CR.svg("text", { x, y: height + 14, class: "tick" }, r.label));
  });
  chart.append(CR.svg("text", { x: 0, y: 12, class: "tick" }, `${Math.round(top).toLocaleString("en-GB")}${unit}`));
  chart.append(CR.svg("line", { x1: 28, y1: height, x2: width, y2: height, stroke: "#999" }));
  const legend = CR.el("p", { class: "legend" }, series.map((k) => CR.el("span", {}, CR.el("span", { class: "swatch", style: `background:${colours[k]}` }), k)));
  return CR.el("div", { class: "chart" }, chart, legend);
};

CR.KIND_COLOURS = { Crossing: "#d62728", Shipment: "#ff7f0e", Seizure: "#8c564b", Arrest: "#1f77b4", Payment: "#9467bd", Call: "#2ca02c", Message: "#17becf", Post: "#e377c2" };

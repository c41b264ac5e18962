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

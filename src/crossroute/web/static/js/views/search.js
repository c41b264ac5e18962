// Search: names in any spelling or script, identifiers in any format (GET /api/search).
"use strict";
CR.views.search = async function (params) {
  const q = params.get("q") || "";
  const input = CR.el("input", { id: "q", name: "q", value: q, size: 40, placeholder: "Name in any spelling or script, phone, document, IBAN, plate…" });
  const form = CR.el("form", { class: "search", onsubmit: (event) => {
    event.preventDefault();
    const target = "#/search?q=" + encodeURIComponent(input.value.trim());
    if (location.hash === target) CR.route(); else location.hash = target;
  } }, input, CR.el("button", { type: "submit", id: "search-submit" }, "Search"));
  const results = CR.el("section", { id: "results" });
  CR.show(CR.el("h1", {}, "Search"), form, results);
  input.focus();
  if (!q) return;
  results.append(CR.el("p", { class: "muted" }, "Searching…"));
  try {
    const data = await CR.api("/api/search?q=" + encodeURIComponent(q));
    CR.fill(results, 
      CR.el("p", { class: "muted" }, `${data.entities.length} entities you may see for “${q}”.`),
      ...data.entities.map(resultCard));
  } catch (error) { CR.fill(results); CR.fail(error); }
};

function resultCard(e) {
  const title = e.names.length ? e.names.join(" · ") : e.entity_id;
  return CR.el("article", { class: "card result" },
    CR.el("h2", {}, CR.el("a", { href: "#/entity/" + encodeURIComponent(e.entity_id), class: "entity-link" }, title)),
    CR.el("p", {}, CR.el("code", {}, e.entity_id), ` · ${e.records.length} records · `, e.schemata.join(", "), " · ",
      e.agencies.map(CR.agencyBadge)),
    CR.el("p", {}, e.records.map((r) => CR.el("span", { class: "rec" }, CR.agencyBadge(r.source), CR.gradingBadge(r.grading), CR.handlingBadge(r.handling)))),
    CR.caveats(e.caveats), CR.hits(e.hits));
}

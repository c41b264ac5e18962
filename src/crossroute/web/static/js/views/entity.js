// An entity: its records side by side, agreements and disagreements, grading and handling, and why the
// records were matched (GET /api/entities/ID).
"use strict";
CR.views.entity = async function (params, id) {
  CR.show(CR.el("p", { class: "muted" }, "Loading…"));
  let e;
  try { e = await CR.api("/api/entities/" + encodeURIComponent(id)); } catch (error) { CR.show(); CR.fail(error); return; }
  const uids = e.records.map((r) => `${r.source}:${r.record_id}`);
  const head = CR.el("tr", {}, CR.el("th", {}, "field"), e.records.map((r) => CR.el("th", {},
    CR.agencyBadge(r.source), " ", CR.el("code", {}, r.record_id), CR.el("br"),
    CR.gradingBadge(r.grading), " ", CR.handlingBadge(r.handling), CR.el("br"),
    CR.el("small", {}, `${r.subject_category || "no category"} · ${r.nature || ""} · review ${r.review_date || "?"}`),
    r.restriction ? CR.el("div", { class: "restriction" }, "⚠ " + r.restriction) : null)));
  const rows = e.fields.map((f) => CR.el("tr", { class: "state-" + f.state },
    CR.el("th", { title: f.state }, f.property, " ", CR.el("span", { class: "state" }, { agree: "✓", disagree: "≠", single: "" }[f.state])),
    uids.map((u) => CR.el("td", {}, (f.values[u] || []).join("; ")))));
  const odd = (e.not_understood || []).map((n) => CR.el("tr", { class: "state-invalid" }, CR.el("th", {}, n.property),
    uids.map((u) => CR.el("td", {}, u === `${n.source}:${n.record_id}` ? CR.el("span", { class: "muted" }, n.text) : ""))));
  const table = CR.el("table", { class: "side-by-side", id: "records" }, CR.el("thead", {}, head), CR.el("tbody", {}, rows, odd));
  CR.show(
    CR.el("h1", {}, e.names.length ? e.names.flatMap((n, i) => [i ? " · " : null, CR.el("bdi", {}, n)]) : e.entity_id),
    CR.el("p", {}, CR.el("code", {}, e.entity_id), ` · ${e.records.length} records from `, e.agencies.map(CR.agencyBadge), " ",
      CR.el("a", { class: "button", id: "open-network", href: "#/network/" + encodeURIComponent(e.entity_id) }, "Network →"), " ",
      CR.el("a", { class: "button", id: "open-timeline", href: "#/timeline?node=" + encodeURIComponent(e.entity_id) }, "Timeline"), " ",
      CR.el("a", { class: "button", href: "#/map?view=europe&node=" + encodeURIComponent(e.entity_id) }, "Map")),
    CR.caveats(e.caveats), CR.hits(e.hits),
    CR.el("p", { class: "legend" }, CR.el("span", { class: "state-agree" }, "✓ agree"), " ", CR.el("span", { class: "state-disagree" }, "≠ disagree")),
    CR.el("div", { class: "scroll" }, table),
    explanation(e.explanation),
    uids.length > 1 ? CR.decisionForm(uids) : null);
};

function explanation(x) {
  if (!x || !x.pairs.length) return null;
  return CR.el("section", { class: "explanation" }, CR.el("h2", {}, "Why these records are one person"),
    CR.el("p", { class: "muted" }, `Prior weight ${x.prior_weight.toFixed(1)}; each comparison adds its match weight (log2 Bayes factor).`),
    x.pairs.slice(0, 12).map((p) => CR.el("div", { class: "pair card" },
      CR.el("h3", {}, `${p.left} ~ ${p.right}: `, p.merged ? CR.el("span", { class: "ok" }, "merged") : CR.el("span", { class: "bad" }, "kept apart " + (p.refused || "")),
        ` (weight ${p.match_weight.toFixed(1)}, probability ${p.match_probability.toFixed(3)})`),
      CR.el("table", { class: "weights" }, p.evidence.map((ev) => CR.el("tr", {},
        CR.el("td", {}, ev.comparison), CR.el("td", {}, ev.level),
        CR.el("td", { class: ev.weight >= 0 ? "ok" : "bad" }, (ev.weight >= 0 ? "+" : "") + ev.weight.toFixed(1)),
        CR.el("td", {}, CR.el("span", { class: "bar " + (ev.weight >= 0 ? "plus" : "minus"), style: `width:${Math.min(200, Math.abs(ev.weight) * 12)}px` }))))))));
}

// The timeline (GET /api/timeline): events per month as a chart, then each event with its record's
// agency, grading and handling and the people and things it ties.
"use strict";
CR.views.timeline = async function (params) {
  const kinds = Object.keys(CR.KIND_COLOURS);
  const chosen = new Set(params.getAll("kind").length ? params.getAll("kind") : kinds);
  const boxes = kinds.map((k) => CR.el("label", { class: "chip" }, CR.el("input", { type: "checkbox", name: "kind", value: k, checked: chosen.has(k),
    onchange: (ev) => { ev.target.checked ? chosen.add(k) : chosen.delete(k); } }), k));
  const form = CR.filterForm("#/timeline", params, [
    ["since", "From", { type: "date" }], ["until", "to", { type: "date" }],
    ["node", "Entity", { placeholder: "entity id (optional)", size: 16 }], ["group", "Group", { type: "number", min: 0, size: 4 }],
  ], [CR.el("span", { class: "kinds" }, boxes)], () => ({ kind: chosen.size === kinds.length ? [] : [...chosen] }));
  const body = CR.el("section", { id: "timeline" }, CR.el("p", { class: "muted" }, "Loading events…"));
  CR.show(CR.el("h1", {}, "Timeline"), form, body);
  const query = { kind: params.getAll("kind"), since: params.get("since"), until: params.get("until"),
    node: params.get("node"), group: params.get("group"), limit: 2000 };
  let data;
  try { data = await CR.api("/api/timeline" + CR.query(query)); } catch (error) { CR.fill(body); CR.fail(error); return; }
  const months = everyMonth(Object.keys(data.counts).sort());
  const list = CR.el("ol", { class: "events", id: "events" });
  const more = CR.el("button", { type: "button", id: "more-events", onclick: () => showMore() }, "More");
  function showMore() {
    const shown = list.children.length;
    list.append(...data.events.slice(shown, shown + PAGE).map(eventItem));
    more.hidden = list.children.length >= data.events.length;
    if (more.hidden) return;
    more.textContent = `Show ${Math.min(PAGE, data.events.length - list.children.length)} more of ${data.events.length - list.children.length}`;
  }
  CR.fill(body,
    CR.el("p", { class: "muted" }, `${data.events.length} events you may see`, data.withheld ? ` (${data.withheld} withheld)` : "", "."),
    CR.bars(months.map((m) => ({ label: m, values: data.counts[m] || {} })), Object.fromEntries(kinds.map((k) => [k, CR.KIND_COLOURS[k]]))),
    list, more);
  showMore();
};

const PAGE = 100;

// Every month from the first to the last, so the chart's axis is linear (empty months show as gaps).
function everyMonth(keys) {
  const months = keys.filter((k) => /^\d{4}-\d{2}$/.test(k));
  const out = [];
  if (!months.length) return keys;
  let [y, m] = months[0].split("-").map(Number);
  const [ly, lm] = months[months.length - 1].split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1; if (m > 12) { m = 1; y += 1; }
  }
  return out.concat(keys.filter((k) => !months.includes(k)));  // "undated" last
}

function eventItem(e) {
  return CR.el("li", { class: "event kind-" + e.kind },
    CR.el("span", { class: "when" }, e.date || "undated"), " ",
    CR.el("span", { class: "kind", style: `border-color:${CR.KIND_COLOURS[e.kind] || "#999"}` }, e.kind), " ",
    Object.entries(e.details).map(([k, v]) => CR.el("span", { class: "detail" }, CR.el("small", {}, k), " ", v)), " ",
    CR.recordBadges(e.record),
    e.ties.length ? CR.el("div", { class: "ties" }, e.ties.map((t) => CR.el("span", { class: "member" }, CR.nodeLink(t))),
      e.more_ties ? ` and ${e.more_ties} more` : "") : null);
}

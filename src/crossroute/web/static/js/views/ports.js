// The risk officer's view (GET /api/ports/list, /api/ports/declarations/ID, /api/ports/board): the day's
// inspection list with reasons, one declaration explained, and the per-port board.
"use strict";
CR.views.ports = async function (params) {
  const list = CR.el("section", { class: "card", id: "ports-list" }, CR.el("p", { class: "muted" }, "Loading…"));
  const board = CR.el("section", { class: "card", id: "ports-board" }, CR.el("p", { class: "muted" }, "Loading the board…"));
  const dashboard = CR.el("section", { class: "card", id: "ports-displacement" }, CR.el("p", { class: "muted" }, "Loading the dashboard…"));  // views/ports_watch.js
  const insiders = CR.el("section", { class: "card", id: "ports-insiders", hidden: true });
  CR.show(CR.el("h1", {}, "Ports: today's inspection list"), list, dashboard, board, insiders);
  const watched = Promise.all([CR.portsDashboard(dashboard), CR.portsInsiders(insiders)]);
  const share = params.get("share") || "0.02";
  try {
    const day = await CR.api(`/api/ports/list?share=${encodeURIComponent(share)}`);
    CR.fill(list, CR.el("h2", {}, `${day.date || "no scores yet"}: ${day.items.length} of ${day.declarations} declarations`),
      day.items.length ? CR.el("table", { class: "list" },
        CR.el("tr", {}, ["declaration", "office", "score", "chosen by", "reasons"].map((h) => CR.el("th", {}, h))),
        day.items.map((item) => CR.el("tr", {}, [
          CR.el("td", {}, CR.el("a", { href: `#/port-declaration/${encodeURIComponent(item.declaration_id)}` }, item.declaration_id)),
          CR.el("td", {}, item.office), CR.el("td", {}, item.score.toFixed(3)), CR.el("td", {}, item.chosen_by),
          CR.el("td", {}, CR.el("ul", {}, item.reasons.map((r) => CR.el("li", {}, r)))),
        ]))) : CR.el("p", { class: "muted" }, "Run `crossroute ports score` first."));
  } catch (error) { CR.fill(list, CR.el("p", { class: "muted" }, "Could not load the list.")); CR.fail(error); }
  try {
    const data = await CR.api("/api/ports/board", { personal: false });
    CR.fill(board, CR.el("h2", {}, "Per port and month"), data.rows.length ? null : CR.empty("No declarations loaded yet."), CR.el("table", { class: "list", hidden: !data.rows.length },
      CR.el("tr", {}, ["office", "month", "declarations", "inspected", "hits", "hit rate", "scored risky"].map((h) => CR.el("th", {}, h))),
      data.rows.map((r) => CR.el("tr", {}, [r.office, r.month, r.declarations, r.inspected, r.hits, r.hit_rate ?? "–", r.risky_share ?? "–"].map((v) => CR.el("td", {}, String(v)))))));
  } catch (error) { CR.fill(board, CR.el("p", { class: "muted" }, "Could not load the board.")); CR.fail(error); }
  await watched;
};

CR.views.portDeclaration = async function (params, id) {
  const card = CR.el("section", { class: "card", id: "port-declaration" }, CR.el("p", { class: "muted" }, "Loading…"));
  CR.show(CR.el("h1", {}, `Declaration ${id}`), CR.el("p", {}, CR.el("a", { href: "#/ports" }, "← today's list")), card);
  try {
    const d = await CR.api(`/api/ports/declarations/${encodeURIComponent(id)}`);
    const fields = ["date", "office", "importer", "declarant", "seller", "courier", "hs6", "origin", "departure", "net_mass", "item_price", "tax_rate", "container", "imo", "transshipment"];
    CR.fill(card,
      CR.el("h2", {}, `Risk ${d.score == null ? "not scored" : d.score.toFixed(3)}`),
      CR.el("p", {}, `Fraud probability ${d.fraud_probability == null ? "–" : d.fraud_probability.toFixed(3)}, critical fraud ${d.critical_probability == null ? "–" : d.critical_probability.toFixed(3)}`),
      CR.el("h3", {}, "Why"), CR.el("ol", { id: "port-reasons" }, d.reasons.map((r) => CR.el("li", {}, r))),
      CR.el("h3", {}, "Declaration"), CR.el("table", { class: "list" }, fields.filter((f) => d[f] != null && d[f] !== "").map((f) => CR.el("tr", {}, CR.el("th", {}, f), CR.el("td", {}, String(d[f]))))));
  } catch (error) { CR.fail(error); }
};

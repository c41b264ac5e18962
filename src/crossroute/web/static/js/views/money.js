// Follow the money: the alerts queue (GET /api/money/alerts) sorted by score with typology filters, and
// one alert (GET /api/money/alerts/ID): the figures that fired, its payments, and its subgraph drawn with
// amounts and dates.
"use strict";
CR.views.money = async function (params) {
  const body = CR.el("section", { id: "money" }, CR.el("p", { class: "muted" }, "Running the typology detectors…"));
  CR.show(CR.el("h1", {}, "Money: alerts"), body);
  let data;
  try { data = await CR.api("/api/money/alerts"); } catch (error) { CR.fill(body); CR.fail(error); return; }
  const rows = data.alerts.map((a) => CR.el("tr", { class: "alert-row", "data-typology": a.typology },
    CR.el("td", {}, CR.el("a", { href: "#/money/" + encodeURIComponent(a.alert_id) }, a.alert_id)),
    CR.el("td", {}, a.typology), CR.el("td", {}, a.score.toFixed(2)), CR.el("td", {}, String(a.transactions)),
    CR.el("td", {}, (a.accounts || []).slice(0, 4).join(", "))));
  // typology filters act on the rows already loaded (the detectors do not run again)
  const choose = (chosen) => {
    for (const row of rows) row.hidden = Boolean(chosen) && row.dataset.typology !== chosen;
    for (const chip of chips.querySelectorAll("button")) chip.classList.toggle("active", (chip.dataset.typology || "") === (chosen || ""));
  };
  const chips = CR.el("p", { class: "kinds", id: "money-typologies" },
    CR.el("button", { type: "button", class: "chip", onclick: () => choose("") }, "all"), " ",
    data.typologies.flatMap((t) => [CR.el("button", { type: "button", class: "chip", "data-typology": t, onclick: () => choose(t) }, t), " "]));
  CR.fill(body,
    CR.el("p", { class: "muted" }, `${data.alerts.length} alerts over ${data.transactions_scanned} payments you may see.`),
    chips,
    data.alerts.length ? null : CR.empty(data.transactions_scanned ? "No payment pattern fired a typology alert." : "No account transactions you may see are loaded: the detectors read bank transactions (see docs/money.md)."),
    CR.el("table", { id: "alerts", class: "list", hidden: !data.alerts.length }, CR.el("thead", {}, CR.el("tr", {}, ["alert", "typology", "score", "payments", "accounts"].map((h) => CR.el("th", {}, h)))),
      CR.el("tbody", {}, rows)));
  choose(params.get("typology") || "");
};

CR.views.moneyAlert = async function (params, alertId) {
  const body = CR.el("section", { id: "money-alert" }, CR.el("p", { class: "muted" }, "Loading the alert…"));
  CR.show(CR.el("h1", {}, "Alert " + alertId), CR.el("p", {}, CR.el("a", { href: "#/money" }, "← all alerts")), body);
  let a;
  try { a = await CR.api("/api/money/alerts/" + encodeURIComponent(alertId)); } catch (error) { CR.fill(body); CR.fail(error); return; }
  const why = CR.el("dl", { id: "alert-why" }, Object.entries(a.why).flatMap(([k, v]) => [CR.el("dt", {}, k.replaceAll("_", " ")), CR.el("dd", {}, typeof v === "object" ? JSON.stringify(v) : String(v))]));
  const payments = CR.el("table", { id: "alert-payments" },
    CR.el("thead", {}, CR.el("tr", {}, ["date", "from", "to", "amount (EUR)", "channel", "payment"].map((h) => CR.el("th", {}, h)))),
    CR.el("tbody", {}, a.graph.edges.map((e) => CR.el("tr", {},
      CR.el("td", {}, e.timestamp.replace("T", " ")), CR.el("td", {}, e.source), CR.el("td", {}, e.target),
      CR.el("td", { class: "num" }, e.amount_eur.toLocaleString()), CR.el("td", {}, e.channel || ""), CR.el("td", {}, e.txn_id)))));
  const canvas = CR.el("div", { id: "alert-graph", style: "height:420px;border:1px solid #ddd" });
  CR.fill(body, CR.el("p", {}, CR.el("strong", {}, a.typology), ` · score ${a.score.toFixed(2)} · ${a.transactions} payments`), why, canvas, payments);
  cytoscape({
    container: canvas,
    elements: [
      ...a.graph.nodes.map((n) => ({ data: { id: n.id, label: n.cash ? "cash" : `${n.id} (${n.country || "?"})` } })),
      ...a.graph.edges.map((e) => ({ data: { id: e.txn_id, source: e.source, target: e.target, label: `${Math.round(e.amount_eur).toLocaleString()} · ${e.timestamp.slice(0, 10)}` } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": "#4a6fa5" } },
      { selector: "edge", style: { label: "data(label)", "font-size": 9, "curve-style": "bezier", "target-arrow-shape": "triangle", width: 2 } },
    ],
    layout: { name: "cose", animate: false },
  });
};

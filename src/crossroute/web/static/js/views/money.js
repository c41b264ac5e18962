// Follow the money: the alerts queue (GET /api/money/alerts) sorted by score with typology filters; one
// alert (GET /api/money/alerts/ID): what it is, the figures that fired, its subgraph drawn with amounts and
// dates, and its payments (as written and in EUR, with the rate used); an account (GET
// /api/money/accounts/ID): its holders among the people you may see with their groups, its money and a
// Sankey of its flows; and a group's money (GET /api/money/groups/N) added to the group's page.
// Sankey pictures: d3-sankey's layout (npm, served from /vendor/), drawn as SVG here.
"use strict";

CR.money = {};
CR.money.TYPOLOGY = {
  structuring: "Structuring (cash kept under the reporting threshold)",
  cash_front: "Cash-intensive front (takings out of line with peers)",
  hawala: "Hawala offsetting",
  fee_collection: "Fee collection (many small inflows, then fan-out)",
  mule: "Rapid pass-through (money mules)",
  scatter_gather: "Scatter-gather",
  gather_scatter: "Gather-scatter",
  round_trip: "Round trip (money back to its origin)",
};
CR.money.eur = (v) => v === null || v === undefined ? "–" : `€${Number(v).toLocaleString("en-GB", { maximumFractionDigits: 0 })}`;
CR.money.written = (amount, currency) => amount === null || amount === undefined ? "–"
  : `${Number(amount).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
CR.money.when = (iso) => iso.replace("T", " ").replace(/:00$/, "").replace(/ 00:00$/, "");
// the figures that fired, in words: amounts in EUR, days and hours as such
CR.money.figure = function (key, value) {
  if (typeof value === "object") return JSON.stringify(value);
  if (/^(fees_in|passed_on|in|out|scattered|gathered|returned|deposited|total|cash_in|takings|amount)/.test(key) && typeof value === "number") return CR.money.eur(value);
  if (/hours/.test(key) && !/hours$/.test(key)) return `${value} hours`;
  return String(value);
};
CR.money.accountLink = (id) => id === "cash" || !id ? CR.el("span", { class: "muted" }, "cash") : CR.el("a", { href: "#/money-account/" + encodeURIComponent(id) }, id);
CR.money.people = (list) => (list || []).map((p) => CR.el("span", { class: "member" },
  CR.el("a", { href: "#/entity/" + encodeURIComponent(p.entity_id) }, p.label),
  p.group !== null && p.group !== undefined ? [" · ", CR.el("a", { href: "#/group/" + p.group, class: "group-link" }, `group ${p.group}`)] : null,
  p.tied_by ? CR.el("small", { class: "muted" }, ` (by ${p.tied_by})`) : null));

// A Sankey of money flows, {nodes: [{id, label, column, holders}], links: [{source, target, amount_eur}]}.
CR.money.sankey = function (data, { width = 1000, height = 320 } = {}) {
  if (!data.links.length) return CR.el("p", { class: "muted" }, "No flows you may see.");
  // three columns whatever the links: d3-sankey counts columns by link depth (an account with money in but
  // none out would land on the right), so a hidden chain of no value spans them and each node is aligned
  // to its own column
  const COLUMN = { senders: 0, accounts: 1, recipients: 2 };
  const nodes = [...data.nodes.map((n) => ({ ...n })), ...Object.keys(COLUMN).map((c) => ({ id: "_" + c, column: c, label: "", hidden: true }))];
  const links = [...data.links.map((l) => ({ source: l.source, target: l.target, value: l.amount_eur, payments: l.payments })),
    { source: "_senders", target: "_accounts", value: 1e-9, hidden: true }, { source: "_accounts", target: "_recipients", value: 1e-9, hidden: true }];
  const layout = d3.sankey().nodeId((n) => n.id).nodeWidth(12).nodePadding(10).nodeSort(null)
    .nodeAlign((n) => COLUMN[n.column]).extent([[200, 10], [width - 200, height - 10]]);
  const graph = layout({ nodes, links });
  const colour = { senders: "#2ca02c", accounts: "#1f4e79", recipients: "#d62728" };
  const path = d3.sankeyLinkHorizontal();
  const svg = CR.svg("svg", { class: "sankey", viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img",
    "aria-label": "Money flows: senders, accounts, recipients (EUR)" });
  for (const l of graph.links.filter((x) => !x.hidden)) {
    svg.append(CR.svg("path", { d: path(l), fill: "none", stroke: colour[l.source.column === "senders" ? "senders" : "recipients"], "stroke-opacity": 0.35, "stroke-width": Math.max(1, l.width) },
      CR.svg("title", {}, `${l.source.label} → ${l.target.label}: ${CR.money.eur(l.value)} in ${l.payments} payments`)));
  }
  for (const n of graph.nodes.filter((x) => !x.hidden)) {
    svg.append(CR.svg("rect", { x: n.x0, y: n.y0, width: n.x1 - n.x0, height: Math.max(1, n.y1 - n.y0), fill: colour[n.column] },
      CR.svg("title", {}, `${n.label}: ${CR.money.eur(n.value)}`)));
    const left = n.column === "senders";
    const name = n.label.length > 22 ? n.label.slice(0, 21) + "…" : n.label;
    const who = n.holders && n.holders.length ? ` (${n.holders[0]})` : "";
    svg.append(CR.svg("text", { x: left ? n.x0 - 6 : n.x1 + 6, y: (n.y0 + n.y1) / 2, dy: "0.35em", "text-anchor": left ? "end" : "start", class: "sankey-label" },
      `${name}${who.length > 24 ? "" : who}`, CR.svg("tspan", { class: "muted" }, ` ${CR.money.eur(n.value)}`)));
  }
  return CR.el("figure", { class: "sankey-figure" }, svg,
    CR.el("figcaption", { class: "muted" }, "Money in (left, green) through the accounts (middle) and out (right, red), in EUR at monthly reference rates (the ECB's unless your own were loaded); hover for amounts."));
};

// Totals, counterparties, top accounts and the Sankey of a set of accounts (a group's or one account).
CR.money.summary = function (m) {
  const writ = (way) => Object.entries(m.as_written[way] || {}).map(([c, v]) => CR.money.written(v, c)).join(" + ") || "–";
  return [
    CR.el("table", { class: "list money-totals" },
      CR.el("tr", {}, ["", "EUR", "payments", "as written"].map((h) => CR.el("th", {}, h))),
      ["in", "out", "internal"].map((way) => CR.el("tr", {}, CR.el("th", {}, { in: "Money in", out: "Money out", internal: "Between these accounts" }[way]),
        CR.el("td", { class: "num" }, CR.money.eur(m.totals[way])), CR.el("td", { class: "num" }, String(m.payments[way])), CR.el("td", {}, writ(way))))),
    m.without_rate ? CR.el("p", { class: "caveats" }, `${m.without_rate} payments in currencies without a reference rate are not in the EUR totals (crossroute money rates).`) : null,
    CR.el("h3", {}, "Flows"), CR.money.sankey(m.sankey),
    CR.el("div", { class: "columns" },
      CR.el("section", {}, CR.el("h3", {}, "Counterparties"),
        CR.el("table", { class: "list", id: "money-counterparties" }, CR.el("tr", {}, ["account", "holder", "direction", "EUR", "payments"].map((h) => CR.el("th", {}, h))),
          m.counterparties.map((c) => CR.el("tr", {}, CR.el("td", {}, CR.money.accountLink(c.account)), CR.el("td", {}, CR.money.people(c.holders)),
            CR.el("td", {}, c.direction === "in" ? "pays in" : "paid"), CR.el("td", { class: "num" }, CR.money.eur(c.amount_eur)), CR.el("td", { class: "num" }, String(c.payments)))))),
      CR.el("section", {}, CR.el("h3", {}, "Top accounts"),
        CR.el("table", { class: "list", id: "money-top-accounts" }, CR.el("tr", {}, ["account", "holder", "in (EUR)", "out (EUR)"].map((h) => CR.el("th", {}, h))),
          m.top_accounts.map((a) => CR.el("tr", {}, CR.el("td", {}, CR.money.accountLink(a.account)), CR.el("td", {}, CR.money.people(a.holders)),
            CR.el("td", { class: "num" }, CR.money.eur(a.in_eur)), CR.el("td", { class: "num" }, CR.money.eur(a.out_eur))))))),
  ];
};

CR.views.money = async function (params) {
  const body = CR.el("section", { id: "money" }, CR.el("p", { class: "muted" }, "Running the typology detectors…"));
  CR.show(CR.el("h1", {}, "Money: alerts"), body);
  let data;
  try { data = await CR.api("/api/money/alerts"); } catch (error) { CR.fill(body); CR.fail(error); return; }
  const rows = data.alerts.map((a) => CR.el("tr", { class: "alert-row", "data-typology": a.typology },
    CR.el("td", {}, CR.el("a", { href: "#/money/" + encodeURIComponent(a.alert_id) }, a.alert_id)),
    CR.el("td", {}, CR.words(a.typology)), CR.el("td", {}, a.score.toFixed(2)), CR.el("td", {}, String(a.transactions)),
    CR.el("td", {}, (a.accounts || []).slice(0, 4).join(", ") + ((a.accounts || []).length > 4 ? ` +${a.accounts.length - 4}` : ""))));
  // typology filters act on the rows already loaded (the detectors do not run again)
  const choose = (chosen) => {
    for (const row of rows) row.hidden = Boolean(chosen) && row.dataset.typology !== chosen;
    for (const chip of chips.querySelectorAll("button")) chip.classList.toggle("active", (chip.dataset.typology || "") === (chosen || ""));
  };
  const chips = CR.el("p", { class: "kinds", id: "money-typologies" },
    CR.el("button", { type: "button", class: "chip", onclick: () => choose("") }, "all"), " ",
    data.typologies.flatMap((t) => [CR.el("button", { type: "button", class: "chip", "data-typology": t, onclick: () => choose(t) }, CR.words(t)), " "]));
  CR.fill(body,
    CR.el("p", { class: "muted" }, `${data.alerts.length} alerts over ${data.transactions_scanned.toLocaleString("en-GB")} payments you may see.`),
    chips,
    data.alerts.length ? null : CR.empty(data.transactions_scanned ? "No payment pattern fired a typology alert." : "No account transactions you may see are loaded: the detectors read bank transactions (see docs/money.md)."),
    CR.el("div", { class: "scroll", hidden: !data.alerts.length }, CR.el("table", { id: "alerts", class: "list" }, CR.el("thead", {}, CR.el("tr", {}, ["alert", "typology", "score", "payments", "accounts"].map((h) => CR.el("th", {}, h)))),
      CR.el("tbody", {}, rows))));
  choose(params.get("typology") || "");
};

CR.views.moneyAlert = async function (params, alertId) {
  const body = CR.el("section", { id: "money-alert" }, CR.el("p", { class: "muted" }, "Loading the alert…"));
  CR.show(CR.el("h1", {}, "Alert " + alertId), CR.el("p", {}, CR.el("a", { href: "#/money" }, "← all alerts")), body);
  let a;
  try { a = await CR.api("/api/money/alerts/" + encodeURIComponent(alertId)); } catch (error) { CR.fill(body); CR.fail(error); return; }
  const edges = a.graph.edges;
  const largest = Math.max(0, ...edges.map((e) => e.amount_eur || 0));
  const first = edges.length ? CR.money.when(edges[0].timestamp) : "", last = edges.length ? CR.money.when(edges[edges.length - 1].timestamp) : "";
  const why = CR.el("dl", { id: "alert-why", class: "why" }, Object.entries(a.why).flatMap(([k, v]) => [CR.el("dt", {}, k.replaceAll("_", " ")), CR.el("dd", {}, CR.money.figure(k, v))]));
  const payments = CR.el("table", { id: "alert-payments", class: "list" },
    CR.el("thead", {}, CR.el("tr", {}, ["#", "date", "from", "to", "amount", "EUR", "rate used", "channel", "payment"].map((h) => CR.el("th", {}, h)))),
    CR.el("tbody", {}, edges.map((e, i) => CR.el("tr", {}, CR.el("td", { class: "num" }, String(i + 1)),
      CR.el("td", { class: "when" }, CR.money.when(e.timestamp)), CR.el("td", {}, CR.money.accountLink(e.source)), CR.el("td", {}, CR.money.accountLink(e.target)),
      CR.el("td", { class: "num" }, CR.money.written(e.amount, e.currency)), CR.el("td", { class: "num" }, CR.money.eur(e.amount_eur)),
      CR.el("td", { class: "num" }, e.currency && e.currency !== "EUR" && e.per_eur ? `${Number(e.per_eur).toFixed(4)} ${e.currency}/EUR (${(e.rate_month || "").slice(0, 7)})` : ""),
      CR.el("td", {}, (e.channel || "").replaceAll("_", " ")), CR.el("td", {}, CR.el("code", {}, e.txn_id))))));
  const accounts = CR.el("ul", { id: "alert-accounts", class: "accounts" }, a.graph.nodes.filter((n) => !n.cash).map((n) =>
    CR.el("li", {}, CR.money.accountLink(n.id), ` ${[n.country, n.type, n.bank].filter(Boolean).join(" · ")}`)));
  const canvas = CR.el("div", { id: "alert-graph", class: "alert-graph" });
  CR.fill(body,
    CR.el("p", { class: "alert-head" }, CR.el("strong", {}, CR.money.TYPOLOGY[a.typology] || a.typology),
      ` · score ${a.score.toFixed(2)} · ${a.transactions} payments, the largest ${CR.money.eur(largest)} · ${first}${last && last !== first ? " to " + last : ""}`),
    CR.el("div", { class: "columns" },
      CR.el("section", { class: "card" }, CR.el("h2", {}, "Why it fired"), why),
      CR.el("section", { class: "card" }, CR.el("h2", {}, "Accounts"), accounts, CR.el("p", { class: "muted" }, "Open an account for its holders, their groups and its money."))),
    CR.el("section", { class: "card" }, CR.el("h2", {}, "Subgraph"), canvas, CR.el("p", { class: "muted" }, "Each arrow is a payment, numbered in time order as in the table below: amount in EUR and date; cash is drawn as a square.")),
    CR.el("section", { class: "card" }, CR.el("h2", {}, "Payments"), CR.el("div", { class: "scroll" }, payments)));
  const short = (s) => s.length > 24 ? s.slice(0, 23) + "…" : s;
  cytoscape({
    container: canvas,
    elements: [
      ...a.graph.nodes.map((n) => ({ data: { id: n.id, label: n.cash ? "cash" : `${short(n.id)} (${n.country || "?"})`, cash: n.cash ? 1 : 0 } })),
      ...edges.map((e, i) => ({ data: { id: "t:" + e.txn_id, source: e.source, target: e.target, label: `${i + 1}. ${CR.money.eur(e.amount_eur)} · ${e.timestamp.slice(0, 10)}` } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "background-color": "#1f4e79", "text-valign": "bottom", "text-margin-y": 4, "text-background-color": "#fff", "text-background-opacity": 0.85 } },
      { selector: "node[cash = 1]", style: { shape: "square", "background-color": "#8c564b" } },
      { selector: "edge", style: { label: "data(label)", "font-size": 10, "curve-style": "bezier", "target-arrow-shape": "triangle", width: 2, "line-color": "#9aa0ae", "target-arrow-color": "#9aa0ae",
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.9, "text-background-padding": 1 } },
    ],
    layout: { name: a.graph.nodes.length <= 12 ? "circle" : "cose", animate: false, padding: 40 },
  });
};

CR.views.moneyAccount = async function (params, accountId) {
  const body = CR.el("section", { id: "money-account" }, CR.el("p", { class: "muted" }, "Loading the account…"));
  CR.show(CR.el("h1", {}, "Account " + accountId), CR.el("p", {}, CR.el("a", { href: "#/money" }, "← all alerts")), body);
  let a;
  try { a = await CR.api("/api/money/accounts/" + encodeURIComponent(accountId)); } catch (error) { CR.fill(body); CR.fail(error); return; }
  CR.fill(body,
    CR.el("p", {}, [a.country, a.type, a.bank, a.iban ? "IBAN " + a.iban : null, a.holder_name ? `holder as given: ${a.holder_name}` : null].filter(Boolean).join(" · ")),
    CR.el("section", { class: "card" }, CR.el("h2", {}, "Held by"),
      a.holders.length ? CR.el("p", { id: "account-holders" }, CR.money.people(a.holders)) : CR.el("p", { class: "muted", id: "account-holders" }, "No person you may see is tied to this account.")),
    CR.el("section", { class: "card" }, CR.el("h2", {}, "Money"), CR.money.summary(a)));
};

// The group page's money from the loaded bank and MSB records (added below the page's own sections).
CR.money.groupSection = async function (group) {
  const card = CR.el("section", { class: "card", id: "group-accounts" }, CR.el("h2", {}, "Accounts and transactions"), CR.el("p", { class: "muted" }, "Loading…"));
  document.getElementById("view").append(card);
  let m;
  try { m = await CR.api("/api/money/groups/" + encodeURIComponent(group)); } catch (error) {
    CR.fill(card, CR.el("h2", {}, "Accounts and transactions"), CR.el("p", { class: "muted" }, error.status === 404 ? "No accounts you may see." : String(error.message || error)));
    return;
  }
  CR.fill(card, CR.el("h2", {}, "Accounts and transactions"),
    m.members_holding.length ? CR.el("p", {}, `${m.accounts.length} accounts held by `, CR.money.people(m.members_holding.map((p) => ({ ...p, group: null }))))
      : CR.el("p", { class: "muted" }, "No member you may see holds an account in the loaded bank records."),
    m.accounts.length ? CR.money.summary(m) : null);
};

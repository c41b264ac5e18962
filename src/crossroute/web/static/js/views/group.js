// One group (GET /api/network/groups/N): members and roles, route segments, money.
"use strict";
CR.views.group = async function (params, id) {
  CR.show(CR.el("h1", {}, `Group ${id}`), CR.el("p", { class: "muted" }, "Loading…"));
  let g;
  try { g = await CR.api("/api/network/groups/" + encodeURIComponent(id)); } catch (error) { CR.show(); CR.fail(error); return; }
  const m = g.money;
  const currencies = Object.keys(m.totals);
  const palette = ["#9467bd", "#2ca02c", "#ff7f0e", "#1f77b4"];
  CR.show(
    CR.el("h1", {}, `Group ${g.group}: ${g.members.length} members`),
    CR.el("p", { class: "toolbar" },
      CR.el("a", { class: "button", href: `#/timeline?group=${g.group}` }, "Timeline"),
      CR.el("a", { class: "button", href: `#/map?group=${g.group}&view=europe` }, "Map"),
      CR.el("a", { class: "button", id: "simulate-group", href: "#/disruption?remove=" + encodeURIComponent(g.members.slice(0, 2).map((x) => x.entity_id || x.id).join(",")) }, "Simulate arresting its top two")),
    CR.el("p", { class: "muted", id: "members-withheld" }, "Members you may see in full: anyone whose place here rests on records you may not see is left out, uncounted."),
    CR.el("div", { class: "columns" },
      CR.el("section", { class: "card" }, CR.el("h2", {}, "Members"),
        CR.el("table", { class: "list", id: "members" }, CR.el("tr", {}, ["person", "inferred role", "key-player score", "degree", ""].map((h) => CR.el("th", {}, h))),
          g.members.map((p) => CR.el("tr", {}, CR.el("td", {}, CR.nodeLink(p)), CR.el("td", {}, CR.words(p.role)), CR.el("td", {}, p.score.toFixed(4)), CR.el("td", {}, p.degree),
            CR.el("td", {}, CR.el("a", { href: "#/network/" + encodeURIComponent(p.id) }, "network")))))),
      CR.el("section", { class: "card" }, CR.el("h2", {}, "Roles"),
        CR.el("ul", { id: "roles" }, g.roles.map(([role, n]) => CR.el("li", {}, CR.el("span", { class: "bar plus", style: `width:${n * 12}px` }), ` ${CR.words(role)} (${n})`))),
        CR.el("h2", {}, "Route segments"),
        g.routes.length ? CR.el("ul", { id: "routes" }, g.routes.map(([r, n]) => CR.el("li", {}, `${r}: ${n} ${n === 1 ? "event" : "events"}`))) : CR.el("p", { class: "muted" }, "None seen."),
        CR.el("h2", {}, "Countries"), CR.el("p", {}, g.countries.map(([c, n]) => `${c} (${n})`).join(", ") || "–"),
        CR.el("p", { class: "muted" }, `${g.customers} passengers on crossings its members organised or piloted.`))),
    CR.el("section", { class: "card", id: "money" }, CR.el("h2", {}, "Money"),
      CR.el("p", {}, currencies.length ? currencies.map((c) => `${Math.round(m.totals[c]).toLocaleString()} ${c}`).join(" · ") + ` in ${m.payments.length} payments you may see` : "No payments you may see."),
      currencies.length > 1 && m.about_eur ? CR.el("p", { class: "muted", id: "money-in-eur", title: m.about_eur.rates }, `About €${Math.round(m.about_eur.total).toLocaleString()} in all at monthly reference rates${m.about_eur.without_rate ? ` (${m.about_eur.without_rate} payments without a rate left out)` : ""}.`) : null,
      // one chart and axis per currency: pounds and euros are never stacked on one scale
      currencies.map((c, i) => CR.el("div", { class: "money-chart", "data-currency": c }, CR.el("h3", {}, `Paid per month in ${c}`),
        CR.bars(everyMonth(Object.keys(m.by_month).sort()).map((month) => ({ label: month, values: { [c]: (m.by_month[month] || {})[c] || 0 } })), { [c]: palette[i % palette.length] }, { unit: " " + c }))),
      m.flows.length ? CR.el("table", { class: "list" }, CR.el("tr", {}, ["from", "to", "amount"].map((h) => CR.el("th", {}, h))),
        m.flows.map((f) => CR.el("tr", {}, CR.el("td", {}, CR.nodeLink(f.from)), CR.el("td", {}, CR.nodeLink(f.to)), CR.el("td", {}, `${Math.round(f.amount).toLocaleString()} ${f.currency}`)))) : null,
      CR.el("details", {}, CR.el("summary", {}, "Every payment"),
        CR.el("table", { class: "list" }, m.payments.map((p) => CR.el("tr", {}, CR.el("td", {}, p.date || ""), CR.el("td", {}, `${p.amount.toLocaleString()} ${p.currency}`),
          CR.el("td", {}, p.parties.map((x) => CR.el("span", { class: "member" }, CR.nodeLink(x)))), CR.el("td", {}, CR.recordBadges(p.record))))))));
  await CR.money.groupSection(g.group); // the bank and MSB records' money (views/money.js)
  await CR.onlineGroupSection(g.group); // the adverts your agency kept tied to it (views/online.js)
};

// The router: #/login, #/search?q=, #/entity/ID, #/network/ID, #/groups, #/group/N, #/key-players,
// #/timeline, #/map, #/disruption, #/ingest, #/decisions, #/deconfliction, #/dpo.
"use strict";
const ROUTES = [
  [/^#\/search$/, CR.views.search], [/^#\/entity\/(.+)$/, CR.views.entity], [/^#\/network\/(.+)$/, CR.views.network],
  [/^#\/groups$/, CR.views.groups], [/^#\/group\/(\d+)$/, CR.views.group], [/^#\/key-players$/, CR.views.keyPlayers],
  [/^#\/timeline$/, CR.views.timeline], [/^#\/map$/, CR.views.map], [/^#\/disruption$/, CR.views.disruption],
  [/^#\/ingest$/, CR.views.ingest], [/^#\/decisions$/, CR.views.decisions], [/^#\/deconfliction$/, CR.views.deconfliction],
  [/^#\/dpo$/, CR.views.dpo],
  [/^#\/route$/, CR.views.routes],
  [/^#\/comms$/, CR.views.comms], [/^#\/comms-thread$/, CR.views.commsThread], [/^#\/comms-handle\/(.+)$/, CR.views.commsHandle], [/^#\/comms-graph$/, CR.views.commsGraph],
  [/^#\/online$/, CR.views.online], [/^#\/advert\/(.+)$/, CR.views.advert],
  [/^#\/money$/, CR.views.money], [/^#\/money\/(.+)$/, CR.views.moneyAlert], [/^#\/money-account\/(.+)$/, CR.views.moneyAccount],
  [/^#\/ports$/, CR.views.ports], [/^#\/port-declaration\/(.+)$/, CR.views.portDeclaration],
];

// Marks on <body> which hash the view shows and whether it has all its data (data-view: loading/ready),
// so a reader (or a browser test) can tell a finished view from one still waiting for the server.
// Only the latest render may say "ready" (the same hash can be rendered twice, e.g. after logging in).
let renders = 0;
function shown(rendering) {
  const mine = ++renders;
  document.body.dataset.viewHash = location.hash;
  document.body.dataset.view = "loading";
  Promise.resolve(rendering).finally(() => { if (mine === renders) document.body.dataset.view = "ready"; });
}

function route() {
  CR.banner(null);
  const me = CR.session.me;
  document.getElementById("top").hidden = !me;
  if (!me || location.hash === "#/login") { shown(CR.views.login()); return; }
  document.getElementById("who").textContent = `${me.user} · ${me.agency} · ${me.role}`;
  // A DPO audits: their own pages only (the analysts' views would all refuse them).
  const auditor = me.role === "dpo";
  for (const link of document.querySelectorAll("#top nav a")) {
    link.hidden = link.id === "nav-dpo" ? !["dpo", "administrator"].includes(me.role) : auditor;
  }
  const home = auditor ? "#/dpo" : "#/search";
  if (auditor && !location.hash.startsWith("#/dpo")) { location.hash = home; return; } // the analysts' views would refuse them
  const [path, query] = (location.hash || home).split("?");
  for (const [pattern, view] of ROUTES) {
    const m = path.match(pattern);
    if (m) { shown(view(new URLSearchParams(query || ""), m[1] ? decodeURIComponent(m[1]) : undefined)); return; }
  }
  location.hash = home;
}

CR.route = route;
document.getElementById("logout").addEventListener("click", async () => {
  try { await CR.api("/api/logout", { method: "POST", personal: false }); } catch (error) { /* already gone */ }
  CR.session.clear();
  location.hash = "#/login";
});
document.getElementById("purpose").value = sessionStorage.getItem("cr.purpose") || "";
document.getElementById("case").value = sessionStorage.getItem("cr.case") || "";
document.getElementById("purpose-form").addEventListener("input", () => {
  sessionStorage.setItem("cr.purpose", document.getElementById("purpose").value);
  sessionStorage.setItem("cr.case", document.getElementById("case").value);
});
document.getElementById("purpose-form").addEventListener("submit", (event) => { event.preventDefault(); route(); });
window.addEventListener("hashchange", route);
route();

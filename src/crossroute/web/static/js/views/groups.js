// Groups (GET /api/network/groups) and key players (GET /api/network/key-players).
"use strict";
const memberLink = (m) => CR.el("a", { href: "#/network/" + encodeURIComponent(m.entity_id || m.id), title: m.id }, m.label);

CR.views.groups = async function () {
  CR.show(CR.el("h1", {}, "Group candidates"), CR.el("p", { class: "muted" }, "Analysing the network…"));
  try {
    const data = await CR.api("/api/network/groups");
    CR.show(CR.el("h1", {}, "Group candidates"),
      CR.el("p", { class: "muted" }, "Communities of people who are more than customers (Leiden on the entity graph); only members you may see."),
      data.groups.map((g) => CR.el("article", { class: "card group" },
        CR.el("h2", {}, CR.el("a", { href: `#/group/${g.group}`, class: "group-link" }, `Group ${g.group}: ${g.members.length} members`)),
        CR.el("p", {}, "Countries: ", g.countries.map(([c, n]) => `${c} (${n})`).join(", ") || "–"),
        CR.el("p", {}, "Route segments: ", g.routes.map(([r, n]) => `${r} (${n})`).join("; ") || "–"),
        CR.el("p", { class: "members" }, g.members.map((m) => CR.el("span", { class: "member" }, memberLink(m), m.role ? ` (${m.role.replace(/_/g, " ")})` : ""))))));
  } catch (error) { CR.show(); CR.fail(error); }
};

CR.views.keyPlayers = async function () {
  CR.show(CR.el("h1", {}, "Key players"), CR.el("p", { class: "muted" }, "Analysing the network…"));
  try {
    const data = await CR.api("/api/network/key-players");
    CR.show(CR.el("h1", {}, "Key players"),
      // always said, never counted: a count (or a gap in the ranks) would tell of records hidden from you
      CR.el("p", { class: "muted", id: "key-players-withheld" }, "Ranked among the people you may see in full: anyone whose score rests on records you may not see is left out, and the ranks close over them."),
      CR.el("table", { class: "list" }, CR.el("tr", {}, ["rank", "person", "group", "role", "why"].map((h) => CR.el("th", {}, h))),
        data.key_players.map((p) => CR.el("tr", {}, CR.el("td", {}, p.rank), CR.el("td", {}, memberLink(p)),
          CR.el("td", {}, p.group), CR.el("td", {}, CR.words(p.role)), CR.el("td", { class: "reasons" }, p.reasons)))));
  } catch (error) { CR.show(); CR.fail(error); }
};

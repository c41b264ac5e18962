// The disruption simulator (POST /api/network/disruption): choose people, see what is left.
"use strict";
CR.views.disruption = async function (params) {
  const chosen = new Set((params.get("remove") || "").split(",").map((s) => s.trim()).filter(Boolean));
  const picked = CR.el("p", { id: "chosen" });
  const extra = CR.el("input", { id: "remove-id", placeholder: "entity id or KIND:VALUE", size: 24 });
  const players = CR.el("section", { class: "card" }, CR.el("p", { class: "muted" }, "Loading key players…"));
  const result = CR.el("section", { id: "disruption-result" });
  const run = () => { location.hash = "#/disruption" + CR.query({ remove: [...chosen].join(",") }); };
  function showChosen() {
    CR.fill(picked, "Remove: ", chosen.size ? [...chosen].map((c) => CR.el("span", { class: "chip picked" }, c, " ",
      CR.el("button", { type: "button", class: "x", title: "keep", onclick: () => { chosen.delete(c); showChosen(); } }, "×"))) : CR.el("span", { class: "muted" }, "nobody yet"));
  }
  showChosen();
  CR.show(CR.el("h1", {}, "Disruption simulator"),
    CR.el("p", { class: "muted" }, "Choose people to remove (arrests) and see what is left of the network: its largest piece, groups split, route segments with no provider left and who would likely take over."),
    CR.el("form", { class: "toolbar", onsubmit: (e) => { e.preventDefault(); if (extra.value.trim()) { chosen.add(extra.value.trim()); extra.value = ""; showChosen(); } } },
      extra, CR.el("button", { type: "submit" }, "Add"), CR.el("button", { type: "button", id: "simulate", onclick: run }, "Simulate")),
    picked, CR.el("div", { class: "columns" }, players, result));
  try {
    const kp = await CR.api("/api/network/key-players?top=15");
    CR.fill(players, CR.el("h2", {}, "Key players"), CR.el("ul", { class: "pick", id: "candidates" }, kp.key_players.map((p) => {
      const id = p.entity_id || p.id;
      return CR.el("li", {}, CR.el("label", {}, CR.el("input", { type: "checkbox", value: id, checked: chosen.has(id),
        onchange: (ev) => { ev.target.checked ? chosen.add(id) : chosen.delete(id); showChosen(); } }), ` ${p.rank}. `, p.label, ` (group ${p.group}${p.role ? ", " + CR.words(p.role) : ""})`));
    })));
  } catch (error) { CR.fail(error); return; }
  if (!chosen.size) return;
  CR.fill(result, CR.el("p", { class: "muted" }, "Simulating…"));
  try {
    const d = await CR.api("/api/network/disruption", { method: "POST", body: { remove: [...chosen] } });
    CR.fill(result, effectCard(d));
  } catch (error) { CR.fill(result); CR.fail(error); }
};

function effectCard(d) {
  const row = (label, before, after) => CR.el("tr", {}, CR.el("th", {}, label), CR.el("td", {}, before), CR.el("td", {}, after),
    CR.el("td", { class: after < before ? "ok" : after > before ? "bad" : "" }, after === before ? "=" : (after > before ? "+" : "") + (after - before).toFixed(after % 1 ? 3 : 0)));
  return CR.el("div", { class: "card" }, CR.el("h2", {}, "After removing ", d.removed.map((n) => CR.el("span", { class: "member" }, CR.nodeLink(n)))),
    CR.el("table", { class: "list", id: "effect" }, CR.el("tr", {}, ["", "before", "after", "change"].map((h) => CR.el("th", {}, h))),
      row("largest connected piece", d.largest.before, d.largest.after), row("pieces", d.components.before, d.components.after),
      row("fragmentation", d.fragmentation.before, d.fragmentation.after)),
    CR.el("h3", {}, "Groups hit"), d.groups.length ? CR.el("ul", { id: "groups-hit" }, d.groups.map((g) => CR.el("li", {},
      CR.el("a", { href: `#/group/${g.group}` }, `group ${g.group}`), `: ${g.members_left} of ${g.members_before} left`, g.split ? CR.el("strong", { class: "bad" }, `, split into ${g.pieces} pieces`) : ""))) : CR.el("p", { class: "muted" }, "None."),
    CR.el("h3", {}, "Route segments left without a provider"), d.segments_orphaned.length ? CR.el("ul", {}, d.segments_orphaned.map((s) => CR.el("li", {}, s))) : CR.el("p", { class: "muted" }, "None: every segment still has someone."),
    CR.el("h3", {}, "Online adverts left without a live number"), advertsCut(d.adverts),
    CR.el("h3", {}, "Likely successors"), d.successors.length ? CR.el("ol", { id: "successors" }, d.successors.map((s) => CR.el("li", {}, CR.nodeLink(s),
      ` (group ${s.group ?? "withheld"}${s.role ? ", " + s.role : ""}): betweenness ${s.betweenness_before.toFixed(4)} → ${s.betweenness_after.toFixed(4)}`))) : CR.el("p", { class: "muted" }, "Nobody rises."));
}

function advertsCut(a) {
  if (!a || !a.kept) return CR.el("p", { class: "muted" }, "Your agency kept no adverts.");
  return CR.el("div", { id: "adverts-cut" }, CR.el("p", {}, `${a.without_live_number.length} of the ${a.tied_by_phone} kept adverts whose numbers you can tie to people (${a.kept} kept).`),
    a.without_live_number.length ? CR.el("ul", {}, a.without_live_number.map((x) => CR.el("li", {}, CR.el("a", { href: "#/advert/" + encodeURIComponent(x.post_id) }, x.post_id),
      ` (${x.platform}): `, CR.el("span", { dir: "ltr" }, x.phones.join(", "))))) : null);
}

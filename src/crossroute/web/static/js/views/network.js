// The network explorer (Cytoscape.js): a node's neighbourhood, expand on click, colour by group or
// type, size by key-player score or degree, filter by type, agency, grading and time, path between two
// nodes, export PNG.
"use strict";
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const TYPE_COLOURS = { Person: "#1f4e79", phone: "#2ca02c", Crossing: "#d62728", Shipment: "#ff7f0e", Payment: "#9467bd",
  Vehicle: "#8c564b", Vessel: "#17becf", Organization: "#e377c2", BankAccount: "#bcbd22" };

CR.views.network = async function (params, id) {
  const state = { colour: "group", size: "score", hiddenTypes: new Set(), hiddenAgencies: new Set(), hiddenGradings: new Set(), since: "", until: "", center: null };
  const canvas = CR.el("div", { id: "cy" });
  const side = CR.el("aside", { id: "node-info", class: "card" }, CR.el("p", { class: "muted" }, "Click a node to see it and expand its neighbours."));
  const colour = CR.el("select", { id: "colour-by", onchange: () => { state.colour = colour.value; restyle(); } },
    CR.el("option", { value: "group" }, "colour by group"), CR.el("option", { value: "type" }, "colour by type"));
  const size = CR.el("select", { id: "size-by", onchange: () => { state.size = size.value; restyle(); } },
    CR.el("option", { value: "score" }, "size by key-player score"), CR.el("option", { value: "degree" }, "size by degree"), CR.el("option", { value: "none" }, "same size"));
  const since = CR.el("input", { type: "date", id: "net-since", title: "ties from", onchange: () => { state.since = since.value; applyFilters(); } });
  const until = CR.el("input", { type: "date", id: "net-until", title: "ties up to", onchange: () => { state.until = until.value; applyFilters(); } });
  const pathTo = CR.el("input", { id: "path-to", placeholder: "path to (entity id)", size: 18 });
  const pathButton = CR.el("button", { type: "button", id: "show-path", onclick: () => showPath(pathTo.value.trim()) }, "Show path");
  const png = CR.el("button", { type: "button", id: "export-png", onclick: exportPng }, "Export PNG");
  const filters = CR.el("div", { id: "filters", class: "filters" });
  CR.show(CR.el("h1", {}, "Network around ", CR.el("code", {}, id)),
    CR.el("div", { class: "toolbar" }, colour, size, CR.el("label", {}, "ties from ", since), CR.el("label", {}, "to ", until), pathTo, pathButton, png), filters,
    CR.el("div", { class: "network" }, canvas, side));

  const cy = cytoscape({
    container: canvas,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 9, "text-valign": "bottom", "text-margin-y": 2,
        width: "data(size)", height: "data(size)", "background-color": "data(colour)", color: "#222", "text-wrap": "ellipsis", "text-max-width": 110, "min-zoomed-font-size": 7 } },
      { selector: "node[type != 'Person']", style: { shape: "round-rectangle" } },
      { selector: "node.center", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "node.expanded", style: { "border-width": 2, "border-color": "#555", "border-style": "dashed" } },
      { selector: "edge", style: { width: "mapData(weight, 1, 10, 1, 6)", "line-color": "#aab", "curve-style": "haystack", opacity: 0.8 } },
      { selector: "edge.path", style: { "line-color": "#e6007e", width: 5, "z-index": 10 } },
      { selector: "node.path", style: { "border-width": 4, "border-color": "#e6007e", "z-index": 10 } },
      { selector: ".hidden", style: { display: "none" } },
    ],
  });
  CR.cy = cy; // for the browser test and the console

  function colourOf(d) {
    if (state.colour === "type") return TYPE_COLOURS[d.type] || "#999";
    return PALETTE[Math.abs(d.group) % PALETTE.length];
  }
  function sizeOf(d) {
    if (state.size === "degree") return 14 + Math.min(40, Math.sqrt(d.degree) * 4);
    if (state.size === "score") return 14 + Math.min(40, Math.sqrt(d.score) * 250);
    return 18;
  }
  function restyle() {
    cy.nodes().forEach((n) => { n.data("colour", colourOf(n.data())); n.data("size", sizeOf(n.data())); });
    applyFilters();
  }
  function add(data) {
    const added = [];
    for (const n of data.nodes) {
      if (cy.getElementById(n.id).length) continue;
      added.push({ group: "nodes", data: { ...n, size: sizeOf(n), colour: colourOf(n) } });
    }
    for (const e of data.edges) {
      if (cy.getElementById(e.id).length) continue;
      added.push({ group: "edges", data: { ...e, agencies: [...new Set(e.evidence.map((x) => x.source))], gradings: [...new Set(e.evidence.map(gradingOf))] } });
    }
    // A stable, incremental layout: what is on screen stays put; new nodes start beside the node they
    // hang from and only they are laid out (the layout no longer jumps on every expand).
    const placed = cy.nodes();
    const fresh = cy.add(added).nodes();
    fresh.forEach((n, i) => {
      const anchor = n.neighborhood("node").filter((m) => placed.contains(m))[0];
      const at = anchor ? anchor.position() : { x: 0, y: 0 };
      const angle = (2 * Math.PI * i) / Math.max(1, fresh.length);
      n.position({ x: at.x + 90 * Math.cos(angle), y: at.y + 90 * Math.sin(angle) });
    });
    buildFilters();
    if (!placed.length) {
      cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 70 }).run();
    } else if (fresh.length) {
      placed.lock();
      cy.layout({ name: "cose", animate: false, randomize: false, fit: false, nodeRepulsion: 9000, idealEdgeLength: 70 }).run();
      placed.unlock();
    }
  }
  async function expand(nodeId) {
    try {
      const data = await CR.api(`/api/network/nodes/${encodeURIComponent(nodeId)}?depth=1`);
      add(data);
      cy.getElementById(data.center).addClass("expanded");
      if (data.truncated) CR.banner("Only the first 150 neighbours are shown.", "info");
      return data;
    } catch (error) { CR.fail(error); return null; }
  }
  function buildFilters() {
    const types = [...new Set(cy.nodes().map((n) => n.data("type")))].sort();
    const agencies = [...new Set(cy.edges().flatMap((e) => e.data("agencies")))].sort();
    const gradings = [...new Set(cy.edges().flatMap((e) => e.data("gradings")))].sort();
    const box = (label, set, value) => CR.el("label", { class: "chip" }, CR.el("input", { type: "checkbox", checked: !set.has(value),
      onchange: (ev) => { ev.target.checked ? set.delete(value) : set.add(value); applyFilters(); } }), label);
    CR.fill(filters, CR.el("span", {}, "Types: "), types.map((t) => box(t, state.hiddenTypes, t)),
      CR.el("span", {}, " Agencies: "), agencies.map((a) => box(a, state.hiddenAgencies, a)),
      CR.el("span", {}, " Grading: "), gradings.map((g) => box(g, state.hiddenGradings, g)));
  }
  // A piece of evidence passes when its agency and grading are shown and its date (if any) is in range.
  function passes(x) {
    if (state.hiddenAgencies.has(x.source) || state.hiddenGradings.has(gradingOf(x))) return false;
    if (!x.date) return true;
    return (!state.since || x.date >= state.since) && (!state.until || x.date <= state.until);
  }
  function applyFilters() {
    cy.edges().forEach((e) => e.toggleClass("hidden", !e.data("evidence").some(passes)));
    cy.nodes().forEach((n) => {
      const ties = n.connectedEdges();
      const cut = ties.length > 0 && ties.every((e) => e.hasClass("hidden")) && n.id() !== state.center;
      n.toggleClass("hidden", state.hiddenTypes.has(n.data("type")) || cut);
    });
  }
  async function showPath(target) {
    if (!target) return;
    try {
      const data = await CR.api(`/api/network/paths?from=${encodeURIComponent(state.center)}&to=${encodeURIComponent(target)}`);
      if (!data.paths.length) { CR.banner("No path you may see between them.", "info"); return; }
      add({ nodes: data.nodes, edges: data.paths[0].flatMap((s) => s.edges) });
      cy.elements().removeClass("path");
      for (const s of data.paths[0]) {
        cy.getElementById(s.from).addClass("path"); cy.getElementById(s.to).addClass("path");
        for (const e of s.edges) cy.getElementById(e.id).addClass("path");
      }
      CR.banner(`${data.paths.length} shortest path(s), ${data.paths[0].length} steps.`, "info");
    } catch (error) { CR.fail(error); }
  }
  function exportPng() {
    const link = CR.el("a", { href: cy.png({ full: true, bg: "#ffffff", scale: 2 }), download: `network-${id}.png` });
    document.body.append(link); link.click(); link.remove();
  }
  cy.on("tap", "node", async (event) => {
    const d = event.target.data();
    CR.fill(side, CR.el("h2", {}, d.label), CR.el("p", {}, CR.el("code", {}, d.id)),
      CR.el("p", {}, d.withheld ? `${d.type} · degree ${d.degree} · group and key-player score withheld (it rests on records you may not see)` : `${d.type} · group ${d.group} · degree ${d.degree} · key-player score ${d.score}`),
      d.role ? CR.el("p", {}, `inferred role: ${d.role}`) : null,
      d.entity_id ? CR.el("p", {}, CR.el("a", { href: "#/entity/" + encodeURIComponent(d.entity_id) }, "Open entity →")) : null,
      CR.el("h3", {}, "Evidence on its ties"),
      CR.el("ul", { class: "evidence" }, event.target.connectedEdges().slice(0, 30).flatMap((e) => e.data("evidence").slice(0, 3).map((x) =>
        CR.el("li", {}, `${x.kind} (${x.schema}) `, CR.agencyBadge(x.source), ` ${x.record_id} ${x.date || ""} `,
          CR.el("small", {}, `${x.handling || "no handling"} · ${x.grading || "ungraded"}`))))));
    if (!event.target.hasClass("expanded")) await expand(d.id);
  });

  function gradingOf(x) { return x.grading || "ungraded"; }

  const first = await expand(id);
  if (first) { state.center = first.center; cy.getElementById(first.center).addClass("center"); }
};

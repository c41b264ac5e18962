// The network explorer (Cytoscape.js): a node's neighbourhood, expand on click, colour by group or
// type, size by key-player score or degree, filter by type, agency, grading and time, path between two
// nodes, export PNG. Payments, calls and messages are arrows from payer to beneficiary (caller to
// receiver) carrying their dates and amounts; people-to-people by default: identifiers (phones,
// accounts, vehicles…) on demand, and while hidden two people sharing one get a dashed "shares" link.
"use strict";
// identifier and thing types hidden until "show identifiers" is ticked
const IDENTIFIER_TYPES = new Set(["phone", "document", "iban", "email", "plate", "imo", "mmsi", "container", "handle",
  "Phone", "Passport", "Identification", "BankAccount", "Vehicle", "Vessel", "Container"]);
const FLOW_TYPES = new Set(["Payment", "Call", "Message"]);
const FLOW_COLOURS = { payment: "#9467bd", call: "#2ca02c", message: "#17becf" };
const MAX_SHARING = 8; // an identifier shared by more people (a hotline, a hostel's phone) draws no links
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const TYPE_COLOURS = { Person: "#1f4e79", phone: "#2ca02c", Crossing: "#d62728", Shipment: "#ff7f0e", Payment: "#9467bd",
  Vehicle: "#8c564b", Vessel: "#17becf", Organization: "#e377c2", BankAccount: "#bcbd22" };

CR.views.network = async function (params, id) {
  const state = { colour: "group", size: "score", hiddenTypes: new Set(), hiddenAgencies: new Set(), hiddenGradings: new Set(), since: "", until: "", center: null,
    identifiers: false, flows: new Map() };
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
  const idBox = CR.el("input", { type: "checkbox", id: "show-identifiers", onchange: () => {
    const before = cy.nodes().filter(shown);
    state.identifiers = idBox.checked;
    applyFilters();
    layOut(before, false); // what was on screen stays put; identifiers find room beside their people
    keepInView();
  } });
  const filters = CR.el("div", { id: "filters", class: "filters" });
  CR.show(CR.el("h1", {}, "Network around ", CR.el("code", {}, id)),
    CR.el("div", { class: "toolbar" }, colour, size, CR.el("label", {}, "ties from ", since), CR.el("label", {}, "to ", until), CR.el("label", { class: "chip" }, idBox, "show identifiers"), pathTo, pathButton, png), filters,
    CR.el("div", { class: "network" }, canvas, side));

  const cy = cytoscape({
    container: canvas,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 2,
        width: "data(size)", height: "data(size)", "background-color": "data(colour)", color: "#222", "text-wrap": "ellipsis", "text-max-width": 150,
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } }, // readable over the ties
      { selector: "node[type != 'Person']", style: { shape: "round-rectangle" } },
      { selector: "node.center", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "node.expanded", style: { "border-width": 2, "border-color": "#555", "border-style": "dashed" } },
      { selector: "edge", style: { width: "mapData(weight, 1, 10, 1, 6)", "line-color": "#aab", "curve-style": "haystack", opacity: 0.8 } },
      { selector: "edge.directed", style: { "curve-style": "bezier", "line-color": "data(flowColour)", width: 2.5, opacity: 1, "arrow-scale": 1.3, label: "data(flowLabel)",
        "font-size": 10, "text-rotation": "autorotate", "text-wrap": "wrap", "text-background-color": "#fff", "text-background-opacity": 0.85,
        "text-background-padding": 1, "min-zoomed-font-size": 6, color: "#333" } },
      { selector: "edge.fwd", style: { "target-arrow-shape": "triangle", "target-arrow-color": "data(flowColour)" } },
      { selector: "edge.back", style: { "source-arrow-shape": "triangle", "source-arrow-color": "data(flowColour)" } },
      { selector: "edge.derived", style: { "curve-style": "bezier", "line-style": "dashed", "line-color": "#777", width: 1.5, label: "data(label)",
        "font-size": 7, "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.85, "min-zoomed-font-size": 8, color: "#555" } },
      { selector: "node.quiet", style: { label: "" } },
      { selector: "edge.path", style: { "line-color": "#e6007e", width: 5, "z-index": 10 } },
      { selector: "node.path", style: { "border-width": 4, "border-color": "#e6007e", "z-index": 10 } },
      { selector: ".hidden", style: { display: "none" } },
    ],
  });
  CR.cy = cy; // for the browser test and the console
  cy.on("layoutstop", () => declutter()); // labels kept apart wherever a layout left the nodes

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
    markFlows();
    applyFilters(); // before the layout: it places what is shown (shared-identifier links pull people together)
    if (!placed.length) layOut(cy.collection(), true);
    else if (fresh.length) layOut(placed, false);
  }
  // Lay out the elements shown, keeping `fixed` where they are.
  function layOut(fixed, fit) {
    fixed.lock();
    cy.style().update(); // labels of nodes just shown are measured, so the layout makes room for them
    cy.elements().filter(shown).layout({ name: "cose", animate: false, randomize: false, fit, nodeRepulsion: 400000, nodeOverlap: 20, nodeDimensionsIncludeLabels: true,
      idealEdgeLength: (e) => (e.hasClass("directed") ? 180 : 100) }).run(); // room for a flow's amount and dates
    fixed.unlock();
    declutter();
  }
  // The view fits what is shown only when something shown would be off the canvas (positions never move).
  function keepInView() {
    const onScreen = cy.elements().filter(shown), box = cy.extent();
    const outside = onScreen.nodes().some((n) => n.position().x < box.x1 || n.position().x > box.x2 || n.position().y < box.y1 || n.position().y > box.y2);
    if (outside) cy.fit(onScreen, 40);
    declutter();
  }
  // Payments, calls and messages (GET /api/network/flows/ID) onto the edges they run along.
  function markFlows() {
    const byEdge = new Map();
    for (const f of state.flows.values()) {
      const edge = cy.getElementById(`${f.from}~${f.to}`).length ? cy.getElementById(`${f.from}~${f.to}`) : cy.getElementById(`${f.to}~${f.from}`);
      if (!edge.length) continue;
      if (!byEdge.has(edge.id())) byEdge.set(edge.id(), { edge, flows: [] });
      byEdge.get(edge.id()).flows.push(f);
    }
    for (const { edge, flows } of byEdge.values()) {
      const forward = flows.some((f) => f.from === edge.data("source")), backward = flows.some((f) => f.from === edge.data("target"));
      const kinds = [...new Set(flows.map((f) => f.kind))];
      edge.data({ flowLabel: flowLabel(flows), flowColour: FLOW_COLOURS[kinds[0]] || "#555", flows });
      edge.addClass("directed").toggleClass("fwd", forward).toggleClass("back", backward);
    }
  }
  function flowLabel(flows) {
    const lines = [];
    for (const kind of ["payment", "call", "message"]) {
      const these = flows.filter((f) => f.kind === kind);
      if (!these.length) continue;
      const dates = these.map((f) => f.date).filter(Boolean).sort();
      const when = dates.length ? (dates[0] === dates[dates.length - 1] ? dates[0] : `${dates[0]} → ${dates[dates.length - 1]}`) : "undated";
      const sums = {};
      for (const f of these) if (f.amount !== null && f.amount !== undefined) sums[f.currency || "?"] = (sums[f.currency || "?"] || 0) + f.amount;
      const money = Object.entries(sums).map(([c, v]) => `${Math.round(v).toLocaleString("en-GB")} ${c}`).join(" + ");
      const what = these.length > 1 ? `${these.length} ${kind}s` : kind;
      lines.push([kind === "payment" && money ? (these.length > 1 ? `${what}: ${money}` : money) : what, when].join(" · "));
    }
    return lines.join("\n");
  }
  // While identifiers are hidden, two people on screen sharing one get a dashed link naming it.
  function deriveShared() {
    cy.edges(".derived").remove();
    if (state.identifiers) return;
    const pairs = new Map();
    cy.nodes().filter((n) => IDENTIFIER_TYPES.has(n.data("type"))).forEach((ident) => {
      const people = ident.connectedEdges().filter((e) => !e.hasClass("hidden")).connectedNodes()
        .filter((m) => m.id() !== ident.id() && m.data("type") === "Person" && !m.hasClass("hidden"));
      if (people.length < 2 || people.length > MAX_SHARING) return;
      const ids = people.map((m) => m.id()).sort();
      const value = String(ident.data("label") || ident.id()), word = { iban: "account", BankAccount: "account", plate: "vehicle", document: "document" }[ident.data("type")] || ident.data("type").toLowerCase();
      const named = `${word} ${value.length > 16 ? value.slice(0, 15) + "…" : value}`;
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
        const key = `${ids[i]}~${ids[j]}`;
        if (!pairs.has(key)) pairs.set(key, { a: ids[i], b: ids[j], names: [] });
        pairs.get(key).names.push(named);
      }
    });
    cy.add([...pairs.entries()].map(([key, p]) => ({ group: "edges", classes: "derived",
      data: { id: "shared:" + key, source: p.a, target: p.b, derived: true, evidence: [], agencies: [], gradings: [], weight: 1,
        label: "shares " + p.names.slice(0, 2).join(", ") + (p.names.length > 2 ? ` +${p.names.length - 2}` : "") } })));
  }
  // Labels never pile up: labels are kept by priority (the centre, then people, then the key-player
  // score and degree); a label that would overlap a label kept, or another node, is hidden (the node's
  // panel still names it; zooming in does not bring it back over another).
  function declutter() {
    cy.nodes().removeClass("quiet");
    cy.style().update(); // labels hidden by the last pass are measured again, not as empty
    const nodes = cy.nodes().filter(shown);
    const bodies = nodes.map((n) => [n, n.boundingBox({ includeLabels: false, includeOverlays: false })]);
    const kept = [];
    const rank = (n) => [n.hasClass("center") ? 1 : 0, n.hasClass("path") ? 1 : 0, n.data("type") === "Person" ? 1 : 0, n.data("score") || 0, n.data("degree") || 0];
    const before = (a, b) => { const x = rank(a), y = rank(b); for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i]; return 0; };
    nodes.sort(before).forEach((n) => {
      if (!n.data("label")) return;
      const label = labelBox(n);
      const clash = kept.some((k) => overlap(label, k)) || bodies.some(([m, b]) => m !== n && overlap(label, b));
      if (clash && !n.hasClass("center")) n.addClass("quiet");
      else kept.push(label);
    });
  }
  // A node's label box (model coordinates), a little wider than drawn; estimated when not measured yet.
  function labelBox(n) {
    const b = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
    if (b.w > 0) return { x1: b.x1 - 2, x2: b.x2 + 2, y1: b.y1 - 1, y2: b.y2 + 1 };
    const p = n.position(), w = Math.min(150, 6.5 * String(n.data("label")).length), top = p.y + n.height() / 2 + 2;
    return { x1: p.x - w / 2 - 2, x2: p.x + w / 2 + 2, y1: top - 1, y2: top + 13 };
  }
  function overlap(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }
  // A payment, call or message already drawn as an arrow between its parties (with amount and date):
  // people-to-people, it is not drawn a second time as a square node.
  function drawnAsArrow(n) {
    if (!FLOW_TYPES.has(n.data("type"))) return false;
    const record = n.id().slice(n.id().indexOf(":") + 1);
    return cy.edges(".directed").some((e) => e.data("flows").some((f) => `${f.source}|${f.record_id}` === record));
  }
  // Shown on the canvas: by the filters' classes (an element's visible() can lag a class change).
  function shown(x) {
    if (x.isNode()) return !x.hasClass("hidden");
    return !x.hasClass("hidden") && !x.source().hasClass("hidden") && !x.target().hasClass("hidden");
  }
  async function expand(nodeId) {
    try {
      const [data, flows] = await Promise.all([CR.api(`/api/network/nodes/${encodeURIComponent(nodeId)}?depth=1`),
        CR.api(`/api/network/flows/${encodeURIComponent(nodeId)}`).catch(() => null)]);
      if (flows) for (const f of flows.flows) state.flows.set(`${f.source}|${f.record_id}|${f.from}|${f.to}`, f);
      // people-to-people: while identifiers are hidden, look through a person's phones and accounts to
      // the other people who share them
      const self = data.nodes.find((n) => n.id === data.center);
      let more = [];
      if (!state.identifiers && self && self.type === "Person") {
        const through = data.nodes.filter((n) => IDENTIFIER_TYPES.has(n.type) && n.degree <= MAX_SHARING + 4 && !cy.getElementById(n.id).hasClass("expanded")).slice(0, 6);
        more = (await Promise.all(through.map((n) => CR.api(`/api/network/nodes/${encodeURIComponent(n.id)}?depth=1`).catch(() => null)))).filter(Boolean);
      }
      // all at once, the flows first: one layout per expand, and it gives an arrow room for its amount and dates
      add({ nodes: [data, ...more].flatMap((m) => m.nodes), edges: [data, ...more].flatMap((m) => m.edges) });
      for (const m of [data, ...more]) cy.getElementById(m.center).addClass("expanded");
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
    cy.edges().not(".derived").forEach((e) => e.toggleClass("hidden", !e.data("evidence").some(passes)));
    cy.nodes().forEach((n) => {
      const ties = n.connectedEdges().not(".derived");
      const cut = ties.length > 0 && ties.every((e) => e.hasClass("hidden")) && n.id() !== state.center;
      const identifier = !state.identifiers && (IDENTIFIER_TYPES.has(n.data("type")) || drawnAsArrow(n)) && n.id() !== state.center;
      n.toggleClass("hidden", state.hiddenTypes.has(n.data("type")) || cut || identifier);
    });
    deriveShared();
    declutter();
  }
  async function showPath(target) {
    if (!target) return;
    try {
      const data = await CR.api(`/api/network/paths?from=${encodeURIComponent(state.center)}&to=${encodeURIComponent(target)}`);
      if (!data.paths.length) { CR.banner("No path you may see between them.", "info"); return; }
      if (!state.identifiers && data.nodes.some((n) => IDENTIFIER_TYPES.has(n.type))) { state.identifiers = idBox.checked = true; } // the path runs through one
      add({ nodes: data.nodes, edges: data.paths[0].flatMap((s) => s.edges) });
      cy.elements().removeClass("path");
      for (const s of data.paths[0]) {
        cy.getElementById(s.from).addClass("path"); cy.getElementById(s.to).addClass("path");
        for (const e of s.edges) cy.getElementById(e.id).addClass("path");
      }
      keepInView(); // the path's labels kept first; its far end brought into view
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
      flowsOf(event.target).length ? CR.el("h3", {}, "Payments, calls and messages") : null,
      flowsOf(event.target).length ? CR.el("ul", { class: "flows" }, flowsOf(event.target).slice(0, 30).map((f) => CR.el("li", {},
        `${f.date || "undated"} ${f.kind} ${f.from === d.id ? "to" : "from"} ${cy.getElementById(f.from === d.id ? f.to : f.from).data("label") || ""}`,
        f.amount !== null && f.amount !== undefined ? ` ${f.amount.toLocaleString("en-GB")} ${f.currency || ""}` : "", " ", CR.agencyBadge(f.source)))) : null,
      CR.el("h3", {}, "Evidence on its ties"),
      CR.el("ul", { class: "evidence" }, event.target.connectedEdges().slice(0, 30).flatMap((e) => e.data("evidence").slice(0, 3).map((x) =>
        CR.el("li", {}, `${x.kind} (${x.schema}) `, CR.agencyBadge(x.source), ` ${x.record_id} ${x.date || ""} `,
          CR.el("small", {}, `${x.handling || "no handling"} · ${x.grading || "ungraded"}`))))));
    if (!event.target.hasClass("expanded") && await expand(d.id)) keepInView();
  });

  function flowsOf(node) { return [...state.flows.values()].filter((f) => f.from === node.id() || f.to === node.id()).sort((a, b) => String(a.date).localeCompare(String(b.date))); }
  function gradingOf(x) { return x.grading || "ungraded"; }

  const first = await expand(id);
  if (first) {
    state.center = first.center;
    cy.getElementById(first.center).addClass("center");
    cy.resize();
    cy.fit(cy.elements().filter(shown), 40); // the first neighbourhood fills the canvas
  }
};

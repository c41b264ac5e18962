// Seized communications: search with hits in their conversation (#/comms?q=), a conversation
// (#/comms-thread?a=&b=), a handle's page with its attributed person and evidence (#/comms-handle/H),
// the corpus contact graph over persons (#/comms-graph). API twins: /api/comms/*.
"use strict";
CR.views.comms = async function (params) {
  const q = params.get("q") || "";
  const input = CR.el("input", { id: "comms-q", name: "q", value: q, size: 50,
    placeholder: 'words, "a phrase", OR, NOT, from:H, conv:H1,H2, after:2026-01-01' });
  const form = CR.el("form", { class: "search", onsubmit: (event) => {
    event.preventDefault();
    const target = "#/comms?q=" + encodeURIComponent(input.value.trim());
    if (location.hash === target) CR.route(); else location.hash = target;
  } }, input, CR.el("button", { type: "submit", id: "comms-submit" }, "Search messages"),
    " ", CR.el("a", { href: "#/comms-graph" }, "Contact graph"));
  const results = CR.el("section", { id: "comms-results" });
  CR.show(CR.el("h1", {}, "Seized communications"), form, results);
  input.focus();
  try {
    if (q) {
      const data = await CR.api("/api/comms/search" + CR.query({ q, limit: 50 }));
      CR.fill(results, CR.el("p", { class: "muted" }, `${data.hits.length} messages you may see for “${q}”.`),
        ...data.hits.map(hitCard));
    } else {
      const data = await CR.api("/api/comms/triage" + CR.query({ limit: 30 }));
      const none = CR.empty("No seized messages you may see are loaded (load an extraction, see docs/comms.md).");
      CR.fill(results, CR.el("h2", {}, "Read first"), data.messages.length ? null : none, CR.el("ol", { id: "comms-triage" }, ...data.messages.map((m) =>
        CR.el("li", {}, CR.el("span", { class: "muted" }, m.score.toFixed(2) + " "), handleLink(m.from_handle), " → ",
          handleLink(m.to_handle), ": ", m.text))),
        CR.el("h2", {}, "Possible insiders"), data.insiders.length ? null : CR.empty("None found in the messages you may see."), CR.el("ul", { id: "comms-insiders" }, ...data.insiders.map((i) =>
          CR.el("li", {}, handleLink(i.handle), ` (${i.score}): `, i.evidence.slice(0, 2).join(" · ")))));
    }
  } catch (error) { CR.fill(results); CR.fail(error); }
};

function handleLink(h) { return CR.el("a", { href: "#/comms-handle/" + encodeURIComponent(h), class: "handle" }, h); }

function threadLink(a, b) {
  return CR.el("a", { href: "#/comms-thread" + CR.query({ a, b }) }, "whole conversation");
}

function hitCard(h) {
  return CR.el("article", { class: "card hit" },
    CR.el("p", {}, CR.el("code", {}, h.msg_id), " ", h.timestamp, " ", handleLink(h.from_handle), " → ",
      handleLink(h.to_handle), " · ", threadLink(h.from_handle, h.to_handle)),
    CR.el("ol", { class: "context" }, ...h.context.map((c) =>
      CR.el("li", { class: c.hit ? "hit-line" : "" }, CR.el("span", { class: "muted" }, c.timestamp + " " + c.from_handle + ": "),
        c.hit ? CR.el("strong", {}, c.text) : c.text))));
}

CR.views.commsThread = async function (params) {
  const a = params.get("a"), b = params.get("b");
  const body = CR.el("ol", { id: "comms-thread" });
  CR.show(CR.el("h1", {}, "Conversation ", handleLink(a), " · ", handleLink(b)), body);
  try {
    const data = await CR.api("/api/comms/thread" + CR.query({ a, b }));
    CR.fill(body, ...data.messages.map((m) => CR.el("li", {},
      CR.el("span", { class: "muted" }, m.timestamp + " " + m.from_handle + ": "), m.text)));
  } catch (error) { CR.fail(error); }
};

CR.views.commsHandle = async function (_params, handle) {
  const body = CR.el("section", { id: "comms-handle" }, CR.el("p", { class: "muted" }, "Attributing…"));
  CR.show(CR.el("h1", {}, "Handle ", CR.el("code", {}, handle)), body);
  try {
    const page = await CR.api("/api/comms/handle/" + encodeURIComponent(handle));
    CR.fill(body,
      CR.el("p", {}, "Person ", CR.el("code", { id: "person-cluster" }, page.person_cluster), ": ",
        ...page.handles.flatMap((h) => [handleLink(h), " "])),
      CR.el("h2", {}, "In the agencies' records"),
      page.records.length ? null : CR.empty("No person record you may see holds these handles as a phone number or handle."),
      CR.el("ul", { id: "comms-records" }, ...page.records.map((r) => CR.el("li", {}, CR.el("code", {}, r.handle), " → ",
        r.hit_only ? `a record of ${r.agencies.join(", ")} (hit only: ask the owner)`
          : CR.el("a", { href: "#/entity/" + encodeURIComponent(r.entity_id), class: "entity" }, r.caption || r.entity_id),
        r.hit_only ? null : CR.el("span", { class: "muted" }, ` (${r.agencies.join(", ")})`)))),
      CR.el("p", {}, "Search the records for: ", ...page.handles.flatMap((h) => [
        CR.el("a", { href: "#/search?q=" + encodeURIComponent(h), class: "entity-search" }, h), " "])),
      CR.el("h2", {}, "Evidence"), CR.el("ul", { id: "comms-links" }, ...page.links.map((l) => CR.el("li", {},
        handleLink(l.a), " → ", handleLink(l.b), ` confidence ${Number(l.confidence).toFixed(2)}: `,
        evidenceWords(l.evidence), CR.el("details", { class: "muted" }, CR.el("summary", {}, "figures"),
          Object.entries(l.evidence).map(([k, v]) => `${k} ${v}`).join(", "))))),
      CR.el("h2", {}, "Analysts' decisions"), page.decisions.length ? null : CR.empty("None yet: the links above are the attribution's own."),
      CR.el("ul", { id: "comms-decisions" }, ...page.decisions.map((d) => CR.el("li", {},
        handleLink(d.a), d.decision === "same" ? " = " : " ≠ ", handleLink(d.b), ` by ${d.by} ${d.at}: ${d.reason}`))),
      handleDecisionForm(handle, page.handles.filter((h) => h !== handle)),
      CR.el("h2", {}, "Contacts"), CR.el("ul", {}, ...page.contacts.map((t) => {
        const other = t.a === handle ? t.b : t.a;
        const first = Math.floor(t.first_day), last = Math.floor(t.last_day);
        const when = first === last ? `on day ${first + 1}` : `days ${first + 1}–${last + 1}`;
        return CR.el("li", {}, handleLink(other), ` ${t.messages} messages, ${when} of the corpus · `, threadLink(handle, other));
      })));
  } catch (error) { CR.fill(body); CR.fail(error); }
};

// Confirm (same person) or split (not the same) this handle and another (POST /api/comms/decisions).
function handleDecisionForm(handle, others) {
  const other = CR.el("input", { id: "handle-decide-other", size: 22, required: true, placeholder: "another handle", value: others[0] || "" });
  const kind = CR.el("select", { id: "handle-decide-kind" }, CR.el("option", { value: "same" }, "same person"), CR.el("option", { value: "different" }, "not the same person (split)"));
  const reason = CR.el("input", { id: "handle-decide-reason", size: 40, placeholder: "why (logged)", required: true, minlength: 3 });
  return CR.el("form", { class: "card decision", id: "handle-decide", onsubmit: async (event) => {
    event.preventDefault();
    try {
      const d = await CR.api("/api/comms/decisions", { method: "POST", body: { a: handle, b: other.value.trim(), decision: kind.value, reason: reason.value.trim() } });
      CR.banner(`Recorded: ${d.a} and ${d.b} ${d.decision === "same" ? "are one person" : "are not the same person"}.`, "info");
      CR.route();
    } catch (error) { CR.fail(error); }
  } }, CR.el("h2", {}, "Decide"), CR.el("p", { class: "toolbar" }, CR.el("code", {}, handle), " and ", other, kind, reason,
    CR.el("button", { type: "submit", id: "handle-decide-submit" }, "Record")));
}

CR.views.commsGraph = async function () {
  const canvas = CR.el("div", { id: "comms-graph", class: "canvas", style: "height:70vh" });
  const side = CR.el("aside", { id: "comms-key-players" });
  CR.show(CR.el("h1", {}, "Contact graph (persons)"), CR.el("div", { class: "network" }, canvas, side));
  let data;
  try { data = await CR.api("/api/comms/graph" + CR.query({ limit: 1500 })); } catch (error) { CR.fail(error); return; }
  const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  const tied = new Set(data.ties.flatMap((t) => [t.a, t.b]));
  const known = data.persons.filter((p) => p.entities.length);
  const elements = data.persons.filter((p) => tied.has(p.id)).map((p) => ({ data: { id: p.id, label: p.handles[0] + (p.handles.length > 1 ? ` +${p.handles.length - 1}` : "") + (p.entities.length ? " ⇄ " + (p.entities[0].caption || "record") : ""),
    colour: palette[Math.abs(p.group || 0) % palette.length], known: p.entities.length ? 1 : 0 } }))
    .concat(data.ties.map((t, i) => ({ data: { id: "t" + i, source: t.a, target: t.b, weight: Math.log2(1 + t.messages) } })));
  if (!data.ties.length) CR.fill(canvas, CR.empty("No contacts to draw: no seized messages you may see are loaded (see docs/comms.md)."));
  else CR.commsCy = cytoscape({ container: canvas, elements, layout: { name: "cose", animate: false },
    style: [{ selector: "node", style: { label: "data(label)", "font-size": 8, width: 14, height: 14, "background-color": "data(colour)" } },
      { selector: "node[known = 1]", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "edge", style: { width: "mapData(weight, 1, 10, 1, 5)", "line-color": "#aab", "curve-style": "haystack" } }] });
  CR.fill(side, CR.el("h2", {}, "In the agencies' records"), known.length ? null : CR.empty("No person's handle is in a record you may see."),
    CR.el("ul", { id: "comms-graph-records" }, ...known.map((p) => CR.el("li", {}, handleLink(p.handles[0]), " → ",
      ...p.entities.map((e) => e.hit_only ? `a record of ${e.agencies.join(", ")} (hit only) ` : CR.el("a", { href: "#/entity/" + encodeURIComponent(e.entity_id) }, (e.caption || e.entity_id) + " "))))),
    CR.el("h2", {}, "Key players"), data.key_players.length ? null : CR.empty("None yet."), CR.el("ol", {}, ...data.key_players.map((k) => CR.el("li", {},
    CR.el("code", {}, k.id), ` betweenness ${k.betweenness}`))));
};

// The attribution's evidence for one link in words an investigator weighs (the figures stay one click away).
function evidenceWords(e) {
  const pct = (v) => `${Math.round(Number(v) * 100)}%`;
  const said = [];
  if (e.contacts_recent > 0) said.push(`${pct(e.contacts_recent)} of recent contacts in common`);
  if (e.contacts_all > 0) said.push(`${pct(e.contacts_all)} of all contacts in common`);
  if (e.overlap_days > 0) said.push(`both in use for ${Number(e.overlap_days).toFixed(1)} days at once`);
  else if (e.gap_days !== undefined) said.push(`one stops, the other starts ${Number(e.gap_days).toFixed(1)} days later`);
  if (e.announced > 0) said.push(e.announcement ? `announced: “${e.announcement}”` : "announced as a new number");
  if (e.name_same > 0) said.push("signs with the same name");
  if (e.name_other > 0) said.push("signs with another name");
  if (e.device > 0) said.push("same device");
  if (e.style > 0) said.push(`writing habits alike (${Number(e.style).toFixed(2)})`);
  return said.join("; ") + " ";
}

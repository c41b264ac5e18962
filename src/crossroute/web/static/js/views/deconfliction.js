// Deconfliction (/api/deconfliction/...): register an operation and its targets; alerts say whom to call.
"use strict";
CR.views.deconfliction = async function () {
  const ref = CR.el("input", { id: "op-ref", required: true, placeholder: "OP-REF" });
  const contact = CR.el("input", { id: "op-contact", required: true, size: 30, placeholder: "who to call, and how" });
  const targets = CR.el("textarea", { id: "op-targets", rows: 4, cols: 70, required: true,
    placeholder: "one target a line: KIND:VALUE FROM TO\nphone:+44 7700 900123 2025-01-01 2025-06-30\nperson:P-1234abcd 2025-01-01 2025-03-31" });
  const alerts = CR.el("section", { class: "card", id: "alerts" }, CR.el("h2", {}, "Alerts on your agency's operations"), CR.el("p", { class: "muted" }, "Loading alerts…"));
  const refresh = async () => {
    try {
      const data = await CR.api("/api/deconfliction/alerts");
      CR.fill(alerts, CR.el("h2", {}, "Alerts on your agency's operations"), data.alerts.length ? CR.el("table", { class: "list" },
        CR.el("tr", {}, ["your operation", "other agency", "contact", "what", "raised", ""].map((h) => CR.el("th", {}, h))),
        data.alerts.map((a) => CR.el("tr", {}, [a.our_operation, a.other_agency, a.contact, a.kind, a.raised_at.slice(0, 16)].map((v) => CR.el("td", {}, v)),
          CR.el("td", {}, CR.el("button", { type: "button", onclick: () => close(a.our_operation) }, "close operation"))))) : CR.el("p", { class: "muted" }, "No alerts."));
    } catch (error) { CR.fail(error); }
  };
  async function close(op) {
    try { await CR.api(`/api/deconfliction/operations/${encodeURIComponent(op)}/close`, { method: "POST" }); CR.banner(`${op} closed.`, "info"); await refresh(); } catch (error) { CR.fail(error); }
  }
  const form = CR.el("form", { class: "card", onsubmit: async (event) => {
    event.preventDefault();
    const lines = targets.value.split("\n").map((l) => l.trim()).filter(Boolean);
    const parsed = lines.map((l) => { const p = l.split(/\s+/); return { target: p.slice(0, -2).join(" "), starts_on: p[p.length - 2], ends_on: p[p.length - 1] }; });
    try {
      const r = await CR.api("/api/deconfliction/operations", { method: "POST", body: { op_ref: ref.value.trim(), contact: contact.value.trim(), targets: parsed } });
      CR.banner(`${r.op_ref} registered with ${r.targets} targets: ${r.alerts.length} alert(s).`, r.alerts.length ? "error" : "info");
      await refresh();
    } catch (error) { CR.fail(error); }
  } }, CR.el("h2", {}, "Register an operation"), CR.el("p", { class: "toolbar" }, CR.el("label", {}, "Reference ", ref), CR.el("label", {}, "Contact ", contact)),
  targets, CR.el("p", {}, CR.el("button", { type: "submit", id: "op-submit" }, "Register")));
  CR.show(CR.el("h1", {}, "Deconfliction"), CR.el("p", { class: "muted" }, "When another agency targets the same person, identifier or place in an overlapping window, both are told whom to contact; neither sees the other's operation."), form, alerts);
  await refresh();
};

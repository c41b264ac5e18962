// Analysts' decisions (POST/GET /api/decisions): confirm that two records are one person, or split them.
"use strict";
CR.decisionForm = function (records, onDone) {
  const pick = (id) => records.length
    ? CR.el("select", { id }, records.map((r) => CR.el("option", { value: r }, r)))
    : CR.el("input", { id, placeholder: "SOURCE:RECORD_ID", size: 22, required: true });
  const left = pick("decide-left"), right = pick("decide-right");
  if (records.length > 1) right.value = records[1];
  const kind = CR.el("select", { id: "decide-kind" }, CR.el("option", { value: "confirm" }, "confirm: one person"), CR.el("option", { value: "split" }, "split: not the same person"));
  const reason = CR.el("input", { id: "decide-reason", size: 40, placeholder: "why (logged)", required: true, minlength: 3 });
  return CR.el("form", { class: "card decision", onsubmit: async (event) => {
    event.preventDefault();
    try {
      const d = await CR.api("/api/decisions", { method: "POST", body: { kind: kind.value, left: left.value.trim(), right: right.value.trim(), reason: reason.value.trim() } });
      CR.banner(`Decision ${d.decision_id} recorded (${d.kind} ${d.records.join(" & ")}); it ${d.note}.`, "info");
      if (onDone) onDone(d);
    } catch (error) { CR.fail(error); }
  } }, CR.el("h2", {}, "Decide"), CR.el("p", { class: "toolbar" }, kind, left, right, reason, CR.el("button", { type: "submit", id: "decide-submit" }, "Record")));
};

CR.views.decisions = async function (params) {
  const list = CR.el("section", { class: "card", id: "decisions" }, CR.el("h2", {}, "Latest decisions"), CR.el("p", { class: "muted" }, "Loading…"));
  const records = (params.get("records") || "").split(",").filter(Boolean);
  const refresh = async () => {
    try {
      const data = await CR.api("/api/decisions");
      CR.fill(list, CR.el("h2", {}, "Latest decisions"), data.decisions.length ? CR.el("table", { class: "list" },
        CR.el("tr", {}, ["#", "kind", "records", "by", "when", "why"].map((h) => CR.el("th", {}, h))),
        data.decisions.map((d) => CR.el("tr", {}, [d.decision_id, d.kind, d.records.join(" & "), d.by, d.at.slice(0, 16), d.reason].map((v) => CR.el("td", {}, v))))) : CR.el("p", { class: "muted" }, "None yet."));
    } catch (error) { CR.fill(list, CR.el("h2", {}, "Latest decisions"), CR.el("p", { class: "muted" }, "Could not load the decisions.")); CR.fail(error); }
  };
  CR.show(CR.el("h1", {}, "Decisions"), CR.el("p", { class: "muted" }, "Confirmed pairs are kept together and split pairs kept apart at the next resolution."),
    CR.decisionForm(records, refresh), list);
  await refresh();
};

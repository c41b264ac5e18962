// The DPO's page: audit chain, who looked at a record, unusual access (GET /api/dpo/...).
"use strict";
CR.views.dpo = async function () {
  const chain = CR.el("section", { class: "card" }, "Checking the audit chain…");
  const record = CR.el("input", { id: "dpo-record", placeholder: "SOURCE:RECORD_ID", size: 24 });
  const accesses = CR.el("div");
  const unusual = CR.el("section", { class: "card", id: "dpo-unusual" }, CR.el("h2", {}, "Unusual access"), CR.el("p", { class: "muted" }, "Looking for unusual access…"));
  CR.show(CR.el("h1", {}, "Audit & DPO"), chain,
    CR.el("section", { class: "card" }, CR.el("h2", {}, "Who looked at a record"),
      CR.el("form", { onsubmit: async (event) => {
        event.preventDefault();
        try {
          const data = await CR.api("/api/dpo/accesses?record=" + encodeURIComponent(record.value.trim()));
          CR.fill(accesses, CR.el("table", { class: "list" }, CR.el("tr", {}, ["when", "who", "agency", "action", "purpose", "case"].map((h) => CR.el("th", {}, h))),
            data.accesses.map((a) => CR.el("tr", {}, [a.at, a.actor, a.agency, a.action, a.purpose, a.case_ref].map((v) => CR.el("td", {}, v || ""))))));
        } catch (error) { CR.fail(error); }
      } }, record, CR.el("button", { type: "submit" }, "Look up")), accesses),
    unusual);
  try {
    const c = await CR.api("/api/dpo/audit", { personal: false });
    CR.fill(chain, CR.el("h2", {}, "Audit chain"), c.intact
      ? CR.el("p", { class: "ok" }, `intact: ${c.entries} entries, head ${c.head}`)
      : CR.el("p", { class: "bad" }, `BROKEN: ${c.problem}`));
  } catch (error) { CR.fill(chain, CR.el("h2", {}, "Audit chain"), CR.el("p", { class: "bad" }, "Could not check the audit chain.")); CR.fail(error); }
  try {
    const u = await CR.api("/api/dpo/unusual");
    CR.fill(unusual, CR.el("h2", {}, "Unusual access"), u.findings.length
      ? CR.el("ul", {}, u.findings.map((f) => CR.el("li", {}, `${f.user}: ${f.kind}: ${f.detail}`)))
      : CR.el("p", {}, "Nothing unusual."));
  } catch (error) { CR.fill(unusual, CR.el("h2", {}, "Unusual access"), CR.el("p", { class: "bad" }, "Could not look for unusual access.")); CR.fail(error); }
};

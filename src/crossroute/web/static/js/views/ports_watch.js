// The ports view's per-port dashboard (GET /api/ports/displacement: risky-origin share per port and
// month, flagged shifts) and, for the analysts the policy allows, the insider list (GET /api/ports/insiders).
"use strict";
CR.PORT_COLOURS = ["#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#e377c2", "#7f7f7f"];

// Lines of risky-origin share per port over the months; flagged shifts marked (▼ lost, ▲ gained).
CR.displacementChart = function (data) {
  const months = [...new Set(data.rows.map((r) => r.month))].sort();
  const totals = {};
  for (const r of data.rows) totals[r.port] = (totals[r.port] || 0) + r.declarations;
  const ports = Object.keys(totals).sort((a, b) => totals[b] - totals[a]).slice(0, CR.PORT_COLOURS.length);
  const width = 720, height = 240, left = 40, bottom = 40;
  const top = Math.max(0.05, ...data.rows.filter((r) => ports.includes(r.port)).map((r) => r.risky_share));
  // the last month's label (drawn from x - 14) needs ~50 px inside the drawing
  const x = (m) => left + (months.length > 1 ? (months.indexOf(m) / (months.length - 1)) * (width - left - 40) : 0);
  const y = (v) => 10 + (1 - v / top) * (height - 10);
  const chart = CR.svg("svg", { id: "displacement-chart", class: "bars", width, height: height + bottom, viewBox: `0 0 ${width} ${height + bottom}`, role: "img" },
    CR.svg("title", {}, "Share of declarations from risky origins, per port and month"));
  chart.append(CR.svg("line", { x1: left, y1: height, x2: width, y2: height, stroke: "#999" }));
  chart.append(CR.svg("text", { x: 0, y: 12, class: "tick" }, `${Math.round(top * 100)}%`));
  chart.append(CR.svg("text", { x: 0, y: height, class: "tick" }, "0%"));
  const step = Math.max(1, Math.ceil(months.length / 10));
  months.forEach((m, i) => { if (i % step === 0) chart.append(CR.svg("text", { x: x(m) - 14, y: height + 14, class: "tick" }, m)); });
  ports.forEach((port, k) => {
    const rows = data.rows.filter((r) => r.port === port).sort((a, b) => a.month.localeCompare(b.month));
    const points = rows.map((r) => `${x(r.month).toFixed(1)},${y(r.risky_share).toFixed(1)}`).join(" ");
    chart.append(CR.svg("polyline", { points, fill: "none", stroke: CR.PORT_COLOURS[k], "stroke-width": 2 },
      CR.svg("title", {}, port)));
  });
  for (const s of data.shifts) {
    if (ports.includes(s.from_port)) chart.append(CR.svg("text", { x: x(s.drop_month) - 5, y: y(s.from_share) + 5, fill: "#b42318", class: "shift" }, "▼", CR.svg("title", {}, `${s.from_port} lost risky traffic in ${s.drop_month}`)));
    if (ports.includes(s.to_port)) chart.append(CR.svg("text", { x: x(s.rise_month) - 5, y: y(s.to_share) + 5, fill: "#b42318", class: "shift" }, "▲", CR.svg("title", {}, `${s.to_port} gained risky traffic in ${s.rise_month}`)));
  }
  const legend = CR.el("p", { class: "legend" }, ports.map((p, k) => CR.el("span", {}, CR.el("span", { class: "swatch", style: `background:${CR.PORT_COLOURS[k]}` }), p)),
    CR.el("span", {}, " ▼▲ flagged shift"));
  return CR.el("div", { class: "chart" }, chart, legend);
};

CR.portsDashboard = async function (card) {
  try {
    const data = await CR.api("/api/ports/displacement", { personal: false });
    const p = data.params;
    CR.fill(card, CR.el("h2", {}, "Per-port dashboard: risky traffic and displacement"),
      data.rows.length ? CR.displacementChart(data) : CR.el("p", { class: "muted" }, "No declarations loaded."),
      CR.el("p", { class: "muted" }, `Risky origins: ${data.risky_origins.join(", ") || "none"}. A shift: one port's share ${p.z} standard deviations below its last ${p.window} months while another's is as far above (within ${p.lag} month).`),
      CR.el("ul", { id: "displacement-shifts" }, data.shifts.length ? data.shifts.map((s) => CR.el("li", {},
        `${s.drop_month}: ${s.from_port} ${(100 * s.from_share).toFixed(1)}% (expected ${(100 * s.from_expected).toFixed(1)}%) → ${s.to_port} ${(100 * s.to_share).toFixed(1)}% in ${s.rise_month} (expected ${(100 * s.to_expected).toFixed(1)}%)${s.enforcement ? ", after more inspections" : ""}`))
        : CR.el("li", {}, "No shift flagged.")));
  } catch (error) { CR.fill(card, CR.el("p", { class: "muted" }, "Could not load the dashboard.")); CR.fail(error); }
};

// The insider list: only when the policy allows this user (the panel stays hidden otherwise).
CR.portsInsiders = async function (card) {
  try {
    const access = await CR.api("/api/ports/insiders/access", { personal: false });
    if (!access.allowed) { card.hidden = true; return; }
    card.hidden = false;
    CR.fill(card, CR.el("p", { class: "muted" }, "Loading…"));
    const data = await CR.api("/api/ports/insiders");
    CR.fill(card, CR.el("h2", {}, "Port staff tied to the networks"),
      CR.el("p", { class: "muted" }, `${data.items.length} of ${data.staff_considered} port staff you may see have ties (restricted list; this look is logged).`),
      CR.el("div", { class: "scroll" }, CR.el("table", { class: "list", id: "insiders-table" },
        CR.el("tr", {}, ["#", "person", "staff", "role / employer", "score", "evidence"].map((h) => CR.el("th", {}, h))),
        data.items.map((i) => CR.el("tr", {}, [
          CR.el("td", {}, String(i.rank)), CR.el("td", {}, i.person), CR.el("td", {}, i.staff.join(", ")),
          CR.el("td", {}, i.roles.join("; ")), CR.el("td", {}, i.score.toFixed(1)),
          CR.el("td", {}, CR.el("ul", { class: "reasons" }, i.evidence.map((e) => CR.el("li", {}, `${e.what} (${e.records.slice(0, 3).join(", ")})`)))),
        ])))));
  } catch (error) { card.hidden = true; CR.fail(error); }
};

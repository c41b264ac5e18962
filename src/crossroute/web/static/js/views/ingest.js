// Upload a file for ingest (POST /api/ingest, the file as the body) with the upload's progress, then
// follow the job's progress (GET /api/ingest/jobs/N) until it is loaded.
"use strict";
CR.views.ingest = async function () {
  const file = CR.el("input", { type: "file", id: "ingest-file", required: true });
  const grading = CR.el("input", { id: "ingest-grading", size: 8, placeholder: "e.g. 2B" });
  const handling = CR.el("input", { id: "ingest-handling", size: 8, placeholder: "e.g. P" });
  const bar = CR.el("progress", { id: "ingest-progress", max: 1, value: 0 });
  const status = CR.el("p", { id: "ingest-status", class: "muted" }, "Canonical formats (person CSV, records JSONL, FtM); your agency supplies the file.");
  const jobs = CR.el("section", { class: "card" }, CR.el("h2", {}, "Your uploads"), CR.el("p", { class: "muted" }, "Loading your uploads…"));
  const form = CR.el("form", { class: "card", onsubmit: async (event) => {
    event.preventDefault();
    if (!file.files.length) return;
    try {
      const job = await upload(file.files[0], { grading: grading.value.trim(), handling: handling.value.trim() }, (done) => {
        bar.value = done / 2; status.textContent = `Uploading… ${Math.round(done * 100)}%`;
      });
      await follow(job, bar, status);
      await listJobs(jobs);
    } catch (error) { CR.fail(error); status.textContent = error.message; }
  } }, CR.el("h2", {}, "Upload a file"), CR.el("p", { class: "toolbar" }, file, CR.el("label", {}, "Grading ", grading), CR.el("label", {}, "Handling ", handling),
    CR.el("button", { type: "submit", id: "ingest-submit" }, "Upload and load")), bar, status);
  CR.show(CR.el("h1", {}, "Ingest"), form, jobs);
  await listJobs(jobs);
};

function upload(blob, params, onProgress) {
  const path = "/api/ingest" + CR.query({ filename: blob.name, ...params });
  const headers = CR.headers(true);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (error) { data = { error: xhr.statusText }; }
      if (xhr.status === 202) resolve(data); else reject(CR.failed(path, xhr.status, data, xhr.statusText));
    };
    xhr.onerror = () => reject(new CR.ApiError(0, "the upload failed (connection)"));
    xhr.send(blob);
  });
}

async function follow(job, bar, status) {
  while (job.status === "queued" || job.status === "running") {
    bar.value = 0.5 + job.fraction / 2;
    status.textContent = `Loading ${job.filename}: ${job.status}, ${Math.round(job.fraction * 100)}% of ${job.total_bytes.toLocaleString()} bytes`;
    await new Promise((r) => setTimeout(r, 500));
    job = await CR.api(`/api/ingest/jobs/${job.job_id}`, { personal: false });
  }
  bar.value = 1;
  status.textContent = job.status === "done" ? summary(job) : `Failed: ${job.error}`;
  status.className = job.status === "done" ? "ok" : "bad";
}

function summary(job) {
  const r = job.report;
  if (r.already_loaded_as) return `${job.filename} was already loaded (batch ${r.already_loaded_as}); nothing changed.`;
  const kept = r.value_issues ? `; ${r.value_issues} values kept as written, not understood` : "";
  return `${job.filename}: ${r.loaded} rows loaded, ${r.quarantined} quarantined of ${r.rows_read} read${kept} (batch ${r.batch_id}). Resolve the workspace to merge them into entities.`;
}

async function listJobs(box) {
  try {
    const data = await CR.api("/api/ingest/jobs", { personal: false });
    CR.fill(box, CR.el("h2", {}, "Your uploads"), data.jobs.length ? CR.el("table", { class: "list", id: "jobs" },
      CR.el("tr", {}, ["#", "file", "status", "loaded", "quarantined", "why quarantined", "values not understood"].map((h) => CR.el("th", {}, h))),
      data.jobs.map((j) => CR.el("tr", {}, CR.el("td", {}, j.job_id), CR.el("td", {}, j.filename), CR.el("td", { class: j.status === "failed" ? "bad" : "" }, j.status + (j.error ? ": " + j.error : "")),
        CR.el("td", {}, j.report ? j.report.loaded : ""), CR.el("td", {}, j.report ? j.report.quarantined : ""),
        CR.el("td", {}, j.report ? Object.entries(j.report.reasons).map(([k, n]) => `${k} (${n})`).join("; ") : ""),
        CR.el("td", {}, j.report ? Object.entries(j.report.value_issue_reasons || {}).map(([k, n]) => `${k} (${n})`).join("; ") : "")))) : CR.el("p", { class: "muted" }, "None yet."));
  } catch (error) {
    CR.fill(box, CR.el("h2", {}, "Your uploads"), CR.el("p", { class: "muted" }, "Your uploads could not be listed: " + String(error.message || error)));
    CR.fail(error);
  }
}

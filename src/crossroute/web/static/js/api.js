// The API client: every page is backed by one of these calls. The token lives in sessionStorage only.
"use strict";
window.CR = window.CR || {};
CR.session = {
  get token() { return sessionStorage.getItem("cr.token"); },
  get me() { return JSON.parse(sessionStorage.getItem("cr.me") || "null"); },
  save(login) {
    sessionStorage.setItem("cr.token", login.token);
    sessionStorage.setItem("cr.me", JSON.stringify({ user: login.user, agency: login.agency, role: login.role }));
  },
  clear() { sessionStorage.removeItem("cr.token"); sessionStorage.removeItem("cr.me"); },
};

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}
CR.ApiError = ApiError;

CR.purpose = function () {
  return {
    text: (document.getElementById("purpose").value || "").trim(),
    caseRef: (document.getElementById("case").value || "").trim(),
  };
};

// The headers of a call: the bearer token and (for personal data) the purpose, percent-encoded.
CR.headers = function (personal = true) {
  const headers = { Accept: "application/json" };
  if (CR.session.token) headers.Authorization = "Bearer " + CR.session.token;
  if (personal) {
    const p = CR.purpose();
    if (p.text.length < 3) throw new ApiError(400, "State your purpose first (top right): case reference and why.");
    headers["X-Purpose"] = encodeURIComponent(p.text);
    if (p.caseRef) headers["X-Case"] = encodeURIComponent(p.caseRef);
  }
  return headers;
};

// A failed answer: log out on 401 (except at login), else an ApiError with the server's message.
CR.failed = function (path, status, data, statusText) {
  if (status === 401 && path !== "/api/login") { CR.session.clear(); location.hash = "#/login"; }
  if (status === 422 && data && data.fields) return new ApiError(status, CR.plainProblems(data.fields));
  return new ApiError(status, (data && data.error) || statusText);
};

// Validation problems in the words of the page: each field by the label the person sees beside it
// ("From: use a date, YYYY-MM-DD"), and that field marked.
CR.plainProblems = function (fields) {
  const named = Object.entries(fields).map(([name, advice]) => {
    const input = document.querySelector(`#view [name="${CSS.escape(name)}"]`);
    const label = input && input.closest("label");
    if (input) input.setAttribute("aria-invalid", "true");
    const shown = label ? label.firstChild.textContent.trim() : name;
    return `${shown || name}: ${advice}`;
  });
  return "Please check: " + named.join("; ");
};

// A call to /api/...: JSON in (body) and out.
CR.api = async function (path, { method = "GET", body = null, personal = true } = {}) {
  const headers = CR.headers(personal);
  if (body !== null) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === null ? null : JSON.stringify(body) });
  const data = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw CR.failed(path, response.status, data, response.statusText);
  return data;
};

// A query string from an object, leaving out empty values (arrays repeat the key).
CR.query = function (params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of [].concat(value)) if (v !== null && v !== undefined && v !== "") q.append(key, v);
  }
  const text = q.toString();
  return text ? "?" + text : "";
};

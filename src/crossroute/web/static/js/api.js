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

// GET /api/...: with the bearer token and (for personal data) the purpose headers, percent-encoded.
CR.api = async function (path, { method = "GET", body = null, personal = true } = {}) {
  const headers = { Accept: "application/json" };
  if (CR.session.token) headers.Authorization = "Bearer " + CR.session.token;
  if (personal) {
    const p = CR.purpose();
    if (p.text.length < 3) throw new ApiError(400, "State your purpose first (top right): case reference and why.");
    headers["X-Purpose"] = encodeURIComponent(p.text);
    if (p.caseRef) headers["X-Case"] = encodeURIComponent(p.caseRef);
  }
  if (body !== null) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === null ? null : JSON.stringify(body) });
  const data = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) {
    if (response.status === 401 && path !== "/api/login") { CR.session.clear(); location.hash = "#/login"; }
    throw new ApiError(response.status, data.error || response.statusText);
  }
  return data;
};

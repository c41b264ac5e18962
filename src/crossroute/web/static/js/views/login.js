// Login: user name and password -> a token for this browser tab (POST /api/login).
"use strict";
CR.views = CR.views || {};
CR.views.login = function () {
  const user = CR.el("input", { id: "login-user", name: "user", autocomplete: "username", required: true });
  const password = CR.el("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const form = CR.el("form", { class: "card login", onsubmit: async (event) => {
    event.preventDefault();
    try {
      const login = await CR.api("/api/login", { method: "POST", personal: false, body: { user: user.value, password: password.value } });
      CR.session.save(login);
      CR.banner(null);
      location.hash = "#/search";
    } catch (error) { CR.fail(error); }
  } },
  CR.el("h1", {}, "Crossroute"),
  CR.el("p", {}, "Log in with your Crossroute account. Every query you make is logged with its purpose."),
  CR.el("label", {}, "User ", user), CR.el("label", {}, "Password ", password),
  CR.el("button", { type: "submit", id: "login-submit" }, "Log in"));
  CR.show(form);
  user.focus();
};

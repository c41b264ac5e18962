// Online adverts (POST /api/online/triage): posts pasted as lines "post_id<TAB>platform<TAB>text" (or text
// only), ranked adverts with their reposts; each text shown in its script and direction (Arabic script RTL).
"use strict";
CR.onlineCard = function (item) {
  const facts = [["phones", item.phones], ["prices", item.prices], ["places", item.places], ["handles", item.handles]]
    .filter(([, v]) => v && v.length).map(([k, v]) => CR.el("li", {}, `${k}: `, CR.el("span", { dir: "ltr" }, v.join("; "))));
  return CR.el("article", { class: "card advert", id: `advert-${item.post_id}` },
    CR.el("h3", {}, `${item.post_id} · ${item.platform || "?"} · ${item.language} · score ${item.score.toFixed(2)}`),
    CR.el("p", { class: "advert-text", dir: item.direction, lang: item.language }, item.text),
    CR.el("ul", {}, facts),
    CR.el("p", { class: "muted" }, item.reposts.length ? `Reposts: ${item.reposts.map((r) => r.post_id).join(", ")}` : "No repost seen."),
    CR.el("p", { class: "muted" }, `SHA-256 of the text: ${item.text_sha256}`));
};

CR.parsePosts = function (text) {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).map((line, i) => {
    const parts = line.split("\t");
    return parts.length >= 3 ? { post_id: parts[0], platform: parts[1], text: parts.slice(2).join(" ") }
      : { post_id: `line-${i + 1}`, platform: "", text: line };
  });
};

CR.views.online = function () {
  const input = CR.el("textarea", { id: "online-posts", rows: 8, cols: 100, placeholder: "one post a line: post_id<TAB>platform<TAB>text, or the text only" });
  const queue = CR.el("section", { id: "online-queue" });
  const run = async (event) => {
    event.preventDefault();
    try {
      const data = await CR.api("/api/online/triage", { method: "POST", body: { posts: CR.parsePosts(input.value) }, personal: false });
      CR.fill(queue, CR.el("h2", {}, `Queue: ${data.queue.length} adverts of ${data.posts.length} posts`),
        data.queue.map(CR.onlineCard),
        CR.el("table", { class: "list", id: "online-posts-table" },
          CR.el("tr", {}, ["post", "advert", "score", "language", "phones", "prices", "places"].map((h) => CR.el("th", {}, h))),
          data.posts.map((p) => CR.el("tr", {}, [p.post_id, p.is_ad ? "yes" : "no", p.score.toFixed(2), p.language,
            p.phones.join("; "), p.prices.join("; "), p.places.join("; ")].map((v) => CR.el("td", {}, v))))));
    } catch (error) { CR.fail(error); }
  };
  CR.show(CR.el("h1", {}, "Online adverts"),
    CR.el("p", { class: "muted" }, "Triage of posts in 13 languages: adverts first, with their numbers, prices and places; reposts folded together. Nothing you paste is stored."),
    CR.el("form", { class: "card", onsubmit: run }, input, CR.el("p", {}, CR.el("button", { type: "submit", id: "online-submit" }, "Triage"))),
    queue);
};

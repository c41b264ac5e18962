// Online adverts (POST /api/online/triage): posts pasted as lines "post_id<TAB>platform<TAB>text" (or text
// only), ranked adverts with their reposts; each text shown in its script and direction (Arabic script RTL).
// The adverts your agency kept (GET /api/online/adverts), one kept advert (#/advert/ID) with the persons and
// groups it ties to, and a group's adverts on its page (CR.onlineGroupSection).
"use strict";
CR.onlineCard = function (item) {
  const facts = [["phones", item.phones], ["prices", item.prices], ["places", item.places], ["handles", item.handles]]
    .filter(([, v]) => v && v.length).map(([k, v]) => CR.el("li", {}, `${k}: `, CR.el("span", { dir: "ltr" }, v.join("; "))));
  return CR.el("article", { class: "card advert", id: `advert-${item.post_id}` },
    CR.el("h3", {}, `${item.post_id} · ${item.platform || "?"} · ${item.language} · score ${item.score.toFixed(2)}`),
    CR.el("p", { class: "advert-text", dir: item.direction, lang: item.language }, item.text),
    CR.el("ul", {}, facts),
    CR.el("p", { class: "muted" }, item.reposts.length ? `Reposts: ${item.reposts.map((r) => r.post_id).join(", ")}` : "No repost seen."),
    item.persons ? CR.onlineTies(item) : null,
    CR.el("p", { class: "muted" }, `SHA-256 of the text: ${item.text_sha256}`));
};

// A kept advert's ties: the persons its phones and handles lead to, with their groups.
CR.onlineTies = function (item) {
  if (!item.persons.length) return CR.el("p", { class: "muted ties" }, "Tied to nobody you may see.");
  return CR.el("ul", { class: "ties" }, item.persons.map((p) => CR.el("li", {}, `${p.label} via `, CR.el("span", { dir: "ltr" }, p.via.join(", ")),
    p.group !== null ? [" (", CR.el("a", { href: `#/group/${p.group}` }, `group ${p.group}`), ")"] : "")));
};

CR.keptCard = function (item) {
  const card = CR.onlineCard(item);
  card.querySelector("h3").append(" · ", CR.el("a", { href: "#/advert/" + encodeURIComponent(item.post_id) }, "open"));
  return card;
};

CR.onlineGroupSection = async function (group) {
  const card = CR.el("section", { class: "card", id: "group-adverts" }, CR.el("h2", {}, "Online adverts"), CR.el("p", { class: "muted" }, "Loading…"));
  document.getElementById("view").append(card);
  try {
    const found = await CR.api("/api/online/groups/" + encodeURIComponent(group));
    CR.fill(card, CR.el("h2", {}, "Online adverts"), found.adverts.length ? found.adverts.map(CR.keptCard)
      : CR.el("p", { class: "muted" }, "No advert your agency kept ties to this group."));
  } catch (error) { CR.fill(card, CR.el("h2", {}, "Online adverts"), CR.el("p", { class: "muted" }, String(error.message || error))); }
};

CR.views.advert = async function (params, id) {
  CR.show(CR.el("h1", {}, `Advert ${id}`), CR.el("p", { class: "muted" }, "Loading…"));
  let item;
  try { item = await CR.api("/api/online/adverts/" + encodeURIComponent(id)); } catch (error) { CR.show(CR.el("h1", {}, `Advert ${id}`)); CR.fail(error); return; }
  CR.show(CR.el("h1", {}, `Advert ${item.post_id}`), CR.el("p", {}, CR.el("a", { href: "#/online" }, "← the queue")), CR.onlineCard(item),
    CR.el("section", { class: "card" }, CR.el("h2", {}, "Capture"), CR.el("ul", { id: "advert-capture" },
      // what the evidence package keeps; a field the capture lacks says so (it cannot be added later)
      [["platform", item.platform], ["URL", item.url], ["author", item.author_handle], ["captured (UTC)", item.captured_at], ["links", item.links.join(" ")]]
        .map(([k, v]) => CR.el("li", {}, `${k}: `, v ? CR.el("span", { dir: "ltr" }, v) : CR.el("span", { class: "muted" }, "not in the capture"))))),
    item.reposts.length ? CR.el("section", { class: "card" }, CR.el("h2", {}, "Reposts"),
      CR.el("table", { class: "list", id: "advert-reposts" }, CR.el("tr", {}, ["post", "platform", "phones", "SHA-256"].map((h) => CR.el("th", {}, h))),
        item.reposts.map((r) => CR.el("tr", {}, [r.post_id, r.platform, r.phones.join("; "), r.text_sha256].map((v) => CR.el("td", {}, v)))))) : null);
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
  const kept = CR.el("section", { id: "online-kept" }, CR.el("p", { class: "muted" }, "Loading the kept adverts…"));
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
    queue, kept);
  return keptQueue(kept);
};

async function keptQueue(kept) {
  try {
    const data = await CR.api("/api/online/adverts");
    CR.fill(kept, CR.el("h2", {}, `Kept by your agency: ${data.queue.length} ${data.queue.length === 1 ? "advert" : "adverts"} (${data.adverts} ${data.adverts === 1 ? "post" : "posts"})`),
      data.queue.length ? data.queue.map(CR.keptCard) : CR.el("p", { class: "muted" }, "None kept yet (crossroute online triage POSTS --workspace WS)."));
  } catch (error) { CR.fill(kept, CR.el("h2", {}, "Kept by your agency"), CR.el("p", { class: "muted" }, String(error.message || error))); }
}

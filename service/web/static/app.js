// newsdesk web page: plain DOM over the JSON API. No framework, no build step, no inline script.
// Article text, titles and quotes are only ever set with textContent / text nodes, never as HTML.
"use strict";

(function () {
  const KEY_STORE = "newsdesk.key";
  const PASSAGES_K = 5;
  const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
  const $ = (id) => document.getElementById(id);

  let lastAnswer = null;
  let lastTrigger = null;
  let documents = [];
  let access = { read: true, write: false, admin: false };

  // -- small helpers ----------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function authHeaders() {
    const key = sessionStorage.getItem(KEY_STORE);
    return key ? { Authorization: "Bearer " + key } : {};
  }

  // The API's error body: {"detail": "<sentence>", "errors": [{"field", "message"}]}.
  function errorMessage(status, data) {
    const detail = data && data.detail;
    const fields = data && Array.isArray(data.errors) ? data.errors : Array.isArray(detail) ? detail : [];
    const reasons = fields.map((e) => (e.field ? e.field + ": " : "") + e.message).join("; ");
    if (typeof detail === "string") return reasons ? detail + " (" + reasons + ")" : detail;
    return reasons || "the request failed (HTTP " + status + ")";
  }

  async function api(method, path, body) {
    const headers = authHeaders();
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new Error("the server cannot be reached");
    }
    let data = null;
    try { data = await response.json(); } catch (err) { data = null; }
    if (!response.ok) {
      const error = new Error(errorMessage(response.status, data));
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function setStatus(node, message, isError) {
    node.textContent = message;
    node.classList.toggle("error", Boolean(isError));
  }

  // Python offsets count code points; JavaScript strings count UTF-16 units.
  function utf16Index(text, codePoints) {
    let i = 0;
    for (let n = 0; n < codePoints && i < text.length; n++) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    }
    return i;
  }

  // -- views ------------------------------------------------------------------------------------

  function showView(name) {
    const docs = name === "documents";
    $("ask-view").hidden = docs;
    $("docs-view").hidden = !docs;
    $("tab-ask").setAttribute("aria-pressed", String(!docs));
    $("tab-docs").setAttribute("aria-pressed", String(docs));
    if (docs) { refreshAccess(); loadDocuments(); }
  }

  // -- asking -----------------------------------------------------------------------------------

  // The optional filters (issue 16): only the fields the user filled are sent.
  function filters() {
    const chosen = {};
    const since = $("f-since").value, until = $("f-until").value, language = $("f-language").value.trim();
    const sources = $("f-sources").value.split(",").map((s) => s.trim()).filter(Boolean);
    if (since) chosen.since = since;
    if (until) chosen.until = until;
    if (sources.length) chosen.sources = sources;
    if (language) chosen.language = language;
    return chosen;
  }

  async function ask(question, pushUrl) {
    question = question.trim();
    if (!question) return;
    if (pushUrl) {
      const url = new URL(location.href);
      url.searchParams.set("q", question);
      url.hash = "";
      history.pushState({ q: question }, "", url);
    }
    showView("ask");
    $("q").value = question;
    document.title = question + " · newsdesk";
    $("result").hidden = true;
    setStatus($("status"), "Looking in the articles…");
    try {
      const answer = await api("POST", "/ask", Object.assign({ question, k: PASSAGES_K }, filters()));
      renderAnswer(answer);
      setStatus($("status"), "");
    } catch (err) {
      const hint = err.status === 401 ? " Enter your key under Documents." : "";
      setStatus($("status"), "Could not answer: " + err.message + hint, true);
    }
  }

  function citeButton(citation) {
    return el("button", {
      type: "button", class: "cite", "data-n": citation.n, "data-doc": citation.doc_id,
      "aria-label": "Source " + citation.n + ": open the article with the quote highlighted",
      onclick: (event) => openCitation(citation, event.currentTarget),
    }, "[" + citation.n + "]");
  }

  // The template sentence, its [n] markers turned into buttons that open the article.
  function textWithCitations(text, byN) {
    const parts = [];
    const marker = /\[(\d+)\]/g;
    let at = 0;
    let match;
    while ((match = marker.exec(text)) !== null) {
      const citation = byN.get(Number(match[1]));
      if (!citation) continue;
      parts.push(text.slice(at, match.index), citeButton(citation));
      at = match.index + match[0].length;
    }
    parts.push(text.slice(at));
    return parts;
  }

  function agreementSummary(answer) {
    const parts = [];
    for (const e of answer.support) {
      parts.push(e.sources > 1 ? e.sources + " sources agree" : "1 source reports " + e.value);
    }
    for (const e of answer.conflicts) {
      parts.push(e.attributed_to ? e.attributed_to + " said " + e.value
        : plural(e.sources, "source reports ", "sources report ") + e.value);
    }
    for (const e of answer.superseded) parts.push("earlier reports said " + e.value + " (since revised)");
    return parts.join(" · ");
  }

  function evidenceBlock(evidence, role, byN) {
    const roles = { support: "agrees with the answer", conflict: "differs from the answer", superseded: "superseded" };
    const facts = [plural(evidence.sources, "independent source", "independent sources")];
    if (evidence.articles !== evidence.sources) facts.push(plural(evidence.articles, "article", "articles"));
    if (evidence.attributed_to) facts.push("according to " + evidence.attributed_to);
    if (evidence.dates && evidence.dates.length) facts.push("published " + evidence.dates.join(", "));
    const quotes = el("ul", { class: "quotes" });
    for (const n of evidence.citations) {
      const citation = byN.get(n);
      if (!citation) continue;
      quotes.append(el("li", {}, citeButton(citation), " ", el("q", { text: citation.quote })));
    }
    return el("div", { class: "evidence evidence-" + role, "data-value": evidence.value },
      el("p", { class: "evidence-head" }, el("strong", { class: "value", text: evidence.value }),
        " — " + roles[role] + " · " + facts.join(" · ")),
      quotes);
  }

  function renderAnswer(answer) {
    lastAnswer = answer;
    const byN = new Map(answer.citations.map((c) => [c.n, c]));
    $("answer-box").hidden = answer.abstained;
    $("abstain-box").hidden = !answer.abstained;
    if (answer.abstained) {
      $("abstain-reason").textContent = answer.reason || answer.text;
    } else {
      $("answer-span").textContent = answer.answer;
      $("confidence").textContent = "confidence " + Math.round(answer.confidence * 100) + "%";
      $("answer-date").hidden = !answer.resolved_date;
      $("answer-date").textContent = answer.resolved_date ? "Resolved date: " + answer.resolved_date : "";
      $("answer-text").replaceChildren(...textWithCitations(answer.text, byN));
      const agreement = $("agreement");
      agreement.replaceChildren();
      const summary = agreementSummary(answer);
      if (summary) agreement.append(el("p", { class: "summary", id: "agreement-summary", text: summary }));
      for (const e of answer.support) agreement.append(evidenceBlock(e, "support", byN));
      for (const e of answer.conflicts) agreement.append(evidenceBlock(e, "conflict", byN));
      for (const e of answer.superseded) agreement.append(evidenceBlock(e, "superseded", byN));
    }
    $("citations-box").hidden = answer.citations.length === 0;
    $("citations").replaceChildren(...answer.citations.map((c) =>
      el("li", { class: "citation" },
        el("p", { class: "citation-head" }, citeButton(c), " ", el("span", { class: "title", text: c.title })),
        el("blockquote", { text: c.quote }),
        el("p", { class: "meta", text: c.doc_id + " · characters " + c.start + "–" + c.end }))));
    $("passage-count").textContent = "(" + answer.passages.length + ")";
    $("passages-box").open = answer.abstained;
    $("passages").replaceChildren(...answer.passages.map((p) =>
      el("li", { class: "passage" },
        el("p", { class: "passage-head" },
          el("span", { class: "score", text: "score " + p.score.toFixed(3) }), " ",
          el("button", { type: "button", class: "link", "data-doc": p.doc_id,
            onclick: (event) => openArticle(p.doc_id, p.start, p.end, event.currentTarget) }, "Open article"),
          " ", el("span", { class: "title", text: p.title })),
        el("p", { class: "passage-text", text: p.text }))));
    $("result").hidden = false;
  }

  // -- the article panel --------------------------------------------------------------------------

  function openCitation(citation, trigger) {
    openArticle(citation.doc_id, citation.start, citation.end, trigger);
  }

  async function openArticle(docId, start, end, trigger) {
    lastTrigger = trigger || null;
    const panel = $("panel");
    panel.hidden = false;
    document.body.classList.add("panel-open");
    $("panel-title").textContent = "Opening the article…";
    $("panel-meta").textContent = "";
    $("article").replaceChildren();
    let doc;
    try {
      doc = await api("GET", "/documents/" + encodeURIComponent(docId));
    } catch (err) {
      $("panel-title").textContent = "Could not open the article";
      $("article").textContent = err.message;
      $("panel-close").focus();
      return;
    }
    $("panel-title").textContent = doc.title || doc.doc_id;
    const meta = [doc.doc_id, doc.published ? "published " + doc.published : "no publication date"];
    const citesThis = lastAnswer && lastAnswer.citations.some((c) => c.doc_id === doc.doc_id);
    if (citesThis && lastAnswer.resolved_date) meta.push("answer's resolved date " + lastAnswer.resolved_date);
    $("panel-meta").replaceChildren(document.createTextNode(meta.join(" · ")));
    if (doc.url) {
      $("panel-meta").append(" · ", el("a", { href: doc.url, rel: "noopener noreferrer", text: "original" }));
    }
    const article = $("article");
    article.textContent = doc.text;
    if (start !== undefined && start !== null && article.firstChild) {
      const node = article.firstChild;
      const range = document.createRange();
      range.setStart(node, utf16Index(doc.text, start));
      range.setEnd(node, utf16Index(doc.text, end));
      const mark = el("mark", { id: "highlight", tabindex: "-1" });
      range.surroundContents(mark);
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
    } else {
      article.scrollTop = 0;
      article.focus();
    }
  }

  function closePanel() {
    $("panel").hidden = true;
    document.body.classList.remove("panel-open");
    if (lastTrigger && document.contains(lastTrigger)) lastTrigger.focus();
  }

  // -- documents ----------------------------------------------------------------------------------

  async function refreshAccess() {
    try {
      access = await api("GET", "/ui/access");
    } catch (err) {
      access = { read: false, write: false, admin: false };
    }
    let message;
    if (access.admin) message = "You can read, add and delete documents.";
    else if (access.write) message = "You can read and add documents. Deleting needs the admin key.";
    else if (access.read) message = "You can read. Adding documents needs a key with write access.";
    else message = "This server needs a key to read.";
    if (sessionStorage.getItem(KEY_STORE)) message += " A key is set for this tab.";
    $("access").textContent = message;
    $("add-form").hidden = !access.write;
    renderDocList();
  }

  async function loadDocuments() {
    try {
      const data = await api("GET", "/documents");
      documents = data.documents;
    } catch (err) {
      documents = [];
      $("doc-count").textContent = "(" + err.message + ")";
      renderDocList();
      return;
    }
    renderDocList();
  }

  function deleteButton(doc) {
    const button = el("button", { type: "button", class: "danger", "data-delete": doc.doc_id }, "Delete");
    button.addEventListener("click", async () => {
      if (button.dataset.armed !== "yes") {
        button.dataset.armed = "yes";
        button.textContent = "Press again to delete";
        return;
      }
      try {
        await api("DELETE", "/documents/" + encodeURIComponent(doc.doc_id));
        await loadDocuments();
      } catch (err) {
        button.textContent = "Delete failed: " + err.message;
      }
    });
    button.addEventListener("blur", () => { button.dataset.armed = ""; button.textContent = "Delete"; });
    return button;
  }

  function renderDocList() {
    const filter = $("doc-filter").value.trim().toLowerCase();
    const shown = documents.filter((d) => !filter || (d.title || "").toLowerCase().includes(filter)
      || d.doc_id.toLowerCase().includes(filter));
    if (documents.length) $("doc-count").textContent = "(" + shown.length + " of " + documents.length + ")";
    $("doc-list").replaceChildren(...shown.map((d) =>
      el("li", { class: "doc", "data-doc": d.doc_id },
        el("button", { type: "button", class: "link doc-open",
          onclick: (event) => openArticle(d.doc_id, null, null, event.currentTarget) }, d.title || d.doc_id),
        el("span", { class: "meta", text: " " + d.doc_id + (d.published ? " · " + d.published : "")
          + " · " + plural(d.chunks, "chunk", "chunks") }),
        access.admin ? deleteButton(d) : null)));
  }

  async function addDocument(event) {
    event.preventDefault();
    const status = $("add-status");
    const text = $("add-text").value;
    if (!text.trim()) { setStatus(status, "Paste the article's text or pick a file first.", true); return; }
    const body = { text };
    const title = $("add-title").value.trim();
    const published = $("add-published").value.trim();
    if (title) body.title = title;
    if (published) body.published = published;
    setStatus(status, "Adding…");
    try {
      const result = await api("POST", "/documents", body);
      const ids = result.added.concat(result.replaced);
      setStatus(status, ids.length ? "Added " + ids.join(", ") + " (" + plural(result.chunks, "chunk", "chunks") + ")."
        : "Already indexed: " + result.unchanged.join(", ") + ".");
      $("add-form").reset();
      await loadDocuments();
    } catch (err) {
      setStatus(status, "Not added: " + err.message, true);
    }
  }

  function readFile() {
    const file = $("add-file").files[0];
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) { setStatus($("add-status"), "That file is too large.", true); return; }
    const reader = new FileReader();
    reader.onload = () => {
      $("add-text").value = String(reader.result);
      if (!$("add-title").value.trim()) $("add-title").value = file.name.replace(/\.[^.]+$/, "");
      setStatus($("add-status"), "Read " + file.name + ".");
    };
    reader.onerror = () => setStatus($("add-status"), "Could not read that file.", true);
    reader.readAsText(file);
  }

  // -- wiring -------------------------------------------------------------------------------------

  function fromUrl() {
    const question = new URL(location.href).searchParams.get("q");
    if (location.hash === "#documents") showView("documents");
    else if (question) ask(question, false);
    else showView("ask");
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("ask-form").addEventListener("submit", (event) => { event.preventDefault(); ask($("q").value, true); });
    $("tab-ask").addEventListener("click", () => { history.pushState(null, "", location.pathname + location.search); showView("ask"); $("q").focus(); });
    $("tab-docs").addEventListener("click", () => { history.pushState(null, "", "#documents"); showView("documents"); });
    $("panel-close").addEventListener("click", closePanel);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !$("panel").hidden) closePanel();
    });
    $("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const key = $("key").value.trim();
      if (key) sessionStorage.setItem(KEY_STORE, key);
      $("key").value = "";
      refreshAccess();
      loadDocuments();
    });
    $("key-forget").addEventListener("click", () => { sessionStorage.removeItem(KEY_STORE); refreshAccess(); loadDocuments(); });
    $("doc-filter").addEventListener("input", renderDocList);
    $("add-form").addEventListener("submit", addDocument);
    $("add-file").addEventListener("change", readFile);
    window.addEventListener("popstate", fromUrl);
    fromUrl();
  });
})();

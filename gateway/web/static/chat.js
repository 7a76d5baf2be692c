/* The chat: ask, show progress, then text, tables (paged, CSV), charts (Vega-Lite, PNG fallback),
   SQL, follow-ups and feedback. The same script runs the embedded view under /embed/api. */
(function () {
  "use strict";
  const Dot = window.Dot, el = Dot.el;
  const data = JSON.parse(document.getElementById("page-data").textContent);
  Dot.api = data.api;
  const $ = (id) => document.getElementById(id);
  const PAGE = 10;
  let chatId = data.chat_id || "";
  const owner = data.owner || "";
  let busy = false;
  const given = {};  // message position -> true/false: feedback given on this page survives a redraw

  // ---- text (a small Markdown subset, built as DOM nodes) --------------------------------------
  function inline(text) {
    const out = [];
    const re = /(\*\*[^*]+\*\*|`[^`]+`)/g;
    let last = 0, m;
    while ((m = re.exec(text))) {
      if (m.index > last) out.push(text.slice(last, m.index));
      const t = m[0];
      out.push(t.startsWith("**") ? el("strong", null, t.slice(2, -2)) : el("code", null, t.slice(1, -1)));
      last = m.index + t.length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  function markdown(text) {
    const frag = document.createDocumentFragment();
    let list = null, para = [];
    const flush = () => { if (para.length) { frag.append(el("p", null, inline(para.join(" ")))); para = []; } };
    for (const raw of String(text || "").split("\n")) {
      const line = raw.trimEnd();
      const h = /^(#{1,4})\s+(.*)$/.exec(line);
      const li = /^\s*(?:[-*•]|\d+[.)])\s+(.*)$/.exec(line);
      if (h) { flush(); list = null; frag.append(el(h[1].length <= 2 ? "h3" : "h4", null, inline(h[2]))); }
      else if (li) {
        flush();
        if (!list) { list = el(/^\s*\d/.test(line) ? "ol" : "ul"); frag.append(list); }
        list.append(el("li", null, inline(li[1])));
      } else if (!line.trim()) { flush(); list = null; }
      else { list = null; para.push(line.trim()); }
    }
    flush();
    return frag;
  }

  // ---- tables ---------------------------------------------------------------------------------
  function parseCsv(text) {
    const rows = []; let row = [], cell = "", q = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (q) {
        if (c === '"') { if (text[i + 1] === '"') { cell += '"'; i++; } else q = false; }
        else cell += c;
      } else if (c === '"') q = true;
      else if (c === ",") { row.push(cell); cell = ""; }
      else if (c === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; }
      else if (c !== "\r") cell += c;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }

  const NUM = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
  const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });

  function tableView(key, asset, rows) {
    const head = rows[0] || [], body = rows.slice(1);
    const numeric = head.map((_, j) => body.some(r => r[j] !== "" && r[j] !== undefined) &&
                                       body.every(r => r[j] === "" || r[j] === undefined || NUM.test(r[j])));
    const tbody = el("tbody");
    const status = el("span", { "aria-live": "polite" });
    const prev = el("button", { type: "button", class: "secondary", "aria-label": "Previous rows" }, "‹ Prev");
    const next = el("button", { type: "button", class: "secondary", "aria-label": "Next rows" }, "Next ›");
    let page = 0;
    const pages = Math.max(1, Math.ceil(body.length / PAGE));
    function show() {
      tbody.replaceChildren(...body.slice(page * PAGE, page * PAGE + PAGE).map(r =>
        el("tr", null, head.map((_, j) => {
          const v = r[j] === undefined ? "" : r[j];
          return el("td", numeric[j] ? { class: "num" } : null, numeric[j] && v !== "" ? nf.format(Number(v)) : v);
        }))));
      const from = body.length ? page * PAGE + 1 : 0, to = Math.min(body.length, (page + 1) * PAGE);
      status.textContent = `Rows ${from}–${to} of ${body.length}`;
      prev.disabled = page === 0; next.disabled = page >= pages - 1;
    }
    prev.addEventListener("click", () => { page = Math.max(0, page - 1); show(); });
    next.addEventListener("click", () => { page = Math.min(pages - 1, page + 1); show(); });
    show();
    const table = el("table", { class: "data", "data-rows": body.length },
      el("caption", { class: "sr-only" }, asset.text_summary || "Result"),
      el("thead", null, el("tr", null, head.map((h, j) => el("th", { scope: "col", class: numeric[j] ? "num" : null }, h)))),
      tbody);
    return el("div", null,
      el("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": "Result table" }, table),
      pages > 1 ? el("div", { class: "pager" }, prev, status, next) : el("div", { class: "pager" }, status));
  }

  function renderTable(key, asset) {
    const box = el("div", { class: "result", "data-df": key });
    const shape = asset.shape || [];
    const dl = asset.csv_download_url
      ? el("a", { href: Dot.apiUrl(asset.csv_download_url), download: key + ".csv" }, "Download CSV") : null;
    box.append(el("div", { class: "result-head" },
      el("span", null, shape.length ? `${shape[0]} row${shape[0] === 1 ? "" : "s"} × ${shape[1]} column${shape[1] === 1 ? "" : "s"}` : "Result"),
      dl));
    const slot = el("div", null, el("p", { class: "status" }, "Loading rows…"));
    box.append(slot);
    const fromPreview = () => slot.replaceChildren(tableView(key, asset, parseCsv(asset.text_preview || "")));
    if (asset.csv_download_url) {
      fetch(Dot.apiUrl(asset.csv_download_url), { credentials: "same-origin" })
        .then(r => r.ok ? r.text() : Promise.reject(new Error(r.status)))
        .then(t => slot.replaceChildren(tableView(key, asset, parseCsv(t))))
        .catch(fromPreview);
    } else fromPreview();
    if (asset.sql_query) {
      box.append(el("details", { class: "sql" }, el("summary", null, "Show SQL"), el("pre", null, el("code", null, asset.sql_query))));
    }
    return box;
  }

  // ---- charts ---------------------------------------------------------------------------------
  function renderChart(key, asset) {
    const target = el("div", { class: "vega" });
    const png = asset.chart_download_url ? Dot.local(asset.chart_download_url) : null;
    const label = asset.interpretation || (asset.vega_lite && asset.vega_lite.title) || "Chart";
    const fallback = () => {
      target.replaceChildren(png ? el("img", { src: png, alt: label }) : el("p", { class: "status" }, "The chart is not available."));
      fig.dataset.rendered = "png";
    };
    const fig = el("figure", { class: "chart", "data-chart": key }, target,
      el("figcaption", null, label, png ? [" · ", el("a", { href: png, download: key + ".png" }, "PNG")] : null));
    if (window.vegaEmbed && asset.vega_lite) {
      const spec = Object.assign({}, asset.vega_lite, { autosize: { type: "fit-x", contains: "padding" } });
      requestAnimationFrame(() => window.vegaEmbed(target, spec, { actions: false, renderer: "svg" })
        .then(() => { fig.dataset.rendered = "vega"; })
        .catch(fallback));
    } else fallback();
    return fig;
  }

  // ---- messages -------------------------------------------------------------------------------
  function renderAssistant(m, i, isLast) {
    const ad = m.additional_data || {};
    const assets = ad.assets || {};
    const li = el("li", { class: "msg assistant", "data-position": i }, el("p", { class: "who-said" }, "Dot"));
    const items = ad.formatted_result && ad.formatted_result.length ? ad.formatted_result : [{ type: "text", data: m.content }];
    for (const it of items) {
      if (it.type === "text") li.append(el("div", { class: "text" }, markdown(it.data)));
      else if (it.type === "dataframe" && assets[it.data]) li.append(renderTable(it.data, assets[it.data]));
      else if (it.type === "chart" && assets[it.data]) li.append(renderChart(it.data, assets[it.data]));
    }
    const fb = el("div", { class: "feedback", role: "group", "aria-label": "Feedback on this answer" });
    const up = el("button", { type: "button", "aria-pressed": "false" }, el("span", { "aria-hidden": "true" }, "👍"), " Helpful");
    const down = el("button", { type: "button", "aria-pressed": "false" }, el("span", { "aria-hidden": "true" }, "👎"), " Not helpful");
    const said = el("span", { role: "status" });
    const send = async (positive) => {
      try {
        const body = { chat_id: chatId, message_position: i, positive };
        if (owner) body.owner = owner;
        await Dot.call("POST", "/feedback", body);
        given[i] = positive;
        up.setAttribute("aria-pressed", String(positive)); down.setAttribute("aria-pressed", String(!positive));
        said.textContent = "Thanks for the feedback.";
      } catch (e) { said.textContent = "Feedback not saved: " + e.message; }
    };
    up.addEventListener("click", () => send(true));
    down.addEventListener("click", () => send(false));
    if (i in given) { up.setAttribute("aria-pressed", String(given[i])); down.setAttribute("aria-pressed", String(!given[i])); }
    fb.append(up, down, said);
    li.append(fb);
    const ups = m.suggested_follow_ups || [];
    if (isLast && ups.length && !owner) {
      li.append(el("div", { class: "chips", role: "group", "aria-label": "Suggested follow-ups" },
        ups.map(q => el("button", { type: "button", class: "chip", onclick: () => ask(q) }, q))));
    }
    return li;
  }

  function render(messages) {
    const list = $("messages");
    let last = -1;
    messages.forEach((m, i) => { if (m.role === "assistant") last = i; });
    list.replaceChildren(...messages.map((m, i) => m.role === "assistant" ? renderAssistant(m, i, i === last)
      : el("li", { class: "msg user" }, el("p", { class: "who-said" }, "You"), el("p", null, m.content))));
    const first = messages.find(m => m.role === "user");
    if (first) { $("chat-title").textContent = first.content.slice(0, 120); document.title = first.content.slice(0, 60) + " · Dot"; }
  }

  // ---- asking ---------------------------------------------------------------------------------
  const sleep = (ms) => new Promise(r => setTimeout(r, ms));

  async function load() {
    if (!chatId) return;
    try {
      const c = await Dot.call("GET", "/c2/" + encodeURIComponent(chatId) + (owner ? "?owner=" + encodeURIComponent(owner) : ""));
      render(c.messages);
      if (c.status === "in_progress") await poll();
    } catch (e) {
      if (e.status === 404 && owner) Dot.say($("error"), "This chat does not exist or is not visible to you.", true);
      else if (e.status === 404) { /* a new chat under the id from the address */ }
      else Dot.say($("error"), e.message, true);
    }
    if (owner) $("ask-form").hidden = true;  // another user's chat: read-only
    loadLabels();
  }

  async function poll() {
    const started = Date.now();
    let failures = 0;
    $("progress").hidden = false;
    for (;;) {
      await sleep(600);
      const s = Math.round((Date.now() - started) / 1000);
      $("progress-text").textContent = s < 2 ? "Working on it…" : `Working on it… ${s} s (reading the data and writing SQL)`;
      let c;
      try {
        c = await Dot.call("GET", "/c2/" + encodeURIComponent(chatId));
        failures = 0;
      } catch (e) {
        // a busy or restarting server (5xx, or no answer at all) is not the end of the answer: keep asking a while
        if ((e.status && e.status < 500) || ++failures > 20) throw e;
        continue;
      }
      if (c.status !== "in_progress") {
        render(c.messages);
        const answers = $("messages").querySelectorAll("li.msg.assistant");
        if (answers.length) answers[answers.length - 1].scrollIntoView({ block: "start" });
        break;
      }
    }
    $("progress").hidden = true;
  }

  async function ask(text) {
    text = (text || "").trim();
    if (!text || busy) return;
    busy = true;
    $("ask-button").disabled = true;
    Dot.say($("error"), "");
    if (!chatId) {
      chatId = "web-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
      if (!data.embedded) history.replaceState(null, "", "/?c=" + encodeURIComponent(chatId));
    }
    $("messages").append(el("li", { class: "msg user" }, el("p", { class: "who-said" }, "You"), el("p", null, text)));
    $("messages").querySelectorAll(".chips").forEach(c => c.remove());
    const body = { messages: [{ role: "user", content: text }], chat_id: chatId };
    const conn = $("connection") ? $("connection").value : "";
    if (conn) body.connection_id = conn;
    const headers = $("deep") && $("deep").checked ? { "X-Dot-Deep": "true" } : {};
    try {
      $("progress").hidden = false;
      $("progress-text").textContent = "Working on it…";
      await Dot.call("POST", "/ask", body, headers);
      await poll();
      $("question").value = "";
      loadLabels();
    } catch (e) {
      $("progress").hidden = true;
      Dot.say($("error"), "The question could not be answered: " + e.message, true);
    } finally {
      busy = false;
      $("ask-button").disabled = false;
      $("question").focus();
    }
  }

  // ---- labels and data sources (full app only) -------------------------------------------------
  async function loadLabels() {
    if (data.embedded || !chatId || owner) return;
    try {
      const items = await Dot.call("GET", "/chat_history");
      const mine = items.find(c => c.chat_id === chatId);
      if (!mine) return;
      $("labels").replaceChildren(...(mine.labels || []).map(l => el("span", { class: "label" }, l)));
      $("label-form").hidden = false;
    } catch (e) { /* labels are optional */ }
  }

  async function loadConnections() {
    if (data.embedded) return;
    try {
      const conns = await Dot.call("GET", "/connections");
      const sel = $("connection");
      for (const c of conns) sel.append(el("option", { value: c.connection_id }, `${c.connection_id} (${c.type})`));
      $("connection-box").hidden = conns.length < 1;
    } catch (e) { /* not allowed to list: the server chooses */ }
  }

  function wire() {
    $("ask-form").addEventListener("submit", (ev) => { ev.preventDefault(); ask($("question").value); });
    $("question").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); ask($("question").value); }
    });
    const lf = $("label-form");
    if (lf) lf.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const v = $("label-input").value.trim();
      if (!v || !chatId) return;
      try { await Dot.call("POST", "/add_label_to_chat", { chat_id: chatId, labels: [v] }); $("label-input").value = ""; loadLabels(); }
      catch (e) { Dot.say($("error"), e.message, true); }
    });
  }

  // ---- embedded view: token from the fragment or postMessage, exchanged for the embed cookie ----
  async function embedStart() {
    const allowed = JSON.parse(document.getElementById("embed-origins").textContent);
    const show = (who) => {
      Dot.csrf = who.csrf;
      $("embed-wait").hidden = true;
      $("embed-chat").hidden = false;
      if (window.parent !== window) window.parent.postMessage({ type: "dot:signed-in", email: who.email }, "*");
    };
    const exchange = async (token) => {
      try { show(await Dot.request("POST", "/embed/session", { token })); }
      catch (e) { $("embed-wait").textContent = "Could not sign in: " + e.message; }
    };
    window.addEventListener("message", (ev) => {
      if (!allowed.includes(ev.origin) || !ev.data || ev.data.type !== "dot:token" || typeof ev.data.token !== "string") return;
      exchange(ev.data.token);
    });
    const frag = new URLSearchParams(location.hash.slice(1));
    if (frag.get("token")) {
      const t = frag.get("token");
      history.replaceState(null, "", location.pathname);  // the token leaves the address bar at once
      await exchange(t);
      return;
    }
    try { show(await Dot.request("GET", "/embed/session")); return; } catch (e) { /* no cookie yet */ }
    if (window.parent !== window) window.parent.postMessage({ type: "dot:ready" }, "*");
  }

  wire();
  if (data.embedded) embedStart();
  else { loadConnections(); load(); }
})();

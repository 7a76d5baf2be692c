/* Shared helpers: DOM building (text only, never HTML strings) and API calls with the CSRF header. */
(function () {
  "use strict";
  const meta = document.querySelector('meta[name="csrf-token"]');
  const Dot = {
    csrf: meta ? meta.content : "",
    api: "/api",

    el(tag, attrs, ...kids) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (v === null || v === undefined || v === false) continue;
        if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
        else if (k === "text") e.textContent = v;
        else e.setAttribute(k, v === true ? "" : String(v));
      }
      for (const kid of kids.flat()) {
        if (kid === null || kid === undefined || kid === false) continue;
        e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
      }
      return e;
    },

    /** Path and query of a URL the server gave (links stay on this origin). */
    local(u) {
      try { const x = new URL(u, location.href); return x.pathname + x.search; } catch (e) { return u; }
    },

    /** An /api/... URL from an answer, reached through this page's API prefix (/embed/api in the embed). */
    apiUrl(u) {
      const p = Dot.local(u);
      return p.startsWith("/api/") ? Dot.api + p.slice(4) : p;
    },

    async request(method, url, body, headers) {
      const h = Object.assign({ "Accept": "application/json" }, headers || {});
      if (method !== "GET" && method !== "HEAD") h["X-CSRF-Token"] = Dot.csrf;
      if (body !== undefined) h["Content-Type"] = "application/json";
      const r = await fetch(url, { method, headers: h, credentials: "same-origin",
                                   body: body === undefined ? undefined : JSON.stringify(body) });
      if (r.status === 401 && Dot.api === "/api") {  // the session ended: sign in again, then come back
        location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
      }
      if (!r.ok) {
        let detail = r.status + " " + r.statusText;
        try { const j = await r.json(); detail = typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail); } catch (e) { /* not JSON */ }
        const err = new Error(detail); err.status = r.status; throw err;
      }
      const ct = r.headers.get("content-type") || "";
      return ct.includes("json") ? r.json() : r.text();
    },

    call(method, path, body, headers) { return Dot.request(method, Dot.api + path, body, headers); },

    when(iso) {
      if (!iso) return "";
      const d = new Date(iso);
      return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    },

    say(node, text, isError) {
      node.textContent = text || "";
      node.classList.toggle("err", !!isError);
      node.hidden = !text;
    },
  };
  window.Dot = Dot;
})();

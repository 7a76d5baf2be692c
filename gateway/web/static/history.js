/* History: the user's chats (search, open, continue); admins and permitted modelers also see others'. */
(function () {
  "use strict";
  const Dot = window.Dot, el = Dot.el;
  const $ = (id) => document.getElementById(id);
  let rows = [];

  function draw() {
    const q = $("search").value.trim().toLowerCase();
    const everyone = $("everyone") && $("everyone").checked;
    document.querySelectorAll(".owner-col").forEach(c => { c.hidden = !everyone; });
    const shown = rows.filter(c => !q || (c.title || "").toLowerCase().includes(q) || (c.labels || []).some(l => l.toLowerCase().includes(q))
                                      || (everyone && (c.email || "").toLowerCase().includes(q)));
    $("history").tBodies[0].replaceChildren(...shown.map(c => {
      const href = "/?c=" + encodeURIComponent(c.chat_id) + (everyone && c.user_id ? "&owner=" + encodeURIComponent(c.user_id) : "");
      return el("tr", null,
        el("td", null, el("a", { href }, c.title || c.chat_id)),
        el("td", { class: "owner-col", hidden: !everyone }, c.email || ""),
        el("td", null, Dot.when(c.updated_at)),
        el("td", { class: "num" }, c.num_messages),
        el("td", null, (c.labels || []).map(l => el("span", { class: "label" }, l))));
    }));
    $("history-status").textContent = `${shown.length} of ${rows.length} chat${rows.length === 1 ? "" : "s"}`;
  }

  async function load() {
    const everyone = $("everyone") && $("everyone").checked;
    $("history-status").textContent = "Loading…";
    try {
      if (everyone) {
        const start = new Date(Date.now() - 90 * 86400e3).toISOString().slice(0, 10);
        rows = await Dot.call("GET", "/export_history?start_date=" + start);
        rows.sort((a, b) => (b.updated_at || "").localeCompare(a.updated_at || ""));
      } else rows = await Dot.call("GET", "/chat_history");
      draw();
    } catch (e) { Dot.say($("history-status"), "Could not load the history: " + e.message, true); }
  }

  $("search").addEventListener("input", draw);
  if ($("everyone")) $("everyone").addEventListener("change", load);
  load();
})();

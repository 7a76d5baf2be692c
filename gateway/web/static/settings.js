/* Settings: what people otherwise do with curl, through the same API and the same permissions. */
(function () {
  "use strict";
  const Dot = window.Dot, el = Dot.el;
  const root = document.getElementById("settings");
  const body = document.getElementById("settings-body");
  const status = document.getElementById("settings-status");
  const section = root.dataset.section;
  const say = (t, err) => { status.textContent = t || ""; status.classList.toggle("err", !!err); };
  const field = (label, input) => el("div", null, el("label", { for: input.id }, label), input);
  const table = (label, heads, tbody) => el("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": label },
    el("table", { class: "data" }, el("thead", null, el("tr", null, heads.map(h => el("th", { scope: "col" }, h)))), tbody));
  async function act(label, fn) {
    say(label + "…");
    try { const r = await fn(); say(label + ": done."); return r; }
    catch (e) { say(label + " failed: " + e.message, true); throw e; }
  }
  const form = (onsubmit, ...kids) => {
    const f = el("form", { class: "row" }, ...kids);
    f.addEventListener("submit", async (ev) => { ev.preventDefault(); try { await onsubmit(f); } catch (e) { /* shown */ } });
    return f;
  };

  const sections = {
    async tokens() {
      const name = el("input", { id: "token-name", required: true, maxlength: 200, placeholder: "my laptop" });
      const days = el("input", { id: "token-days", type: "number", min: 1, max: 3650, value: 365 });
      const shown = el("div", { id: "new-token", "aria-live": "polite" });
      const list = el("tbody");
      const redraw = async () => {
        const tokens = await Dot.call("GET", "/api_tokens");
        list.replaceChildren(...tokens.map(t => el("tr", { "data-token-id": t.id },
          el("td", null, t.name), el("td", null, Dot.when(t.created_at)), el("td", null, Dot.when(t.expires_at)),
          el("td", null, t.last_used_at ? Dot.when(t.last_used_at) : "never"),
          el("td", null, el("button", { type: "button", class: "danger", "aria-label": "Revoke " + t.name,
            onclick: async () => { await act("Revoking " + t.name, () => Dot.call("DELETE", "/api_tokens/" + encodeURIComponent(t.id))); redraw(); } }, "Revoke")))));
      };
      body.append(el("h2", null, "Create a token"),
        form(async () => {
          const r = await act("Creating the token", () => Dot.call("POST", "/api_tokens", { name: name.value, expires_in_days: Number(days.value) }));
          shown.replaceChildren(el("div", { class: "secret" }, el("strong", null, "Copy it now: it is shown only once."),
            el("code", { id: "token-value" }, r.token)));
          name.value = ""; redraw();
        }, field("Name", name), field("Valid for (days)", days), el("button", { type: "submit" }, "Create token")),
        shown, el("h2", null, "Your tokens"), table("API tokens", ["Name", "Created", "Expires", "Last used", ""], list));
      await redraw();
    },

    async users() {
      const list = el("tbody");
      const redraw = async () => {
        const users = await Dot.call("GET", "/get_users");
        list.replaceChildren(...users.map(u => {
          const role = el("select", { "aria-label": "Role of " + u.email },
            ["admin", "modeler", "user"].map(r => el("option", { value: r, selected: r === u.role }, r)));
          role.addEventListener("change", () => act("Changing the role of " + u.email,
            () => Dot.call("POST", "/change_user_role", { email: u.email, role: role.value })).catch(redraw));
          return el("tr", null, el("td", null, u.email), el("td", null, u.realname || ""), el("td", null, role),
            el("td", null, (u.groups || []).join(", ")), el("td", null, u.status),
            el("td", null, el("button", { type: "button", class: "danger", "aria-label": "Delete " + u.email,
              onclick: async () => { await act("Deleting " + u.email, () => Dot.call("POST", "/delete_user", { email: u.email })); redraw(); } }, "Delete")));
        }));
      };
      const email = el("input", { id: "user-email", type: "email", required: true });
      const realname = el("input", { id: "user-name" });
      const password = el("input", { id: "user-password", type: "password", minlength: 8, required: true, autocomplete: "new-password" });
      const role = el("select", { id: "user-role" }, ["user", "modeler", "admin"].map(r => el("option", { value: r }, r)));
      body.append(el("h2", null, "Add a user"),
        form(async (f) => { await act("Creating " + email.value, () => Dot.call("POST", "/create_user",
          { email: email.value, realname: realname.value, password: password.value, role: role.value })); f.reset(); redraw(); },
          field("E-mail", email), field("Name", realname), field("Password", password), field("Role", role),
          el("button", { type: "submit" }, "Add user")),
        el("h2", null, "Users"), table("Users", ["E-mail", "Name", "Role", "Groups", "Status", ""], list));
      await redraw();
    },

    async invitations() {
      const emails = el("input", { id: "invite-emails", required: true, placeholder: "a@example.com, b@example.com" });
      const role = el("select", { id: "invite-role" }, ["user", "modeler", "admin"].map(r => el("option", { value: r }, r)));
      const list = el("tbody");
      const redraw = async () => {
        const inv = await Dot.call("GET", "/invitations");
        list.replaceChildren(...inv.map(i => el("tr", null, el("td", null, i.email), el("td", null, i.role || ""),
          el("td", null, i.status || ""), el("td", null, Dot.when(i.expires_at || i.created_at)),
          el("td", null, i.link ? el("a", { href: i.link }, "link") : ""))));
      };
      body.append(el("h2", null, "Invite people"),
        form(async (f) => { await act("Sending invitations", () => Dot.call("POST", "/send_invitations",
          { emails: emails.value.split(/[\s,;]+/).filter(Boolean), role: role.value })); f.reset(); redraw(); },
          field("E-mail addresses", emails), field("Role", role), el("button", { type: "submit" }, "Send invitations")),
        el("h2", null, "Invitations"), table("Invitations", ["E-mail", "Role", "Status", "Expires", "Link"], list));
      await redraw();
    },

    async groups() {
      const list = el("tbody");
      const redraw = async () => {
        const groups = await Dot.call("GET", "/get_groups");
        list.replaceChildren(...groups.map(g => el("tr", null, el("td", null, g.name),
          el("td", null, el("div", { class: "actions" }, (g.members || []).map(m => el("span", { class: "label" }, m, " ",
            el("button", { type: "button", class: "link", "aria-label": `Remove ${m} from ${g.name}`,
              onclick: async () => { await act(`Removing ${m} from ${g.name}`, () => Dot.call("POST", "/remove_user_from_group", { email: m, group: g.name })); redraw(); } }, "×"))))))));
      };
      const email = el("input", { id: "group-email", type: "email", required: true });
      const group = el("input", { id: "group-name", required: true, maxlength: 120 });
      body.append(el("h2", null, "Add someone to a group"),
        form(async (f) => { await act("Adding to the group", () => Dot.call("POST", "/add_user_to_group", { email: email.value, group: group.value })); f.reset(); redraw(); },
          field("E-mail", email), field("Group (new or existing)", group), el("button", { type: "submit" }, "Add")),
        el("h2", null, "Groups"), table("Groups", ["Group", "Members"], list));
      await redraw();
    },

    async connections() {
      const list = el("tbody");
      let timer = null;
      const redraw = async () => {
        const conns = await Dot.call("GET", "/connections");
        list.replaceChildren(...conns.map(c => {
          const state = el("span", { "aria-live": "polite" }, c.status || "");
          return el("tr", { "data-connection": c.connection_id }, el("td", null, c.connection_id), el("td", null, c.type),
            el("td", null, c.table_count), el("td", null, state), el("td", null, Dot.when(c.last_synced_at)),
            el("td", null, el("div", { class: "actions" },
              el("button", { type: "button", class: "secondary", onclick: async () => {
                const r = await act("Testing " + c.connection_id, () => Dot.call("POST", "/test_connection", { connection_id: c.connection_id }));
                say(`${c.connection_id}: ${r.ok ? "connection works" : "connection failed"}${r.detail ? " (" + r.detail + ")" : ""}`, !r.ok);
              } }, "Test"),
              el("button", { type: "button", class: "secondary", onclick: async (ev) => {
                ev.target.disabled = true; state.textContent = "syncing…";
                const t0 = Date.now();
                timer = setInterval(() => { state.textContent = `syncing… ${Math.round((Date.now() - t0) / 1000)} s`; }, 1000);
                try {
                  const r = await act("Syncing " + c.connection_id, () => Dot.call("POST", `/sync/${encodeURIComponent(c.type)}/${encodeURIComponent(c.connection_id)}`));
                  say(`${c.connection_id} synced: ${r.tables.added} tables added, ${r.tables.changed} changed, ${r.tables.removed} removed (${r.duration_s} s).`);
                } finally { clearInterval(timer); redraw(); }
              } }, "Sync"),
              el("button", { type: "button", class: "danger", "aria-label": "Remove " + c.connection_id, onclick: async () => {
                await act("Removing " + c.connection_id, () => Dot.call("POST", "/remove_connection", { connection_id: c.connection_id })); redraw();
              } }, "Remove"))));
        }));
      };
      const type = el("select", { id: "conn-type" }, ["postgres", "mysql", "sqlite", "duckdb", "snowflake", "redshift", "bigquery",
        "mssql", "databricks", "dbt", "looker"].map(t => el("option", { value: t }, t)));
      const id = el("input", { id: "conn-id", required: true, maxlength: 120 });
      const params = el("textarea", { id: "conn-params", spellcheck: "false",
        placeholder: '{"host": "db.example.com", "port": 5432, "user": "dot", "password": "…", "database": "shop"}' });
      body.append(table("Connections", ["Id", "Type", "Tables", "Status", "Last sync", ""], list),
        el("h2", null, "Add a connection"),
        form(async (f) => {
          let p;
          try { p = JSON.parse(params.value || "{}"); } catch (e) { say("The parameters must be JSON: " + e.message, true); return; }
          await act("Connecting " + id.value, () => Dot.call("POST", "/connect_" + type.value, Object.assign(p, { connection_id: id.value })));
          f.reset(); redraw();
        }, field("Type", type), field("Connection id", id), el("div", { style: "flex:1 1 100%" }, el("label", { for: "conn-params" }, "Parameters (JSON, as Dot's connect_* endpoints)"), params),
          el("button", { type: "submit" }, "Connect")));
      await redraw();
    },

    async tables() {
      const tables = await Dot.call("GET", "/tables");
      const filter = el("input", { id: "table-filter", type: "search" });
      const list = el("tbody");
      const draw = () => {
        const q = filter.value.toLowerCase();
        list.replaceChildren(...tables.filter(t => !q || t.id.toLowerCase().includes(q)).map(t => {
          const desc = el("textarea", { "aria-label": "Description of " + t.id, rows: 2 });
          desc.value = t.description || "";
          const grp = el("input", { "aria-label": "Group for " + t.id, placeholder: "group", size: 10 });
          const groups = el("div", { class: "actions" });
          const drawGroups = () => groups.replaceChildren(...(t.groups || []).map(g => el("span", { class: "label" }, g, " ",
            el("button", { type: "button", class: "link", "aria-label": `Remove ${t.id} from ${g}`, onclick: async () => {
              await act(`Removing ${t.id} from ${g}`, () => Dot.call("POST", "/remove_doc_from_group", { doc_id: t.id, group: g }));
              t.groups = t.groups.filter(x => x !== g); drawGroups(); } }, "×"))));
          drawGroups();
          return el("tr", null, el("td", null, el("code", null, t.id), el("br"), `${t.column_count} columns`),
            el("td", null, desc, el("button", { type: "button", class: "secondary", onclick: () =>
              act("Saving the description of " + t.id, () => Dot.call("POST", "/save_table_doc", { table: { id: t.id, description: desc.value } })) }, "Save")),
            el("td", null, groups, el("div", { class: "actions" }, grp, el("button", { type: "button", class: "secondary", onclick: async () => {
              const g = grp.value.trim(); if (!g) return;
              await act(`Adding ${t.id} to ${g}`, () => Dot.call("POST", "/add_doc_to_group", { doc_id: t.id, group: g }));
              t.groups = [...(t.groups || []), g]; grp.value = ""; drawGroups(); } }, "Add group"))));
        }));
      };
      filter.addEventListener("input", draw);
      body.append(el("div", { class: "toolbar" }, el("label", { for: "table-filter" }, "Filter tables"), filter),
        table("Tables", ["Table", "Description", "Groups (who may query it)"], list));
      draw();
    },
  };

  (sections[section] || (async () => say("Unknown section", true)))().catch(e => say(e.message, true));
})();

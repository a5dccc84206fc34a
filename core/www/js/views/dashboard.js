// Dashboards: saved reports side by side (/api/v1/dashboards, /api/v1/saved_reports). Each
// person starts on their own dashboard, else one shared with their role, else their unit's;
// with none, a starter dashboard for their role is built from ../dashboards.json and the
// reports they may run. The owner edits it (order, display, add, remove); others make a copy.
import * as api from "../api.js";
import { fill, h, nextId } from "../dom.js";
import { formatPercent, t } from "../i18n.js";
import { reportDefs, reportTitle, roles, state, userId } from "../meta.js";
import { chart } from "./chart.js";
import { PARAMS, cellText, columnTitle, presetRange, resultSeries, resultTable, runPath } from "./report.js";

const DISPLAYS = ["number", "table", "bar", "line"];
const iso = (d) => d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");

// The dashboard to open: the person's own, else their role's, else their unit's.
function choose(items) {
  const me = userId();
  const myRoles = roles();
  const newest = (list) => list.sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at)))[0];
  return newest(items.filter((d) => d.owner_id === me))
    || newest(items.filter((d) => d.shared_with === "role" && myRoles.includes(d.role)))
    || newest(items.filter((d) => d.shared_with === "unit"));
}

// Builds the starter dashboard of the person's role from the reports they may run: the
// widgets of the role's template that name a report the person may run (the plugins' reports
// a role works with), else the template's generic widgets over the first two reports.
async function createStarter() {
  const all = await reportDefs();
  if (!all.length) return null;
  const templates = await (await fetch(new URL("../../dashboards.json", import.meta.url))).json();
  const role = roles().find((r) => templates.roles[r]);
  const template = templates.roles[role] || templates.default;
  const items = [];
  async function add(def, tpl, dims, measures) {
    const params = { dims, measures };
    if (tpl.filter) params.filter = JSON.stringify(tpl.filter);
    const range = tpl.period ? presetRange(tpl.period) : null;
    if (range && def.dims.some((d) => d.bucket)) {
      params.from = iso(range[0]);
      params.to = iso(range[1]);
      if (tpl.compare) params.compare = tpl.compare;
    }
    const saved = await api.post("/api/v1/saved_reports", {
      name: t(tpl.name, { report: reportTitle(def) }), report: def.id, params });
    items.push({ saved_report_id: saved.id, display: tpl.display });
  }
  for (const tpl of template.filter((x) => x.report)) {
    const def = all.find((d) => d.id === tpl.report);
    if (def) await add(def, tpl, tpl.dims, tpl.measures || def.measures[0]?.name);
  }
  const generic = template.filter((x) => !x.report);
  for (const def of items.length ? [] : all.slice(0, 2)) {
    for (const tpl of generic.length ? generic : templates.default) {
      let dims = "";
      if (tpl.dims === "first") dims = def.dims.find((d) => !d.bucket)?.name;
      else if (tpl.dims.startsWith("time:")) dims = (def.dims.find((d) => d.bucket === tpl.dims.slice(5)) || def.dims.find((d) => d.bucket))?.name;
      if (dims !== undefined) await add(def, tpl, dims, def.measures[0]?.name);
    }
  }
  if (!items.length) return null;
  return api.post("/api/v1/dashboards", { name: t("dashboard.starter_name"), items: items.slice(0, 24) });
}

// One tile: the saved report run now, shown as DISPLAY.
function widget(item, savedById, defs) {
  const s = savedById.get(item.saved_report_id);
  const titleId = nextId("w");
  const body = h("div", { class: "widget-body", "aria-busy": "true" }, h("p", { class: "loading" }, t("common.loading")));
  const el = h("section", { class: "widget widget-" + item.display, "aria-labelledby": titleId },
    h("h2", { id: titleId }, s ? s.name : t("dashboard.missing")), body);
  if (!s) { fill(body, h("p", { class: "empty" }, t("dashboard.missing_text"))); body.removeAttribute("aria-busy"); return el; }
  const def = defs.find((d) => d.id === s.report);
  const params = {};
  for (const k of PARAMS) if (s.params?.[k] !== undefined) params[k] = s.params[k];
  const link = h("a", { class: "widget-link", href: "#/r/" + s.report + "?" + new URLSearchParams({ ...params, saved: s.id }) }, t("dashboard.open_report"));
  el.append(link);
  if (!def) { fill(body, h("p", { class: "empty" }, t("dashboard.report_unavailable"))); body.removeAttribute("aria-busy"); return el; }
  el.done = api.get(runPath(s.report, params)).then((result) => {
    const measure = result.columns.find((c) => c.role === "measure");
    if (item.display === "number" && measure) {
      const mi = result.columns.indexOf(measure);
      const ci = result.columns.findIndex((c) => c.name === measure.name + "_change");
      const change = ci >= 0 ? result.totals?.[ci] : null;
      const total = result.totals?.[mi];
      fill(body, h("p", { class: "figure" }, total === null && result.rows.length > 1 ? t("dashboard.several_currencies") : cellText(measure, total)),
        h("p", { class: "figure-label" }, columnTitle(def, measure, params.compare)),
        change !== null && change !== undefined ? h("p", { class: "figure-change " + (change >= 0 ? "up" : "down") }, formatPercent(change)) : null);
    } else if ((item.display === "bar" || item.display === "line") && measure) {
      const series = resultSeries(def, result, measure.name, params.compare);
      fill(body, chart(series, item.display, s.name));
    } else {
      fill(body, resultTable(def, result, params.compare));
    }
    body.removeAttribute("aria-busy");
    el.dataset.ready = "true";
  }).catch((err) => {
    fill(body, h("p", { class: "inline-error" }, err.message));
    body.removeAttribute("aria-busy");
    el.dataset.ready = "error";
  });
  return el;
}

export async function show(root, [id], query, ctx) {
  const [list, savedList, defs] = await Promise.all([
    api.get("/api/v1/dashboards"), api.get("/api/v1/saved_reports"), reportDefs()]);
  let dash = id ? list.items.find((d) => d.id === id) : choose(list.items);
  if (id && !dash) throw new api.ApiError(404, null, id);
  if (!dash) {
    dash = await createStarter();
    if (dash) {
      list.items.push(dash);
      savedList.items.push(...(await api.get("/api/v1/saved_reports")).items.filter((s) => !savedList.items.some((x) => x.id === s.id)));
    }
  }
  const name = state.me?.user?.display_name || state.me?.user?.username || "";
  if (!dash) {
    fill(root, h("div", { class: "page-head" }, h("h1", null, t("dashboard.welcome", { name }))),
      h("p", null, t("dashboard.nothing")));
    return;
  }
  const savedById = new Map(savedList.items.map((s) => [s.id, s]));
  const mine = dash.owner_id === userId();

  const switchId = nextId("dash");
  const switcher = list.items.length > 1 ? h("div", { class: "field inline" },
    h("label", { for: switchId }, t("dashboard.switch")),
    h("select", { id: switchId, onchange: (ev) => ctx.navigate("#/d/" + ev.target.value) },
      list.items.map((d) => h("option", { value: d.id, props: { selected: d.id === dash.id } }, d.name)))) : null;
  const editButton = h("button", { type: "button", onclick: () => (mine ? edit() : copy()) }, mine ? t("dashboard.edit") : t("dashboard.copy"));
  const grid = h("div", { class: "widgets" });
  fill(root,
    h("div", { class: "page-head" }, h("h1", null, dash.name), h("div", { class: "page-actions" }, switcher, editButton)),
    h("p", { class: "lead" }, t("dashboard.greeting", { name })),
    grid);

  const tiles = dash.items.map((item) => widget(item, savedById, defs));
  fill(grid, tiles);
  await Promise.all(tiles.map((w) => w.done).filter(Boolean));

  async function copy() {
    const made = await api.post("/api/v1/dashboards", { name: t("dashboard.copy_name", { name: dash.name }), items: dash.items });
    ctx.navigate("#/d/" + made.id);
  }

  function edit() {
    let items = dash.items.map((i) => ({ ...i }));
    const nameId = nextId("dn");
    const nameInput = h("input", { id: nameId, props: { value: dash.name } });
    const rows = h("ol", { class: "edit-items" });
    const error = h("p", { class: "field-error", role: "alert" });
    const addSel = h("select", { id: nextId("add") }, savedList.items.map((s) => h("option", { value: s.id }, s.name)));
    const addDisplay = h("select", { "aria-label": t("dashboard.display") }, DISPLAYS.map((d) => h("option", { value: d }, t("display." + d))));
    const drawRows = () => fill(rows, items.map((item, i) => {
      const s = savedById.get(item.saved_report_id);
      const label = s ? s.name : t("dashboard.missing");
      const display = h("select", { "aria-label": t("dashboard.display_of", { name: label }), onchange: (ev) => { item.display = ev.target.value; } },
        DISPLAYS.map((d) => h("option", { value: d, props: { selected: d === item.display } }, t("display." + d))));
      return h("li", null, h("span", { class: "item-name" }, label), display,
        h("button", { type: "button", class: "button-quiet", "aria-label": t("list.move_up", { column: label }), disabled: i === 0,
          onclick: () => { items.splice(i - 1, 0, items.splice(i, 1)[0]); drawRows(); } }, "↑"),
        h("button", { type: "button", class: "button-quiet", "aria-label": t("list.move_down", { column: label }), disabled: i === items.length - 1,
          onclick: () => { items.splice(i + 1, 0, items.splice(i, 1)[0]); drawRows(); } }, "↓"),
        h("button", { type: "button", class: "button-quiet", "aria-label": t("dashboard.remove", { name: label }),
          onclick: () => { items.splice(i, 1); drawRows(); } }, "×"));
    }));
    drawRows();
    const panel = h("form", { class: "panel dashboard-editor", novalidate: true },
      h("h2", null, t("dashboard.editing")),
      h("div", { class: "field" }, h("label", { for: nameId }, t("dashboard.name")), nameInput),
      rows,
      savedList.items.length ? h("div", { class: "add-item" },
        h("label", { for: addSel.id }, t("dashboard.add")), addSel, addDisplay,
        h("button", { type: "button", onclick: () => { items.push({ saved_report_id: addSel.value, display: addDisplay.value }); drawRows(); } }, t("dashboard.add_button")))
        : h("p", null, t("dashboard.add_hint")),
      error,
      h("div", { class: "form-actions" },
        h("button", { type: "submit", class: "button-primary" }, t("form.save")),
        h("button", { type: "button", class: "button-quiet", onclick: () => { panel.remove(); editButton.hidden = false; editButton.focus(); } }, t("form.cancel"))));
    panel.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        dash = await api.patch("/api/v1/dashboards/" + dash.id, { name: nameInput.value.trim(), items });
        ctx.announce(t("dashboard.saved"));
        await show(root, [dash.id], query, ctx);
        root.querySelector("h1")?.focus();
      } catch (err) {
        error.textContent = Object.values(err.fields || {})[0] || err.message;
      }
    });
    editButton.hidden = true;
    grid.before(panel);
    nameInput.focus();
  }
}

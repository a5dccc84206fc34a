// Reports: pick dimensions, measures, a period and a comparison; see a table and a chart;
// export CSV, XLSX or PDF; save the configuration (/api/v1/saved_reports) for dashboards.
import * as api from "../api.js";
import { fill, h, nextId } from "../dom.js";
import { formatBucket, formatMoney, formatNumber, formatPercent, t } from "../i18n.js";
import { dimLabel, entity, enumLabel, measureLabel, reportDefs, reportDescription, reportTitle } from "../meta.js";
import { chart } from "./chart.js";
import { formDialog } from "./dialog.js";
import { shareControls } from "./share.js";

export const PARAMS = ["dims", "measures", "from", "to", "compare"];

const iso = (d) => d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");

// The named periods, as [from, to] in the browser's calendar.
export function presetRange(name, now = new Date()) {
  const y = now.getFullYear(), m = now.getMonth();
  const q = Math.floor(m / 3) * 3;
  switch (name) {
    case "this_month": return [new Date(y, m, 1), new Date(y, m + 1, 0)];
    case "last_month": return [new Date(y, m - 1, 1), new Date(y, m, 0)];
    case "this_quarter": return [new Date(y, q, 1), new Date(y, q + 3, 0)];
    case "last_quarter": return [new Date(y, q - 3, 1), new Date(y, q, 0)];
    case "this_year": return [new Date(y, 0, 1), new Date(y, 11, 31)];
    case "last_year": return [new Date(y - 1, 0, 1), new Date(y - 1, 11, 31)];
    case "last_12_months": return [new Date(y, m - 11, 1), new Date(y, m + 1, 0)];
    default: return null;
  }
}
const PRESETS = ["all", "this_month", "last_month", "this_quarter", "last_quarter", "this_year", "last_year", "last_12_months", "custom"];

// The label of a result column in the chosen language.
export function columnTitle(def, col, compare) {
  const dim = def.dims.find((d) => d.name === col.name);
  if (col.role === "dim" && dim) return dimLabel(def, dim);
  const base = col.name.replace(/_(prev|change)$/, "");
  const m = def.measures.find((x) => x.name === (col.role === "measure" ? col.name : base));
  const label = m ? measureLabel(def, m) : col.label;
  if (col.role === "compare") return t(compare === "yoy" ? "report.col_yoy" : compare === "bucket" ? "report.col_bucket" : "report.col_prev", { measure: label });
  if (col.role === "change") return t("report.col_change", { measure: label });
  return label;
}

// A cell of a result in the chosen language. A dimension of ids shows the names the result
// gives (people, units, records); one named after an enum field of the report's entity shows
// that field's value labels.
export function cellText(col, v, def) {
  if (v === null || v === undefined) return col.role === "dim" ? t("report.none") : "—";
  if (col.role === "dim" && col.names && typeof v === "string" && Object.hasOwn(col.names, v)) return col.names[v];
  if (col.role === "dim" && def && typeof v === "string") {
    const e = entity(def.entity);
    const f = e?.fields.find((x) => x.name === col.name && x.type === "enum");
    if (f) return enumLabel(e, f.name, v);
  }
  if (col.type === "money") return formatMoney(v);
  if (col.type === "date") return formatBucket(v, col.bucket);
  if (col.role === "change") return formatPercent(v);
  if (col.type === "int") return formatNumber(v);
  if (col.type === "double") return formatNumber(v, { maximumFractionDigits: 2 });
  if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
  return String(v);
}

// The result as a table with a totals row.
export function resultTable(def, result, compare) {
  const cols = result.columns;
  const cls = (c) => (c.role === "dim" ? null : "num");
  return h("div", { class: "table-wrap", role: "region", "aria-label": t("report.table"), tabindex: "0" },
    h("table", { class: "report-table" },
      h("thead", null, h("tr", null, cols.map((c) => h("th", { scope: "col", class: cls(c) }, columnTitle(def, c, compare))))),
      h("tbody", null, result.rows.length ? result.rows.map((r) => h("tr", null, r.map((v, i) => h(i === 0 && cols[0].role === "dim" ? "th" : "td",
        { class: cls(cols[i]), scope: i === 0 && cols[0].role === "dim" ? "row" : null }, cellText(cols[i], v, def)))))
        : h("tr", null, h("td", { colspan: cols.length, class: "empty" }, t("report.no_rows")))),
      result.totals ? h("tfoot", null, h("tr", null, result.totals.map((v, i) => h(i === 0 ? "th" : "td", { class: cls(cols[i]), scope: i === 0 ? "row" : null },
        i === 0 && cols[0].role === "dim" ? t("report.total") : cols[i].role === "dim" ? "" : cellText(cols[i], v))))) : null));
}

// The chart's series: one label per row (its dimension values, and the currency when money is
// shown), the measure MEASURE and, with a comparison, its earlier period.
export function resultSeries(def, result, measure, compare) {
  const cols = result.columns;
  const dims = cols.map((c, i) => [c, i]).filter(([c]) => c.role === "dim");
  const mi = cols.findIndex((c) => c.role === "measure" && c.name === measure);
  const pi = cols.findIndex((c) => c.role === "compare" && c.name === measure + "_prev");
  if (mi < 0) return null;
  // Money measures split the rows by currency: the currency then tells rows apart.
  const ci = cols.findIndex((c, i) => c.type === "money" && new Set(result.rows.map((r) => r[i]?.currency).filter(Boolean)).size > 1);
  const labels = result.rows.map((r) => {
    const parts = dims.map(([c, i]) => cellText(c, r[i], def));
    if (ci >= 0 && r[ci]) parts.push(r[ci].currency);
    return parts.join(" · ") || t("report.total");
  });
  const datasets = [{ label: columnTitle(def, cols[mi], compare), values: result.rows.map((r) => r[mi]) }];
  if (pi >= 0) datasets.push({ label: columnTitle(def, cols[pi], compare), values: result.rows.map((r) => r[pi]), compare: true });
  return { labels, datasets, paired: pi >= 0, integer: cols[mi].type === "int" };
}

// The run's address. An empty dims= is kept: it asks for one row of totals.
export function runPath(id, params, format) {
  const q = new URLSearchParams();
  for (const k of PARAMS) if (params[k] !== undefined && (params[k] !== "" || k === "dims")) q.set(k, params[k]);
  if (format) q.set("format", format);
  return "/api/v1/reports/" + encodeURIComponent(id) + "?" + q.toString();
}

export async function showIndex(root) {
  const defs = await reportDefs();
  fill(root, h("div", { class: "page-head" }, h("h1", null, t("nav.reports"))),
    defs.length ? h("ul", { class: "cards" }, defs.map((d) => h("li", { class: "card" },
      h("h2", null, h("a", { href: "#/r/" + d.id }, reportTitle(d))), h("p", null, reportDescription(d)))))
      : h("p", null, t("report.none_available")));
}

export async function show(root, [id], query, ctx) {
  const def = (await reportDefs()).find((r) => r.id === id);
  if (!def) throw new api.ApiError(404, null, id);
  const params = {};
  for (const p of PARAMS) if (query.get(p)) params[p] = query.get(p);
  let chartType = query.get("chart") || "bar";
  let chartMeasure = query.get("chart_measure") || "";
  let result = null;

  // --- controls ---
  const dimBoxes = def.dims.map((d) => {
    const cid = nextId("dim");
    return { name: d.name, box: h("input", { type: "checkbox", id: cid, value: d.name }), label: h("label", { for: cid }, dimLabel(def, d)) };
  });
  const measureBoxes = def.measures.map((m) => {
    const cid = nextId("measure");
    return { name: m.name, box: h("input", { type: "checkbox", id: cid, value: m.name }), label: h("label", { for: cid }, measureLabel(def, m)) };
  });
  const presetId = nextId("preset"), fromId = nextId("from"), toId = nextId("to"), compareId = nextId("compare"), chartId = nextId("chart");
  const preset = h("select", { id: presetId }, PRESETS.map((p) => h("option", { value: p }, t("period." + p))));
  const from = h("input", { id: fromId, type: "date" });
  const to = h("input", { id: toId, type: "date" });
  const compare = h("select", { id: compareId }, h("option", { value: "" }, t("report.compare_none")),
    h("option", { value: "prev" }, t("report.compare_prev")), h("option", { value: "yoy" }, t("report.compare_yoy")),
    h("option", { value: "bucket" }, t("report.compare_bucket")));
  const chartSel = h("select", { id: chartId }, ["bar", "line", "none"].map((c) => h("option", { value: c }, t("chart." + c))));
  const formError = h("p", { class: "field-error", role: "alert" });
  const controls = h("form", { class: "report-controls", novalidate: true },
    h("fieldset", null, h("legend", null, t("report.group_by")), h("ul", { class: "checks" }, dimBoxes.map((d) => h("li", null, d.box, d.label)))),
    h("fieldset", null, h("legend", null, t("report.measures")), h("ul", { class: "checks" }, measureBoxes.map((m) => h("li", null, m.box, m.label)))),
    h("fieldset", { class: "period" }, h("legend", null, t("report.period")),
      h("div", { class: "field" }, h("label", { for: presetId }, t("report.preset")), preset),
      h("div", { class: "field" }, h("label", { for: fromId }, t("report.from")), from),
      h("div", { class: "field" }, h("label", { for: toId }, t("report.to")), to),
      h("div", { class: "field" }, h("label", { for: compareId }, t("report.compare")), compare)),
    h("div", { class: "form-actions" },
      h("div", { class: "field" }, h("label", { for: chartId }, t("chart.type")), chartSel),
      h("button", { type: "submit", class: "button-primary" }, t("report.run"))),
    formError);

  preset.addEventListener("change", () => {
    const r = presetRange(preset.value);
    if (r) { from.value = iso(r[0]); to.value = iso(r[1]); }
    else if (preset.value === "all") { from.value = ""; to.value = ""; }
  });
  for (const input of [from, to]) input.addEventListener("change", () => { preset.value = "custom"; });

  function writeControls() {
    const dims = (params.dims ?? "").split(",").filter(Boolean);
    const measures = (params.measures ?? "").split(",").filter(Boolean);
    for (const d of dimBoxes) d.box.checked = dims.includes(d.name);
    for (const m of measureBoxes) m.box.checked = measures.includes(m.name);
    from.value = params.from || "";
    to.value = params.to || "";
    preset.value = !params.from && !params.to ? "all"
      : PRESETS.find((p) => { const r = presetRange(p); return r && iso(r[0]) === params.from && iso(r[1]) === params.to; }) || "custom";
    compare.value = params.compare || "";
    chartSel.value = chartType;
  }

  function readControls() {
    const out = {
      dims: dimBoxes.filter((d) => d.box.checked).map((d) => d.name).join(","),
      measures: measureBoxes.filter((m) => m.box.checked).map((m) => m.name).join(","),
      from: from.value, to: to.value, compare: compare.value,
    };
    for (const k of PARAMS) if (!out[k]) delete out[k];
    if (out.dims === undefined) out.dims = ""; // none ticked: one row of totals
    return out;
  }

  controls.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = readControls();
    if (next.compare && !(next.from && next.to)) {
      formError.textContent = t("report.compare_needs_period");
      from.focus();
      return;
    }
    const timeDims = next.dims.split(",").filter((n) => def.dims.find((d) => d.name === n && d.bucket));
    if (next.compare === "bucket" && timeDims.length !== 1) {
      formError.textContent = t("report.compare_needs_time_dim");
      compare.focus();
      return;
    }
    formError.textContent = "";
    Object.keys(params).forEach((k) => delete params[k]);
    Object.assign(params, next);
    chartType = chartSel.value;
    run();
  });

  // --- results ---
  const exportBar = h("div", { class: "export-bar", role: "group", "aria-label": t("report.export") });
  const savedId = nextId("saved");
  const savedSel = h("select", { id: savedId });
  const saveButton = h("button", { type: "button", onclick: () => saveDialog() }, t("report.save"));
  const savedBar = h("div", { class: "saved-bar" }, h("label", { for: savedId }, t("report.saved")), savedSel, saveButton);
  const output = h("div", { class: "report-output", "aria-live": "polite" });
  fill(root,
    h("div", { class: "page-head" }, h("h1", null, reportTitle(def)), savedBar),
    reportDescription(def) ? h("p", { class: "lead" }, reportDescription(def)) : null,
    controls, exportBar, output);

  let saved = [];
  async function loadSaved(selected) {
    try {
      saved = (await api.get("/api/v1/saved_reports")).items.filter((s) => s.report === id);
    } catch { saved = []; }
    fill(savedSel, h("option", { value: "" }, saved.length ? t("report.saved_choose") : t("report.saved_none")),
      saved.map((s) => h("option", { value: s.id }, s.name)));
    savedSel.value = selected || query.get("saved") || "";
  }
  savedSel.addEventListener("change", () => {
    const s = saved.find((x) => x.id === savedSel.value);
    if (!s) return;
    Object.keys(params).forEach((k) => delete params[k]);
    for (const k of PARAMS) if (s.params?.[k] !== undefined) params[k] = s.params[k];
    run();
  });

  function remember() {
    ctx.setQuery({ ...params, dims: params.dims ?? undefined, chart: chartType === "bar" ? "" : chartType,
      chart_measure: chartMeasure, saved: savedSel.value });
    fill(exportBar, h("span", { class: "export-label" }, t("report.export")),
      ["csv", "xlsx", "pdf"].map((f) => h("a", { class: "button", href: runPath(id, params, f), download: id + "." + f, "data-format": f }, f.toUpperCase())));
  }

  let runSeq = 0;
  async function run() {
    const mine = ++runSeq;
    output.setAttribute("aria-busy", "true");
    remember();
    try {
      result = await api.get(runPath(id, params));
    } catch (err) {
      if (mine !== runSeq) return;
      output.removeAttribute("aria-busy");
      fill(output, h("p", { class: "inline-error", role: "alert" }, err.message));
      return;
    }
    if (mine !== runSeq) return;
    // What the server used when we asked for its defaults.
    if (params.dims === undefined) params.dims = result.columns.filter((c) => c.role === "dim").map((c) => c.name).join(",");
    if (params.measures === undefined) params.measures = result.columns.filter((c) => c.role === "measure").map((c) => c.name).join(",");
    writeControls();
    remember();
    render();
    output.removeAttribute("aria-busy");
    ctx.announce(t("report.ready", { n: result.rows.length }));
  }

  function render() {
    const measures = result.columns.filter((c) => c.role === "measure");
    if (!measures.some((m) => m.name === chartMeasure)) chartMeasure = measures[0]?.name || "";
    const measureId = nextId("cm");
    const measureSel = h("select", { id: measureId, onchange: () => { chartMeasure = measureSel.value; remember(); render(); } },
      measures.map((m) => h("option", { value: m.name }, columnTitle(def, m, params.compare))));
    measureSel.value = chartMeasure;
    const series = chartType !== "none" && chartMeasure ? resultSeries(def, result, chartMeasure, params.compare) : null;
    fill(output,
      series ? h("figure", { class: "chart" },
        h("div", { class: "field inline" }, h("label", { for: measureId }, t("chart.measure")), measureSel),
        chart(series, chartType, reportTitle(def)),
        h("figcaption", { class: "sr-only" }, t("chart.alt", { title: reportTitle(def) }))) : null,
      resultTable(def, result, params.compare));
  }

  function saveDialog() {
    const nameId = nextId("name");
    const nameInput = h("input", { id: nameId, required: true, props: { value: reportTitle(def) } });
    const sharing = shareControls();
    formDialog({
      title: t("report.save_title"),
      body: [h("div", { class: "field" }, h("label", { for: nameId }, t("report.save_name")), nameInput), sharing.el],
      async onSave() {
        const s = await api.post("/api/v1/saved_reports", { name: nameInput.value.trim(), report: id, params: { ...params }, ...sharing.read() });
        await loadSaved(s.id);
        remember();
        ctx.announce(t("report.saved_done", { name: s.name }));
      },
    });
    nameInput.focus();
  }

  writeControls();
  await Promise.all([loadSaved(), run()]);
}

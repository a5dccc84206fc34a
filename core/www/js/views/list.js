// The list of an entity's records: columns from the schema (chosen and ordered by the person,
// remembered in this browser), full-text search, the filter builder, sort, keyset pagination
// (next_cursor: a page costs the same at row one million as at row one), rows to select, CSV
// and XLSX export, and saved groups (groups.js): an open group lists its members instead.
import * as api from "../api.js";
import { debounce, fill, h, nextId } from "../dom.js";
import { display } from "../format.js";
import { t } from "../i18n.js";
import { entity, entityLabel, fieldAt, fieldLabel, prefs, systemLabelKey, titleOf } from "../meta.js";
import { builder, compile } from "./filter.js";
import { groupsPanel } from "./groups.js";

const PAGE_SIZES = [25, 50, 100];
const SYSTEM_COLUMNS = [
  { name: "created_at", type: "datetime", indexed: true },
  { name: "updated_at", type: "datetime", indexed: true },
];
const LISTABLE = new Set(["string", "int", "money", "decimal", "date", "datetime", "bool", "enum", "ref", "array", "object", "text"]);

// Every column a list of E can show, in schema order.
export function allColumns(e) {
  return [...e.fields.filter((f) => LISTABLE.has(f.type)), ...SYSTEM_COLUMNS];
}

// The columns shown when the person has not chosen: the title, then up to five short fields.
export function defaultColumns(e) {
  const cols = [];
  if (e.title_field) cols.push(e.title_field);
  for (const f of e.fields) {
    if (cols.length >= 6) break;
    if (cols.includes(f.name) || f.sensitive || ["text", "object", "array"].includes(f.type)) continue;
    cols.push(f.name);
  }
  return cols;
}

export function columnLabel(e, name) {
  const key = systemLabelKey(name);
  return key && !fieldAt(e, name) ? t(key) : fieldLabel(e, name);
}

// Sorting stays fast on large lists only over indexed fields (and the id and times).
function sortable(e, name) {
  if (name === "id") return true;
  const f = fieldAt(e, name) || SYSTEM_COLUMNS.find((c) => c.name === name);
  return Boolean(f && f.indexed && !["object", "array", "money"].includes(f.type));
}

function parseConditions(s) {
  try {
    const v = JSON.parse(s || "[]");
    return Array.isArray(v) ? v.filter((c) => Array.isArray(c) && c.length === 3) : [];
  } catch {
    return [];
  }
}

export async function show(root, [name], query, ctx) {
  const e = entity(name);
  if (!e) throw new api.ApiError(404, null, name);
  const st = {
    q: query.get("q") || "",
    // "" is the server's order: the entity's default sort, or best match first for a search
    sort: query.get("sort") || "",
    conditions: parseConditions(query.get("f")),
    limit: prefs.get("page_size", 50),
    cursors: [], // the cursors of the pages before this one
    cursor: null,
    next: null,
    items: [],
    group: null, // the open saved group
    selected: new Set(), // ids of the selected rows, kept across pages
  };
  if (query.get("group")) {
    st.group = await api.get("/api/v1/groups/" + encodeURIComponent(query.get("group")));
    if (st.group.entity !== name) throw new api.ApiError(404, null, name);
  }
  let columns = (prefs.get("columns." + name, null) || defaultColumns(e)).filter((c) => fieldAt(e, c) || SYSTEM_COLUMNS.some((s) => s.name === c));
  if (!columns.length) columns = defaultColumns(e);
  const plural = entityLabel(e, true);
  const heading = st.group ? t("groups.heading", { entities: plural, name: st.group.name }) : plural;
  const titleId = nextId("title");

  // --- the page ---
  const count = h("p", { class: "count", "aria-live": "polite" });
  const actions = h("div", { class: "page-actions" },
    e.can?.create ? h("a", { class: "button button-primary", href: "#/e/" + name + "/new" }, t("list.new", { entity: entityLabel(e) })) : null);
  const exportLinks = e.can?.export ? [["csv", t("list.export_csv")], ["xlsx", t("list.export_xlsx")]]
    .map(([f, label]) => h("a", { class: "button", download: name + "." + f, "data-format": f }, label)) : [];
  actions.append(...exportLinks);

  const searchId = nextId("search");
  const search = h("input", { id: searchId, type: "search", props: { value: st.q }, "aria-keyshortcuts": "/" });
  const searchForm = e.searchable ? h("form", { role: "search", class: "search", onsubmit: (ev) => { ev.preventDefault(); restart(); } },
    h("label", { for: searchId, class: "sr-only" }, t("list.search_label", { entities: plural })),
    search, h("button", { type: "submit" }, t("list.search"))) : null;
  search.placeholder = t("list.search_placeholder");
  if (st.group?.q) { // a group with its own search takes no second one
    search.disabled = true;
    search.placeholder = t("groups.has_search", { q: st.group.q });
  }
  search.addEventListener("input", debounce(() => { if (search.value.trim() !== st.q) restart(); }, 350));

  const filterPanelId = nextId("filters"), columnPanelId = nextId("columns");
  const filterToggle = h("button", { type: "button", "aria-expanded": "false", "aria-controls": filterPanelId });
  const columnToggle = h("button", { type: "button", "aria-expanded": "false", "aria-controls": columnPanelId }, t("list.columns"));
  const filterPanel = h("div", { id: filterPanelId, class: "panel", hidden: true });
  const columnPanel = h("div", { id: columnPanelId, class: "panel", hidden: true });
  const toggle = (button, panel, open) => {
    const now = open ?? panel.hidden;
    panel.hidden = !now;
    button.setAttribute("aria-expanded", String(now));
    if (now) panel.querySelector("select, input, button")?.focus();
  };
  filterToggle.addEventListener("click", () => toggle(filterToggle, filterPanel));
  columnToggle.addEventListener("click", () => toggle(columnToggle, columnPanel));

  // Saved groups (groups.js): the picker, "Save as group", and the bar of an open group.
  const groupsSlot = h("div", { class: "groups-slot", "data-slot": "groups", hidden: true });

  const error = h("div", { class: "inline-error", role: "alert" });
  const table = h("table", { class: "records" });
  const tableWrap = h("div", { class: "table-wrap", role: "region", "aria-labelledby": titleId, tabindex: "0" }, table);
  const pageInfo = h("span", { class: "page-info" });
  const first = h("button", { type: "button", onclick: () => { st.cursors = []; st.cursor = null; load(); } }, t("list.first"));
  const prev = h("button", { type: "button", onclick: () => { st.cursor = st.cursors.pop() ?? null; load(); } }, t("list.previous"));
  const next = h("button", { type: "button", onclick: () => { st.cursors.push(st.cursor); st.cursor = st.next; load(); } }, t("list.next"));
  const sizeId = nextId("size");
  const size = h("select", { id: sizeId, onchange: () => { st.limit = Number(size.value); prefs.set("page_size", st.limit); st.cursors = []; st.cursor = null; load(); } },
    PAGE_SIZES.map((n) => h("option", { value: n }, String(n))));
  size.value = String(st.limit);
  const selection = h("span", { class: "selection", "aria-live": "polite" });
  const pager = h("nav", { class: "pager", "aria-label": t("list.pages") }, first, prev, pageInfo, next, selection,
    h("label", { for: sizeId }, t("list.page_size")), size);

  fill(root,
    h("div", { class: "page-head" }, h("h1", { id: titleId }, heading), count, actions),
    h("div", { class: "toolbar" }, searchForm, filterToggle, columnToggle),
    groupsSlot, filterPanel, columnPanel, error, tableWrap, pager);

  // --- state to address and requests ---

  function params() {
    const filter = compile(e, st.conditions);
    return { q: st.q || undefined, sort: st.sort || undefined, filter: filter ? JSON.stringify(filter) : undefined };
  }

  // Where the rows come from: the entity's list, or the open group's members.
  const source = () => (st.group ? "/api/v1/groups/" + encodeURIComponent(st.group.id) : "/api/v1/" + name);
  const listPath = () => (st.group ? source() + "/members" : source());

  function remember() {
    ctx.setQuery({ group: st.group?.id, q: st.q, sort: st.sort,
      f: st.conditions.length ? JSON.stringify(st.conditions) : "" });
    for (const a of exportLinks) {
      a.href = api.withQuery(source() + "/export." + a.dataset.format, params());
      a.download = (st.group ? name + "-" + st.group.name.replace(/[^\p{L}\p{N}]+/gu, "-") : name) + "." + a.dataset.format;
    }
  }

  function restart() {
    st.q = search.value.trim();
    st.cursors = [];
    st.cursor = null;
    remember();
    // The count starts once the page is drawn: on a large list it would compete with it.
    load().then(loadCount);
  }

  let loadSeq = 0;
  async function load() {
    const mine = ++loadSeq;
    table.setAttribute("aria-busy", "true");
    try {
      const page = await api.get(api.withQuery(listPath(), { ...params(), limit: st.limit, cursor: st.cursor || undefined }));
      if (mine !== loadSeq) return;
      st.items = page.items;
      st.next = page.next_cursor;
      error.replaceChildren();
      renderTable();
      ctx.announce(t("list.loaded", { n: page.items.length }));
    } catch (err) {
      if (mine !== loadSeq) return;
      st.items = [];
      st.next = null;
      renderTable();
      fill(error, err.status === 400 ? t("list.bad_query", { message: err.message }) : err.message);
    } finally {
      table.removeAttribute("aria-busy");
    }
  }

  // The total is a separate, later request: counting a million rows must not hold up the page.
  let countSeq = 0;
  async function loadCount() {
    const mine = ++countSeq;
    count.textContent = "";
    try {
      const r = await api.get(api.withQuery(listPath(), { ...params(), limit: 1, _count: "true" }));
      if (mine === countSeq) count.textContent = t("list.count", { n: r.count });
    } catch { /* the list itself reports errors */ }
  }

  // --- rendering ---

  function sortButton(col) {
    const shown = st.sort || (st.q ? "" : e.default_sort || "-id");
    const desc = shown === "-" + col;
    const asc = shown === col || shown === "+" + col;
    const label = columnLabel(e, col);
    if (!sortable(e, col)) return h("th", { scope: "col" }, label);
    const th = h("th", { scope: "col", "aria-sort": asc ? "ascending" : desc ? "descending" : "none" },
      h("button", { type: "button", class: "sort", onclick: () => { st.sort = asc ? "-" + col : col; restart(); } },
        label, h("span", { class: "sort-mark", "aria-hidden": "true" }, asc ? "▲" : desc ? "▼" : "↕"),
        h("span", { class: "sr-only" }, asc ? t("list.sorted_asc") : desc ? t("list.sorted_desc") : t("list.sort_hint"))));
    return th;
  }

  // A checkbox selecting ITEM's row (static groups are made of the selection).
  function selectBox(item) {
    const label = t("list.select_row", { title: titleOf(e, item) });
    return h("td", { class: "select" }, h("input", { type: "checkbox", "aria-label": label, props: { checked: st.selected.has(item.id) },
      onchange: (ev) => { if (ev.target.checked) st.selected.add(item.id); else st.selected.delete(item.id); renderSelection(); } }));
  }

  function renderSelection() {
    const all = table.querySelector("thead input[type=checkbox]");
    const onPage = st.items.filter((i) => st.selected.has(i.id)).length;
    if (all) {
      all.checked = onPage > 0 && onPage === st.items.length;
      all.indeterminate = onPage > 0 && onPage < st.items.length;
    }
    fill(selection, st.selected.size ? [t("list.selected", { n: st.selected.size }), " ",
      h("button", { type: "button", class: "button-quiet", onclick: () => { st.selected.clear(); renderTable(); } }, t("list.clear_selection"))] : null);
  }

  let renders = 0;
  function renderTable() {
    const caption = h("caption", { class: "sr-only" }, plural);
    const allBox = h("input", { type: "checkbox", "aria-label": t("list.select_page"), onchange: (ev) => {
      for (const i of st.items) { if (ev.target.checked) st.selected.add(i.id); else st.selected.delete(i.id); }
      renderTable();
    } });
    const head = h("thead", null, h("tr", null, h("th", { scope: "col", class: "select" }, allBox), columns.map(sortButton)));
    const rows = st.items.map((item) => {
      const href = "#/e/" + name + "/" + encodeURIComponent(item.id);
      const cells = columns.map((col, i) => {
        const f = fieldAt(e, col) || SYSTEM_COLUMNS.find((c) => c.name === col);
        const v = display(e, col, f, item[col]);
        const cls = ["int", "decimal", "money"].includes(f?.type) ? "num" : f?.type === "text" ? "long" : null;
        if (i === 0) return h("td", { class: cls }, h("a", { href, class: "row-link" }, v === "" ? titleOf(e, item) : v));
        return h("td", { class: cls }, v);
      });
      const tr = h("tr", null, selectBox(item), cells);
      tr.addEventListener("click", (ev) => { if (!ev.target.closest("a, button, input, td.select")) ctx.navigate(href); });
      return tr;
    });
    const body = h("tbody", null, rows.length ? rows
      : h("tr", null, h("td", { colspan: columns.length + 1, class: "empty" }, st.q || st.conditions.length ? t("list.nothing_found") : t("list.empty"))));
    fill(table, caption, head, body);
    table.dataset.renders = String(++renders); // lets tests and benchmarks see a fresh page
    renderSelection();
    const pageNo = st.cursors.length + 1;
    pageInfo.textContent = t("list.page", { n: pageNo });
    first.disabled = prev.disabled = pageNo === 1;
    next.disabled = !st.next;
    filterToggle.textContent = st.conditions.length ? t("list.filters_n", { n: st.conditions.length }) : t("list.filters");
  }

  function renderFilters() {
    fill(filterPanel, builder(e, st.conditions, (conditions) => {
      st.conditions = conditions;
      restart();
      renderFilters();
    }));
  }

  function renderColumns() {
    const chosen = new Set(columns);
    const ordered = [...columns, ...allColumns(e).map((c) => c.name).filter((c) => !chosen.has(c))];
    // Saves, redraws, and puts the focus back on the control that was used.
    const save = (col, action) => {
      prefs.set("columns." + name, columns);
      renderTable();
      renderColumns();
      const again = columnPanel.querySelector(`[data-col="${col}"][data-action="${action}"]`);
      (again && !again.disabled ? again : columnPanel.querySelector(`[data-col="${col}"]`))?.focus();
    };
    const items = ordered.map((col) => {
      const id = nextId("col");
      const label = columnLabel(e, col);
      const on = chosen.has(col);
      const i = columns.indexOf(col);
      return h("li", null,
        h("input", { type: "checkbox", id, "data-col": col, "data-action": "show", props: { checked: on }, onchange: (ev) => {
          columns = ev.target.checked ? [...columns, col] : columns.filter((c) => c !== col);
          if (!columns.length) columns = [col];
          save(col, "show");
        } }),
        h("label", { for: id }, label),
        on ? h("button", { type: "button", class: "button-quiet", "aria-label": t("list.move_up", { column: label }), disabled: i === 0,
          "data-col": col, "data-action": "up",
          onclick: () => { columns.splice(i - 1, 0, columns.splice(i, 1)[0]); save(col, "up"); } }, "↑") : null,
        on ? h("button", { type: "button", class: "button-quiet", "aria-label": t("list.move_down", { column: label }), disabled: i === columns.length - 1,
          "data-col": col, "data-action": "down",
          onclick: () => { columns.splice(i + 1, 0, columns.splice(i, 1)[0]); save(col, "down"); } }, "↓") : null);
    });
    fill(columnPanel, h("fieldset", { class: "column-chooser" }, h("legend", null, t("list.columns_legend")),
      h("ul", null, items),
      h("button", { type: "button", class: "button-quiet", onclick: () => { columns = defaultColumns(e); save(columns[0], "show"); } }, t("list.columns_reset"))));
  }

  renderFilters();
  renderColumns();
  const groupList = {
    group: st.group,
    params,
    selected: () => [...st.selected],
    clearSelection: () => { st.selected.clear(); renderTable(); },
    open: (id) => ctx.navigate("#/e/" + name + "?group=" + encodeURIComponent(id)),
    close: () => ctx.navigate("#/e/" + name),
    reload: () => { groupsPanel(groupsSlot, e, groupList); load(); loadCount(); },
    announce: ctx.announce,
  };
  groupsPanel(groupsSlot, e, groupList);
  if (st.conditions.length) toggle(filterToggle, filterPanel, true);
  remember();
  await load();
  loadCount();
}

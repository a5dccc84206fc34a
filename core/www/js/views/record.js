// One record: its fields as the schema labels them, who owns it and when it changed, edit and
// delete as the person's permissions allow, and related sections. Sections come from the
// entity's optional "record_sections" endpoint in /api/v1/meta (a path with {id}, e.g. the
// clients plugin's /api/v1/clients/{id}/360), answering {"sections": {...}} in the form of
// crm_related_collect(): {"<name>": {"label", "entity", "items", "total", "more"}}.
import * as api from "../api.js";
import { fill, h, nextId } from "../dom.js";
import { display } from "../format.js";
import { formatDateTime, t } from "../i18n.js";
import { entity, entityLabel, fieldLabel, titleOf, userId } from "../meta.js";
import { columnLabel, defaultColumns } from "./list.js";

const units = new Map();
function unitName(id) {
  if (!units.has(id)) units.set(id, api.get("/api/v1/org_units/" + encodeURIComponent(id), { noRetry: true }).then((u) => u.name).catch(() => id));
  return units.get(id);
}

function fieldRows(e, fields, record, prefix) {
  const rows = [];
  for (const f of fields) {
    const path = prefix + f.name;
    const v = record ? record[f.name] : undefined;
    if (f.type === "object" && f.fields) {
      rows.push(h("div", { class: "record-group" }, h("h3", null, fieldLabel(e, path)),
        h("dl", { class: "record-fields" }, fieldRows(e, f.fields, v || {}, path + "."))));
      continue;
    }
    const shown = display(e, path, f, v);
    rows.push(h("div", { class: "record-field", "data-field": path }, h("dt", null, fieldLabel(e, path)),
      h("dd", { class: shown === "" ? "empty" : f.type === "text" ? "long" : null }, shown === "" ? "—" : shown)));
  }
  return rows;
}

// Related sections in crm_related_collect()'s form, each as a small table.
export function renderSections(sections) {
  return Object.entries(sections || {}).map(([key, s]) => {
    const se = entity(s.entity);
    const id = nextId("sec");
    const cols = se ? defaultColumns(se).slice(0, 4) : [];
    const items = s.items || [];
    const body = !items.length ? h("p", { class: "empty" }, t("record.section_empty"))
      : se ? h("div", { class: "table-wrap" }, h("table", { class: "records" },
        h("thead", null, h("tr", null, cols.map((c) => h("th", { scope: "col" }, columnLabel(se, c))))),
        h("tbody", null, items.map((item) => h("tr", null, cols.map((c, i) => {
          const v = display(se, c, se.fields.find((f) => f.name === c), item[c]);
          return h("td", null, i === 0 ? h("a", { href: "#/e/" + s.entity + "/" + encodeURIComponent(item.id) }, v === "" ? titleOf(se, item) : v) : v);
        }))))))
      : h("ul", null, items.map((item) => h("li", null, item.title || item.name || item.label || JSON.stringify(item))));
    return h("section", { class: "related", "aria-labelledby": id, "data-section": key },
      h("h2", { id }, s.label || key, s.total !== undefined ? h("span", { class: "badge" }, String(s.total)) : null),
      body, s.more ? h("p", { class: "more" }, t("record.section_more", { n: s.total })) : null);
  });
}

export async function show(root, [name, id], query, ctx) {
  const e = entity(name);
  if (!e) throw new api.ApiError(404, null, name);
  const record = await api.get("/api/v1/" + name + "/" + encodeURIComponent(id));
  const title = titleOf(e, record);
  const actions = h("div", { class: "page-actions" },
    e.can?.update ? h("a", { class: "button button-primary", href: "#/e/" + name + "/" + encodeURIComponent(id) + "/edit" }, t("record.edit")) : null,
    e.can?.delete ? h("button", { type: "button", class: "button-danger", onclick: () => confirmDelete() }, t("record.delete")) : null);
  const unit = h("span", null, record.org_unit || "—");
  if (record.org_unit) unitName(record.org_unit).then((n) => { unit.textContent = n; });
  const info = h("aside", { class: "record-info", "aria-label": t("record.info") },
    h("h2", null, t("record.info")),
    h("dl", null,
      h("dt", null, t("field.owner_id")), h("dd", null, record.owner_id === userId() ? t("record.you") : record.owner_id || "—"),
      h("dt", null, t("field.org_unit")), h("dd", null, unit),
      h("dt", null, t("field.created_at")), h("dd", null, formatDateTime(record.created_at)),
      h("dt", null, t("field.updated_at")), h("dd", null, formatDateTime(record.updated_at)),
      h("dt", null, t("field.version")), h("dd", null, String(record.version ?? "")),
      h("dt", null, t("field.id")), h("dd", { class: "mono" }, record.id)));
  const sections = h("div", { class: "sections" });
  fill(root,
    h("p", { class: "eyebrow" }, h("a", { href: "#/e/" + name }, entityLabel(e, true))),
    h("div", { class: "page-head" }, h("h1", null, title), actions),
    h("div", { class: "record-layout" },
      h("dl", { class: "record-fields" }, fieldRows(e, e.fields, record, "")), info),
    sections);

  if (e.record_sections) {
    api.get(e.record_sections.replace("{id}", encodeURIComponent(id)))
      .then((r) => { if (ctx.isCurrent()) fill(sections, renderSections(r.sections)); })
      .catch((err) => { if (ctx.isCurrent()) fill(sections, h("p", { class: "inline-error" }, err.message)); });
  }

  function confirmDelete() {
    const dialog = h("dialog", { class: "confirm", "aria-labelledby": "del-title" },
      h("form", { method: "dialog" },
        h("h2", { id: "del-title" }, t("record.delete_title", { title })),
        h("p", null, t("record.delete_text")),
        h("div", { class: "form-actions" },
          h("button", { value: "delete", class: "button-danger" }, t("record.delete")),
          h("button", { value: "cancel", class: "button-quiet", autofocus: true }, t("form.cancel")))));
    dialog.addEventListener("close", async () => {
      dialog.remove();
      if (dialog.returnValue !== "delete") return;
      try {
        await api.del("/api/v1/" + name + "/" + encodeURIComponent(id));
        ctx.announce(t("record.deleted"));
        ctx.navigate("#/e/" + name);
      } catch (err) {
        root.prepend(h("p", { class: "inline-error", role: "alert" }, err.message));
      }
    });
    document.body.append(dialog);
    dialog.showModal();
  }
}

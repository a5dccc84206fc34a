// One record: its fields as the schema labels them, who owns it and when it changed, edit and
// delete as the person's permissions allow. A record whose entity has related sections (meta's
// "record_sections") is shown by its 360 page instead (record360.js), which uses these parts.
import * as api from "../api.js";
import { fill, h } from "../dom.js";
import { display, userSpan } from "../format.js";
import { formatDateTime, t } from "../i18n.js";
import { entity, entityLabel, fieldLabel, titleOf, userId } from "../meta.js";

const units = new Map();
function unitName(id) {
  if (!units.has(id)) units.set(id, api.get("/api/v1/org_units/" + encodeURIComponent(id), { noRetry: true }).then((u) => u.name).catch(() => id));
  return units.get(id);
}

// The fields of RECORD (at PREFIX of entity E) as definition rows; with FILLED, only those that
// hold something.
export function fieldRows(e, fields, record, prefix, filled = false) {
  const rows = [];
  for (const f of fields) {
    const path = prefix + f.name;
    const v = record ? record[f.name] : undefined;
    if (filled && (v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length) ||
        (typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length))) continue;
    if (f.type === "object" && f.fields) {
      rows.push(h("div", { class: "record-group" }, h("h3", null, fieldLabel(e, path)),
        h("dl", { class: "record-fields" }, fieldRows(e, f.fields, v || {}, path + ".", filled))));
      continue;
    }
    const shown = display(e, path, f, v);
    rows.push(h("div", { class: "record-field", "data-field": path }, h("dt", null, fieldLabel(e, path)),
      h("dd", { class: shown === "" ? "empty" : f.type === "text" ? "long" : null }, shown === "" ? "—" : shown)));
  }
  return rows;
}

// Who owns RECORD, its unit, when it was made and changed, its version and id.
export function recordInfo(record) {
  const unit = h("span", null, record.org_unit || "—");
  if (record.org_unit) unitName(record.org_unit).then((n) => { unit.textContent = n; });
  return h("aside", { class: "record-info", "aria-label": t("record.info") },
    h("h2", null, t("record.info")),
    h("dl", null,
      h("dt", null, t("field.owner_id")), h("dd", null, record.owner_id === userId() ? t("record.you") : record.owner_id ? userSpan(record.owner_id) : "—"),
      h("dt", null, t("field.org_unit")), h("dd", null, unit),
      h("dt", null, t("field.created_at")), h("dd", null, formatDateTime(record.created_at)),
      h("dt", null, t("field.updated_at")), h("dd", null, formatDateTime(record.updated_at)),
      h("dt", null, t("field.version")), h("dd", null, String(record.version ?? "")),
      h("dt", null, t("field.id")), h("dd", { class: "mono" }, record.id)));
}

// Edit (the page's main action when PRIMARY) and Delete, as the person may.
export function recordActions(e, record, root, ctx, primary = true) {
  const name = e.name, id = record.id, title = titleOf(e, record);
  return [
    e.can?.update ? h("a", { class: primary ? "button button-primary" : "button", href: "#/e/" + name + "/" + encodeURIComponent(id) + "/edit" }, t("record.edit")) : null,
    e.can?.delete ? h("button", { type: "button", class: "button-danger", onclick: () => confirmDelete() }, t("record.delete")) : null,
  ];

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

export async function show(root, [name, id], query, ctx) {
  const e = entity(name);
  if (!e) throw new api.ApiError(404, null, name);
  const record = await api.get("/api/v1/" + name + "/" + encodeURIComponent(id));
  const actions = h("div", { class: "page-actions" }, recordActions(e, record, root, ctx));
  fill(root,
    h("p", { class: "eyebrow" }, h("a", { href: "#/e/" + name }, entityLabel(e, true))),
    h("div", { class: "page-head" }, h("h1", null, titleOf(e, record)), actions),
    h("div", { class: "record-layout" },
      h("dl", { class: "record-fields" }, fieldRows(e, e.fields, record, "")), recordInfo(record)));
}

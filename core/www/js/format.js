// A record's values as people read them, by field type, in the chosen language.
import * as api from "./api.js";
import { h } from "./dom.js";
import { formatDate, formatDateTime, formatDecimal, formatMoney, formatNumber, t } from "./i18n.js";
import { entity, enumLabel, titleOf } from "./meta.js";

const refTitles = new Map(); // "entity/id" -> Promise<string>

// The title of record ID of entity NAME, fetched once (the id when it cannot be read).
export function refTitle(name, id) {
  const key = name + "/" + id;
  if (!refTitles.has(key)) {
    const e = entity(name);
    const p = e ? api.get("/api/v1/" + name + "/" + encodeURIComponent(id), { noRetry: true })
      .then((r) => titleOf(e, r)).catch(() => id) : Promise.resolve(id);
    refTitles.set(key, p);
  }
  return refTitles.get(key);
}

export function forgetRefTitles() {
  refTitles.clear();
}

// The display name of user ID, fetched once (the id when it cannot be read).
export function userName(id) {
  const key = "users/" + id;
  if (!refTitles.has(key)) {
    refTitles.set(key, api.get("/api/v1/users/" + encodeURIComponent(id), { noRetry: true })
      .then((u) => u.display_name || u.username || id).catch(() => id));
  }
  return refTitles.get(key);
}

// A span showing the name of user ID once known.
export function userSpan(id) {
  const span = h("span", { "data-user": id }, "…");
  userName(id).then((n) => { span.textContent = n; });
  return span;
}

// A link to the referenced record, its text the record's title once known.
export function refLink(name, id) {
  if (!entity(name)) return h("span", { class: "mono" }, id);
  const a = h("a", { href: "#/e/" + name + "/" + encodeURIComponent(id) }, "…");
  refTitle(name, id).then((title) => { a.textContent = title; });
  return a;
}

// The text (or element) showing VALUE of field F (at PATH of entity E).
export function display(e, path, f, value) {
  if (value === null || value === undefined || value === "") return "";
  switch (f?.type) {
    case "int": return formatNumber(value);
    case "decimal": return formatDecimal(value);
    case "money": return formatMoney(value);
    case "date": return formatDate(value);
    case "datetime": return formatDateTime(value);
    case "bool": return value ? t("common.yes") : t("common.no");
    case "enum": return enumLabel(e, path, value);
    case "ref": return refLink(f.ref, value);
    case "array":
      if (!Array.isArray(value)) return String(value);
      if (f.item_type === "ref") {
        const span = h("span");
        value.forEach((v, i) => span.append(i ? ", " : "", refLink(f.ref, v)));
        return span;
      }
      return value.map((v) => display(e, path, { ...f, type: f.item_type }, v)).join(", ");
    case "object":
      if (typeof value !== "object") return String(value);
      if (f.fields) {
        return f.fields.map((g) => display(e, path + "." + g.name, g, value[g.name]))
          .filter((s) => s !== "" && typeof s === "string").join(", ");
      }
      return JSON.stringify(value);
    default:
      if (path === "created_at" || path === "updated_at") return formatDateTime(value);
      if ((f?.user || path === "owner_id" || path === "created_by" || path === "updated_by") && typeof value === "string") return userSpan(value);
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}

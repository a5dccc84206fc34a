// The filter builder of lists: conditions over the entity's fields (field, operator, value),
// all of which must hold. Conditions travel in the page address as [[path, op, value], ...]
// and are compiled into the API's filter language (docs/storage.md).
import { h, nextId } from "../dom.js";
import { currencyDecimals, t } from "../i18n.js";
import { enumLabel, fieldAt, fieldLabel, systemLabelKey } from "../meta.js";
import { picker } from "./picker.js";

const SYSTEM = [
  { name: "created_at", type: "datetime" },
  { name: "updated_at", type: "datetime" },
];

const ORDERED = ["eq", "ne", "gt", "gte", "lt", "lte", "empty", "notempty"];
const OPS = {
  string: ["prefix", "eq", "ne", "empty", "notempty"],
  text: ["prefix", "empty", "notempty"],
  int: ORDERED, decimal: ORDERED, money: ["gte", "lte", "gt", "lt", "eq"],
  date: ORDERED, datetime: ["gte", "lt", "empty", "notempty"],
  bool: ["true", "false"],
  enum: ["eq", "ne", "empty", "notempty"],
  ref: ["eq", "empty", "notempty"],
  array: ["contains", "empty", "notempty"],
};
const NO_VALUE = new Set(["empty", "notempty", "true", "false"]);

// The fields a list can be filtered on: top-level fields, the fields of declared objects, and
// the creation and change times.
export function filterableFields(e) {
  const out = [];
  const walk = (fields, prefix) => {
    for (const f of fields) {
      const path = prefix + f.name;
      if (f.type === "object") { if (f.fields) walk(f.fields, path + "."); continue; }
      if (f.sensitive || !OPS[f.type]) continue;
      out.push({ path, field: f });
    }
  };
  walk(e.fields, "");
  for (const f of SYSTEM) out.push({ path: f.name, field: f, system: true });
  return out;
}

function labelOf(e, path) {
  const key = systemLabelKey(path);
  return key && !fieldAt(e, path) ? t(key) : fieldLabel(e, path);
}

function typedValue(field, value) {
  switch (field.type) {
    case "int": return Number.parseInt(value, 10);
    case "decimal": return String(value).replace(",", ".");
    case "datetime": return new Date(value).toISOString();
    default: return value;
  }
}

const escapeRegex = (s) => s.replace(/[\\.^$*+?()[\]{}|]/g, "\\$&");

// [[path, op, value], ...] -> the API filter, or null when there is nothing to filter by.
export function compile(e, conditions) {
  const fields = new Map(filterableFields(e).map((x) => [x.path, x.field]));
  const parts = [];
  for (const [path, op, raw] of conditions) {
    const f = fields.get(path);
    if (!f || (!NO_VALUE.has(op) && (raw === "" || raw === null || raw === undefined))) continue;
    if (f.type === "money") {
      const amount = Math.round(Number(String(raw).replace(",", ".")) * 10 ** currencyDecimals(""));
      const opName = { gte: "$gte", lte: "$lte", gt: "$gt", lt: "$lt", eq: "$eq" }[op];
      if (!Number.isNaN(amount)) parts.push({ [path + ".amount"]: { [opName]: amount } });
      continue;
    }
    const v = NO_VALUE.has(op) ? null : typedValue(f, raw);
    switch (op) {
      case "eq": case "contains": parts.push({ [path]: v }); break;
      case "ne": parts.push({ [path]: { $ne: v } }); break;
      case "gt": case "gte": case "lt": case "lte": parts.push({ [path]: { ["$" + op]: v } }); break;
      case "prefix": parts.push({ [path]: { $regex: "^" + escapeRegex(String(v)) } }); break;
      case "empty": parts.push({ [path]: null }); break;
      case "notempty": parts.push({ [path]: { $ne: null } }); break;
      case "true": parts.push({ [path]: true }); break;
      case "false": parts.push({ [path]: false }); break;
      default: break;
    }
  }
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0] : { $and: parts };
}

// The builder: rows of conditions, "Add condition", "Apply" and "Clear". ONAPPLY(conditions).
export function builder(e, conditions, onApply) {
  const fields = filterableFields(e);
  const rows = h("ol", { class: "filter-rows" });
  const root = h("form", { class: "filter-builder", novalidate: true },
    h("fieldset", null, h("legend", null, t("filter.title")), rows,
      h("div", { class: "filter-actions" },
        h("button", { type: "button", onclick: () => addRow(["", "", ""]) }, t("filter.add")),
        h("button", { type: "submit", class: "button-primary" }, t("filter.apply")),
        h("button", { type: "button", class: "button-quiet", onclick: () => { rows.replaceChildren(); onApply([]); } }, t("filter.clear")))));
  root.addEventListener("submit", (ev) => {
    ev.preventDefault();
    onApply([...rows.children].map((li) => li.read()).filter((c) => c[0] && c[1]));
  });

  function addRow([path, op, value]) {
    const n = rows.children.length + 1;
    const fieldId = nextId("ff"), opId = nextId("fo"), valueId = nextId("fv");
    const fieldSel = h("select", { id: fieldId },
      h("option", { value: "" }, t("filter.choose_field")),
      fields.map((x) => h("option", { value: x.path }, labelOf(e, x.path))));
    const opSel = h("select", { id: opId });
    const valueBox = h("span", { class: "filter-value" });
    let readValue = () => "";
    const li = h("li", { class: "filter-row" },
      h("label", { for: fieldId, class: "sr-only" }, t("filter.field_n", { n })), fieldSel,
      h("label", { for: opId, class: "sr-only" }, t("filter.operator_n", { n })), opSel,
      valueBox,
      h("button", { type: "button", class: "button-quiet", "aria-label": t("filter.remove_n", { n }),
        onclick: () => { li.remove(); } }, "×"));

    function setField(p, wantedOp, wantedValue) {
      const f = fields.find((x) => x.path === p)?.field;
      opSel.replaceChildren(...(f ? OPS[f.type] : []).map((o) => h("option", { value: o }, t("filter.op." + o))));
      if (wantedOp && f && OPS[f.type].includes(wantedOp)) opSel.value = wantedOp;
      setValue(f, wantedValue);
    }

    function setValue(f, v) {
      valueBox.replaceChildren();
      readValue = () => "";
      if (!f || NO_VALUE.has(opSel.value)) return;
      const label = h("label", { for: valueId, class: "sr-only" }, t("filter.value_n", { n }));
      let control;
      if (f.type === "enum") {
        control = h("select", { id: valueId }, f.values.map((x) => h("option", { value: x }, enumLabel(e, fieldSel.value, x))));
        if (v) control.value = v;
        readValue = () => control.value;
      } else if (f.type === "ref") {
        const p = picker(f.ref, { id: valueId });
        if (v) p.value = v;
        control = p.el;
        readValue = () => p.value || "";
      } else {
        const type = { date: "date", datetime: "datetime-local" }[f.type] || "text";
        const mode = { int: "numeric", decimal: "decimal", money: "decimal" }[f.type];
        control = h("input", { id: valueId, type, inputmode: mode });
        if (v) control.value = f.type === "datetime" ? toLocalInput(v) : v;
        readValue = () => control.value;
      }
      valueBox.append(label, control);
    }

    fieldSel.addEventListener("change", () => setField(fieldSel.value));
    opSel.addEventListener("change", () => setValue(fields.find((x) => x.path === fieldSel.value)?.field, readValue()));
    li.read = () => [fieldSel.value, opSel.value, readValue()];
    rows.append(li);
    if (path) fieldSel.value = path;
    setField(path, op, value);
    if (!path) fieldSel.focus();
  }

  for (const c of conditions) addRow(c);
  if (!conditions.length) addRow(["", "", ""]);
  return root;
}

// An ISO instant -> the value of a datetime-local input in the browser's zone.
export function toLocalInput(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
}

// Forms generated from the schema: a control for each field type (dates, money with its
// currency, enums, references as a search-as-you-type picker, nested objects), the server's
// per-field messages (422) shown at their fields, and nothing typed lost when a save fails.
import * as api from "../api.js";
import { fill, h, nextId } from "../dom.js";
import { currencyDecimals, formatNumber, serverMessage, t } from "../i18n.js";
import { entity, entityLabel, enumLabel, fieldLabel, titleOf } from "../meta.js";
import { toLocalInput } from "./filter.js";
import { picker } from "./picker.js";

const CURRENCIES = ["PLN", "EUR", "USD", "UAH", "GBP", "CHF", "CZK", "SEK", "NOK", "DKK", "HUF", "RON"];

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// The control for field F at PATH of entity E. Returns {path, el, read(), write(v), focus(),
// setError(msg), controls (nested, for objects)}. read() gives undefined for "empty".
export function control(e, f, path, mode) {
  const id = nextId("f");
  const hintId = id + "-hint", errId = id + "-err";
  const label = fieldLabel(e, path);
  const err = h("p", { class: "field-error", id: errId });
  const hintText = hintFor(f);
  const hint = hintText ? h("p", { class: "hint", id: hintId }, hintText) : null;
  const describedBy = [hint ? hintId : null, errId].filter(Boolean).join(" ");
  const locked = mode === "edit" && f.readonly;
  const common = { id, "aria-describedby": describedBy, "aria-required": f.required ? "true" : null, disabled: locked };
  const labelEl = h("label", { for: id }, label, f.required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null);
  let input, read, write, focusEl;

  switch (f.type) {
    case "text":
      input = h("textarea", { ...common, rows: 4, maxlength: f.max_length });
      read = () => input.value === "" ? undefined : input.value;
      write = (v) => { input.value = v ?? ""; };
      break;
    case "int":
      input = h("input", { ...common, type: "text", inputmode: "numeric" });
      read = () => {
        const s = input.value.trim();
        if (s === "") return undefined;
        return /^-?\d+$/.test(s) ? Number.parseInt(s, 10) : s; // the server names what is wrong
      };
      write = (v) => { input.value = v ?? ""; };
      break;
    case "decimal":
      input = h("input", { ...common, type: "text", inputmode: "decimal" });
      read = () => { const s = input.value.trim().replace(/\s/g, "").replace(",", "."); return s === "" ? undefined : s; };
      write = (v) => { input.value = v ?? ""; };
      break;
    case "money": {
      const cur = h("select", { id: id + "-cur", disabled: locked, "aria-label": t("form.currency_of", { field: label }) },
        CURRENCIES.map((c) => h("option", { value: c }, c)));
      const amount = h("input", { ...common, type: "text", inputmode: "decimal", class: "amount" });
      read = () => {
        const s = amount.value.trim().replace(/\s/g, "").replace(",", ".");
        if (s === "") return undefined;
        const d = currencyDecimals(cur.value);
        const n = Number(s);
        return { amount: /^-?\d+(\.\d+)?$/.test(s) && Number.isFinite(n) ? Math.round(n * 10 ** d) : s, currency: cur.value };
      };
      write = (v) => {
        if (!v) { amount.value = ""; return; }
        if (!CURRENCIES.includes(v.currency)) cur.append(h("option", { value: v.currency }, v.currency));
        cur.value = v.currency;
        const d = currencyDecimals(v.currency);
        amount.value = (v.amount / 10 ** d).toFixed(d);
      };
      focusEl = amount;
      input = h("span", { class: "money" }, amount, cur);
      break;
    }
    case "date":
      input = h("input", { ...common, type: "date" });
      read = () => input.value || undefined;
      write = (v) => { input.value = v ? String(v).slice(0, 10) : ""; };
      break;
    case "datetime":
      input = h("input", { ...common, type: "datetime-local" });
      read = () => input.value ? new Date(input.value).toISOString() : undefined;
      write = (v) => { input.value = v ? toLocalInput(v) : ""; };
      break;
    case "bool":
      input = h("input", { ...common, type: "checkbox" });
      read = () => input.checked || (mode === "edit" ? false : undefined);
      write = (v) => { input.checked = Boolean(v); };
      break;
    case "enum":
      input = h("select", common, h("option", { value: "" }, f.required ? t("form.choose") : t("form.none")),
        f.values.map((v) => h("option", { value: v }, enumLabel(e, path, v))));
      read = () => input.value || undefined;
      write = (v) => { input.value = v ?? ""; };
      break;
    case "ref": {
      if (entity(f.ref)) {
        const p = picker(f.ref, { id, describedBy });
        if (locked) p.input.disabled = true;
        if (f.required) p.input.setAttribute("aria-required", "true");
        read = () => p.value || (p.text && p.text !== "…" ? p.text : undefined);
        write = (v) => { p.value = v; };
        input = p.el;
        focusEl = p.input;
      } else {
        input = h("input", { ...common, type: "text", class: "mono" });
        read = () => input.value.trim() || undefined;
        write = (v) => { input.value = v ?? ""; };
      }
      break;
    }
    case "array":
      input = h("input", { ...common, type: "text" });
      read = () => {
        const items = input.value.split(",").map((s) => s.trim()).filter(Boolean);
        if (!items.length) return mode === "edit" ? [] : undefined;
        return f.item_type === "int" ? items.map((s) => (/^-?\d+$/.test(s) ? Number(s) : s)) : items;
      };
      write = (v) => { input.value = Array.isArray(v) ? v.join(", ") : ""; };
      break;
    case "object":
      if (f.fields) return objectControl(e, f, path, mode);
      input = h("textarea", { ...common, rows: 4, class: "mono" });
      read = () => {
        if (!input.value.trim()) return undefined;
        try { return JSON.parse(input.value); } catch { return input.value; }
      };
      write = (v) => { input.value = v ? JSON.stringify(v, null, 2) : ""; };
      break;
    default: // string
      input = h("input", { ...common, type: /email/.test(f.name) ? "email" : /phone|tel/.test(f.name) ? "tel" : "text",
        maxlength: f.max_length, autocomplete: "off" });
      read = () => input.value.trim() === "" ? undefined : input.value.trim();
      write = (v) => { input.value = v ?? ""; };
  }
  focusEl = focusEl || input;
  const el = h("div", { class: "field field-" + f.type, "data-path": path },
    f.type === "bool" ? [h("span", { class: "check" }, input, labelEl)] : [labelEl, input], hint, err);
  return {
    path, el, read, write,
    focus: () => focusEl.focus(),
    setError(msg) {
      err.textContent = msg || "";
      el.classList.toggle("invalid", Boolean(msg));
      if (focusEl.setAttribute) {
        if (msg) focusEl.setAttribute("aria-invalid", "true");
        else focusEl.removeAttribute("aria-invalid");
      }
    },
  };
}

function hintFor(f) {
  if (f.type === "int" && f.min !== undefined) return t("form.hint_range", { min: formatNumber(f.min), max: formatNumber(f.max) });
  if (f.type === "array") return t("form.hint_list");
  if (f.type === "ref") return t("form.hint_ref");
  if (f.type === "decimal") return t("form.hint_decimal");
  return "";
}

function objectControl(e, f, path, mode) {
  const controls = f.fields.filter((g) => !g.computed).map((g) => control(e, g, path + "." + g.name, mode));
  const err = h("p", { class: "field-error" });
  const el = h("fieldset", { class: "field-object", "data-path": path },
    h("legend", null, fieldLabel(e, path)), controls.map((c) => c.el), err);
  return {
    path, el, controls,
    read() {
      const out = {};
      for (const c of controls) {
        const v = c.read();
        if (v !== undefined) out[c.path.slice(path.length + 1)] = v;
      }
      return Object.keys(out).length ? out : undefined;
    },
    write(v) { for (const c of controls) c.write(v ? v[c.path.slice(path.length + 1)] : undefined); },
    focus: () => controls[0]?.focus(),
    setError(msg) { err.textContent = msg || ""; el.classList.toggle("invalid", Boolean(msg)); },
  };
}

// Every control, nested ones included.
export const flatten = (controls) => controls.flatMap((c) => [c, ...(c.controls ? flatten(c.controls) : [])]);

// Shows the server's per-field messages FIELDS at the controls ALL of entity E and listed in
// SUMMARY (with MESSAGE above them), and moves the focus there.
export function showErrors(e, all, summary, fields, message) {
  for (const c of all) c.setError("");
  const items = [];
  for (const [path, msg] of Object.entries(fields)) {
    // "tags[2]" belongs to "tags"; "address.city" to its own control, else to "address".
    let p = path.replace(/\[\d+\]$/, "");
    let c = all.find((x) => x.path === p);
    while (!c && p.includes(".")) { p = p.slice(0, p.lastIndexOf(".")); c = all.find((x) => x.path === p); }
    const text = serverMessage(msg);
    if (c) c.setError(text);
    const label = c ? fieldLabel(e, c.path) : path;
    items.push(h("li", null, h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); c?.focus(); } }, label + ": " + text)));
  }
  fill(summary, h("h2", null, items.length ? t("form.errors", { n: items.length }) : t("form.save_failed")),
    message ? h("p", null, message) : null, items.length ? h("ul", null, items) : null);
  summary.setAttribute("role", "alert");
  summary.hidden = false;
  summary.focus();
}

// Shows why saving failed (ERR, an ApiError) at the controls ALL of E and in SUMMARY.
export function showSaveError(e, all, summary, err) {
  if (err.status === 422 || (err.status === 400 && Object.keys(err.fields).length)) showErrors(e, all, summary, err.fields, "");
  else if (err.status === 409) showErrors(e, all, summary, err.fields, /changed by someone else/.test(err.message) ? t("form.conflict") : serverMessage(err.message));
  else showErrors(e, all, summary, {}, err.status === 0 ? t("error.network") : serverMessage(err.message));
}

async function showForm(root, e, record, ctx, preset = {}) {
  const mode = record ? "edit" : "create";
  const name = e.name;
  const controls = e.fields.filter((f) => !f.computed).map((f) => control(e, f, f.name, mode));
  const all = flatten(controls);
  if (record) for (const c of controls) c.write(record[c.path]);
  else for (const c of controls) if (preset[c.path] !== undefined) c.write(preset[c.path]);
  const initial = Object.fromEntries(controls.map((c) => [c.path, c.read()]));

  const title = record ? t("form.edit_title", { title: titleOf(e, record) }) : t("form.new_title", { entity: entityLabel(e) });
  const summary = h("div", { class: "error-summary", tabindex: "-1", hidden: true });
  const submit = h("button", { type: "submit", class: "button-primary" }, t("form.save"));
  const cancelHref = record ? "#/e/" + name + "/" + encodeURIComponent(record.id) : "#/e/" + name;
  const formEl = h("form", { class: "record-form", novalidate: true },
    summary, controls.map((c) => c.el),
    h("div", { class: "form-actions" }, submit, h("a", { class: "button button-quiet", href: cancelHref }, t("form.cancel"))));
  fill(root, h("div", { class: "page-head" }, h("h1", null, title)),
    h("p", { class: "legend-note" }, t("form.required_note")), formEl);

  let dirty = false;
  formEl.addEventListener("input", () => { dirty = true; });
  formEl.addEventListener("change", () => { dirty = true; });
  ctx.setGuard(() => dirty);

  formEl.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    formEl.setAttribute("aria-busy", "true");
    try {
      let saved;
      if (record) {
        const change = {};
        for (const c of controls) {
          const v = c.read();
          if (!same(v, initial[c.path])) change[c.path] = v === undefined ? null : v;
        }
        saved = Object.keys(change).length
          ? await api.patch("/api/v1/" + name + "/" + encodeURIComponent(record.id), change, { headers: { "If-Match": '"' + record.version + '"' } })
          : record;
      } else {
        const body = {};
        for (const c of controls) {
          const v = c.read();
          if (v !== undefined) body[c.path] = v;
        }
        saved = await api.post("/api/v1/" + name, body);
      }
      dirty = false;
      ctx.announce(t("form.saved"));
      ctx.navigate("#/e/" + name + "/" + encodeURIComponent(saved.id));
    } catch (err) {
      showSaveError(e, all, summary, err);
    } finally {
      submit.disabled = false;
      formEl.removeAttribute("aria-busy");
    }
  });
}

// A new record's form takes starting values from its address (#/e/task/new?client_id=...):
// a related section's "Add" fills in the reference to the record it belongs to.
export async function showCreate(root, [name], query, ctx) {
  const e = entity(name);
  if (!e || !e.can?.create) throw new api.ApiError(e ? 403 : 404, null, name);
  const preset = {};
  for (const f of e.fields) {
    const v = query.get(f.name);
    if (v && !f.computed && !["object", "array", "money"].includes(f.type)) preset[f.name] = f.type === "bool" ? v === "true" : v;
  }
  await showForm(root, e, null, ctx, preset);
}

export async function showEdit(root, [name, id], query, ctx) {
  const e = entity(name);
  if (!e) throw new api.ApiError(404, null, name);
  const record = await api.get("/api/v1/" + name + "/" + encodeURIComponent(id));
  if (!e.can?.update) throw new api.ApiError(403, null, name);
  await showForm(root, e, record, ctx);
}

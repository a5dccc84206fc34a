// A reference picker: a combobox that searches the referenced entity's list endpoint (q= when
// it has searchable fields) as the person types, and keeps the chosen record's id.
import * as api from "../api.js";
import { debounce, h, nextId } from "../dom.js";
import { refTitle } from "../format.js";
import { t } from "../i18n.js";
import { entity, fieldAt, titleOf } from "../meta.js";

// A picker for records of entity REF. OPTIONS: id (of the input), describedBy, onChange.
export function picker(ref, options = {}) {
  const e = entity(ref);
  const inputId = options.id || nextId("picker");
  const listId = nextId("options");
  let value = null;
  let items = [];
  let active = -1;
  let seq = 0;

  const input = h("input", { id: inputId, type: "text", role: "combobox", autocomplete: "off",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId,
    "aria-describedby": options.describedBy, placeholder: t("picker.placeholder") });
  const list = h("ul", { id: listId, role: "listbox", class: "picker-options", hidden: true });
  const clear = h("button", { type: "button", class: "picker-clear button-quiet", "aria-label": t("picker.clear"),
    onclick: () => { set(null); input.focus(); options.onChange?.(null); } }, "×");
  const root = h("div", { class: "picker" }, input, clear, list);

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  }

  function choose(i) {
    const item = items[i];
    if (!item) return;
    value = item.id;
    input.value = titleOf(e, item);
    close();
    options.onChange?.(value);
  }

  // A second line for an option: the first short text field other than the title.
  const detailField = e && e.fields.find((f) => f.name !== e.title_field && f.type === "string" && !f.sensitive);

  const search = debounce(async () => {
    const text = input.value.trim();
    const mine = ++seq;
    if (!e || !text) { close(); return; }
    const params = { limit: 10 };
    if (e.searchable) params.q = text;
    else if (e.title_field) params.filter = JSON.stringify({ [e.title_field]: { $regex: "^" + text.replace(/[\\.^$*+?()[\]{}|]/g, "\\$&") } });
    let page;
    try {
      page = await api.get(api.withQuery("/api/v1/" + ref, params));
    } catch {
      page = { items: [] };
    }
    if (mine !== seq) return;
    items = page.items;
    list.replaceChildren(...(items.length ? items.map((item, i) => h("li", {
      id: listId + "-" + i, role: "option", "aria-selected": "false",
      onmousedown: (ev) => { ev.preventDefault(); choose(i); },
    }, h("span", { class: "option-title" }, titleOf(e, item)),
      detailField && item[detailField.name] ? h("span", { class: "option-detail" }, String(item[detailField.name])) : null))
      : [h("li", { class: "picker-empty", role: "option", "aria-disabled": "true" }, t("picker.none"))]));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(items.length ? 0 : -1);
  }, 250);

  input.addEventListener("input", () => { value = null; search(); });
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" && !list.hidden) { ev.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
    else if (ev.key === "ArrowUp" && !list.hidden) { ev.preventDefault(); highlight(Math.max(active - 1, 0)); }
    else if (ev.key === "Enter" && !list.hidden && active >= 0) { ev.preventDefault(); choose(active); }
    else if (ev.key === "Escape" && !list.hidden) { ev.preventDefault(); close(); }
  });

  function set(id) {
    value = id || null;
    input.value = "";
    if (value) {
      input.value = "…";
      refTitle(ref, value).then((title) => { if (value === id) input.value = title; });
    }
  }

  return {
    el: root,
    input,
    get value() { return value; },
    // What was typed when nothing was chosen: kept so that the server can say what is wrong.
    get text() { return input.value.trim(); },
    set value(id) { set(id); },
  };
}

// True when a ref field of entity E at PATH can use the picker (the person reads its entity).
export const canPick = (e, path) => Boolean(entity(fieldAt(e, path)?.ref));

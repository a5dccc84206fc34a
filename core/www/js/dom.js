// Building the page without innerHTML: every text goes in as a text node, so records' values
// can never become markup, and no inline style or script is ever written (the CSP forbids them).

// h("button", {type: "button", class: "x", onclick: fn}, "text", child, [more]) -> element.
// Attributes: "class", "for", "aria-*", "data-*", boolean true/false, on<event> handlers,
// and "props" (an object assigned to the element: value, checked, ...).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "props") Object.assign(el, v);
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Replaces EL's children.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
// A document-unique id for label/aria wiring.
export function nextId(prefix = "id") {
  uid += 1;
  return prefix + "-" + uid;
}

// A visually hidden text for screen readers.
export function srOnly(text) {
  return h("span", { class: "sr-only" }, text);
}

// Debounces FN by MS milliseconds.
export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

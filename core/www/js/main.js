// The staff UI: the page frame (header, navigation from /api/v1/meta, main area), login and
// logout, the hash router, and the language switch. Views live in views/*.js; each renders
// into a fresh element that replaces the main area once it is ready.
import * as api from "./api.js";
import { debounce, fill, h, nextId } from "./dom.js";
import { forgetRefTitles } from "./format.js";
import { LANGUAGES, language, preferredLanguage, setLanguage, t } from "./i18n.js";
import * as meta from "./meta.js";
import * as dashboard from "./views/dashboard.js";
import * as form from "./views/form.js";
import * as list from "./views/list.js";
import * as record from "./views/record.js";
import * as record360 from "./views/record360.js";
import * as report from "./views/report.js";

// A record; one whose entity has related sections in meta (a client) opens on its 360 page.
const showRecord = (root, args, query, ctx) =>
  (meta.entity(args[0])?.record_sections ? record360 : record).show(root, args, query, ctx);

const routes = [
  [/^\/$/, dashboard.show],
  [/^\/d\/([0-9a-f]{24})$/, dashboard.show],
  [/^\/e\/([a-z][a-z0-9_]*)$/, list.show],
  [/^\/e\/([a-z][a-z0-9_]*)\/new$/, form.showCreate],
  [/^\/e\/([a-z][a-z0-9_]*)\/([^/]+)\/edit$/, form.showEdit],
  [/^\/e\/([a-z][a-z0-9_]*)\/([^/]+)$/, showRecord],
  [/^\/r$/, report.showIndex],
  [/^\/r\/([a-z0-9_.-]+)$/, report.show],
];

const el = {};
let renderSeq = 0;
let guard = null; // () => bool: does the current view hold unsaved changes?
let currentHash = "";

// --- the frame ---

function buildFrame() {
  const navId = "nav";
  el.skip = h("a", { class: "skip-link", href: "#main" });
  el.skip.addEventListener("click", (ev) => { ev.preventDefault(); el.main.focus(); });
  el.menu = h("button", { type: "button", class: "menu-toggle", "aria-expanded": "false", "aria-controls": navId,
    onclick: () => toggleMenu() });
  el.brand = h("a", { class: "brand", href: "#/" });
  const langId = nextId("lang");
  el.langLabel = h("label", { for: langId, class: "lang-label" });
  el.lang = h("select", { id: langId, onchange: () => switchLanguage(el.lang.value) },
    LANGUAGES.map((l) => h("option", { value: l.code, lang: l.code }, l.name)));
  el.who = h("span", { class: "who" });
  el.logout = h("button", { type: "button", class: "button-quiet", onclick: logout });
  el.header = h("header", { class: "topbar" }, el.menu, el.brand, h("span", { class: "spacer" }),
    h("span", { class: "lang" }, el.langLabel, el.lang), el.who, el.logout);
  el.nav = h("nav", { id: navId, class: "sidenav" });
  el.main = h("main", { id: "main", tabindex: "-1" });
  el.status = h("div", { class: "sr-only", role: "status", "aria-live": "polite" });
  el.layout = h("div", { class: "layout" }, el.nav, el.main);
  el.login = buildLogin();
  fill(document.body, el.skip, el.header, el.layout, el.status, el.login.dialog);
  document.body.classList.remove("starting");
  labelFrame();
}

function labelFrame() {
  el.skip.textContent = t("frame.skip");
  el.menu.textContent = t("frame.menu");
  el.brand.textContent = t("app.name");
  el.langLabel.textContent = t("frame.language");
  el.lang.value = language();
  el.logout.textContent = t("frame.logout");
  el.nav.setAttribute("aria-label", t("frame.navigation"));
  el.who.textContent = meta.state.me ? meta.state.me.user.display_name || meta.state.me.user.username : "";
  el.login.label();
  document.title = t("app.name");
}

function toggleMenu(open) {
  const now = open ?? el.menu.getAttribute("aria-expanded") !== "true";
  el.menu.setAttribute("aria-expanded", String(now));
  el.nav.classList.toggle("open", now);
}

function buildNav() {
  const m = meta.state.meta;
  if (!m) return fill(el.nav);
  const link = (href, text) => h("li", null, h("a", { href }, text));
  const sections = [];
  for (const p of m.plugins) {
    const items = [
      ...m.entities.filter((e) => e.plugin === p.name).map((e) => link("#/e/" + e.name, meta.entityLabel(e, true))),
      ...(m.reports || []).filter((r) => r.plugin === p.name).map((r) => link("#/r/" + r.id, meta.reportTitle(r))),
    ];
    if (!items.length) continue; // nothing of this plugin this person may see
    const id = nextId("nav");
    sections.push(h("section", { "aria-labelledby": id }, h("h2", { id }, meta.pluginLabel(p)), h("ul", null, items)));
  }
  const core = m.entities.filter((e) => e.plugin === "core");
  if (core.length) {
    const id = nextId("nav");
    sections.push(h("section", { "aria-labelledby": id }, h("h2", { id }, t("nav.core")),
      h("ul", null, core.map((e) => link("#/e/" + e.name, meta.entityLabel(e, true))))));
  }
  fill(el.nav, h("ul", { class: "nav-top" }, link("#/", t("nav.dashboard")),
    (m.reports || []).length ? link("#/r", t("nav.reports")) : null), sections);
  markCurrentNav();
}

function markCurrentNav() {
  const hash = location.hash.split("?")[0] || "#/";
  let best = null;
  for (const a of el.nav.querySelectorAll("a")) {
    a.removeAttribute("aria-current");
    const href = a.getAttribute("href");
    if (hash === href || (hash.startsWith(href + "/") && href !== "#/")) {
      if (!best || href.length > best.getAttribute("href").length) best = a;
    }
  }
  if (best) best.setAttribute("aria-current", "page");
}

// --- login ---

function buildLogin() {
  const userId = nextId("user"), passId = nextId("pass"), titleId = nextId("login");
  const title = h("h1", { id: titleId });
  const note = h("p", { class: "note" });
  const userLabel = h("label", { for: userId });
  const passLabel = h("label", { for: passId });
  const user = h("input", { id: userId, name: "username", autocomplete: "username", required: true });
  const pass = h("input", { id: passId, name: "password", type: "password", autocomplete: "current-password", required: true });
  const error = h("p", { class: "error", role: "alert" });
  const submit = h("button", { type: "submit", class: "button-primary" });
  const formEl = h("form", { class: "login-form", method: "dialog" }, title, note,
    h("div", { class: "field" }, userLabel, user), h("div", { class: "field" }, passLabel, pass), error, submit);
  const dialog = h("dialog", { class: "login", "aria-labelledby": titleId }, formEl);
  dialog.addEventListener("cancel", (ev) => ev.preventDefault()); // there is no way around it
  let resolve = null;
  formEl.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    try {
      const r = await api.post("/api/v1/auth/login", { username: user.value, password: pass.value });
      api.setCsrfToken(r.csrf_token);
      pass.value = "";
      dialog.close();
      document.body.classList.remove("logged-out");
      const done = resolve;
      resolve = null;
      done?.();
    } catch (err) {
      error.textContent = err.status === 429 ? t("login.too_many") : err.status === 401 ? t("login.wrong") : t("error.network");
      pass.select();
    } finally {
      submit.disabled = false;
    }
  });
  return {
    dialog,
    label() {
      title.textContent = t("login.title");
      userLabel.textContent = t("login.username");
      passLabel.textContent = t("login.password");
      submit.textContent = t("login.submit");
    },
    // Resolves once someone has logged in.
    open(expired) {
      note.textContent = expired ? t("login.expired") : "";
      error.textContent = "";
      if (!dialog.open) dialog.showModal();
      (user.value ? pass : user).focus();
      return new Promise((r) => { resolve = r; });
    },
  };
}

let relogin = null;

// A request met 401: the session ended. Ask for the login over whatever is on screen, so a
// half-filled form stays as it is; if someone else logs in, start again as them.
function sessionEnded() {
  if (!relogin) {
    const before = meta.userId();
    relogin = el.login.open(true).then(async () => {
      await meta.loadMe();
      if (meta.userId() !== before) await startAs();
    }).finally(() => { relogin = null; });
  }
  return relogin;
}

async function startAs() {
  forgetRefTitles();
  await meta.loadMeta();
  labelFrame();
  buildNav();
  await route(true);
}

// True when nothing unsaved would be lost, or the person agrees to lose it.
function mayLeave() {
  return !(guard && guard()) || window.confirm(t("form.leave_unsaved"));
}

async function logout() {
  if (!mayLeave()) return;
  guard = null;
  try {
    await api.post("/api/v1/auth/logout", {}, { noRetry: true });
  } catch { /* already ended */ }
  meta.clear();
  api.setCsrfToken("");
  forgetRefTitles();
  fill(el.nav);
  fill(el.main);
  labelFrame();
  history.replaceState(null, "", "#/");
  currentHash = "#/";
  document.body.classList.add("logged-out");
  await el.login.open(false);
  await meta.loadMe();
  await startAs();
}

// --- routing ---

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?");
  return { path, query: new URLSearchParams(query) };
}

function announce(text) {
  el.status.textContent = "";
  setTimeout(() => { el.status.textContent = text; }, 30);
}

// What a view gets besides its container and the route's parameters.
function context(seq) {
  return {
    isCurrent: () => seq === renderSeq,
    announce,
    navigate: (hash) => { location.hash = hash; },
    // Changes the query part of the address without a new history entry or a new render.
    setQuery(params) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
      const s = q.toString();
      const hash = "#" + parseHash().path + (s ? "?" + s : "");
      history.replaceState(null, "", hash);
      currentHash = hash;
    },
    setGuard(fn) { guard = fn; },
    refreshNav: buildNav,
  };
}

async function route(force = false) {
  if (!meta.state.meta) return;
  if (!force && location.hash === currentHash) return;
  if (!force && !mayLeave()) {
    history.replaceState(null, "", currentHash); // stay, the person has unsaved changes
    return;
  }
  guard = null;
  currentHash = location.hash;
  const seq = ++renderSeq;
  const { path, query } = parseHash();
  toggleMenu(false);
  markCurrentNav();
  const found = routes.map(([re, view]) => [re.exec(path), view]).find(([m]) => m);
  const container = h("div", { class: "view" });
  el.main.setAttribute("aria-busy", "true");
  try {
    if (!found) throw new api.ApiError(404, null, path);
    const [m, view] = found;
    await view(container, m.slice(1).map(decodeURIComponent), query, context(seq));
  } catch (err) {
    if (seq !== renderSeq) return;
    if (!(err instanceof api.ApiError)) console.error(err); // a bug, not an answer
    fill(container, errorView(err));
  }
  if (seq !== renderSeq) return;
  el.main.removeAttribute("aria-busy");
  fill(el.main, container);
  const heading = container.querySelector("h1");
  document.title = (heading ? heading.textContent + " · " : "") + t("app.name");
  (heading || el.main).setAttribute("tabindex", "-1");
  (heading || el.main).focus({ preventScroll: false });
}

export function errorView(err) {
  const key = err.status === 404 ? "error.not_found" : err.status === 403 ? "error.forbidden"
    : err.status === 0 ? "error.network" : "error.generic";
  return h("div", { class: "error-page" }, h("h1", null, t(key + ".title")),
    h("p", null, t(key, { message: err.message })), h("p", null, h("a", { href: "#/" }, t("nav.back_dashboard"))));
}

async function switchLanguage(code) {
  if (!mayLeave()) {
    el.lang.value = language();
    return;
  }
  guard = null;
  await setLanguage(code);
  labelFrame();
  buildNav();
  await route(true);
}

// --- start ---

async function boot() {
  await setLanguage(preferredLanguage());
  buildFrame();
  api.onUnauthorized(sessionEnded);
  window.addEventListener("hashchange", () => route());
  window.addEventListener("beforeunload", (ev) => {
    if (guard && guard()) ev.preventDefault();
  });
  document.addEventListener("keydown", (ev) => {
    // "/" jumps to the search box of the page, as in most list-heavy tools.
    if (ev.key === "/" && !ev.ctrlKey && !ev.metaKey && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName)) {
      const search = el.main.querySelector("input[type=search]");
      if (search) { ev.preventDefault(); search.focus(); }
    }
  });
  window.addEventListener("resize", debounce(() => { if (window.innerWidth > 900) toggleMenu(false); }, 200));
  try {
    await meta.loadMe();
  } catch (err) {
    if (err.status !== 401) throw err;
    document.body.classList.add("logged-out");
    await el.login.open(false);
    await meta.loadMe();
  }
  await startAs();
}

boot().catch((err) => {
  console.error(err);
  fill(document.body, h("p", { class: "fatal", role: "alert" }, "The application could not start: " + err.message));
});

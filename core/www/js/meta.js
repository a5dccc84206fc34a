// What the running core offers this person (GET /api/v1/meta, /auth/me, /reports), the labels
// of plugins' entities, fields and reports in the chosen language, and the person's remembered
// preferences. Plugins may give translations of their labels in the optional "translations"
// member of meta's entities, reports and plugins (docs/ui.md); without them the plugin's own
// labels are shown.
import * as api from "./api.js";
import { language } from "./i18n.js";

export const state = { me: null, meta: null, reports: null };

export async function loadMe() {
  const me = await api.get("/api/v1/auth/me");
  api.setCsrfToken(me.csrf_token);
  state.me = me;
  return me;
}

export async function loadMeta() {
  state.meta = await api.get("/api/v1/meta");
  state.reports = null;
  return state.meta;
}

export function clear() {
  state.me = null;
  state.meta = null;
  state.reports = null;
}

// The full declarations of the reports this person may run (dims, measures), once per login.
export async function reportDefs() {
  if (!state.reports) {
    const list = await api.get("/api/v1/reports");
    const fromMeta = new Map((state.meta?.reports || []).map((r) => [r.id, r]));
    state.reports = list.items.map((r) => ({ ...fromMeta.get(r.id), ...r }));
  }
  return state.reports;
}

export const entities = () => state.meta?.entities || [];
export const entity = (name) => entities().find((e) => e.name === name);
export const userId = () => state.me?.user?.id || "";
export const roles = () => state.me?.user?.roles || [];

function translation(obj) {
  return obj?.translations?.[language()] || {};
}

export function entityLabel(e, plural = false) {
  const tr = translation(e);
  return plural ? tr.label_plural || e.label_plural || e.name : tr.label || e.label || e.name;
}

// A related section's heading (the related endpoint gives its translations).
export function sectionLabel(s, key) {
  return translation(s).label || s.label || key;
}

export function pluginLabel(p) {
  return translation(p).label || p.name.charAt(0).toUpperCase() + p.name.slice(1);
}

// The field of E at the dotted PATH ("address.city"), or undefined.
export function fieldAt(e, path) {
  let fields = e.fields;
  let f;
  for (const part of path.split(".")) {
    f = (fields || []).find((x) => x.name === part);
    if (!f) return undefined;
    fields = f.fields;
  }
  return f;
}

const SYSTEM_LABELS = { id: "field.id", owner_id: "field.owner_id", org_unit: "field.org_unit",
  created_at: "field.created_at", updated_at: "field.updated_at", created_by: "field.created_by",
  updated_by: "field.updated_by", version: "field.version" };
export const systemLabelKey = (name) => SYSTEM_LABELS[name];

export function fieldLabel(e, path) {
  const tr = translation(e).fields || {};
  if (tr[path]) return tr[path];
  const f = fieldAt(e, path);
  return f ? f.label || f.name : path;
}

// An enum value as people read it: the plugin's translation, else the value with its first
// letter capitalised.
export function enumLabel(e, path, value) {
  if (value === null || value === undefined || value === "") return "";
  const tr = (translation(e).values || {})[path] || {};
  return tr[value] || String(value).charAt(0).toUpperCase() + String(value).slice(1).replace(/_/g, " ");
}

export const reportTitle = (r) => translation(r).title || r.title || r.id;
export const reportDescription = (r) => translation(r).description || r.description || "";
export const dimLabel = (r, d) => (translation(r).dims || {})[d.name] || d.label || d.name;
export const measureLabel = (r, m) => (translation(r).measures || {})[m.name] || m.label || m.name;

// The record's title: its entity's title field, else its id.
export function titleOf(e, record) {
  const v = e.title_field ? record[e.title_field] : null;
  return v === null || v === undefined || v === "" ? record.id : String(v);
}

// Preferences kept in this browser for this person (columns, page size...).
export const prefs = {
  get(key, fallback) {
    try {
      const v = localStorage.getItem("crm." + userId() + "." + key);
      return v === null ? fallback : JSON.parse(v);
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    localStorage.setItem("crm." + userId() + "." + key, JSON.stringify(value));
  },
};

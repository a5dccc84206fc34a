// The UI's languages: translations from i18n/<code>.json, plural forms from Intl.PluralRules,
// and numbers, money and dates formatted for the chosen language with the Intl API.

export const LANGUAGES = [
  { code: "en", name: "English", locale: "en-GB" },
  { code: "pl", name: "Polski", locale: "pl-PL" },
  { code: "ru", name: "Русский", locale: "ru-RU" },
  { code: "uk", name: "Українська", locale: "uk-UA" },
];
const STORAGE_KEY = "crm.lang";

let current = LANGUAGES[0];
let strings = {};
let english = {};
let plurals = new Intl.PluralRules("en-GB");
const listeners = new Set();

async function load(code) {
  const r = await fetch(new URL("../i18n/" + code + ".json", import.meta.url));
  if (!r.ok) throw new Error("cannot load the " + code + " translation: HTTP " + r.status);
  return r.json();
}

// The language stored for this browser, else the browser's own if we have it, else English.
export function preferredLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.some((l) => l.code === stored)) return stored;
  for (const tag of navigator.languages || []) {
    const code = tag.slice(0, 2).toLowerCase();
    if (LANGUAGES.some((l) => l.code === code)) return code;
  }
  return "en";
}

export async function setLanguage(code) {
  const lang = LANGUAGES.find((l) => l.code === code) || LANGUAGES[0];
  if (!Object.keys(english).length) english = await load("en");
  strings = lang.code === "en" ? english : await load(lang.code);
  current = lang;
  plurals = new Intl.PluralRules(lang.locale);
  localStorage.setItem(STORAGE_KEY, lang.code);
  document.documentElement.lang = lang.code;
  for (const fn of listeners) fn(lang.code);
}

export function onLanguageChange(fn) {
  listeners.add(fn);
}

export const language = () => current.code;
export const locale = () => current.locale;

// The text for KEY with {name} placeholders filled from VARS. A value that is an object holds
// plural forms chosen by VARS.n ("one", "few", "many", "other").
export function t(key, vars = {}) {
  let s = strings[key] ?? english[key];
  if (s === undefined) return key;
  if (typeof s === "object") s = s[plurals.select(vars.n ?? 0)] ?? s.other;
  return s.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in vars)) return m;
    const v = vars[name];
    return typeof v === "number" ? formatNumber(v) : String(v);
  });
}

// --- formatting ---

const cache = new Map();
function formatter(kind, options) {
  const key = current.locale + "|" + kind + "|" + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = kind === "n" ? new Intl.NumberFormat(current.locale, options)
                     : new Intl.DateTimeFormat(current.locale, options);
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(n, options = {}) {
  return n === null || n === undefined || Number.isNaN(n) ? "" : formatter("n", options).format(n);
}

// Currencies whose minor unit is not a hundredth (ISO 4217), as the server's money.c.
const DECIMALS = { BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0,
  RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0, BHD: 3, IQD: 3, JOD: 3, KWD: 3,
  LYD: 3, OMR: 3, TND: 3 };
export const currencyDecimals = (currency) => DECIMALS[currency] ?? 2;

// {amount: minor units, currency} -> "1 234,50 zł" in the chosen language.
export function formatMoney(value) {
  if (!value || typeof value !== "object") return "";
  const d = currencyDecimals(value.currency);
  try {
    return formatter("n", { style: "currency", currency: value.currency, minimumFractionDigits: d,
                            maximumFractionDigits: d }).format(value.amount / 10 ** d);
  } catch {
    return formatNumber(value.amount / 10 ** d) + " " + value.currency;
  }
}

// "12.50" (a decimal as the API writes it) -> "12,50".
export function formatDecimal(s) {
  if (s === null || s === undefined || s === "") return "";
  const digits = (String(s).split(".")[1] || "").length;
  return formatNumber(Number(s), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatPercent(x) {
  return formatNumber(x, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
}

// "YYYY-MM-DD" -> the date in the chosen language (calendar days are not moved by time zones).
export function formatDate(s, options = { dateStyle: "medium" }) {
  if (!s) return "";
  const d = new Date(String(s).slice(0, 10) + "T00:00:00Z");
  return Number.isNaN(d.getTime()) ? String(s) : formatter("d", { ...options, timeZone: "UTC" }).format(d);
}

// An ISO 8601 instant -> date and time in the browser's time zone.
export function formatDateTime(s) {
  if (!s) return "";
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? String(s) : formatter("d", { dateStyle: "medium", timeStyle: "short" }).format(d);
}

// A report's time bucket ("2026-04-01" for a month) as people name it.
export function formatBucket(s, bucket) {
  if (!s) return "";
  const d = new Date(String(s).slice(0, 10) + "T00:00:00Z");
  switch (bucket) {
    case "year": return String(d.getUTCFullYear());
    case "quarter": return t("period.quarter", { q: Math.floor(d.getUTCMonth() / 3) + 1, y: String(d.getUTCFullYear()) });
    case "month": return formatDate(s, { month: "short", year: "numeric" });
    case "week": return t("period.week_of", { date: formatDate(s) });
    default: return formatDate(s);
  }
}

// The server's per-field messages are English; the common ones are shown in the chosen language.
const SERVER_MESSAGES = [
  [/^is required$/, "server.required"],
  [/^must be between (-?\d+) and (-?\d+)$/, "server.between", ["min", "max"]],
  [/^is longer than (\d+) characters$/, "server.too_long", ["max"]],
  [/^must be a date YYYY-MM-DD$/, "server.date"],
  [/^must be a date and time with a zone/, "server.datetime"],
  [/^must be one of: (.*)$/, "server.one_of", ["values"]],
  [/^must be a decimal number/, "server.decimal"],
  [/^must not contain control characters/, "server.control_chars"],
  [/^refers to a (\S+) that does not exist$/, "server.ref_missing", ["entity"]],
  [/^must be the id of a/, "server.ref_id"],
  [/^must be \{"amount"/, "server.money"],
  [/^must be an? (\w+)$/, "server.type", ["type"]],
];
export function serverMessage(message) {
  for (const [re, key, names] of SERVER_MESSAGES) {
    const m = re.exec(message);
    if (!m) continue;
    const vars = {};
    (names || []).forEach((n, i) => { vars[n] = m[i + 1]; });
    return t(key, vars);
  }
  return message;
}

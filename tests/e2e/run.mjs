// The staff web UI in a real browser: a real crmd (the build's, with the example and clients
// plugins and the demo bank of `crmd seed-demo`) driven through Debian's chromium by
// playwright-core.
//
//   node tests/e2e/run.mjs BUILD_DIR
//
// Exits 0 when every step passed, 1 when one failed (its name, the reason and a screenshot in
// BUILD_DIR/e2e-artifacts/), 77 when node's playwright-core or chromium is not installed
// (scripts/deps.sh installs both). Prints the timings of the main pages; asserts none of them.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.resolve(here, "../..");
const build = path.resolve(process.argv[2] || path.join(source, "build-test"));
const artifacts = path.join(build, "e2e-artifacts");
const chromiumPath = process.env.CRM_CHROMIUM || "/usr/bin/chromium";

function skip(why) {
  console.log("SKIPPED: " + why);
  process.exit(77);
}

let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch {
  skip("playwright-core is not installed (npm ci at the repository root; scripts/deps.sh does it)");
}
if (!fs.existsSync(chromiumPath)) skip(chromiumPath + " is not installed (apt package chromium; scripts/deps.sh does it)");
if (!fs.existsSync(path.join(build, "crmd"))) {
  console.error("no crmd in " + build);
  process.exit(1);
}
fs.mkdirSync(artifacts, { recursive: true });

// --- static checks of the translations: every language has every string the UI uses ---

function checkTranslations() {
  const dir = path.join(source, "core/www/i18n");
  const en = JSON.parse(fs.readFileSync(path.join(dir, "en.json"), "utf8"));
  const problems = [];
  for (const lang of ["pl", "ru", "uk"]) {
    const other = JSON.parse(fs.readFileSync(path.join(dir, lang + ".json"), "utf8"));
    for (const k of Object.keys(en)) if (!(k in other)) problems.push(lang + ": missing " + k);
    for (const k of Object.keys(other)) if (!(k in en)) problems.push(lang + ": unknown " + k);
    for (const [k, v] of Object.entries(other)) {
      if (typeof en[k] === "object" && (typeof v !== "object" || !v.other)) problems.push(lang + ": " + k + " needs plural forms");
    }
  }
  const js = [];
  const walk = (d) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      if (f.isDirectory()) walk(path.join(d, f.name));
      else if (f.name.endsWith(".js")) js.push(fs.readFileSync(path.join(d, f.name), "utf8"));
    }
  };
  walk(path.join(source, "core/www/js"));
  const templates = fs.readFileSync(path.join(source, "core/www/dashboards.json"), "utf8");
  for (const m of (js.join("\n") + templates).matchAll(/(?:\bt\(|"name": )"([a-z_]+\.[a-z_.]*[a-z_])"/g)) {
    if (!(m[1] in en)) problems.push("en: used but missing " + m[1]);
  }
  if (problems.length) throw new Error("translations:\n  " + problems.join("\n  "));
}

// --- crmd ---

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "crm-ui-e2e-"));
const config = path.join(tmp, "crmd.cfg");
fs.writeFileSync(config, `
server = { listen = "127.0.0.1:0"; threads = 8; www = "${source}/core/www"; };
store = { driver = "sqlite"; path = "${tmp}/crm.db"; };
plugins = { dir = "${build}/plugins"; strict = true; enabled = ["example", "clients"]; };
log = { level = "info"; };
auth = {
    enabled = true;
    roles = "${source}/conf/roles.cfg";
    common_passwords = "${source}/conf/common-passwords.txt";
    hash_opslimit = 1;
    hash_memlimit_kb = 8192;
    max_failures_per_address = 1000;
};
`);

const seeded = spawnSync(path.join(build, "crmd"), ["seed-demo", "--clients", "300", "-c", config], { encoding: "utf8" });
if (seeded.status !== 0) {
  console.error("crmd seed-demo failed:\n" + seeded.stdout + seeded.stderr);
  process.exit(1);
}
const password = fs.readFileSync(path.join(tmp, "demo-logins.txt"), "utf8").match(/password: (\S+)/)[1];

const logPath = path.join(tmp, "crmd.log");
const logFd = fs.openSync(logPath, "w");
const crmd = spawn(path.join(build, "crmd"), ["serve", "-c", config], { stdio: ["ignore", logFd, logFd] });
let crmdExit = null;
crmd.on("exit", (code, signal) => { crmdExit = { code, signal }; });

async function waitForPort() {
  for (let i = 0; i < 500; i++) {
    const m = /event=server\.started.* port=(\d+)/.exec(fs.readFileSync(logPath, "utf8"));
    if (m) return Number(m[1]);
    if (crmdExit) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("crmd did not start:\n" + fs.readFileSync(logPath, "utf8"));
}

async function stopCrmd() {
  if (crmdExit) return crmdExit;
  crmd.kill("SIGTERM");
  for (let i = 0; i < 500 && !crmdExit; i++) await new Promise((r) => setTimeout(r, 20));
  if (!crmdExit) crmd.kill("SIGKILL");
  return crmdExit;
}

// --- API access beside the browser (as another member of staff) ---

let base = "";
async function apiLogin(username) {
  const r = await fetch(base + "/api/v1/auth/login", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }) });
  if (r.status !== 200) throw new Error("API login of " + username + ": HTTP " + r.status);
  const body = await r.json();
  return { cookie: r.headers.get("set-cookie").split(";")[0], csrf: body.csrf_token };
}
async function apiGet(who, p) {
  const r = await fetch(base + p, { headers: { Cookie: who.cookie } });
  return { status: r.status, headers: r.headers, body: r.headers.get("content-type")?.includes("json") ? await r.json() : await r.text() };
}

// The file NAME inside the zip archive BUF (an XLSX workbook), from its central directory.
function unzipEntry(buf, name) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  assert(end >= 0, "not a zip archive");
  let at = buf.readUInt32LE(end + 16);
  for (let n = buf.readUInt16LE(end + 10); n > 0; n--) {
    assert(buf.readUInt32LE(at) === 0x02014b50, "a broken zip directory");
    const method = buf.readUInt16LE(at + 10), size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28), extra = buf.readUInt16LE(at + 30), comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    if (buf.toString("utf8", at + 46, at + 46 + nameLen) === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString("utf8");
    }
    at += 46 + nameLen + extra + comment;
  }
  throw new Error(name + " is not in the archive");
}

// --- the browser ---

const results = [];
const timings = [];
let page;
let context;
let browser;

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function step(name, fn) {
  const start = Date.now();
  try {
    await fn();
    results.push(["ok", name]);
    console.log("ok   " + name + " (" + (Date.now() - start) + " ms)");
  } catch (err) {
    results.push(["FAIL", name]);
    console.log("FAIL " + name + ": " + (err.stack || err.message));
    if (page) await page.screenshot({ path: path.join(artifacts, "failed-" + name.replace(/\W+/g, "-") + ".png"), fullPage: true }).catch(() => {});
    throw err;
  }
}

async function shot(name) {
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header at the top of the picture
  await page.screenshot({ path: path.join(artifacts, name + ".png"), fullPage: true });
}

async function newContext(viewport = { width: 1366, height: 900 }) {
  context = await browser.newContext({ viewport, acceptDownloads: true, locale: "en-GB" });
  page = await context.newPage();
  page.consoleErrors = [];
  page.on("console", (m) => {
    // The browser logs every 4xx answer; those the steps provoke (401 before a login, 422 for
    // the invalid form, 404 for the record out of scope) are expected.
    if (m.type() === "error" && !/Failed to load resource: the server responded with a status of (401|404|422)/.test(m.text())) {
      page.consoleErrors.push(m.text());
    }
  });
  page.on("pageerror", (e) => page.consoleErrors.push("page error: " + e.message));
  return page;
}

async function login(username) {
  const dialog = page.getByRole("dialog", { name: /Log in|Logowanie|Вход|Вхід/ });
  await dialog.waitFor();
  await dialog.getByLabel(/User name|Nazwa|Имя|Ім’я/).fill(username);
  await dialog.getByLabel(/Password|Hasło|Пароль/).fill(password);
  await dialog.getByRole("button").click();
  await dialog.waitFor({ state: "hidden" });
}

const main = () => page.locator("main");
const heading = () => main().locator("h1");

async function expectHeading(text) {
  await page.waitForFunction((t) => document.querySelector("main h1")?.textContent.includes(t), text, { timeout: 15000 });
}

const unique = "Zażółć" + Date.now().toString(36);
const prospectName = "Oliwia " + unique;
let prospectUrl = "";
const clientLast = "Wiśniewska" + Date.now().toString(36);
const clientName = "Halina " + clientLast;

async function run() {
  base = "http://127.0.0.1:" + (await waitForPort());
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    // playwright gives every launch a fresh, empty profile of its own (no --user-data-dir)
  });

  await step("translations are complete in en, pl, ru and uk", async () => checkTranslations());

  await step("assets: the page revalidates, versioned files are cached for a year, Chart.js comes from Debian", async () => {
    const r = await fetch(base + "/");
    const html = await r.text();
    assert(r.headers.get("cache-control") === "no-cache", "index.html: Cache-Control " + r.headers.get("cache-control"));
    assert(/default-src 'self'/.test(r.headers.get("content-security-policy")), "no CSP on the page");
    const v = /\/_v\/([0-9a-f]{12})\/js\/main\.js/.exec(html);
    assert(v, "index.html names no versioned main.js: " + html);
    const js = await fetch(base + "/_v/" + v[1] + "/js/main.js");
    assert(js.status === 200 && /immutable/.test(js.headers.get("cache-control")), "versioned main.js: " + js.status + " " + js.headers.get("cache-control"));
    const old = await fetch(base + "/_v/0123456789ab/js/main.js");
    assert(old.status === 200 && old.headers.get("cache-control") === "no-cache", "another version must not be cached: " + old.headers.get("cache-control"));
    const chart = await fetch(base + "/_v/" + v[1] + "/vendor/chart.js/chart.esm.js");
    assert(chart.status === 200 && /text\/javascript/.test(chart.headers.get("content-type")), "Chart.js: HTTP " + chart.status);
    const escape = await fetch(base + "/vendor/chart.js/..%2f..%2f..%2f..%2fetc/passwd");
    assert(escape.status === 404 || escape.status === 400, "a path out of the vendor folder answered " + escape.status);
    for (const inline of [/<script>(?!\s*<\/script>)/, / style="/, / on[a-z]+="/]) assert(!inline.test(html), "inline script or style in index.html");
  });

  await newContext();

  await step("a wrong password is refused, then the advisor logs in and lands on her dashboard", async () => {
    let start = Date.now();
    await page.goto(base + "/");
    const dialog = page.getByRole("dialog", { name: "Log in" });
    await dialog.waitFor();
    await shot("01-login");
    await dialog.getByLabel("User name").fill("anna.advisor");
    await dialog.getByLabel("Password").fill("not the password");
    await dialog.getByRole("button", { name: "Log in" }).click();
    await dialog.getByText("Wrong user name or password.").waitFor();
    await dialog.getByLabel("Password").fill(password);
    start = Date.now();
    await dialog.getByRole("button", { name: "Log in" }).click();
    await expectHeading("My dashboard");
    await page.waitForFunction(() => {
      const w = [...document.querySelectorAll(".widget")];
      return w.length >= 3 && w.every((x) => x.dataset.ready === "true");
    }, null, { timeout: 20000 });
    timings.push(["dashboard: log in to every widget drawn (starter dashboard built)", Date.now() - start]);
    const figure = await main().locator(".widget .figure").first().textContent();
    assert(/^\d+$/.test(figure.trim()) && Number(figure) > 0, "the total figure is " + figure);
    assert(await main().locator(".widget canvas").count() >= 1, "no chart on the dashboard");
    await expect(page.locator("header .who"), "Anna Advisor");
    await shot("02-dashboard");
    // The same dashboard again, as a returning person sees it (no starter to build).
    start = Date.now();
    await page.reload();
    await expectHeading("My dashboard");
    await page.waitForFunction(() => [...document.querySelectorAll(".widget")].every((x) => x.dataset.ready === "true") && document.querySelectorAll(".widget").length >= 3);
    timings.push(["dashboard: reload (assets from the browser cache, data from the server)", Date.now() - start]);
  });

  await step("navigation shows the example plugin's entity and report", async () => {
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("heading", { name: "Example" }).waitFor();
    await nav.getByRole("link", { name: "Prospects", exact: true }).waitFor();
    await nav.getByRole("link", { name: "Prospects overview" }).waitFor();
  });

  await step("a new prospect: the server's messages appear at the fields, nothing typed is lost, then it saves", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Prospects", exact: true }).click();
    await expectHeading("Prospects");
    await main().getByRole("link", { name: "New Prospect" }).click();
    await expectHeading("New Prospect");
    const form = main().locator("form.record-form");
    await form.getByLabel("Name").fill(prospectName);
    await form.getByLabel("E-mail").fill("oliwia@example.com");
    await form.getByLabel("Segment").selectOption("affluent");
    await form.getByLabel("Expected amount", { exact: true }).fill("1234,5");
    await form.getByLabel("Currency of Expected amount").selectOption("PLN");
    await form.getByLabel("Score").fill("500");
    await form.getByLabel("Birth date").fill("1990-04-12");
    await form.getByLabel("Street").fill("Floriańska 1");
    await form.getByLabel("Notes").fill("Met at the branch; " + unique);
    await form.getByRole("button", { name: "Save" }).click();
    const summary = form.locator(".error-summary");
    await summary.getByText("2 fields need correcting").waitFor();
    await expectText(form.locator('[data-path="score"] .field-error'), "Must be between 0 and 100");
    await expectText(form.locator('[data-path="address.city"] .field-error'), "This is required");
    assert(await form.getByLabel("Score").getAttribute("aria-invalid") === "true", "Score is not marked invalid");
    assert(await form.getByLabel("Name").inputValue() === prospectName, "the name was lost");
    assert(await form.getByLabel("Notes").inputValue() === "Met at the branch; " + unique, "the notes were lost");
    await shot("03-form-errors");
    await form.getByLabel("Score").fill("77");
    await form.getByLabel("City").fill("Kraków");
    await form.getByRole("button", { name: "Save" }).click();
    await expectHeading(prospectName);
    prospectUrl = page.url();
    const field = (name) => main().locator(`[data-field="${name}"] dd`);
    await expectText(field("segment"), "Affluent");
    await expectText(field("score"), "77");
    await expectText(field("expected_amount"), "PLN");
    await expectText(field("expected_amount"), "1,234.50");
    await expectText(field("address.city"), "Kraków");
    await shot("04-record");
  });

  await step("full-text search finds it; the record opens from the list", async () => {
    await searchList("/e/prospect", "Prospects", unique, prospectName);
    assert(page.url().includes("q=" + encodeURIComponent(unique)), "the search is not in the address: " + page.url());
    await main().getByRole("link", { name: prospectName }).click();
    await expectHeading(prospectName);
    assert(page.url() === prospectUrl, "opened " + page.url());
  });

  await step("a list page of 50 rows, sorted, filtered, with chosen columns and keyset pages", async () => {
    const start = Date.now();
    await page.goto(base + "/#/e/prospect");
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length >= 36);
    timings.push(["list: the advisor's prospects (36 rows), in-app navigation", Date.now() - start]);
    const rows = main().locator("table.records tbody tr");
    assert(await rows.count() === 36, "the advisor's 35 demo prospects and her new one: " + await rows.count());
    await expectText(main().locator(".count"), "36 records");
    await shot("05-list");

    // sort by name, ascending
    await main().getByRole("button", { name: /^Name/ }).click();
    await page.waitForFunction(() => document.querySelector("main th[aria-sort=ascending]"));
    const names = await main().locator("table.records tbody tr td:nth-child(2)").allTextContents();
    const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert(JSON.stringify(names) === JSON.stringify(sorted), "not sorted by name: " + names.slice(0, 5).join(", "));
    assert(page.url().includes("sort=name"), "sort not in the address");

    // filter: segment is Affluent
    await filterAffluent();
    await main().getByRole("button", { name: "Filters (1)" }).waitFor();
    const filtered = await rows.count();
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll("main table.records tbody tr").length === n, filtered);
    await main().getByRole("button", { name: "Clear filters" }).click();
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 36);

    // columns: hide Phone, remembered after a reload
    await main().getByRole("button", { name: "Columns" }).click();
    await main().locator(".column-chooser").getByRole("checkbox", { name: "Phone" }).uncheck();
    await page.waitForFunction(() => ![...document.querySelectorAll("main table.records th")].some((th) => th.textContent.includes("Phone")));
    await main().getByRole("button", { name: "Move Segment up" }).click();
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length > 0);
    const headers = await main().locator("table.records thead th").allTextContents();
    assert(!headers.some((h) => h.includes("Phone")), "Phone came back: " + headers.join(" | "));
    assert(headers.findIndex((h) => h.includes("Segment")) < headers.findIndex((h) => h.includes("Core banking id")), "Segment was not moved up: " + headers.join(" | "));

    // pages of 25: the second page holds the rest
    await main().getByLabel("Rows per page").selectOption("25");
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 25);
    const firstPage = await main().locator("table.records tbody tr td:nth-child(2)").allTextContents();
    await main().getByRole("button", { name: "Next" }).click();
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 11);
    await expectText(main().locator(".page-info"), "Page 2");
    const secondPage = await main().locator("table.records tbody tr td:nth-child(2)").allTextContents();
    assert(!secondPage.some((n) => firstPage.includes(n)), "page 2 repeats page 1");
    assert(await main().getByRole("button", { name: "Next" }).isDisabled(), "Next after the last page");
    await main().getByRole("button", { name: "Previous" }).click();
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 25);
    await main().getByLabel("Rows per page").selectOption("50");
  });

  await step("a new client opens on its 360 page, reached again from the list's search", async () => {
    await page.goto(base + "/#/e/client");
    await expectHeading("Clients");
    await main().getByRole("link", { name: "New Client" }).click();
    await expectHeading("New Client");
    const form = main().locator("form.record-form");
    await form.getByLabel("Kind").selectOption("individual");
    await form.getByLabel("First name").fill("Halina");
    await form.getByLabel("Last name").fill(clientLast);
    await form.getByRole("button", { name: "Save" }).click();
    await expectHeading(clientName);
    await main().getByRole("heading", { name: "Profile" }).waitFor();
    await main().getByRole("heading", { name: /^Interactions/ }).waitFor();
    await main().getByRole("heading", { name: /^Open tasks/ }).waitFor();
    await main().getByRole("heading", { name: /^Accounts and contracts/ }).waitFor();
    const clientUrl = page.url();
    await searchList("/e/client", "Clients", clientLast, clientName);
    await main().getByRole("link", { name: clientName }).click();
    await expectHeading(clientName);
    assert(page.url() === clientUrl, "opened " + page.url());
  });

  await step("a call logged from the 360 page in two clicks shows in the timeline and exists in the API", async () => {
    const clientId = page.url().split("/").pop();
    const timeline = main().locator('[data-section="timeline"]');
    await expectText(timeline.locator("h2"), "0");
    const start = Date.now();
    await main().getByRole("button", { name: "Log a call" }).click(); // 1
    const dialog = page.getByRole("dialog", { name: "A call with " + clientName });
    await dialog.waitFor();
    assert(await dialog.getByLabel("Kind").inputValue() === "call", "the kind is not prefilled");
    assert(await dialog.getByLabel("Direction").inputValue() === "out", "the direction is not prefilled");
    assert((await dialog.getByLabel("When").inputValue()).length === 16, "the time is not prefilled");
    await shot("12-log-call");
    await dialog.getByRole("button", { name: "Save" }).click(); // 2
    await dialog.waitFor({ state: "hidden" });
    await page.waitForFunction(() => document.querySelectorAll('main [data-section="timeline"] .timeline-item').length === 1);
    timings.push(["360: a call logged, from the first click to the timeline redrawn", Date.now() - start]);
    await expectText(timeline.locator("h2"), "1");
    await expectText(timeline.locator(".timeline-item"), "Call");
    await expectText(timeline.locator(".timeline-item"), "Out");
    assert(await page.evaluate(() => document.activeElement?.textContent) === "Log a call", "the focus did not return to the button");
    const anna = await apiLogin("anna.advisor");
    const me = (await apiGet(anna, "/api/v1/auth/me")).body.user;
    const found = await apiGet(anna, "/api/v1/interaction?filter=" + encodeURIComponent(JSON.stringify({ client_id: clientId })));
    assert(found.body.items.length === 1, "interactions of the client: " + JSON.stringify(found.body));
    const call = found.body.items[0];
    assert(call.kind === "call" && call.direction === "out" && call.channel === "phone" && call.employee === me.id,
      "the call as stored: " + JSON.stringify(call));
    assert(Math.abs(Date.parse(call.at) - Date.now()) < 5 * 60 * 1000, "the call is not dated now: " + call.at);
    // a task the same way, keyboard only: Enter on the button, type the title, Enter saves
    await main().getByRole("button", { name: "Add a task" }).focus();
    await page.keyboard.press("Enter");
    const taskDialog = page.getByRole("dialog", { name: "A task for " + clientName });
    await taskDialog.waitFor();
    assert(await page.evaluate(() => document.activeElement?.closest("dialog") !== null), "the focus is not in the dialog");
    await page.keyboard.type("Send the deposit offer");
    await page.keyboard.press("Enter");
    await taskDialog.waitFor({ state: "hidden" });
    await expectText(main().locator('[data-section="open_tasks"]'), "Send the deposit offer");
    await shot("13-client-360");
  });

  await step("a dynamic group saved from the list's filter opens again with its members", async () => {
    await page.goto(base + "/#/e/prospect");
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 36);
    await filterAffluent();
    const affluent = await main().locator("table.records tbody tr").count();
    await main().getByRole("button", { name: "Save as group…" }).click();
    const dialog = page.getByRole("dialog", { name: "Save as a group" });
    await dialog.getByLabel("Name").fill("My affluent prospects");
    assert(await dialog.getByRole("radio", { name: /dynamic/ }).isChecked(), "dynamic is not the choice without a selection");
    await dialog.getByLabel("Shared with").selectOption("role");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expectHeading("Prospects: My affluent prospects");
    await page.waitForFunction((n) => document.querySelectorAll("main table.records tbody tr").length === n, affluent);
    await expectText(main().locator(".group-bar"), "shared with the role advisor");
    const anna = await apiLogin("anna.advisor");
    const groups = (await apiGet(anna, "/api/v1/groups")).body.items;
    const saved = groups.find((g) => g.name === "My affluent prospects");
    assert(saved && saved.kind === "dynamic" && JSON.parse(saved.filter).segment === "affluent" && saved.role === "advisor",
      "the group as saved: " + JSON.stringify(saved));
    // closed, then opened again from the picker
    await main().getByRole("button", { name: "Close the group" }).click();
    await expectHeading("Prospects");
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 36);
    await main().getByLabel("Groups").selectOption({ label: "My affluent prospects" });
    await expectHeading("Prospects: My affluent prospects");
    await page.waitForFunction((n) => document.querySelectorAll("main table.records tbody tr").length === n, affluent);
    await expectText(main().locator(".count"), affluent + " records");
    assert(page.url().includes("group=" + saved.id), "the group is not in the address: " + page.url());
    await shot("14-group");
    // a static group of two selected rows
    await main().getByRole("button", { name: "Close the group" }).click();
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 36);
    const boxes = main().locator("table.records tbody input[type=checkbox]");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await expectText(main().locator(".selection"), "2 selected");
    await main().getByRole("button", { name: "Save as group…" }).click();
    const staticDialog = page.getByRole("dialog", { name: "Save as a group" });
    await staticDialog.getByLabel("Name").fill("Two to call");
    assert(await staticDialog.getByRole("radio", { name: /2 selected/ }).isChecked(), "static is not the choice with a selection");
    await staticDialog.getByRole("button", { name: "Save" }).click();
    await expectHeading("Prospects: Two to call");
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 2);
  });

  await step("a report with a comparison: table, chart, exports, saved configuration", async () => {
    const start = Date.now();
    await page.goto(base + "/#/r/prospects_overview");
    await expectHeading("Prospects overview");
    await page.waitForFunction(() => document.querySelector("main .report-table tbody tr") && document.querySelector("main .chart-box")?.dataset.ready === "true");
    timings.push(["report: page with its default run, table and chart", Date.now() - start]);
    const controls = main().locator("form.report-controls");
    await controls.getByLabel("Segment").uncheck();
    await controls.getByLabel("Month").check();
    for (const m of ["Distinct scores", "Expected", "Average score", "Lowest score", "Highest score", "Expected per prospect"]) {
      await controls.getByLabel(m, { exact: true }).uncheck();
    }
    await controls.getByLabel("From").fill("2026-04-01");
    await controls.getByLabel("To").fill("2026-06-30");
    await controls.getByLabel("Compare with").selectOption("prev");
    await controls.getByRole("button", { name: "Show" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("main .report-table thead th")].some((th) => th.textContent === "Prospects (period before)"));
    await page.waitForFunction(() => document.querySelector("main .chart-box")?.dataset.ready === "true");
    const months = await main().locator(".report-table tbody th").allTextContents();
    assert(JSON.stringify(months) === JSON.stringify(["Apr 2026", "May 2026", "Jun 2026"]), "months: " + months.join(", "));
    const datasets = await page.evaluate(() => document.querySelector("main .chart-box").chart.data.datasets.map((d) => [d.label, d.data.length]));
    assert(datasets.length === 2 && datasets[1][0] === "Prospects (period before)" && datasets[0][1] === 3, "chart datasets: " + JSON.stringify(datasets));
    const pixels = await page.evaluate(() => {
      const c = document.querySelector("main .chart-box canvas");
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert(pixels > 1000, "the chart canvas is blank");
    const total = await main().locator(".report-table tfoot td").first().textContent();
    // The advisor's demo prospects of April-June, computed by the API itself.
    const anna = await apiLogin("anna.advisor");
    const api = await apiGet(anna, "/api/v1/reports/prospects_overview?dims=month&measures=prospects&from=2026-04-01&to=2026-06-30&compare=prev");
    assert(String(api.body.totals[1]) === total.trim(), "table total " + total + ", API " + api.body.totals[1]);
    await shot("06-report");

    const csv = await download(main().getByRole("link", { name: "CSV" }));
    assert(/^Month,Prospects,Prospects/m.test(csv.toString("utf8")), "CSV header: " + csv.toString("utf8").slice(0, 200));
    assert(new RegExp("^Total," + total.trim() + ",", "m").test(csv.toString("utf8")) && /^2026-04,/m.test(csv.toString("utf8")),
      "CSV rows: " + csv.toString("utf8"));
    const xlsx = await download(main().getByRole("link", { name: "XLSX" }));
    assert(xlsx.subarray(0, 2).toString() === "PK" && xlsx.length > 1000, "XLSX is not a workbook");
    const pdf = await download(main().getByRole("link", { name: "PDF" }));
    assert(pdf.subarray(0, 5).toString() === "%PDF-", "PDF is not a PDF");

    await main().getByRole("button", { name: "Save configuration…" }).click();
    const dialog = page.getByRole("dialog", { name: "Save this configuration" });
    await dialog.getByLabel("Name").fill("Q2 by month, against Q1");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.waitForFunction(() => [...document.querySelectorAll("main .saved-bar option")].some((o) => o.selected && o.textContent === "Q2 by month, against Q1"));
  });

  await step("a report by owner shows people's names, not their ids", async () => {
    await page.goto(base + "/#/r/prospects_overview?dims=owner&measures=prospects");
    await expectHeading("Prospects overview");
    await page.waitForFunction(() => document.querySelector("main .report-table tbody th"));
    await expectText(main().locator(".report-table tbody th").first(), "Anna Advisor");
  });

  await step("the dashboard is editable: a saved report is added to it", async () => {
    await page.goto(base + "/#/");
    await expectHeading("My dashboard");
    await main().getByRole("button", { name: "Edit dashboard" }).click();
    await main().getByLabel("Add a saved report").selectOption({ label: "Q2 by month, against Q1" });
    await main().getByLabel("Shown as", { exact: true }).selectOption("table");
    await main().getByRole("button", { name: "Add", exact: true }).click();
    await main().getByRole("button", { name: "Save" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("main .widget h2")].some((h) => h.textContent === "Q2 by month, against Q1"));
    const widget = main().locator(".widget", { has: page.getByRole("heading", { name: "Q2 by month, against Q1" }) });
    await widget.locator("table").waitFor();
    await expectText(widget.locator("thead"), "Prospects (period before)");
  });

  await step("languages: Polish, Ukrainian and Russian with their own number and money formats", async () => {
    await page.goto(prospectUrl);
    await expectHeading(prospectName);
    await page.getByLabel("Language").selectOption("pl");
    await page.getByRole("navigation", { name: "Główna" }).getByRole("link", { name: "Pulpit" }).waitFor();
    await expectText(main().locator('[data-field="expected_amount"] dd'), "1234,50 zł");
    await expectText(main().getByRole("link", { name: "Edytuj" }), "Edytuj");
    assert(await page.evaluate(() => document.documentElement.lang) === "pl", "html lang is not pl");
    await shot("07-record-pl");
    await page.goto(base + "/#/e/prospect");
    await expectText(main().locator(".count"), "36 rekordów");
    await page.getByLabel("Język").selectOption("uk");
    await expectText(main().locator(".count"), "36 записів");
    await page.getByRole("navigation", { name: "Головне" }).getByRole("link", { name: "Зведення" }).waitFor();
    await page.getByLabel("Мова").selectOption("ru");
    await expectText(main().locator(".count"), "36 записей");
    await page.goto(base + "/#/r/prospects_overview?dims=month&measures=prospects&from=2026-04-01&to=2026-06-30&compare=prev");
    await page.waitForFunction(() => [...document.querySelectorAll("main .report-table thead th")].some((th) => th.textContent === "Количество потенциальных клиентов (предыдущий период)"));
    await expectText(main().locator(".report-table tfoot th"), "Итого");
    await page.getByLabel("Язык").selectOption("en");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).waitFor();
  });

  await step("an advisor cannot reach a colleague's record by its address", async () => {
    const jan = await apiLogin("jan.advisor");
    const theirs = (await apiGet(jan, "/api/v1/prospect?limit=1")).body.items[0];
    assert(theirs && theirs.owner_id !== undefined, "jan has no prospect");
    await page.goto(base + "/#/e/prospect/" + theirs.id);
    await expectHeading("Not found");
    await main().getByText("outside what you may see").waitFor();
    assert(!(await main().textContent()).includes(theirs.name), "the colleague's prospect is shown");
    await shot("08-not-found");
  });

  await step("log out: the login comes back and no data is reachable", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("dialog", { name: "Log in" }).waitFor();
    const me = await page.evaluate(async () => (await fetch("/api/v1/auth/me")).status);
    assert(me === 401, "still logged in after logging out: " + me);
    assert(await page.locator("main table").count() === 0, "data left on screen");
  });

  await step("a removed session: the login appears over the half-edited form, the save goes through after it", async () => {
    await login("anna.advisor");
    await expectHeading("My dashboard");
    await page.goto(prospectUrl + "/edit");
    await expectHeading("Edit " + prospectName);
    await main().getByLabel("Phone").fill("+48 600 111 222");
    // The session ends on the server (as after an administrator's lock or an idle timeout).
    const cookie = (await context.cookies()).find((c) => c.name.length > 0);
    const session = { cookie: cookie.name + "=" + cookie.value };
    const me = await apiGet(session, "/api/v1/auth/me");
    await fetch(base + "/api/v1/auth/logout", { method: "POST", headers: { Cookie: session.cookie, "X-CSRF-Token": me.body.csrf_token, "Content-Type": "application/json" }, body: "{}" });
    await main().getByRole("button", { name: "Save" }).click();
    const dialog = page.getByRole("dialog", { name: "Log in" });
    await dialog.getByText("Your session has ended").waitFor();
    await shot("09-session-ended");
    await login("anna.advisor");
    await expectHeading(prospectName);
    await expectText(main().locator('[data-field="phone"] dd'), "+48 600 111 222");
  });

  await step("a session gone while away: reloading goes to the login and then back to the same page", async () => {
    const listUrl = base + "/#/e/prospect?q=" + encodeURIComponent(unique);
    await page.goto(listUrl);
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 1);
    await context.clearCookies();
    await page.reload();
    await login("anna.advisor");
    await page.waitForFunction((n) => document.querySelector("main table.records tbody tr")?.textContent.includes(n), prospectName);
    assert(page.url() === listUrl, "came back to " + page.url());
  });

  await step("no errors in the browser console", async () => {
    assert(page.consoleErrors.length === 0, page.consoleErrors.join("\n"));
  });
  await context.close();

  await step("the board exports the list as CSV and XLSX but creates nothing; a collector sees no prospects", async () => {
    await newContext();
    await page.goto(base + "/#/e/prospect");
    await login("board");
    await expectHeading("Prospects");
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 50);
    const start = Date.now();
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 50);
    timings.push(["list: a 50-row page of the bank's 241 prospects, whole page reloaded (board)", Date.now() - start]);
    await expectText(main().locator(".count"), "241 records");
    assert(await main().getByRole("link", { name: "New Prospect" }).count() === 0, "the board may not create");
    await main().getByRole("searchbox").fill(unique);
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length === 1);
    const csv = (await download(main().getByRole("link", { name: "Export CSV" }))).toString("utf8");
    const lines = csv.trim().split(/\r?\n/);
    assert(lines.length === 2 && lines[1].includes(prospectName) && lines[1].includes("Kraków"), "list CSV: " + csv.slice(0, 300));
    const xlsx = await download(main().getByRole("link", { name: "Export XLSX" }));
    assert(xlsx.subarray(0, 2).toString() === "PK", "the XLSX export is not a zip archive");
    const sheet = unzipEntry(xlsx, "xl/worksheets/sheet1.xml");
    assert((sheet.match(/<row /g) || []).length === 2, "XLSX rows: " + sheet.slice(0, 500));
    assert(sheet.includes(prospectName) && sheet.includes("Kraków") && sheet.includes("<t>expected_amount.amount</t>"),
      "the XLSX export lacks the prospect: " + sheet.slice(0, 500));
    await page.getByRole("button", { name: "Log out" }).click();
    await login("kasia.collector");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).waitFor();
    assert(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Prospects" }).count() === 0, "a collector sees prospects");
    await context.close();
  });

  await step("plugins' label translations and related sections from meta are shown without UI code", async () => {
    await newContext();
    // What a plugin will be able to declare: labels in other languages, and a record page
    // endpoint with related sections (the clients plugin's /360).
    await page.route("**/api/v1/meta", async (route) => {
      const r = await route.fetch();
      const m = await r.json();
      const e = m.entities.find((x) => x.name === "prospect");
      e.translations = { pl: { label: "Potencjalny klient", label_plural: "Potencjalni klienci", fields: { "address.city": "Miasto" }, values: { segment: { affluent: "Zamożny" } } } };
      e.record_sections = "/api/v1/prospect/{id}/sections-e2e";
      await route.fulfill({ response: r, json: m });
    });
    await page.route("**/api/v1/prospect/*/sections-e2e", (route) => route.fulfill({ json: { sections: {
      visits: { label: "Visits", entity: "visit", items: [{ id: "1", title: "Branch visit" }], total: 1, more: false } } } }));
    await page.goto(prospectUrl);
    await login("anna.advisor");
    await expectHeading(prospectName);
    await main().getByRole("heading", { name: /Visits/ }).waitFor();
    await main().getByText("Branch visit").waitFor();
    await page.getByLabel("Language").selectOption("pl");
    await page.getByRole("navigation", { name: "Główna" }).getByRole("link", { name: "Potencjalni klienci" }).waitFor();
    await expectText(main().locator('[data-field="segment"] dd'), "Zamożny");
    await expectText(main().locator('[data-field="address.city"] dt'), "Miasto");
    await page.getByLabel("Język").selectOption("en");
    await context.close();
  });

  await step("tablet width: the navigation folds behind the menu button, the list stays usable", async () => {
    await newContext({ width: 768, height: 1024 });
    await page.goto(base + "/#/e/prospect");
    await login("anna.advisor");
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length > 0);
    const nav = page.getByRole("navigation", { name: "Main" });
    assert(!(await nav.isVisible()), "the navigation covers the page at tablet width");
    await page.getByRole("button", { name: "Menu" }).click();
    await nav.getByRole("link", { name: "Prospects overview" }).waitFor();
    await shot("10-tablet-menu");
    await nav.getByRole("link", { name: "Prospects overview" }).click();
    await expectHeading("Prospects overview");
    assert(!(await nav.isVisible()), "the menu stays open after choosing");
    // keyboard: "/" jumps to the search of a list
    await page.goto(base + "/#/e/prospect");
    await page.waitForFunction(() => document.querySelectorAll("main table.records tbody tr").length > 0);
    await page.keyboard.press("/");
    assert(await page.evaluate(() => document.activeElement?.type === "search"), "/ did not focus the search");
    await shot("11-tablet-list");
    await context.close();
  });
}

// Opens the list at HASH (its heading HEADING), searches it for TEXT and waits for the one row
// naming NAME.
async function searchList(hash, heading, text, name) {
  await page.goto(base + "/#" + hash);
  await expectHeading(heading);
  await main().getByRole("searchbox").fill(text);
  await page.waitForFunction((n) => {
    const rows = document.querySelectorAll("main table.records tbody tr");
    return rows.length === 1 && rows[0].textContent.includes(n);
  }, name);
}

// Filters the advisor's 36 prospects to the affluent ones with the filter builder.
async function filterAffluent() {
  await main().getByRole("button", { name: "Filters" }).click();
  await main().getByLabel("Field of condition 1").selectOption({ label: "Segment" });
  await main().getByLabel("Comparison of condition 1").selectOption("eq");
  await main().getByLabel("Value of condition 1").selectOption("affluent");
  await main().getByRole("button", { name: "Apply filters" }).click();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll("main table.records tbody tr")];
    return rows.length > 0 && rows.length < 36 && rows.every((r) => r.textContent.includes("Affluent"));
  });
}

async function expect(locator, text) {
  await expectText(locator, text);
}

// Waits for LOCATOR's text to contain TEXT (Intl's no-break spaces read as spaces).
async function expectText(locator, text) {
  const deadline = Date.now() + 10000;
  let last = "";
  while (Date.now() < deadline) {
    last = ((await locator.first().textContent({ timeout: 10000 }).catch(() => "")) || "").replace(/[\u00a0\u202f]/g, " ");
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("expected \"" + text + "\", found \"" + last + "\"");
}

async function download(link) {
  const [d] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const file = path.join(artifacts, d.suggestedFilename());
  await d.saveAs(file);
  return fs.readFileSync(file);
}

let failed = false;
try {
  await run();
} catch (err) {
  failed = true;
  if (results.at(-1)?.[0] !== "FAIL") console.log("FAIL " + (err.stack || err.message));
}
await browser?.close().catch(() => {});
const exit = await stopCrmd();
const log = fs.readFileSync(logPath, "utf8");
fs.copyFileSync(logPath, path.join(artifacts, "crmd.log"));
if (/ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/.test(log)) {
  console.log("FAIL crmd reported a sanitizer error (see " + path.join(artifacts, "crmd.log") + ")");
  failed = true;
} else if (!exit || exit.code !== 0) {
  console.log("FAIL crmd exited with " + JSON.stringify(exit));
  failed = true;
}
console.log("\ntimings (printed, not asserted):");
for (const [what, ms] of timings) console.log("  " + what + ": " + ms + " ms");
console.log("screenshots: " + artifacts);
console.log(results.filter((r) => r[0] === "ok").length + " of " + results.length + " steps passed");
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

// The web UI's main pages over a large store, timed in Debian's chromium (playwright-core):
//
//   node tests/bench/ui_list.mjs BASE_URL PASSWORD
//
// run by ui_list.sh against a crmd it serves. For the board, a branch director and an advisor: the
// dashboard's first load (log in to every widget drawn), a 50-row page of the clients list,
// the next page, a full-text search, the list sorted by another column; each from the action
// to the rows drawn, and beside it the time the server took for the page's request (Resource
// Timing, request sent to response received). For reference, a static file and /healthz
// fetched by the same page from the same crmd. Prints milliseconds; asserts nothing.
const [base, password] = process.argv.slice(2);
if (!base || !password) {
  console.error("usage: node tests/bench/ui_list.mjs BASE_URL PASSWORD");
  process.exit(2);
}
let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch {
  console.log("UI benchmark skipped: playwright-core is not installed (npm ci at the repository root)");
  process.exit(0);
}

const browser = await chromium.launch({
  executablePath: process.env.CRM_CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const rows = [];

// The server's time for the newest request whose address contains PART (ms), from the page.
async function serverTime(page, part) {
  return page.evaluate((p) => {
    const e = performance.getEntriesByType("resource").filter((r) => r.name.includes(p)).at(-1);
    return e ? Math.round(e.responseStart - e.requestStart) : null;
  }, part);
}

// Waits for a freshly drawn list page (its render counter past BEFORE) with rows.
async function listDrawn(page, before) {
  await page.waitForFunction((b) => {
    const t = document.querySelector("main table.records");
    return t && Number(t.dataset.renders || 0) > b && !t.hasAttribute("aria-busy") &&
      t.querySelectorAll("tbody tr").length > 0;
  }, before, { timeout: 120000, polling: "raf" });
}
const renders = (page) => page.evaluate(() => Number(document.querySelector("main table.records")?.dataset.renders || 0));

async function measure(who, label, part, page, action, done) {
  await page.evaluate(() => performance.clearResourceTimings());
  const start = Date.now();
  await action();
  await done();
  const ms = Date.now() - start;
  rows.push([who, label, ms, part ? await serverTime(page, part) : null]);
}

async function as(username, search) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  await page.goto(base + "/");
  const dialog = page.getByRole("dialog", { name: "Log in" });
  await dialog.getByLabel("User name").fill(username);
  await dialog.getByLabel("Password").fill(password);
  await measure(username, "dashboard: log in to every widget drawn", "/api/v1/reports/", page,
    () => dialog.getByRole("button", { name: "Log in" }).click(),
    () => page.waitForFunction(() => {
      const w = [...document.querySelectorAll(".widget")];
      return (w.length > 0 && w.every((x) => x.dataset.ready)) || document.querySelector("main h1")?.textContent.startsWith("Welcome");
    }, null, { timeout: 300000, polling: "raf" }));

  await measure(username, "clients list: first page of 50 rows", "/api/v1/client?", page,
    () => page.evaluate(() => { location.hash = "#/e/client"; }),
    () => listDrawn(page, 0));
  let before = await renders(page);
  if (await page.getByRole("button", { name: "Next" }).isDisabled()) rows.push([username, "(one page only: no next page)", null, null]);
  else {
    await measure(username, "clients list: next page", "/api/v1/client?", page,
      () => page.getByRole("button", { name: "Next" }).click(),
      () => listDrawn(page, before));
  }
  before = await renders(page);
  await measure(username, "clients list: full-text search \"" + search + "\"", "/api/v1/client?", page,
    async () => { await page.getByRole("searchbox").fill(search); await page.getByRole("searchbox").press("Enter"); },
    () => listDrawn(page, before));
  await page.getByRole("searchbox").fill("");
  await page.getByRole("searchbox").press("Enter");
  await page.waitForFunction(() => !document.querySelector("main table.records")?.hasAttribute("aria-busy"), null, { timeout: 120000 });
  before = await renders(page);
  await measure(username, "clients list: sorted by status", "/api/v1/client?", page,
    () => page.getByRole("button", { name: /^Status/ }).click(),
    () => listDrawn(page, before));
  const total = await page.waitForFunction(() => document.querySelector("main .count")?.textContent, null, { timeout: 300000 })
    .then((h) => h.jsonValue()).catch(() => "(no count)");

  // references from the same page and crmd
  const reference = await page.evaluate(async () => {
    const time = async (url) => {
      const t0 = performance.now();
      await (await fetch(url, { cache: "no-store" })).text();
      return Math.round(performance.now() - t0);
    };
    const css = document.querySelector("link[rel=stylesheet]").href;
    await time(css);
    return { css: await time(css), health: await time("/healthz") };
  });
  rows.push([username, "reference: the stylesheet, fetched uncached", reference.css, null]);
  rows.push([username, "reference: /healthz", reference.health, null]);
  rows.push([username, "(the list's count: " + total + ")", null, null]);
  await context.close();
}

await as("board", "Nowak7");
await as("krakow.director", "Nowak7");
await as("anna.advisor", "Nowak7");
await browser.close();

console.log("in the browser, from the action to the page drawn (server: the request's own time)");
for (const [who, what, ms, server] of rows) {
  if (ms === null) console.log(`  ${who.padEnd(16)} ${what}`);
  else console.log(`  ${who.padEnd(16)} ${what.padEnd(46)} ${String(ms).padStart(6)} ms` + (server !== null ? `   (server ${server} ms)` : ""));
}
console.log("  (budget: a 50-row page of a million-row list under 1000 ms)");

// Drives the notebook's web client in headless Chromium (the system's, through
// the pinned playwright-core) as people use it; browser_test.cpp runs one
// scenario per test case against a real notebook_server.
//
//   node driver.mjs SCENARIO --url URL --chromium PATH --node-modules DIR
//                   --artifacts DIR --user NAME=TOKEN...
//
// Scenarios: collaborate, restart, five, reload (see the functions below);
// bench prints the issue's browser figures as "figure: KEY VALUE UNIT". Each step that passes prints "ok: <step>"; the first failure prints
// "FAILED: <why>" and exits 1. A browser that cannot start is a failure, never
// a skip.
//
// The server is the test's: to kill or start it the driver prints "@kill" or
// "@start" on a line of its own and waits for "killed" or "started" on stdin.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { inkOf, readPng } from "./png.mjs";

// ---------------------------------------------------------------------------
// Arguments and the line protocol with the test.

const [scenario, ...rest] = process.argv.slice(2);
const options = { users: new Map() };
for (let i = 0; i < rest.length; i += 2) {
  const [name, value] = [rest[i], rest[i + 1]];
  if (value === undefined) fail(`${name} needs a value`);
  if (name === "--user") {
    const eq = value.indexOf("=");
    options.users.set(value.slice(0, eq), value.slice(eq + 1));
  } else {
    options[name.replace(/^--/, "").replace(/-./g, (m) => m[1].toUpperCase())] = value;
  }
}
for (const required of ["url", "chromium", "nodeModules", "artifacts"]) {
  if (options[required] === undefined) fail(`--${required} is required`);
}
const base = options.url.replace(/\/+$/, "");

const replies = [];
const waiting = [];
createInterface({ input: process.stdin }).on("line", (line) => {
  const next = waiting.shift();
  if (next !== undefined) next(line);
  else replies.push(line);
});
/** Asks the test to do `what` to the server; resolves when it has. */
function server(what) {
  process.stdout.write(`@${what}\n`);
  const expected = what === "kill" ? "killed" : "started";
  return new Promise((resolve, reject) => {
    const take = (line) => (line === expected ? resolve() : reject(new Error(`the test answered "${line}" to @${what}`)));
    const ready = replies.shift();
    if (ready !== undefined) take(ready);
    else waiting.push(take);
  });
}

function fail(message) {
  process.stdout.write(`FAILED: ${message}\n`);
  process.exit(1);
}
function ok(step) {
  process.stdout.write(`ok: ${step}\n`);
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------------------
// The browser and the pages.

const kFlags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function launch() {
  const { chromium } = await import(pathToFileURL(join(options.nodeModules, "playwright-core", "index.mjs")).href);
  try {
    // playwright gives the browser a fresh profile (--user-data-dir) in a
    // temporary folder of its own, under TMPDIR: the test's folder.
    return await chromium.launch({ executablePath: options.chromium, headless: true, args: kFlags, timeout: 60_000 });
  } catch (error) {
    throw new Error(`cannot start Chromium (${options.chromium}): ${String(error.message ?? error).split("\n")[0]}`);
  }
}

/** Every console error and uncaught exception of the pages, with the page's user. */
const problems = [];

/** A page of its own browser context (its own storage) signed in as `user`. */
async function openAs(browser, user, fragment = "", expectNetworkErrors = false) {
  const token = options.users.get(user);
  check(token !== undefined, `no token for ${user}`);
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  pages.push(page);
  page.user = user;
  page.expectNetworkErrors = expectNetworkErrors;
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // A refused or failed request is reported by Chromium as a console error;
    // a scenario that provokes them says so.
    if (page.expectNetworkErrors && /Failed to load resource|net::ERR_/.test(message.text())) return;
    problems.push(`${user}: console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${user}: uncaught: ${error.message}`));
  // Every command the page sent and what came back, for failure messages.
  page.commands = [];
  page.on("response", async (response) => {
    const request = response.request();
    if (request.method() !== "POST" || !request.url().includes("/commands")) return;
    const type = JSON.parse(request.postData() ?? "{}").type;
    const body = await response.text().catch(() => "");
    page.commands.push(`${type} ${new URL(request.url()).pathname.split("/")[2].slice(0, 8)} ${response.status()} ${body.slice(0, 60)}`);
  });
  page.on("requestfailed", (request) => {
    if (request.method() === "POST") page.commands.push(`${request.url()} failed: ${request.failure()?.errorText}`);
  });
  await page.goto(`${base}/#token=${encodeURIComponent(token)}${fragment === "" ? "" : "&" + fragment}`);
  try {
    await page.waitForFunction((name) => document.querySelector('[data-testid="user"]')?.textContent === name, user, { timeout: 15_000 });
  } catch {
    throw new Error(`${user}'s page did not sign in; it shows: ${(await page.evaluate(() => document.body.innerText)).trim()}`);
  }
  return page;
}

const kWait = { timeout: 15_000 };

/** The cells a page shows, in order: id, position, source, state. */
function cellsOf(page) {
  return page.$$eval('[data-testid="cell"]', (cells) => cells.map((cell) => ({
    id: cell.dataset.id,
    position: cell.dataset.position,
    source: cell.querySelector('[data-testid="cell-source"]').value,
    state: cell.dataset.state,
    pending: cell.dataset.pending === "true",
  })));
}

/** Waits until the page shows cells whose sources are `sources`, in that order, none with a local edit pending. */
async function waitForSources(page, sources, timeout = kWait.timeout) {
  try {
    await page.waitForFunction((expected) => {
      const cells = [...document.querySelectorAll('[data-testid="cell"]')];
      return cells.length === expected.length &&
        cells.every((cell, i) => cell.querySelector('[data-testid="cell-source"]').value === expected[i] && cell.dataset.pending !== "true");
    }, sources, { timeout, polling: 20 });
  } catch {
    const shown = (await cellsOf(page)).map((cell) => cell.source);
    throw new Error(`${page.user}'s page shows ${JSON.stringify(shown)}, not ${JSON.stringify(sources)} (after ${timeout} ms)`);
  }
}

async function waitForCount(page, count, timeout = kWait.timeout) {
  try {
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="cell"]').length === n, count, { timeout, polling: 20 });
  } catch {
    throw new Error(`${page.user}'s page shows ${(await cellsOf(page)).length} cells, not ${count}\n${await describePages()}`);
  }
}

/** What every open page shows: its cells' ids, connection and error bar (for failure messages). */
async function describePages() {
  const lines = [];
  for (const page of pages) {
    if (page.isClosed()) continue;
    const state = await page.evaluate(() => ({
      cells: [...document.querySelectorAll('[data-testid="cell"]')].map((cell) => `${cell.dataset.id.slice(0, 8)}@${cell.dataset.position}v${cell.dataset.version}`),
      cursor: document.querySelector('[data-testid="cells"]')?.dataset.cursor,
      connection: document.querySelector('[data-testid="connection"]')?.textContent,
      error: document.querySelector('[data-testid="error"]:not([hidden])')?.innerText ?? "",
    }));
    lines.push(`  ${page.user}: ${state.cells.length} cells (cursor ${state.cursor}, ${state.connection}) ${state.error} [${state.cells.join(" ")}]`);
    lines.push(...page.commands.map((command) => `    sent ${command}`));
  }
  // What the server answers now, read once.
  const open = pages.find((page) => !page.isClosed());
  const notebook = open === undefined ? null : await open.getAttribute('[data-testid="notebook-page"]', "data-id").catch(() => null);
  if (notebook !== null && open !== undefined) {
    const response = await fetch(`${base}/views/cells?notebook=${notebook}`, { headers: { Authorization: `Bearer ${options.users.get(open.user)}` } });
    const text = await response.text();
    let summary = text;
    try {
      const body = JSON.parse(text);
      summary = `${body.cells.length} cells, cursor ${body.cursor}: ${body.cells.map((cell) => `${cell.id.slice(0, 8)}@${cell.position}v${cell.version}`).join(" ")}`;
    } catch {}
    lines.push(`  the server's cells view now (${response.status}): ${summary}`);
  }
  return lines.join("\n");
}

async function connectionOf(page) {
  return page.getAttribute('[data-testid="connection"]', "data-status");
}

async function waitForConnection(page, status, timeout = kWait.timeout) {
  try {
    await page.waitForSelector(`[data-testid="connection"][data-status="${status}"]`, { timeout, state: "attached" });
  } catch {
    throw new Error(`${page.user}'s page shows the connection ${await connectionOf(page)}, not ${status}`);
  }
}

/** Creates a notebook from the list page; the page is then on it. Returns its id. */
async function createNotebook(page, title) {
  await page.fill('[data-testid="new-notebook-title"]', title);
  await page.click('[data-testid="create-notebook"]');
  await page.waitForSelector('[data-testid="notebook-page"]', kWait);
  await page.waitForFunction((t) => document.querySelector('[data-testid="notebook-title"]')?.textContent === t, title, kWait);
  return page.getAttribute('[data-testid="notebook-page"]', "data-id");
}

async function share(page, user) {
  await page.fill('[data-testid="share-user"]', user);
  await page.click('[data-testid="share"]');
  await page.waitForFunction((u) => (document.querySelector('[data-testid="members"]')?.dataset.members ?? "").split(",").includes(u), user, kWait);
}

/** Adds a cell at the end and types `text` into it (the new cell has the focus). */
async function addCell(page, text) {
  const before = (await cellsOf(page)).length;
  await page.click('[data-testid="add-cell"]');
  await waitForCount(page, before + 1);
  const last = page.locator('[data-testid="cell"]').nth(before).locator('[data-testid="cell-source"]');
  await last.fill(text);
}

/** Replaces the text of the page's cell `index` by typing. */
async function editCell(page, index, text) {
  const source = page.locator('[data-testid="cell"]').nth(index).locator('[data-testid="cell-source"]');
  await source.fill("");
  await source.type(text, { delay: 5 });
}

async function openNotebook(browser, user, id) {
  const page = await openAs(browser, user, `notebook=${id}`);
  await page.waitForSelector('[data-testid="notebook-page"]', kWait);
  return page;
}

/** Checks that the pages show the same cells (ids, order, text) and returns them. */
async function sameCells(pages) {
  const shown = await Promise.all(pages.map(cellsOf));
  const first = JSON.stringify(shown[0].map(({ id, position, source }) => ({ id, position, source })));
  for (let i = 1; i < pages.length; ++i) {
    const other = JSON.stringify(shown[i].map(({ id, position, source }) => ({ id, position, source })));
    check(other === first, `${pages[i].user} shows ${other}\nbut ${pages[0].user} shows ${first}`);
  }
  const ids = shown[0].map((cell) => cell.id);
  check(new Set(ids).size === ids.length, `a cell shown twice: ${ids.join(" ")}`);
  return shown[0];
}

async function screenshot(page, name, texts) {
  mkdirSync(options.artifacts, { recursive: true });
  const file = join(options.artifacts, `${name}.png`);
  const bytes = await page.screenshot({ fullPage: true });
  writeFileSync(file, bytes);
  const image = readPng(bytes);
  const { colours, ink } = inkOf(image);
  check(image.width >= 800 && image.height >= 400, `the screenshot is ${image.width}x${image.height}`);
  check(colours >= 16 && ink >= 0.02, `the screenshot ${file} looks blank: ${colours} colours, ${(ink * 100).toFixed(1)}% ink`);
  const dom = await page.evaluate(() => document.body.innerText + "\n" +
    [...document.querySelectorAll("textarea")].map((area) => area.value).join("\n"));
  for (const text of texts) check(dom.includes(text), `the page does not show "${text}"`);
  ok(`screenshot ${file}: ${image.width}x${image.height}, ${colours} colours, ${(ink * 100).toFixed(1)}% ink, the cells' text in the DOM`);
}

/** Every page opened, to look at their error bars at the end. */
const pages = [];

async function noProblems() {
  for (const page of pages) {
    if (page.isClosed()) continue;
    const bar = await page.$('[data-testid="error"]:not([hidden])');
    if (bar !== null) problems.push(`${page.user}: the page shows the error "${(await bar.innerText()).replace(/\s*×$/, "")}"`);
  }
  check(problems.length === 0, `the pages reported:\n  ${problems.join("\n  ")}`);
  ok("no console errors, uncaught exceptions or errors shown");
}

// ---------------------------------------------------------------------------
// Scenarios.

const kQuery = "SELECT kind, count(*) FROM cells GROUP BY kind";

/**
 * Two users on one notebook: A adds three cells and edits one, B sees them in
 * order within a second; B runs an SQL cell and both see the result table; A
 * moves a cell and both see the new order; a third user is refused (403);
 * a screenshot of the notebook is checked and kept.
 */
async function collaborate(browser) {
  const a = await openAs(browser, "alice");
  const id = await createNotebook(a, "Team notes");
  await share(a, "bob");
  ok(`alice made notebook ${id} and shared it with bob`);
  const b = await openNotebook(browser, "bob", id);

  await addCell(a, kQuery);
  await addCell(a, "-- second: notes");
  await addCell(a, "-- third: plans");
  await editCell(a, 1, "-- second: edited by alice");
  const sources = [kQuery, "-- second: edited by alice", "-- third: plans"];
  await waitForSources(a, sources);
  const settled = Date.now();
  await waitForSources(b, sources, 1000);
  ok(`bob sees alice's three cells and her edit in order ${Date.now() - settled} ms after they were committed`);
  const changedBy = await b.textContent('[data-testid="cell"]:nth-child(2) [data-testid="cell-changed-by"]');
  check(/alice/.test(changedBy ?? ""), `bob's page says "${changedBy}" of the edited cell`);
  ok("bob's page says alice changed the cell");

  await b.click('[data-testid="cell"]:nth-child(1) [data-testid="run"]');
  for (const page of [a, b]) {
    const table = page.locator('[data-testid="cell"]:nth-child(1) [data-testid="result-table"]');
    await table.waitFor(kWait);
    const headers = await table.locator("th").allTextContents();
    check(JSON.stringify(headers) === JSON.stringify(["kind", "count(*)"]), `${page.user} sees the columns ${JSON.stringify(headers)}`);
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    check(JSON.stringify(rows) === JSON.stringify([["Sql", "3"]]), `${page.user} sees the rows ${JSON.stringify(rows)}`);
    const status = await page.getAttribute('[data-testid="cell"]:nth-child(1) [data-testid="run-status"]', "data-status");
    check(status === "completed", `${page.user} sees the run ${status}`);
  }
  ok("bob ran the SQL cell; both see the table kind | count(*) with Sql | 3");

  // The machine's accepted commands: an idle cell can run, not be cancelled.
  const buttons = await a.$$eval('[data-testid="cell"]:nth-child(1) button', (all) =>
    Object.fromEntries(all.map((button) => [button.dataset.testid, !button.disabled])));
  check(buttons.run === true && buttons.cancel === false && buttons["move-up"] === false && buttons.delete === true,
    `the first idle cell's buttons: ${JSON.stringify(buttons)}`);
  ok("buttons follow Cell.acceptedCommands (idle: run and delete, no cancel; the first cell cannot move up)");

  await a.click('[data-testid="cell"]:nth-child(3) [data-testid="move-up"]');
  const moved = [kQuery, "-- third: plans", "-- second: edited by alice"];
  await waitForSources(a, moved);
  await waitForSources(b, moved);
  await sameCells([a, b]);
  ok("alice moved the third cell up; both pages show the new order");

  const c = await openAs(browser, "carol", `notebook=${id}`, true);  // the 403 is expected
  await c.waitForSelector('[data-testid="notebook-refused"][data-status="403"]', kWait);
  const notebooks = await c.$$('[data-testid="cell"]');
  check(notebooks.length === 0, "carol's page shows cells of a notebook she may not open");
  ok("carol, neither owner nor member, is shown 403");

  await screenshot(a, "notebook", [kQuery, "-- third: plans", "-- second: edited by alice", "Team notes", "count(*)"]);
  await noProblems();
}

/**
 * The server killed (SIGKILL) and started again on the same store while two
 * pages are open: both show the lost connection, an edit made meanwhile is
 * kept and sent, both recover and converge, no cell lost or duplicated.
 */
async function restart(browser) {
  const a = await openAs(browser, "alice");
  const id = await createNotebook(a, "Through a restart");
  await share(a, "bob");
  const b = await openNotebook(browser, "bob", id);
  a.expectNetworkErrors = b.expectNetworkErrors = true;
  await addCell(a, "-- one");
  // As a person would, bob adds his cell once he sees alice's: addCell()
  // fills the page's last cell, which must be the one it added.
  await waitForSources(b, ["-- one"]);
  await addCell(b, "-- two");
  await waitForSources(a, ["-- one", "-- two"]);
  await waitForSources(b, ["-- one", "-- two"]);
  ok("two cells, one from each page");

  await server("kill");
  await waitForConnection(a, "lost");
  await waitForConnection(b, "lost");
  ok("both pages show the lost connection");
  await editCell(a, 0, "-- one, edited while the server was down");
  await a.locator('[data-testid="cell-source"]').first().blur();
  await a.waitForFunction(() => /waiting/.test(document.querySelector('[data-testid="connection"]')?.textContent ?? ""), null, kWait);
  ok("alice's edit waits to be sent");

  await server("start");
  await waitForConnection(a, "live", 30_000);
  await waitForConnection(b, "live", 30_000);
  ok("both pages reconnected");
  await addCell(b, "-- three, after the restart");
  const expected = ["-- one, edited while the server was down", "-- two", "-- three, after the restart"];
  await waitForSources(a, expected);
  await waitForSources(b, expected);
  const cells = await sameCells([a, b]);
  ok(`both pages converged on ${cells.length} cells, none lost or shown twice`);
  await noProblems();
}

/** Five pages, five users, adding cells at once: every page shows the same ordered notebook. */
async function five(browser) {
  const users = ["alice", "bob", "carol", "dave", "erin"];
  const owner = await openAs(browser, "alice");
  const id = await createNotebook(owner, "Five at once");
  for (const user of users.slice(1)) await share(owner, user);
  const pages = [owner, ...(await Promise.all(users.slice(1).map((user) => openNotebook(browser, user, id))))];
  const perPage = 3;
  await Promise.all(pages.map(async (page) => {
    for (let i = 0; i < perPage; ++i) await page.click('[data-testid="add-cell"]');
  }));
  const total = users.length * perPage;
  await Promise.all(pages.map((page) => waitForCount(page, total, 30_000)));
  await sameCells(pages);
  ok(`five pages added ${total} cells at once; all show them in the same order`);
  // Each page writes its user's name into its own cell, at once.
  await Promise.all(pages.map((page, i) => editCell(page, i, `-- written by ${page.user}`)));
  const order = (await cellsOf(pages[0])).map((cell, i) => (i < users.length ? `-- written by ${users[i]}` : ""));
  await Promise.all(pages.map((page) => waitForSources(page, order, 30_000)));
  await sameCells(pages);
  ok("five edits at once converged on every page");
  await noProblems();
}

/** A reload shows the kept cells at once and asks only for what changed after the kept cursor. */
async function reload(browser) {
  const a = await openAs(browser, "alice");
  const id = await createNotebook(a, "Kept between visits");
  for (const text of ["-- a", "-- b", "-- c"]) await addCell(a, text);
  await waitForSources(a, ["-- a", "-- b", "-- c"]);
  const cursor = Number(await a.getAttribute('[data-testid="cells"]', "data-cursor"));
  check(cursor > 0, `the page's cursor is ${cursor}`);
  const asked = [];
  a.on("request", (request) => {
    if (request.url().includes("/views/cells")) asked.push(request.url());
  });
  await a.reload();
  await waitForSources(a, ["-- a", "-- b", "-- c"]);
  check(asked.length >= 1, "the reloaded page did not ask for the cells");
  const since = Number(new URL(asked[0]).searchParams.get("since"));
  check(since >= cursor, `the reloaded page asked ${asked[0]} (the kept cursor was ${cursor})`);
  ok(`the reload showed the kept cells and asked for changes after cursor ${since} only`);
  check(new URL(a.url()).hash === `#notebook=${id}`, `the token stays out of the address: ${a.url()}`);
  ok("the token is kept in sessionStorage, not in the address");

  // A token the server does not know: the page says so and asks for nothing else.
  const context = await browser.newContext();
  const stranger = await context.newPage();
  await stranger.goto(`${base}/#token=not-a-token&notebook=${id}`);
  const fatal = await stranger.waitForSelector('[data-testid="fatal"]', kWait);
  const text = await fatal.innerText();
  check(/does not accept this token \(401\)/.test(text), `a page with an unknown token says "${text}"`);
  ok(`an unknown token: "${text}"`);
  await context.close();
  await noProblems();
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function figure(key, value, unit) {
  process.stdout.write(`figure: ${key} ${value.toFixed(2)} ${unit}\n`);
}

/** Sends a command as `user` over HTTP (to make a big notebook fast). */
async function command(user, aggregate, id, type, payload) {
  const response = await fetch(`${base}/${aggregate}/${encodeURIComponent(id)}/commands`, {
    method: "POST",
    headers: { Authorization: `Bearer ${options.users.get(user)}`, "Content-Type": "application/json" },
    body: JSON.stringify({ type, payload, command_id: crypto.randomUUID() }),
  });
  check(response.status === 200, `${type} answered ${response.status}: ${await response.text()}`);
}

/**
 * The issue's browser figures (bench only, no target checked here):
 *   notebook_1000_cells_load_ms: navigation to a 1,000-cell notebook fully
 *     shown, in a fresh context (nothing kept), the median of three loads;
 *   notebook_edit_to_other_client_ms p50/p99: from a keystroke in one page to
 *     the text in another's (the 300 ms pause before an edit is sent included);
 *   notebook_edit_local_ms p50/p99: from a keystroke to the next frame with it shown.
 * --cells and --edits change the sizes (smaller for a smoke run).
 */
async function bench(browser) {
  const cells = Number(options.cells ?? 1000);
  const edits = Number(options.edits ?? 40);
  const id = crypto.randomUUID();
  await command("alice", "Notebook", id, "Create", { title: "Big", owner: "alice" });
  await command("alice", "Notebook", id, "Share", { user: "bob" });
  const texts = [];
  for (let i = 0; i < cells; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, cells - i) }, (_, j) => {
      const n = i + j;
      texts[n] = `SELECT ${n} AS cell`;
      return command("alice", "Cell", crypto.randomUUID(), "Create",
        { notebook_id: id, kind: "Sql", position: "a" + n.toString(36).padStart(4, "0") + "1", source: texts[n] });
    }));
  }
  ok(`a notebook of ${cells} cells`);

  const loads = [];
  for (let round = 0; round < 3; ++round) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${base}/#token=${encodeURIComponent(options.users.get("alice"))}&notebook=${id}`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="cell"]').length === n, cells, { timeout: 60_000, polling: "raf" });
    loads.push(Date.now() - started);
    await context.close();
  }
  figure("notebook_1000_cells_load_ms", percentile(loads, 50), "ms");  // named for the full size, also in a smoke run

  const a = await openNotebook(browser, "alice", id);
  const b = await openNotebook(browser, "bob", id);
  await waitForCount(a, cells, 60_000);
  await waitForCount(b, cells, 60_000);
  const source = a.locator('[data-testid="cell-source"]').first();
  await source.click();
  await a.keyboard.press("End");
  // Local: keydown to the frame after the input event, measured in the page.
  await a.evaluate(() => {
    window.__local = [];
    const area = document.querySelector('[data-testid="cell-source"]');
    let down = 0;
    area.addEventListener("keydown", () => { down = performance.now(); });
    area.addEventListener("input", () => requestAnimationFrame(() => window.__local.push(performance.now() - down)));
  });
  const remote = [];
  let text = texts[0];
  for (let i = 0; i < edits; ++i) {
    const key = "abcdefghij"[i % 10];
    text += key;
    const pressed = Date.now();
    await a.keyboard.press(key);
    await b.waitForFunction((t) => document.querySelector('[data-testid="cell-source"]').value === t, text, { timeout: 10_000, polling: "raf" });
    remote.push(Date.now() - pressed);
  }
  const local = await a.evaluate(() => window.__local);
  figure("notebook_edit_to_other_client_ms_p50", percentile(remote, 50), "ms");
  figure("notebook_edit_to_other_client_ms_p99", percentile(remote, 99), "ms");
  figure("notebook_edit_local_ms_p50", percentile(local, 50), "ms");
  figure("notebook_edit_local_ms_p99", percentile(local, 99), "ms");
  ok(`${edits} edits seen in the other page; ${local.length} local frames`);
  await noProblems();
}

const scenarios = { collaborate, restart, five, reload, bench };

async function main() {
  const browser = await launch();  // "no-browser" fails here, as any scenario would
  ok(`Chromium ${browser.version()} started`);
  try {
    const run = scenarios[scenario];
    if (run === undefined) throw new Error(`no scenario ${scenario}; there are ${Object.keys(scenarios).join(", ")}`);
    await run(browser);
  } finally {
    await browser.close();
  }
}

main().then(() => process.exit(0), (error) => fail(error.stack ?? String(error)));

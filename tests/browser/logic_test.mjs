// The web client's logic without a browser, in Node, on the compiled modules
// (browser_test.cpp copies them into a folder of their own): the cell set's
// merging, tombstones, order and storage; a cell's source sync with a server
// that answers late, refuses, or writes over it; the outbox through a dropped
// network; a live view through drops and a refusal, against a real HTTP
// server on loopback. Prints "ok: <case>" for each; exits 1 at the first failure.
//
//   node logic_test.mjs MODULES_DIR
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const dir = process.argv[2];
const load = (name) => import(pathToFileURL(join(dir, name)).href);
const { CellSet } = await load("cells.js");
const { SourceSync } = await load("source_sync.js");
const { Outbox } = await load("outbox.js");
const { connect } = await load("live.js");
const { decodeCells } = await load("views.js");
const { positionBetween } = await load("position.js");
const mealy = await load("mealy.js");
const { Cell } = await load("notebook.mealy.js");

let failures = 0;
async function test(name, body) {
  try {
    await body();
    console.log(`ok: ${name}`);
  } catch (error) {
    failures++;
    console.log(`FAILED: ${name}: ${error.stack ?? error}`);
  }
}
function equal(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, expected ${e}`);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition, what, ms = 5000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const row = (id, position, version, extra = {}) => ({
  id, notebook: "n", kind: "Sql", position, source: `-- ${id}`, state: "Idle", executionCount: 0,
  version, deleted: false, changedBy: "alice", changedAt: "", execution: null, ...extra,
});
const tombstone = (id, version) => ({ ...row(id, "", version), deleted: true, state: "Deleted" });

class MemoryStorage {
  items = new Map();
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, value); }
  removeItem(key) { this.items.delete(key); }
}

await test("cells: order by position then id; a lower version never replaces a higher one", () => {
  const cells = new CellSet();
  cells.merge([row("b", "i", 1), row("a", "i", 1), row("c", "a", 1)], 3);
  equal(cells.list().map((r) => r.id), ["c", "a", "b"], "order");
  equal(cells.merge([row("c", "z", 1)], 2), [], "a row of the same version changes nothing");
  cells.merge([row("c", "z", 3)], 5);
  cells.merge([row("c", "b", 2)], 4);  // late, older
  equal(cells.list().map((r) => r.id), ["a", "b", "c"], "order after a move");
  equal(cells.cursor, 5, "the cursor never goes back");
});

await test("cells: a tombstone hides a cell and keeps an older row from bringing it back", () => {
  const cells = new CellSet();
  cells.merge([row("a", "i", 1), row("b", "r", 1)], 2);
  cells.merge([tombstone("a", 3)], 4);
  equal(cells.list().map((r) => r.id), ["b"], "after the delete");
  cells.merge([row("a", "i", 2)], 4);
  equal(cells.list().map((r) => r.id), ["b"], "after a late row of the deleted cell");
  equal(cells.get("a"), undefined, "get of a deleted cell");
});

await test("cells: positions between neighbours, also between cells that share one", () => {
  const cells = new CellSet();
  cells.merge([row("a", "i", 1), row("b", "r", 1), row("c", "r", 1), row("d", "v", 1)], 1);
  const first = cells.positionAt(0), middle = cells.positionAt(1), end = cells.positionAt(4);
  if (!(first < "i" && "i" < middle && middle < "r" && end > "v")) throw new Error(`${first} ${middle} ${end}`);
  // Between b and c (both "r"): no string lies between; the cell goes before both.
  const tied = cells.positionAt(2);
  if (!("i" < tied && tied < "r")) throw new Error(`between equal neighbours: ${tied}`);
  // Moving d up one place (index 2 among the others) puts it between b's and c's group: before it.
  const moved = cells.positionAt(2, "d");
  if (!("i" < moved && moved < "r")) throw new Error(`moving d up: ${moved}`);
  equal(positionBetween("", ""), "i", "the first position");
});

await test("cells: saved with their cursor and tombstones, read back; unreadable or full storage starts over", () => {
  const storage = new MemoryStorage();
  const cells = new CellSet();
  cells.merge([row("a", "i", 1), tombstone("b", 2)], 7);
  cells.save(storage, "k");
  const again = new CellSet();
  equal(again.load(storage, "k"), true, "load");
  equal(again.cursor, 7, "cursor");
  again.merge([row("b", "r", 1)], 7);
  equal(again.list().map((r) => r.id), ["a"], "the kept tombstone still hides b");
  storage.setItem("k", "{not json");
  equal(new CellSet().load(storage, "k"), false, "an unreadable copy");
  equal(storage.getItem("k"), null, "the unreadable copy is removed");
  const full = { ...new MemoryStorage(), getItem: () => null, setItem: () => { throw new Error("QuotaExceededError"); }, removed: [],
                 removeItem(key) { this.removed.push(key); } };
  cells.save(full, "k");
  equal(full.removed, ["k"], "a copy that cannot be saved is removed, not left stale");
});

await test("views: a malformed answer is an error with its path, not half a notebook", () => {
  const decoded = decodeCells({ cursor: 3, cells: [{ id: "a", notebook: "n", kind: "Sql", position: 7, state: "Idle", version: 1 }] });
  equal(decoded.ok, false, "decoded");
  equal(decoded.error, "$.cells[0].position: expected string, got number", "error");
  equal(decodeCells({ cursor: -1, cells: [] }).ok, false, "a negative cursor");
});

/** A fake server for SourceSync: each send waits until answered by the test. */
function fakeServer() {
  const sent = [];
  const answers = [];
  return {
    sent,
    send: (text) => new Promise((resolve) => { sent.push(text); answers.push(resolve); }),
    answer: (outcome) => answers.shift()(outcome),
  };
}

await test("source: typing shows at once, goes out after a pause, one send at a time, the newest text next", async () => {
  const server = fakeServer();
  const shown = [];
  const sync = new SourceSync("", 1, server.send, (text) => shown.push(text), () => {}, () => {}, 20);
  sync.input("S");
  sync.input("SE");
  equal(sync.text, "SE", "shown at once");
  equal(server.sent, [], "nothing sent while typing");
  await until(() => server.sent.length === 1, "the first send");
  equal(server.sent, ["SE"], "the text after the pause");
  sync.input("SEL");
  await sleep(60);
  equal(server.sent.length, 1, "no second send while one is in flight");
  sync.server("", 1);  // a row from before the edit: ignored while dirty
  equal(sync.text, "SEL", "the row does not overwrite typing");
  server.answer({ committed: true, version: 2 });
  await until(() => server.sent.length === 2, "the newest text");
  equal(server.sent[1], "SEL", "second send");
  sync.server("SE", 2);  // our first edit echoed: still dirty, ignored
  equal(sync.text, "SEL", "an echo of an older edit");
  server.answer({ committed: true, version: 3 });
  await until(() => !sync.pending, "clean");
  equal(shown, [], "the page never replaced the person's text");
});

await test("source: once clean, another person's later text is shown; an older row crossing ours is not", async () => {
  const server = fakeServer();
  const shown = [];
  const sync = new SourceSync("a", 1, server.send, (text) => shown.push(text), () => {}, () => {}, 5);
  sync.input("mine");
  await until(() => server.sent.length === 1, "send");
  server.answer({ committed: true, version: 3 });
  await until(() => !sync.pending, "clean");
  sync.server("theirs, older", 2);
  equal(sync.text, "mine", "a row older than our commit");
  sync.server("theirs, later", 4);
  equal(sync.text, "theirs, later", "a row newer than our commit");
  equal(shown, ["theirs, later"], "shown");
});

await test("source: a refused edit shows the server's text again and says why", async () => {
  const server = fakeServer();
  const shown = [], refused = [];
  const sync = new SourceSync("kept", 4, server.send, (text) => shown.push(text), (why) => refused.push(why), () => {}, 5);
  sync.input("lost");
  await until(() => server.sent.length === 1, "send");
  server.answer({ committed: false, reason: "refused (final_state)" });
  await until(() => !sync.pending, "clean");
  equal([sync.text, shown, refused], ["kept", ["kept"], ["refused (final_state)"]], "after the refusal");
});

await test("outbox: a command goes out again with the same id through a dropped network, once committed", async () => {
  const bodies = [];
  let calls = 0;
  const fetch = async (url, init) => {
    bodies.push(JSON.parse(init.body));
    if (++calls <= 2) throw new TypeError("fetch failed");
    return { status: 200, text: async () => JSON.stringify({ outcome: "committed", version: 1, events: [] }) };
  };
  const client = new mealy.HttpClient({ baseUrl: "http://127.0.0.1:9", fetch, attempts: 1 });
  const counts = [];
  const outbox = new Outbox(client, (n) => counts.push(n));
  const outcome = await outbox.send(Cell, "c1", { type: "DeleteCell", version: 1, payload: {} });
  equal(outcome.kind, "committed", "outcome");
  equal(bodies.length, 3, "tries");
  equal(new Set(bodies.map((b) => b.command_id)).size, 1, "one command id for every try");
  equal(counts, [1, 0], "pending while it waited");
  const refused = await new Outbox(new mealy.HttpClient({ baseUrl: "http://x", attempts: 1,
    fetch: async () => ({ status: 422, text: async () => JSON.stringify({ outcome: "rejected", rejection: { kind: "rejected", code: "cell_running", state: "Running", command: "DeleteCell", field: "", message: "" } }) }) }), () => {})
    .send(Cell, "c1", { type: "DeleteCell", version: 1, payload: {} });
  equal(refused.kind, "rejected", "a refusal is final, not retried");
});

await test("live: answers in order, a drop is shown and resumed from the last cursor, a refusal ends it (liveView of mealy.ts)", async () => {
  const asked = [];
  let connection = 0;
  const server = createServer((request, response) => {
    asked.push(request.url);
    if (request.headers.authorization !== "Bearer t") return response.writeHead(401).end();
    ++connection;
    if (connection === 3) {
      response.writeHead(403, { "content-type": "application/json" });
      return response.end(JSON.stringify({ error: { code: "forbidden", message: "not shared with you" } }));
    }
    response.writeHead(200, { "content-type": "text/event-stream" });
    const cursor = connection === 1 ? 4 : 9;
    response.write(`: heartbeat\n\nid: ${cursor}\ndata: {"cursor":${cursor},"cells":[]}\n\n`);
    if (connection === 1) response.write(`id: 4\ndata: {"cursor":4,"cells":[]}\n\n`);  // a repeat: delivered, merged idempotently
    setTimeout(() => response.destroy(), 50);  // the drop
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const client = new mealy.HttpClient({ baseUrl: base, token: "t" });
  const events = [];
  let refusal;
  const view = connect(client).live("cells", { notebook: "n 1" }, 2, {
    onAnswer: (body, cursor) => events.push(`answer ${cursor}`),
    onStatus: (status) => { if (events.at(-1) !== status) events.push(status); },
    onRefused: (status, error) => { refusal = `${status} ${error.code}: ${error.message}`; },
  });
  await until(() => refusal !== undefined, "the refusal");
  await sleep(1500);  // no try after a refusal (liveView waits 1 s between tries)
  view.close();
  server.close();
  equal(asked, ["/views/cells/live?notebook=n%201&since=2", "/views/cells/live?notebook=n%201&since=4",
                "/views/cells/live?notebook=n%201&since=9"], "requests");
  equal(events, ["connecting", "live", "answer 4", "answer 4", "lost", "live", "answer 9", "lost"], "what the page saw");
  equal(refusal, "403 forbidden: not shared with you", "refusal");
  equal(view.cursor, 9, "cursor");
});

if (failures > 0) process.exit(1);

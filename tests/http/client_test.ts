// The generated TypeScript client against a real server (test_server.cpp),
// run by client_test.cpp with Node:
//   node client_test.js api PORT        every call of the client, each checked
//   node client_test.js converge PORT   5 clients converge while the server is
//                                       killed and restarted (by the caller)
//   node client_test.js liveview PORT   a live view through the same: it shows
//                                       the lost connection, and converges
// Prints "ok: <what>" per check; throws (exit status 1) at the first failure.
import * as mealy from "./mealy.js";
import { Cell, Notebook } from "./notebook.mealy.js";

// The Notebook's apply hooks, as notebook_host.hpp keeps its members.
const notebookHooks: Notebook.ApplyHooks = {
  add_member: (notebook, event) => ({ ...notebook, data: { ...notebook.data, members: [...notebook.data.members, event.user] } }),
  remove_member: (notebook, event) => ({
    ...notebook,
    data: { ...notebook.data, members: notebook.data.members.filter((member) => member !== event.user) },
  }),
};
const evolve = (notebook: Notebook.Aggregate, event: Notebook.Event) => Notebook.evolve(notebook, event, notebookHooks);

const port = Number(process.argv[3]);
const baseUrl = `http://127.0.0.1:${port}`;
const token = "secret";

function check(condition: boolean, what: string, detail: unknown = ""): void {
  if (!condition) throw new Error(`failed: ${what} ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
  console.log(`ok: ${what}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function uuid(n: number): string {
  return `0195a3c0-7e00-7000-8000-${String(n).padStart(12, "0")}`;
}

async function waitFor(condition: () => boolean, what: string, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(10);
  check(condition(), what);
}

async function api(): Promise<void> {
  const client = new mealy.HttpClient({ baseUrl, token });
  const notebooks = client.aggregate(Notebook);
  const cells = client.aggregate(Cell);
  const id = uuid(1);

  const created = await notebooks.send(id, { type: "Create", version: 1, payload: { title: "Plans", owner: "ada" } });
  check(created.kind === "committed" && !created.duplicate && created.version === 1, "a command commits", created);
  if (created.kind === "committed") {
    const first = created.events[0];
    check(first !== undefined && first.event.ok && first.event.value.type === "NotebookCreated", "its event is decoded");
  }
  const again = await notebooks.send(id, { type: "Create", version: 1, payload: { title: "Plans", owner: "ada" } });
  check(again.kind === "rejected" && again.rejection.code === "already_exists", "a rejection is typed", again);
  const constraint = await notebooks.send(id, { type: "Retitle", version: 1, payload: { title: "" } });
  check(constraint.kind === "rejected" && constraint.rejection.field === "title", "a constraint names its field");
  const badId = await notebooks.send("not-a-uuid", { type: "Archive", version: 1, payload: {} });
  check(badId.kind === "error" && badId.error.status === 400 && badId.error.code === "invalid_id", "a bad id is an error");

  // A command the schema does not have does not type-check.
  // @ts-expect-error: Notebook has no command Explode
  void (() => notebooks.send(id, { type: "Explode", version: 1, payload: {} }));
  // @ts-expect-error: Retitle's payload has a title, not a name
  void (() => notebooks.send(id, { type: "Retitle", version: 1, payload: { name: "x" } }));
  // @ts-expect-error: a Cell command is not a Notebook command
  void (() => notebooks.send(id, { type: "ChangeSource", version: 1, payload: { source: "" } }));

  // The reply of the first delivery is lost: the client retries with the same id.
  let lose = 1;
  const lossy: mealy.FetchLike = async (url, init) => {
    const response = await fetch(url, init as never);
    if (init.method === "POST" && lose-- > 0) throw new Error("the reply was lost");
    return response;
  };
  const retrying = new mealy.HttpClient({ baseUrl, token, fetch: lossy });
  const retitled = await retrying.aggregate(Notebook).send(id, { type: "Retitle", version: 1, payload: { title: "Once" } });
  check(retitled.kind === "committed" && retitled.duplicate && retitled.version === 2,
        "a retry after a lost reply answers the first outcome", retitled);
  const read = await notebooks.read(id);
  check(read !== undefined && read.version === 2n && read.data.title === "Once", "read() decodes the state", read);
  check((await notebooks.read(uuid(999))) === undefined, "read() of an instance without events is undefined");

  // A read whose connection fails is tried again: the first try of each goes
  // to port 1 on loopback, where nothing listens (a real refused connection).
  let failNext = false;
  let tries = 0;
  const refusing: mealy.FetchLike = (url, init) => {
    ++tries;
    const target = failNext ? url.replace(baseUrl, "http://127.0.0.1:1") : url;
    failNext = false;
    return fetch(target, init as never);
  };
  const recovering = new mealy.HttpClient({ baseUrl, token, fetch: refusing, retryDelayMs: 10 });
  failNext = true;
  const reread = await recovering.aggregate(Notebook).read(id);
  check(reread?.data.title === "Once" && tries === 2, "read() tries again when the connection fails", tries);
  failNext = true;
  tries = 0;
  const firstPage = await recovering.changes(0);
  check(firstPage.events.length === 2 && tries === 2, "so does changes()", tries);
  tries = 0;
  let unreachable: unknown;
  try {
    await new mealy.HttpClient({ baseUrl: "http://127.0.0.1:1", token, attempts: 4, retryDelayMs: 10,
                                 fetch: (url, init) => { ++tries; return fetch(url, init as never); } })
      .aggregate(Notebook).read(id);
  } catch (error) {
    unreachable = error;
  }
  check(unreachable instanceof TypeError && tries === 4, "a read that never reaches the server throws after `attempts` tries",
        { tries, unreachable: String(unreachable) });

  await cells.send("c-1", { type: "Create", version: 1, payload: { notebook_id: id, kind: "Code", position: "m", source: "1+1" } });

  // Pull in pages until has_more is false.
  const seen: mealy.ChangeEvent[] = [];
  let pages = 0;
  const cursor = await client.pull(0, (events) => { seen.push(...events); ++pages; }, { limit: 1 });
  check(cursor === 3 && seen.length === 3 && pages === 3, "pull() reads every page", { cursor, pages });
  check(seen.map((event) => event.position).join(",") === "1,2,3", "in position order");
  check(seen[0]?.metadata.actor === "ada", "the actor comes from the token", seen[0]?.metadata);
  const onlyCells = await client.changes(0, { categories: ["Cell"] });
  check(onlyCells.events.length === 1 && onlyCells.latest_sequence === 3, "changes() filters by category");

  // Errors of the server are typed.
  let refused: unknown;
  try {
    await new mealy.HttpClient({ baseUrl }).changes(0);
  } catch (error) {
    refused = error;
  }
  check(refused instanceof mealy.HttpClientError && refused.error.status === 401, "no token: 401");

  // Follow the stream (over fetch: Node 20 has no EventSource).
  const followed: number[] = [];
  const follower = client.follow(1, (event) => followed.push(event.position));
  await waitFor(() => followed.length === 2, "follow() delivers the events after its cursor");
  await notebooks.send(id, { type: "Archive", version: 1, payload: {} });
  await waitFor(() => followed.length === 3 && follower.cursor === 4, "and live ones");
  follower.close();

  // An EventSource-like object, injected, is used as such.
  let opened = "";
  const fake: mealy.EventSourceLike = { onmessage: null, onerror: null, close: () => undefined };
  const injected = new mealy.HttpClient({ baseUrl, eventSource: (url) => { opened = url; return fake; } });
  const viaSource: number[] = [];
  injected.follow(2, (event) => viaSource.push(event.position), { categories: ["Notebook"] });
  fake.onmessage?.({ data: JSON.stringify(seen[2]), lastEventId: "3" });
  fake.onmessage?.({ data: JSON.stringify(seen[1]), lastEventId: "2" });  // seen already
  check(opened === `${baseUrl}/stream?since=2&category=Notebook` && viaSource.join(",") === "3",
        "an injected EventSource gets the URL and its messages are delivered once");

  // A replica: sync, follow, and resume from its storage.
  const storage = new mealy.MemoryStorage();
  const replica = new mealy.Replica(client, Notebook, { evolve, storage });
  await replica.sync();
  check(replica.cursor === 4 && replica.instances.get(id)?.state.type === "Archived", "a replica syncs", replica.cursor);
  const live = await replica.follow();
  await notebooks.send(id, { type: "Restore", version: 1, payload: {} });
  await waitFor(() => replica.instances.get(id)?.state.type === "Active", "a replica follows");
  live.close();
  const resumed = new mealy.Replica(client, Notebook, { evolve, storage });
  const before = (await storage.load())?.cursor;
  await resumed.sync();
  check(before === 5 && resumed.cursor === 5 && resumed.instances.get(id)?.data.title === "Once",
        "a replica resumes from its storage", before);

  // Events it cannot decode are reported, not dropped.
  const problems: mealy.ReplicaProblem[] = [];
  const strict = new mealy.Replica(client, Notebook, { evolve, onProblem: (problem) => problems.push(problem) });
  const base = seen[0] as mealy.ChangeEvent;
  strict.apply({ ...base, type: "NotebookExploded" });
  strict.apply({ ...base, schema_version: 2 });
  check(problems.length === 2 && problems.every((p) => p.kind === "undecodable") &&
          (problems[1]?.message ?? "").includes("newer than this code's 1"),
        "unknown types and newer versions are reported", problems.map((p) => p.message));

  // localStorage (a Storage-like object here).
  const items = new Map<string, string>();
  const local = new mealy.LocalStorage("notebooks", { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) });
  const browser = new mealy.Replica(client, Notebook, { evolve, storage: local });
  await browser.sync();
  const again2 = new mealy.Replica(client, Notebook, { evolve, storage: local });
  await again2.sync();
  check(items.has("notebooks") && again2.instances.get(id)?.version === 4n && again2.cursor === 5, "LocalStorage keeps a replica");

  // Views (the test server's "titles": test_view.hpp), once.
  let whole = await client.view("titles", { owner: "ada" });
  for (let tries = 0; whole.cursor < 5 && tries < 100; ++tries) {  // the view follows the log a little behind
    await sleep(50);
    whole = await client.view("titles", { owner: "ada" });
  }
  check(whole.status === 200 && whole.cursor === 5 && titlesOf(whole.body).get(id) === "Once",
        "view() reads an answer and its cursor", whole);
  failNext = true;
  tries = 0;
  const viewAgain = await recovering.view("titles", { owner: "ada" });
  check(viewAgain.cursor === 5 && tries === 2, "view() tries again when the connection fails", tries);
  const unchanged = await client.view("titles", { owner: "ada" }, { since: whole.cursor });
  check(unchanged.status === 204 && unchanged.cursor === 5 && unchanged.body === undefined, "view() since the cursor: 204", unchanged);
  let viewError: unknown;
  try {
    await client.view("titles", { owner: "bob" });
  } catch (error) {
    viewError = error;
  }
  check(viewError instanceof mealy.HttpClientError && viewError.error.status === 403 && viewError.error.code === "forbidden",
        "the view's 403 is thrown");
  try {
    await client.view("nothing", {});
  } catch (error) {
    viewError = error;
  }
  check(viewError instanceof mealy.HttpClientError && viewError.error.code === "unknown_view", "an unknown view: 404");

  // Live: the first answer at once, then each change (a delta after the cursor).
  const answers: [unknown, number][] = [];
  const statuses: boolean[] = [];
  const liveTitles = client.liveView("titles", { owner: "ada" }, (body, at) => answers.push([body, at]),
                               { onStatus: (connected) => statuses.push(connected) });
  await waitFor(() => answers.length === 1 && statuses.join() === "true", "liveView() gives the first answer");
  await notebooks.send(id, { type: "Retitle", version: 1, payload: { title: "Live" } });
  await waitFor(() => answers.length === 2 && liveTitles.cursor === 6, "and each change");
  check(titlesOf(answers[1]?.[0]).size === 1 && titlesOf(answers[1]?.[0]).get(id) === "Live" && answers[1]?.[1] === 6,
        "as a delta after the last cursor", answers[1]);
  liveTitles.close();
  const refusedLive: unknown[] = [];
  const forbidden = client.liveView("titles", { owner: "bob" }, () => undefined,
                                    { onError: (error) => refusedLive.push(error), retryMs: 50 });
  await waitFor(() => refusedLive.length >= 1, "a live view's error answer goes to onError");
  forbidden.close();
  check(refusedLive[0] instanceof mealy.HttpClientError && refusedLive[0].error.status === 403, "as an HttpClientError");
}

// The notebooks of a "titles" answer: id to title.
function titlesOf(body: unknown): Map<string, string> {
  const titles = new Map<string, string>();
  const notebooks = (body as { notebooks?: { id: string; title: string }[] } | undefined)?.notebooks ?? [];
  for (const notebook of notebooks) titles.set(notebook.id, notebook.title);
  return titles;
}

// A live view while the caller kills the server (SIGKILL) and starts it
// again: onStatus says false, then true; the answers (deltas) merged give
// what the view answers whole at the end.
async function liveview(): Promise<void> {
  const client = new mealy.HttpClient({ baseUrl, token, attempts: 60, retryDelayMs: 100 });
  const notebooks = client.aggregate(Notebook);
  for (let n = 0; n < 3; ++n) {
    await notebooks.send(uuid(n), { type: "Create", version: 1, payload: { title: "t", owner: "ada" } });
  }
  const merged = new Map<string, string>();
  const statuses: boolean[] = [];
  const errors: unknown[] = [];
  const live = client.liveView("titles", { owner: "ada" }, (body) => {
    for (const [id, title] of titlesOf(body)) merged.set(id, title);
  }, { onStatus: (connected) => statuses.push(connected), onError: (error) => errors.push(error), retryMs: 100 });
  await waitFor(() => merged.size === 3, "the first answer");
  let last = "";
  for (let i = 0; i < 60; ++i) {
    last = `r${i}`;
    const outcome = await notebooks.send(uuid(i % 3), { type: "Retitle", version: 1, payload: { title: last } });
    if (outcome.kind !== "committed") throw new Error(`retitle ${i}: ${JSON.stringify(outcome)}`);
    await sleep(50);
  }
  await waitFor(() => statuses.join() === "true,false,true", "onStatus said the connection was lost, then back", 20000);
  let whole = new Map<string, string>();
  await waitFor(() => {
    void client.view("titles", { owner: "ada" }).then((answer) => { whole = titlesOf(answer.body); }, () => undefined);
    return whole.size === 3 && [...whole].every(([id, title]) => merged.get(id) === title) && merged.get(uuid(59 % 3)) === last;
  }, "the merged answers converge on the view's whole answer", 20000);
  live.close();
  console.log(`live view converged after ${errors.length} failed connections`);
}

// Five clients send commands at once, each pulls and follows; the caller
// kills the server (SIGKILL) and starts it again meanwhile. Every client
// must end with the same events in the same order and the same states.
async function converge(): Promise<void> {
  const clients = Array.from({ length: 5 }, () =>
    new mealy.HttpClient({ baseUrl, token, attempts: 60, retryDelayMs: 100 }));
  const logs: mealy.ChangeEvent[][] = clients.map(() => []);
  const replicas = clients.map((client) => new mealy.Replica(client, Notebook, { evolve }));
  const followers: mealy.Follower[] = [];
  for (let c = 0; c < clients.length; ++c) {
    const client = clients[c] as mealy.HttpClient;
    const log = logs[c] as mealy.ChangeEvent[];
    const replica = replicas[c] as (typeof replicas)[number];
    followers.push(client.follow(0, (event) => { log.push(event); replica.apply(event); }, { retryMs: 100 }));
  }
  const perClient = 40;
  let committed = 0;
  await Promise.all(clients.map(async (client, c) => {
    const notebooks = client.aggregate(Notebook);
    for (let i = 0; i < perClient; ++i) {
      const id = uuid(i % 4);  // 4 notebooks shared by all clients: conflicts are real
      const outcome = i < 4 && c === 0
        ? await notebooks.send(id, { type: "Create", version: 1, payload: { title: "t", owner: "o" } })
        : await notebooks.send(id, { type: "Retitle", version: 1, payload: { title: `c${c}-${i}` } });
      if (outcome.kind === "committed") ++committed;
      else if (!(outcome.kind === "rejected" && i < 4)) throw new Error(`client ${c} command ${i}: ${JSON.stringify(outcome)}`);
      await sleep(25);
    }
  }));
  // Pull until the end, as a client does after a drop; then let streams settle.
  const pulled: mealy.ChangeEvent[][] = [];
  for (const client of clients) {
    const events: mealy.ChangeEvent[] = [];
    await client.pull(0, (page) => { events.push(...page); });
    pulled.push(events);
  }
  const total = (pulled[0] ?? []).length;
  await waitFor(() => logs.every((log) => log.length >= total), "every stream delivered every event", 20000);
  followers.forEach((follower) => follower.close());

  const order = (events: readonly mealy.ChangeEvent[]): string => events.map((e) => `${e.position}:${e.id}`).join(",");
  check(committed === total, "every committed command is in the log once", { committed, total });
  check(pulled.every((events) => order(events) === order(pulled[0] ?? [])), "every client pulled the same events in the same order");
  check(logs.every((log) => order(log) === order(pulled[0] ?? [])), "every stream delivered them, each once, in order");
  check((pulled[0] ?? []).every((event, i) => event.position === i + 1), "positions have no gap");
  const states = replicas.map((replica) =>
    [...replica.instances.entries()].sort().map(([id, aggregate]) => id + "=" + Notebook.encodeSnapshot(aggregate)).join("|"));
  check(states.every((state) => state === states[0]) && replicas.every((r) => r.problems.length === 0),
        "every replica has the same states");
  for (let n = 0; n < 4; ++n) {
    const read = await (clients[0] as mealy.HttpClient).aggregate(Notebook).read(uuid(n));
    check(read !== undefined && Notebook.encodeSnapshot(read) === Notebook.encodeSnapshot(replicas[0]?.instances.get(uuid(n)) as Notebook.Aggregate),
          `notebook ${n}: the replicas' state is the server's`);
  }
  console.log(`converged: ${total} events`);
}

const mode = process.argv[2];
(mode === "api" ? api() : mode === "liveview" ? liveview() : converge()).catch((error: unknown) => {
  console.error(String(error instanceof Error ? error.stack : error));
  process.exit(1);  // now: open live views and streams would keep Node running
});

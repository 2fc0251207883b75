// The page's connection to notebook_server's views: one read, or a live view
// that is read again after every drop, from the last cursor it was sent.
//
// Design notes:
//  1. A live view is GET /views/{name}/live?...&since=C, a Server-Sent Events
//     stream of answers (`id: <cursor>`, `data: <answer>`), read over fetch
//     because EventSource cannot send the Authorization header.
//  2. Status: "connecting" until the first 200, "live" while the stream is
//     open, "lost" after it ends or fails (a killed server, a dropped
//     network) until a new stream opens. Every drop is followed by another
//     try, after a delay that doubles from 250 ms to 4 s.
//  3. A new stream asks from the cursor of the last answer delivered, so
//     nothing is missed and nothing is applied twice (cursors only grow; an
//     answer at or below the last cursor is dropped).
//  4. An answer that is neither 200 nor 204 to the request itself (401, 403,
//     404, 400) ends the view for good: onRefused, no retry.
import * as mealy from "./mealy.js";

export type LinkStatus = "connecting" | "live" | "lost";

export interface LiveHandlers {
  /** An answer with the cursor it reflects (design note 3). */
  onAnswer(body: unknown, cursor: number): void;
  onStatus(status: LinkStatus, detail: string): void;
  /** The server refused the view (design note 4). */
  onRefused(status: number, error: mealy.HttpError): void;
}

export interface LiveView {
  close(): void;
  readonly cursor: number;
}

export interface Connection {
  /** The view's answer once; status 204 with body undefined when nothing changed after `since`. */
  view(name: string, params: Readonly<Record<string, string>>): Promise<{ status: number; body: unknown }>;
  live(name: string, params: Readonly<Record<string, string>>, since: number, handlers: LiveHandlers): LiveView;
}

function query(params: Readonly<Record<string, string>>, since: number): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
  if (since > 0) parts.push("since=" + since);
  return parts.length === 0 ? "" : "?" + parts.join("&");
}

function errorOf(status: number, body: unknown): mealy.HttpError {
  const error = (typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined) as
    | { code?: unknown; message?: unknown }
    | undefined;
  return {
    status,
    code: typeof error?.code === "string" ? error.code : "http_" + status,
    message: typeof error?.message === "string" ? error.message : `the server answered ${status}`,
  };
}

const kFirstDelayMs = 250;
const kLastDelayMs = 4000;

/** The connection over `fetch` to `baseUrl`, with `token` as bearer. */
export function connect(client: mealy.HttpClient, baseUrl: string, token: string): Connection {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    view: (name, params) => client.request("GET", `/views/${encodeURIComponent(name)}` + query(params, 0)),
    live: (name, params, since, handlers) => {
      const state = { cursor: since, closed: false, controller: undefined as AbortController | undefined };
      const run = async (): Promise<void> => {
        let wait = kFirstDelayMs;
        let first = true;
        while (!state.closed) {
          handlers.onStatus(first ? "connecting" : "lost", first ? "connecting" : "reconnecting");
          first = false;
          try {
            const refused = await readStream(base, token, name, params, state, handlers, () => { wait = kFirstDelayMs; });
            if (refused) return;
            if (!state.closed) handlers.onStatus("lost", "the server closed the stream");
          } catch (error) {
            if (state.closed) return;
            handlers.onStatus("lost", String(error));
          }
          if (state.closed) return;
          await new Promise<void>((resolve) => setTimeout(resolve, wait));
          wait = Math.min(wait * 2, kLastDelayMs);
        }
      };
      void run();
      return {
        close: () => {
          state.closed = true;
          state.controller?.abort();
        },
        get cursor() {
          return state.cursor;
        },
      };
    },
  };
}

/** One stream of a live view; true when the server refused it (design note 4). */
async function readStream(
  base: string,
  token: string,
  name: string,
  params: Readonly<Record<string, string>>,
  state: { cursor: number; closed: boolean; controller: AbortController | undefined },
  handlers: LiveHandlers,
  opened: () => void,
): Promise<boolean> {
  const controller = new AbortController();
  state.controller = controller;
  const response = await fetch(base + `/views/${encodeURIComponent(name)}/live` + query(params, state.cursor), {
    headers: { Accept: "text/event-stream", Authorization: "Bearer " + token },
    signal: controller.signal,
  });
  if (response.status !== 200 || response.body === null) {
    const text = await response.text();
    const parsed = text === "" ? undefined : mealy.parseStrict(text);
    if (response.status >= 400 && response.status < 500) {
      handlers.onRefused(response.status, errorOf(response.status, parsed?.ok === true ? parsed.value : undefined));
      return true;
    }
    throw new Error(`the server answered ${response.status}`);
  }
  opened();
  handlers.onStatus("live", "live");
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done || state.closed) return false;
    buffered += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const frame = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      let data = "";
      let id: number | undefined;
      for (const line of frame.split("\n")) {
        if (line.startsWith("data:")) data += (data === "" ? "" : "\n") + line.slice(line.startsWith("data: ") ? 6 : 5);
        else if (line.startsWith("id:")) id = Number(line.slice(3).trim());
      }
      if (data === "") continue;  // a comment or heartbeat
      const parsed = mealy.parseStrict(data);
      if (!parsed.ok) throw new Error("a view answer that is not JSON: " + parsed.error);
      const cursor = id !== undefined && Number.isSafeInteger(id) ? id : cursorOf(parsed.value);
      if (cursor !== undefined && cursor <= state.cursor && state.cursor > 0) continue;  // design note 3
      if (cursor !== undefined) state.cursor = cursor;
      handlers.onAnswer(parsed.value, cursor ?? state.cursor);
    }
  }
}

function cursorOf(body: unknown): number | undefined {
  const cursor = typeof body === "object" && body !== null ? (body as { cursor?: unknown }).cursor : undefined;
  return typeof cursor === "number" ? cursor : undefined;
}

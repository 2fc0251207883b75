// The page's connection to notebook_server's views, on the generated
// client's view() and liveView() (mealy.ts): one read, or a live view that
// reconnects after every drop from the cursor of the last answer.
//
// Design notes:
//  1. A live view is GET /views/{name}/live?...&since=C, a Server-Sent Events
//     stream of answers (`id: <cursor>`, `data: <answer>`), which liveView()
//     reads over fetch (EventSource cannot send the Authorization header).
//  2. Status: "connecting" until the first stream opens, "live" while one is
//     open, "lost" after it ends or fails (a killed server, a dropped
//     network) until a new one opens; liveView() tries again every second
//     and resumes from the last cursor (Last-Event-ID), so nothing is missed.
//     An answer may come twice across a reconnection; the pages merge
//     answers idempotently (cells by id and version, the rest whole).
//  3. An error answer to the request (401, 403, 404, 400: any 4xx) ends the
//     view for good: onRefused, no more tries.
import * as mealy from "./mealy.js";

export type LinkStatus = "connecting" | "live" | "lost";

export interface LiveHandlers {
  /** An answer with the cursor it reflects. */
  onAnswer(body: unknown, cursor: number): void;
  onStatus(status: LinkStatus, detail: string): void;
  /** The server refused the view (design note 3). */
  onRefused(status: number, error: mealy.HttpError): void;
}

export interface LiveView {
  close(): void;
  readonly cursor: number;
}

export interface Connection {
  /**
   * The view's answer once: 200 with its body, 204 (nothing changed), or the
   * error status with the error. Throws only when no answer came (network).
   */
  view(name: string, params: Readonly<Record<string, string>>): Promise<{ status: number; body: unknown }>;
  live(name: string, params: Readonly<Record<string, string>>, since: number, handlers: LiveHandlers): LiveView;
}

/** How long a live view waits before it reconnects, in ms. */
const kRetryMs = 1000;

/** The connection through `client` (which carries the token). */
export function connect(client: mealy.HttpClient): Connection {
  return {
    view: async (name, params) => {
      try {
        const answer = await client.view(name, params);
        return { status: answer.status, body: answer.body };
      } catch (error) {
        if (error instanceof mealy.HttpClientError) return { status: error.error.status, body: { error: error.error } };
        throw error;
      }
    },
    live: (name, params, since, handlers) => {
      handlers.onStatus("connecting", "connecting");
      let refused = false;
      let view: mealy.LiveView | undefined;
      const refuse = (error: mealy.HttpError): void => {
        refused = true;
        view?.close();
        handlers.onRefused(error.status, error);
      };
      view = client.liveView(name, params, (body, cursor) => handlers.onAnswer(body, cursor), {
        since,
        retryMs: kRetryMs,
        onStatus: (connected) => {
          if (!refused) handlers.onStatus(connected ? "live" : "lost", connected ? "live" : "reconnecting");
        },
        onError: (error) => {
          if (refused) return;
          const status = error instanceof mealy.HttpClientError ? error.error.status : 0;
          if (status >= 400 && status < 500) refuse((error as mealy.HttpClientError).error);
          else handlers.onStatus("lost", String(error));
        },
      });
      if (refused) view.close();  // refused before liveView() returned
      const opened = view;
      return {
        close: () => opened.close(),
        get cursor() {
          return opened.cursor;
        },
      };
    },
  };
}

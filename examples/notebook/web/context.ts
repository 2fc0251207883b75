// What every part of the page shares: the HTTP client, the views
// connection, the outbox, the user, and the board that shows whether the
// page is connected.
import type * as mealy from "./mealy.js";
import type { Connection, LinkStatus } from "./live.js";
import type { Outbox } from "./outbox.js";
import { setText } from "./dom.js";

export interface Context {
  readonly client: mealy.HttpClient;
  readonly connection: Connection;
  readonly outbox: Outbox;
  readonly user: string;
  readonly status: StatusBoard;
  /** Shows a problem to the person (the error bar); empty text clears it. */
  readonly report: (text: string) => void;
}

/** A page shown in the main area; dispose() closes its live views. */
export interface Page {
  readonly root: HTMLElement;
  dispose(): void;
}

/**
 * The connection indicator: "lost" while any live view is lost,
 * "connecting" while any is connecting, else "live"; and the count of
 * commands still waiting to be sent. data-status carries the state for
 * tests; the text is for people.
 */
export class StatusBoard {
  private readonly links = new Map<string, LinkStatus>();
  private pending = 0;
  private detail = "";

  constructor(private readonly element: HTMLElement) {
    this.render();
  }

  set(name: string, status: LinkStatus, detail: string): void {
    this.links.set(name, status);
    if (status === "lost") this.detail = detail;
    this.render();
  }

  remove(name: string): void {
    this.links.delete(name);
    this.render();
  }

  setPending(count: number): void {
    this.pending = count;
    this.render();
  }

  /** The overall state, as data-status shows it. */
  get overall(): LinkStatus | "idle" {
    const all = [...this.links.values()];
    if (all.includes("lost")) return "lost";
    if (all.includes("connecting")) return "connecting";
    return all.length === 0 ? "idle" : "live";
  }

  private render(): void {
    const overall = this.overall;
    this.element.dataset["status"] = overall;
    this.element.className = `connection connection-${overall}`;
    this.element.title = overall === "lost" ? this.detail : "";
    let text = overall === "lost" ? "Connection lost, reconnecting…" : overall === "connecting" ? "Connecting…" : overall === "live" ? "Live" : "";
    if (this.pending > 0) text += ` · ${this.pending} change${this.pending === 1 ? "" : "s"} waiting`;
    setText(this.element, text);
  }
}

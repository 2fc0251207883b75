// Commands as the page sends them: each with its command id, tried again
// with the same id while the server cannot be reached (a killed or restarting
// server, a dropped network), so that it is applied exactly once (the server
// keeps the outcome of every command id) and never lost while the page is open.
//
// Design notes:
//  1. An outcome with an HTTP answer (committed, rejected, conflict, or an
//     error status below 500) is final. No answer (status 0), or 502/503/504,
//     means "not known": the same command is sent again after a delay that
//     doubles from 250 ms to 4 s.
//  2. `pending` counts the commands not yet final; the page shows it.
import * as mealy from "./mealy.js";

export type Outcome<E> = mealy.CommandOutcome<E>;

const kFirstDelayMs = 250;
const kLastDelayMs = 4000;

function isFinal<E>(outcome: Outcome<E>): boolean {
  if (outcome.kind !== "error") return true;
  const status = outcome.error.status;
  return status !== 0 && status !== 502 && status !== 503 && status !== 504;
}

export class Outbox {
  private count = 0;

  constructor(
    private readonly client: mealy.HttpClient,
    private readonly onPending: (pending: number) => void,
  ) {}

  get pending(): number {
    return this.count;
  }

  /** Sends `command` to instance `id` of `machine` until its outcome is final (design note 1). */
  async send<C extends { readonly type: string }, E, A, I>(
    machine: mealy.ServedMachine<C, E, A, I>,
    id: I,
    command: C,
  ): Promise<Outcome<E>> {
    const target = this.client.aggregate(machine);
    const commandId = this.client.newId();
    this.onPending(++this.count);
    try {
      let wait = kFirstDelayMs;
      for (;;) {
        const outcome = await target.send(id, command, { commandId });
        if (isFinal(outcome)) return outcome;
        await new Promise<void>((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, kLastDelayMs);
      }
    } finally {
      this.onPending(--this.count);
    }
  }
}

/** A line for the page saying why a command did not commit. */
export function describeOutcome<E>(what: string, outcome: Outcome<E>): string | undefined {
  switch (outcome.kind) {
    case "committed":
      return undefined;
    case "rejected":
      return `${what}: refused (${outcome.rejection.code}) ${outcome.rejection.message}`.trim();
    case "conflict":
      return `${what}: ${outcome.message}`;
    case "error":
      return `${what}: ${outcome.error.status === 403 ? "not allowed" : "failed"} (${outcome.error.status} ${outcome.error.code}) ${outcome.error.message}`.trim();
  }
}

// One cell on the page: its source (edited through SourceSync), who changed
// it last, its execution, and the buttons of the commands the generated Cell
// machine accepts in its state (Cell.acceptedCommands): a command the machine
// would refuse is a disabled button, never a request the server refuses.
import type { Context } from "./context.js";
import { ago, h, replaceChildren, setText } from "./dom.js";
import { describeOutcome, type Outcome } from "./outbox.js";
import { renderExecution } from "./outputs.js";
import { Cell } from "./notebook.mealy.js";
import { SourceSync } from "./source_sync.js";
import type { CellRow } from "./views.js";

/** What a cell view asks of its notebook page. */
export interface CellHost {
  /** The position for this cell moved `by` places (-1 up, +1 down); undefined at an end. */
  positionMovedBy(id: string, by: -1 | 1): string | undefined;
}

/** The commands the machine accepts in `state`; none for a state it does not have. */
export function acceptedIn(state: string): readonly Cell.CommandName[] {
  return Object.prototype.hasOwnProperty.call(Cell.transitions, state) ? Cell.acceptedCommands(state as Cell.StateName) : [];
}

export class CellView {
  readonly root: HTMLElement;
  private readonly source: HTMLTextAreaElement;
  private readonly stateBadge: HTMLElement;
  private readonly kindBadge: HTMLElement;
  private readonly changedBy: HTMLElement;
  private readonly output: HTMLElement;
  private readonly buttons: { readonly [K in "run" | "cancel" | "up" | "down" | "delete"]: HTMLButtonElement };
  private readonly sync: SourceSync;
  private readonly busy = new Set<string>();
  private row: CellRow;
  private index = 0;
  private count = 1;
  private shownExecution: string | undefined;

  constructor(
    private readonly context: Context,
    private readonly host: CellHost,
    row: CellRow,
  ) {
    this.row = row;
    const button = (name: string, label: string, title: string): HTMLButtonElement =>
      h("button", { type: "button", class: `cell-button button-${name}`, "data-testid": name === "up" ? "move-up" : name === "down" ? "move-down" : name, title }, label);
    this.buttons = {
      run: button("run", "▶ Run", "Run the cell (RequestExecution; Shift+Enter)"),
      cancel: button("cancel", "■ Cancel", "Stop waiting for the run (CancelExecution)"),
      up: button("up", "↑", "Move up"),
      down: button("down", "↓", "Move down"),
      delete: button("delete", "✕", "Delete the cell"),
    };
    this.source = h("textarea", { class: "cell-source", "data-testid": "cell-source", spellcheck: "false", rows: "2", "aria-label": "Cell source" });
    this.source.value = row.source;
    this.stateBadge = h("span", { class: "badge state", "data-testid": "cell-state" });
    this.kindBadge = h("span", { class: "badge kind", "data-testid": "cell-kind" });
    this.changedBy = h("span", { class: "muted changed-by", "data-testid": "cell-changed-by" });
    this.output = h("div", { class: "cell-output", "data-testid": "cell-output" });
    this.root = h(
      "section",
      { class: "cell", "data-testid": "cell", "data-id": row.id },
      h("div", { class: "cell-bar" }, this.kindBadge, this.stateBadge, this.changedBy, h("span", { class: "spacer" }),
        this.buttons.run, this.buttons.cancel, this.buttons.up, this.buttons.down, this.buttons.delete),
      this.source,
      this.output,
    );
    this.sync = new SourceSync(
      row.source,
      row.version,
      async (text) => {
        const outcome = await this.send("Changing the source", { type: "ChangeSource", version: 1, payload: { source: text } }, false);
        return outcome.kind === "committed"
          ? { committed: true, version: outcome.version }
          : { committed: false, reason: describeOutcome("Changing the source", outcome) ?? outcome.kind };
      },
      (text) => {
        this.source.value = text;
        this.fit();
      },
      (reason) => context.report(reason),
      () => this.markPending(),
    );
    this.source.addEventListener("input", () => {
      this.sync.input(this.source.value);
      this.fit();
    });
    this.source.addEventListener("blur", () => void this.sync.flush());
    // Shift+Enter or Ctrl+Enter runs the cell, as in other notebooks.
    this.source.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !(event.shiftKey || event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      if (!this.buttons.run.disabled) void this.run();
    });
    this.buttons.run.addEventListener("click", () => void this.run());
    this.buttons.cancel.addEventListener("click", () =>
      void this.send("Cancelling the run", { type: "CancelExecution", version: 1, payload: { cancelled_by: context.user } }));
    this.buttons.up.addEventListener("click", () => this.move(-1));
    this.buttons.down.addEventListener("click", () => this.move(1));
    this.buttons.delete.addEventListener("click", () => void this.send("Deleting the cell", { type: "DeleteCell", version: 1, payload: {} }));
    this.update(row, 0, 1);
  }

  get id(): string {
    return this.row.id;
  }

  /** Shows `row`, the cell at `index` of `count`. */
  update(row: CellRow, index: number, count: number): void {
    if (row === this.row && index === this.index && count === this.count && this.root.dataset["state"] !== undefined) return;
    const changedElsewhere = row.version > this.row.version && row.changedBy !== this.context.user;
    this.row = row;
    this.index = index;
    this.count = count;
    this.root.dataset["state"] = row.state;
    this.root.dataset["position"] = row.position;
    this.root.dataset["version"] = String(row.version);
    setText(this.kindBadge, row.kind);
    setText(this.stateBadge, row.state);
    setText(this.changedBy, row.changedBy === "" ? "" : `changed by ${row.changedBy} ${ago(row.changedAt)}`);
    this.changedBy.dataset["user"] = row.changedBy;
    this.sync.server(row.source, row.version);
    this.markPending();
    const executionKey = row.execution === null ? "" : `${row.execution.id}:${row.execution.status}:${row.version}`;
    if (executionKey !== this.shownExecution) {
      this.shownExecution = executionKey;
      replaceChildren(this.output, ...renderExecution(row.execution));
    }
    if (changedElsewhere) {
      this.root.classList.remove("flash");
      void this.root.offsetWidth;  // restarts the animation
      this.root.classList.add("flash");
    }
    this.enable();
    this.fit();
  }

  /** Sends what is typed now (the page is leaving the cell). */
  flush(): Promise<void> {
    return this.sync.flush();
  }

  dispose(): void {
    this.sync.dispose();
  }

  focus(): void {
    this.source.focus();
  }

  /** Buttons: accepted by the machine in this state, not already on their way, and possible here. */
  private enable(): void {
    const accepted = acceptedIn(this.row.state);
    const allows = (command: Cell.CommandName): boolean => accepted.includes(command) && !this.busy.has(command);
    this.buttons.run.disabled = !allows("RequestExecution");
    this.buttons.cancel.disabled = !allows("CancelExecution");
    this.buttons.up.disabled = !allows("Move") || this.index === 0;
    this.buttons.down.disabled = !allows("Move") || this.index >= this.count - 1;
    this.buttons.delete.disabled = !allows("DeleteCell");
    this.source.readOnly = !accepted.includes("ChangeSource");
  }

  private markPending(): void {
    if (this.sync.pending) this.root.dataset["pending"] = "true";
    else delete this.root.dataset["pending"];
  }

  private async run(): Promise<void> {
    if (this.busy.has("RequestExecution")) return;
    this.busy.add("RequestExecution");
    this.enable();
    try {
      await this.sync.flush();  // run what is shown
    } finally {
      this.busy.delete("RequestExecution");
    }
    await this.send("Running the cell", {
      type: "RequestExecution",
      version: 1,
      payload: { execution_id: this.context.client.newId(), requested_by: this.context.user },
    });
  }

  private move(by: -1 | 1): void {
    const position = this.host.positionMovedBy(this.row.id, by);
    if (position === undefined) return;
    void this.send("Moving the cell", { type: "Move", version: 1, payload: { position } });
  }

  /** Sends a command to this cell; its button stays disabled until the outcome is known. */
  private async send(what: string, command: Cell.Command, report = true): Promise<Outcome<Cell.Event>> {
    this.busy.add(command.type);
    this.enable();
    try {
      const outcome = await this.context.outbox.send(Cell, this.row.id, command);
      const problem = describeOutcome(what, outcome);
      if (problem !== undefined && report) this.context.report(problem);
      return outcome;
    } finally {
      this.busy.delete(command.type);
      this.enable();
    }
  }

  /** Grows the textarea with its text. */
  private fit(): void {
    const lines = this.source.value.split("\n").length;
    this.source.rows = Math.min(Math.max(lines, 2), 30);
  }
}

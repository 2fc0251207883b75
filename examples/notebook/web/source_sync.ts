// One cell's source as the person editing it sees it, kept in step with the
// server's: the edit shows at once (it is the textarea's own text), goes to
// the server as ChangeSource after a pause in typing, and the server's
// outcome, or another person's later edit, is shown once nothing local is
// waiting.
//
// Design notes:
//  1. `dirty` is true from a keystroke until a ChangeSource carrying exactly
//     the current local text has committed. While dirty, rows from the server
//     never overwrite the text being typed.
//  2. At most one ChangeSource is in flight per cell; typing meanwhile sends
//     the newest text when it returns (edits are whole texts: the last one
//     sent wins, none is merged).
//  3. Once clean, the text shown is the server row's, provided the row is at
//     least as new as the last version this page committed (an older row, one
//     that crossed our edit in flight, is ignored until ours comes back).
//  4. A refused ChangeSource (the cell was deleted meanwhile) drops the local
//     text and shows the server's; the page reports the refusal.
//
//   clean --input--> dirty(timer) --pause/flush--> dirty(in flight) --commit of
//     ^                  ^                              | the current text--> clean
//     |                  +----input / newer text--------+
//     +---------------------- refused ------------------+

export type SendSource = (source: string) => Promise<{ committed: true; version: number } | { committed: false; reason: string }>;

export class SourceSync {
  private local: string;
  private dirty = false;
  private sending: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private serverText: string;
  private serverVersion: number;
  private committedVersion = 0;

  constructor(
    source: string,
    version: number,
    private readonly send: SendSource,
    /** Shows `text` as the cell's source (not called for the person's own typing). */
    private readonly show: (text: string) => void,
    private readonly onRefused: (reason: string) => void,
    /** Called when `pending` changes. */
    private readonly onPending: (pending: boolean) => void,
    private readonly debounceMs = 300,
  ) {
    this.local = source;
    this.serverText = source;
    this.serverVersion = version;
  }

  /** The text the person sees. */
  get text(): string {
    return this.local;
  }

  /** Whether a local edit has not committed yet (design note 1). */
  get pending(): boolean {
    return this.dirty;
  }

  /** A keystroke: `text` is the textarea's new text. */
  input(text: string): void {
    this.local = text;
    this.setDirty(true);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.debounceMs);
  }

  /** Sends the local text now (on blur, before a run); resolves when it is no longer dirty or was refused. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.sending === undefined) {
      this.sending = this.sendWhileDirty().finally(() => {
        this.sending = undefined;
      });
    }
    return this.sending;
  }

  /** Design note 2: one ChangeSource at a time, the newest text each time. */
  private async sendWhileDirty(): Promise<void> {
    while (this.dirty && this.timer === undefined) {
      const text = this.local;
      const outcome = await this.send(text);
      if (!outcome.committed) {
        this.setDirty(false);  // design note 4
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = undefined;
        this.local = this.serverText;
        this.show(this.serverText);
        this.onRefused(outcome.reason);
        return;
      }
      this.committedVersion = Math.max(this.committedVersion, outcome.version);
      if (this.local === text && this.timer === undefined) {
        this.setDirty(false);
        this.adoptServer();
      }
    }
  }

  /** A row of the server for this cell arrived. */
  server(source: string, version: number): void {
    if (version < this.serverVersion) return;
    this.serverText = source;
    this.serverVersion = version;
    if (!this.dirty) this.adoptServer();
  }

  /** Stops the timer (the cell left the page). */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private setDirty(dirty: boolean): void {
    if (dirty === this.dirty) return;
    this.dirty = dirty;
    this.onPending(dirty);
  }

  private adoptServer(): void {
    if (this.serverVersion < this.committedVersion) return;  // design note 3
    if (this.local !== this.serverText) {
      this.local = this.serverText;
      this.show(this.serverText);
    }
  }
}

// The answers of notebook_server's views (the contract: the "Views" section
// of examples/notebook/README.md), decoded from their JSON with the paths of
// the first error, as the generated decoders do. Fields the page only shows
// (times, counts) are read leniently; those it computes with (ids, positions,
// versions, states) strictly, so a malformed answer is reported and never
// half-applied.
import * as mealy from "./mealy.js";

export interface NotebookSummary {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly members: readonly string[];
  readonly archived: boolean;
  readonly cells: number;
  readonly changedBy: string;
  readonly changedAt: string;
}

export interface NotebookMeta {
  readonly id: string;
  readonly title: string;
  readonly owner: string;
  readonly members: readonly string[];
  readonly archived: boolean;
  readonly version: number;
  readonly changedBy: string;
  readonly changedAt: string;
}

export interface Output {
  readonly kind: string;
  readonly mimeType: string;
  readonly text: string;
}

export interface Execution {
  readonly id: string;
  readonly status: string;
  readonly requestedBy: string;
  readonly kernel: string;
  readonly outputs: readonly Output[];
  readonly error: { readonly name: string; readonly message: string } | null;
  readonly elapsedMs: number | null;
}

/** A row of the `cells` view; a tombstone when `deleted` (only its id and version are meaningful then). */
export interface CellRow {
  readonly id: string;
  readonly notebook: string;
  readonly kind: string;
  readonly position: string;
  readonly source: string;
  readonly state: string;
  readonly executionCount: number;
  readonly version: number;
  readonly deleted: boolean;
  readonly changedBy: string;
  readonly changedAt: string;
  readonly execution: Execution | null;
}

export interface NotebooksAnswer {
  readonly cursor: number;
  readonly notebooks: readonly NotebookSummary[];
}
export interface NotebookAnswer {
  readonly cursor: number;
  /** null: created a moment ago, the server's tables have not caught up yet (a later answer has it). */
  readonly notebook: NotebookMeta | null;
}
export interface CellsAnswer {
  readonly cursor: number;
  readonly cells: readonly CellRow[];
}
export interface MeAnswer {
  readonly user: string;
}

type Json = { [key: string]: unknown };
type Reader<T> = (ctx: mealy.ReadContext, value: unknown) => T;

/** Field `key` of `object`, read with `read`; absent or null gives `fallback` when one is given. */
function field<T>(ctx: mealy.ReadContext, object: Json, key: string, read: Reader<T>, ...fallback: [T] | []): T {
  ctx.pushKey(key);
  const value = object[key];
  let out: T;
  if ((value === undefined || value === null) && fallback.length === 1) out = fallback[0];
  else if (value === undefined) out = ctx.failMissing(key);
  else out = read(ctx, value);
  ctx.pop();
  return out;
}

const text: Reader<string> = (ctx, value) => mealy.readString(ctx, value);
/** A time or other shown value: a string, or a number shown as it is. */
const shown: Reader<string> = (ctx, value) => (typeof value === "number" ? String(value) : mealy.readString(ctx, value));
const bool: Reader<boolean> = (ctx, value) => mealy.readBool(ctx, value);
const count: Reader<number> = (ctx, value) => {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) return ctx.failType("a count", value);
  return value;
};
/** A non-negative number, whole or not (a duration in ms). */
const amount: Reader<number> = (ctx, value) => {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return ctx.failType("a non-negative number", value);
  return value;
};
const texts: Reader<string[]> = (ctx, value) => mealy.readList(ctx, value, text);

function readSummary(ctx: mealy.ReadContext, value: unknown): NotebookSummary {
  const o = mealy.readObject(ctx, value);
  return {
    id: field(ctx, o, "id", text),
    title: field(ctx, o, "title", text),
    owner: field(ctx, o, "owner", text),
    members: field(ctx, o, "members", texts, []),
    archived: field(ctx, o, "archived", bool, false),
    cells: field(ctx, o, "cells", count, 0),
    changedBy: field(ctx, o, "changed_by", text, ""),
    changedAt: field(ctx, o, "changed_at", shown, ""),
  };
}

function readMeta(ctx: mealy.ReadContext, value: unknown): NotebookMeta {
  const o = mealy.readObject(ctx, value);
  return {
    id: field(ctx, o, "id", text),
    title: field(ctx, o, "title", text),
    owner: field(ctx, o, "owner", text),
    members: field(ctx, o, "members", texts, []),
    archived: field(ctx, o, "archived", bool, false),
    version: field(ctx, o, "version", count),
    changedBy: field(ctx, o, "changed_by", text, ""),
    changedAt: field(ctx, o, "changed_at", shown, ""),
  };
}

function readOutput(ctx: mealy.ReadContext, value: unknown): Output {
  const o = mealy.readObject(ctx, value);
  return { kind: field(ctx, o, "kind", text, ""), mimeType: field(ctx, o, "mime_type", text), text: field(ctx, o, "text", text, "") };
}

function readExecution(ctx: mealy.ReadContext, value: unknown): Execution {
  const o = mealy.readObject(ctx, value);
  const error = field(ctx, o, "error", (c, v): Execution["error"] => {
    const e = mealy.readObject(c, v);
    return { name: field(c, e, "name", text, "Error"), message: field(c, e, "message", text, "") };
  }, null);
  return {
    id: field(ctx, o, "id", text),
    status: field(ctx, o, "status", text),
    requestedBy: field(ctx, o, "requested_by", text, ""),
    kernel: field(ctx, o, "kernel", text, ""),
    outputs: field(ctx, o, "outputs", (c, v) => mealy.readList(c, v, readOutput), []),
    error,
    elapsedMs: field(ctx, o, "elapsed_ms", (c, v): number | null => amount(c, v), null),
  };
}

function readCell(ctx: mealy.ReadContext, value: unknown): CellRow {
  const o = mealy.readObject(ctx, value);
  const deleted = field(ctx, o, "deleted", bool, false);
  const id = field(ctx, o, "id", text);
  const version = field(ctx, o, "version", count, 0);
  if (deleted) {
    // A tombstone: what else it carries is not needed.
    return {
      id, notebook: field(ctx, o, "notebook", text, ""), kind: "", position: "", source: "", state: "Deleted",
      executionCount: 0, version, deleted, changedBy: field(ctx, o, "changed_by", text, ""),
      changedAt: field(ctx, o, "changed_at", shown, ""), execution: null,
    };
  }
  return {
    id,
    notebook: field(ctx, o, "notebook", text),
    kind: field(ctx, o, "kind", text),
    position: field(ctx, o, "position", text),
    source: field(ctx, o, "source", text, ""),
    state: field(ctx, o, "state", text),
    executionCount: field(ctx, o, "execution_count", count, 0),
    version: field(ctx, o, "version", count),
    deleted,
    changedBy: field(ctx, o, "changed_by", text, ""),
    changedAt: field(ctx, o, "changed_at", shown, ""),
    execution: field(ctx, o, "execution", readExecution, null),
  };
}

export function decodeNotebooks(value: unknown): mealy.Decoded<NotebooksAnswer> {
  return mealy.decode(value, undefined, (ctx, v) => {
    const o = mealy.readObject(ctx, v);
    return { cursor: field(ctx, o, "cursor", count), notebooks: field(ctx, o, "notebooks", (c, l) => mealy.readList(c, l, readSummary)) };
  });
}

export function decodeNotebook(value: unknown): mealy.Decoded<NotebookAnswer> {
  return mealy.decode(value, undefined, (ctx, v) => {
    const o = mealy.readObject(ctx, v);
    return { cursor: field(ctx, o, "cursor", count), notebook: field(ctx, o, "notebook", (c, n): NotebookMeta | null => readMeta(c, n), null) };
  });
}

export function decodeCells(value: unknown): mealy.Decoded<CellsAnswer> {
  return mealy.decode(value, undefined, (ctx, v) => {
    const o = mealy.readObject(ctx, v);
    return { cursor: field(ctx, o, "cursor", count), cells: field(ctx, o, "cells", (c, l) => mealy.readList(c, l, readCell)) };
  });
}

export function decodeMe(value: unknown): mealy.Decoded<MeAnswer> {
  return mealy.decode(value, undefined, (ctx, v) => ({ user: field(ctx, mealy.readObject(ctx, v), "user", text) }));
}

/** Rows of an `application/vnd.mealy.table+json` output. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  readonly truncated: boolean;
}

export const kTableMime = "application/vnd.mealy.table+json";

export function decodeTable(json: string): mealy.Decoded<Table> {
  return mealy.decodeJson(json, undefined, (ctx, v) => {
    const o = mealy.readObject(ctx, v);
    return {
      columns: field(ctx, o, "columns", texts),
      rows: field(ctx, o, "rows", (c, l) => mealy.readList(c, l, (c2, row): unknown[] => {
        if (!Array.isArray(row)) return c2.failType("array", row);
        return row as unknown[];
      })),
      truncated: field(ctx, o, "truncated", bool, false),
    };
  });
}

// The cells of one open notebook as the page knows them: rows of the `cells`
// view merged by id, the cursor they reflect, and a copy in localStorage so
// that a reload asks only for what changed after that cursor.
//
// Design notes:
//  1. Every answer of `cells?notebook=X&since=C` is a delta: the rows changed
//     after C (all live rows when C is 0). A row replaces the one held for its
//     id unless the held one has a higher version (an answer never goes back,
//     but a reload may race a live frame).
//  2. Deleted cells are kept as tombstones (deleted: true, with their
//     version), so a late row of a lower version cannot bring one back; they
//     are never shown.
//  3. The order is the view's: position, then id (the same comparison as the
//     server's, code unit by code unit, which for 0-9a-z is byte order).
//  4. The cursor only moves forward, and is saved with the rows in one item,
//     so the two always agree.
import type { CellRow } from "./views.js";
import { positionBetween } from "./position.js";

export interface StoredCells {
  readonly cursor: number;
  readonly cells: readonly CellRow[];
}

/** Where a notebook's cells are kept between page loads (localStorage in the page). */
export interface CellStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function compareCells(a: CellRow, b: CellRow): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class CellSet {
  private readonly rows = new Map<string, CellRow>();
  private position = 0;
  private ordered: CellRow[] | undefined;

  /** The cursor of the last answer merged (0: nothing yet). */
  get cursor(): number {
    return this.position;
  }

  /** The live cells in order. */
  list(): readonly CellRow[] {
    if (this.ordered === undefined) {
      this.ordered = [...this.rows.values()].filter((row) => !row.deleted).sort(compareCells);
    }
    return this.ordered;
  }

  get(id: string): CellRow | undefined {
    const row = this.rows.get(id);
    return row === undefined || row.deleted ? undefined : row;
  }

  /** Merges an answer (design note 1); returns the ids whose row changed. */
  merge(cells: readonly CellRow[], cursor: number): string[] {
    const changed: string[] = [];
    for (const row of cells) {
      const held = this.rows.get(row.id);
      if (held !== undefined && held.version > row.version) continue;
      if (held !== undefined && held.version === row.version && held.deleted === row.deleted) continue;
      this.rows.set(row.id, row);
      changed.push(row.id);
    }
    if (changed.length > 0) this.ordered = undefined;
    if (cursor > this.position) this.position = cursor;
    return changed;
  }

  /**
   * The positions around index `index` of the ordered list for a cell put
   * there (0: first; length: last), skipping the cell `moving`, widened past
   * neighbours that share a position (no string lies between equal ones).
   */
  positionAt(index: number, moving?: string): string {
    const others = this.list().filter((row) => row.id !== moving);
    const at = Math.max(0, Math.min(index, others.length));
    let before = at > 0 ? (others[at - 1] as CellRow).position : "";
    const after = at < others.length ? (others[at] as CellRow).position : "";
    if (after !== "" && before >= after) {
      // Equal neighbours: go before the whole group that shares `after`.
      let i = at - 1;
      while (i >= 0 && (others[i] as CellRow).position >= after) --i;
      before = i >= 0 ? (others[i] as CellRow).position : "";
    }
    return positionBetween(before, after);
  }

  /** Reads the set saved under `key`; false (and nothing changed) when there is none or it is unreadable. */
  load(storage: CellStorage, key: string): boolean {
    const text = storage.getItem(key);
    if (text === null) return false;
    try {
      const stored = JSON.parse(text) as StoredCells;
      if (typeof stored.cursor !== "number" || !Array.isArray(stored.cells)) return false;
      this.merge(stored.cells, stored.cursor);
      return true;
    } catch {
      storage.removeItem(key);  // unreadable: the next load starts from the beginning
      return false;
    }
  }

  /** Saves the rows (tombstones included) and the cursor together (design note 4). */
  save(storage: CellStorage, key: string): void {
    const stored: StoredCells = { cursor: this.position, cells: [...this.rows.values()] };
    try {
      storage.setItem(key, JSON.stringify(stored));
    } catch {
      storage.removeItem(key);  // full: better to refetch than to resume from a stale copy
    }
  }
}

/**
 * Finds the first row with a given auditID without a JS string per event: an open-addressing hash table of row
 * numbers (8 bytes per event) over the auditID column's own UTF-8 bytes.
 */
import type {Utf8Column} from "./columnBuilders.js";

export class AuditIdIndex {
  /** row + 1 per slot, 0 when empty. */
  private rows = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  private size = 0;

  constructor(private readonly column: Utf8Column) {}

  /** The row whose auditID equals the column's staged value, or -1; `hash` is what `stage` returned. */
  find(hash: number): number {
    const mask = this.rows.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.rows[slot];
      if (entry === 0) return -1;
      if (this.hashes[slot] === hash && this.column.equalsStaged(entry - 1)) return entry - 1;
    }
  }

  /** Makes room for `more` rows beyond those held, so that adding them does not rehash (the result is the same). */
  reserve(more: number): void {
    while ((this.size + more) * 2 > this.rows.length) this.grow();
  }

  /** Adds `row` (not present yet) under `hash`. */
  insert(hash: number, row: number): void {
    if ((this.size + 1) * 2 > this.rows.length) this.grow();
    this.place(hash, row + 1);
    this.size++;
  }

  private place(hash: number, entry: number): void {
    const mask = this.rows.length - 1;
    let slot = hash & mask;
    while (this.rows[slot] !== 0) slot = (slot + 1) & mask;
    this.rows[slot] = entry;
    this.hashes[slot] = hash;
  }

  private grow(): void {
    const {rows, hashes} = this;
    this.rows = new Int32Array(rows.length * 2);
    this.hashes = new Int32Array(rows.length * 2);
    for (let i = 0; i < rows.length; i++) if (rows[i] !== 0) this.place(hashes[i], rows[i]);
  }
}

import { CHUNK, CHUNK_BITS } from './cowlist';

const MASK = CHUNK - 1;

/**
 * A table of 32-bit integers, `width` cells a row, in Int32Array chunks of CHUNK rows that
 * checkpoints share copy-on-write (the delivery ledger: a row per message). One chunk holds every
 * column of its rows, so appending a message is one ownership check and `width` stores, and a
 * checkpoint copies one chunk table, where a list per column did both once per column.
 *
 * Copy-on-write as in CowList, with one difference: a typed chunk cannot tell whether another copy
 * appended to it (its length is fixed), so appending to a shared chunk copies it too, once per
 * checkpoint. Rows written after a checkpoint are the newest ones, so that is the tail chunk.
 *
 * Cells are raw: a value an Int32Array would silently change (a fraction, NaN, beyond 32 bits) is
 * refused with a RangeError rather than stored wrong.
 */
export class CowTable {
  private chunks: Int32Array[];
  /** Chunks from this index on may be written in place; below it, only those listed in `mine`. */
  private ownedFrom: number;
  /** Chunks below ownedFrom copied since the last clone (rarely more than one). */
  private mine: number[];
  private rows: number;

  constructor(readonly width: number) {
    this.chunks = [];
    this.ownedFrom = 0;
    this.mine = [];
    this.rows = 0;
  }

  get length(): number {
    return this.rows;
  }

  get(row: number, col: number): number {
    if (row < 0 || row >= this.rows) throw new RangeError(`CowTable.get(${row}) of ${this.rows}`);
    return this.chunks[row >> CHUNK_BITS][(row & MASK) * this.width + col];
  }

  set(row: number, col: number, value: number): void {
    if (row < 0 || row >= this.rows) throw new RangeError(`CowTable.set(${row}) of ${this.rows}`);
    checkInt(value);
    this.writable(row >> CHUNK_BITS)[(row & MASK) * this.width + col] = value;
  }

  /**
   * Appends a row whose cells are `cells` (its first `width`); returns the row's index. An
   * Int32Array: what it holds is already what a chunk can (the caller checks what it stored there).
   */
  push(cells: Int32Array): number {
    const row = this.rows;
    const c = row >> CHUNK_BITS;
    const width = this.width;
    if (c === this.chunks.length) this.chunks.push(new Int32Array(CHUNK * width));
    const chunk = c >= this.ownedFrom ? this.chunks[c] : this.writable(c);
    const at = (row & MASK) * width;
    for (let i = 0; i < width; i++) chunk[at + i] = cells[i];
    this.rows = row + 1;
    return row;
  }

  /** A copy sharing every chunk until either side writes to it. */
  clone(): CowTable {
    const copy = new CowTable(this.width);
    copy.chunks = this.chunks.slice();
    copy.ownedFrom = copy.chunks.length;
    copy.rows = this.rows;
    this.ownedFrom = this.chunks.length;
    this.mine = [];
    return copy;
  }

  /**
   * Cell (row, col) is `chunks[row >> CHUNK_BITS][(row & (CHUNK - 1)) * width + col]`, for rows
   * below `length`. Read only: writing would bypass the copy-on-write.
   */
  readChunks(): readonly Int32Array[] {
    return this.chunks;
  }

  private writable(c: number): Int32Array {
    if (c >= this.ownedFrom || this.mine.includes(c)) return this.chunks[c];
    this.chunks[c] = this.chunks[c].slice();
    this.mine.push(c);
    return this.chunks[c];
  }
}

/** A value an Int32Array would silently change is a bug in the caller. */
function checkInt(value: number): void {
  if ((value | 0) !== value) throw new RangeError(`CowTable: ${value} is not a 32-bit integer`);
}

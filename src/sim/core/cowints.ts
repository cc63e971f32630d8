import { CHUNK, CHUNK_BITS } from './cowlist';

const MASK = CHUNK - 1;

/**
 * CowList's twin for 32-bit integers (the delivery ledger's columns: ids, keys, sequences, times
 * in ms, counts), in Int32Array chunks of CHUNK elements. A chunk is allocated once at its full
 * size, so a push is one store: no growing array, no change of element kind (the ledger appends
 * eight columns per message, and growing plain arrays was a few per cent of a run), and half the
 * memory of a double array.
 *
 * Copy-on-write as in CowList, with one difference: a typed chunk cannot tell whether another
 * copy appended to it (its length is fixed), so appending to a shared chunk copies it too, once
 * per checkpoint and column.
 *
 * It repeats CowList's few lines of bookkeeping (fields, length, get) rather than sharing a base
 * class: `get` runs for nearly every message, and one method serving both classes would see two
 * kinds of object and two kinds of chunk at every call.
 */
export class CowInts {
  private chunks: Int32Array[];
  /** owned[c] is true when this instance may write chunk c in place. */
  private owned: boolean[];
  private size: number;

  constructor(items: Iterable<number> = []) {
    this.chunks = [];
    this.owned = [];
    this.size = 0;
    for (const item of items) this.push(item);
  }

  get length(): number {
    return this.size;
  }

  get(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`CowInts.get(${index}) of ${this.size}`);
    return this.chunks[index >> CHUNK_BITS][index & MASK];
  }

  set(index: number, value: number): void {
    if (index < 0 || index >= this.size) throw new RangeError(`CowInts.set(${index}) of ${this.size}`);
    checkInt(value);
    this.writable(index >> CHUNK_BITS)[index & MASK] = value;
  }

  push(value: number): void {
    checkInt(value);
    const size = this.size;
    const c = size >> CHUNK_BITS;
    if (c === this.chunks.length) {
      this.chunks.push(new Int32Array(CHUNK));
      this.owned.push(true);
    }
    const chunk = this.owned[c] ? this.chunks[c] : this.writable(c);
    chunk[size & MASK] = value;
    this.size = size + 1;
  }

  /** A copy sharing every chunk until either side writes to it. */
  clone(): CowInts {
    const copy = new CowInts();
    copy.chunks = this.chunks.slice();
    copy.owned = this.chunks.map(() => false);
    this.owned = this.chunks.map(() => false);
    copy.size = this.size;
    return copy;
  }

  /**
   * Element i is `chunks[i >> CHUNK_BITS][i & (CHUNK - 1)]`, for i below `length` (a chunk holds
   * CHUNK slots whatever the length). Read only: writing would bypass the copy-on-write.
   */
  readChunks(): readonly Int32Array[] {
    return this.chunks;
  }

  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.chunks[i >> CHUNK_BITS][i & MASK]);
    return out;
  }

  private writable(c: number): Int32Array {
    if (!this.owned[c]) {
      this.chunks[c] = this.chunks[c].slice();
      this.owned[c] = true;
    }
    return this.chunks[c];
  }
}

/** A value an Int32Array would silently change (a fraction, NaN, beyond 32 bits) is a bug in the caller. */
function checkInt(value: number): void {
  if ((value | 0) !== value) throw new RangeError(`CowInts: ${value} is not a 32-bit integer`);
}

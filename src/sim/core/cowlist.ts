/**
 * An append-mostly list stored in fixed-size chunks that checkpoints share copy-on-write.
 * Logs and CommitLogs grow with every message (and the delivery ledger, in core/cowtable.ts);
 * copying them whole at every checkpoint would make rewinding cost memory in proportion to run
 * length times checkpoints.
 * Here `clone()` copies only the chunk table; a chunk is copied the first time either copy
 * changes an element it holds. Appending needs no copy while nobody else appended to the shared
 * chunk: each copy reads only below its own length, so the live list keeps filling the tail chunk
 * it shares with the checkpoints, which then cost no copy of it. Elements must be treated as
 * immutable values (replace with `set`, never mutate).
 */
export const CHUNK_BITS = 10;
export const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
/**
 * New chunks are copies of this (never written) empty array rather than `[]` literals: V8 remembers
 * the most general element kind an array literal's arrays have held and starts later ones there, so
 * once any list held objects, every new chunk would box its numbers (16 bytes each). A copy starts
 * as small integers and widens per chunk, so a list of packed numbers stays a plain double array.
 */
const EMPTY: never[] = [];

/**
 * The template for a list of numbers most of which are beyond small integers (Kafka's packed
 * records): its chunks start as double arrays. Started as small integers, each chunk widened at its
 * first large number, and code optimised while the first ones were small was thrown away then.
 */
const EMPTY_DOUBLES: number[] = [0.5].slice(1);

export class CowList<T> {
  private chunks: T[][];
  /** owned[c] is true when this instance may write chunk c in place. */
  private owned: boolean[];
  private size: number;
  /** What a new chunk is a copy of (see EMPTY and EMPTY_DOUBLES). */
  private readonly empty: T[];

  constructor(items: Iterable<T> = [], doubles = false) {
    this.chunks = [];
    this.owned = [];
    this.size = 0;
    this.empty = (doubles ? EMPTY_DOUBLES : EMPTY) as T[];
    for (const item of items) this.push(item);
  }

  get length(): number {
    return this.size;
  }

  get(index: number): T {
    if (index < 0 || index >= this.size) throw new RangeError(`CowList.get(${index}) of ${this.size}`);
    return this.chunks[index >> CHUNK_BITS][index & MASK];
  }

  /** The last element, or undefined when empty. */
  last(): T | undefined {
    return this.size === 0 ? undefined : this.get(this.size - 1);
  }

  set(index: number, value: T): void {
    if (index < 0 || index >= this.size) throw new RangeError(`CowList.set(${index}) of ${this.size}`);
    this.writable(index >> CHUNK_BITS)[index & MASK] = value;
  }

  push(value: T): void {
    const size = this.size;
    const c = size >> CHUNK_BITS;
    const chunks = this.chunks;
    if (c === chunks.length) {
      chunks.push(this.empty.slice());
      this.owned.push(true);
    }
    // A shared chunk that holds exactly this list's elements takes the append in place.
    let chunk = chunks[c];
    if (chunk.length !== (size & MASK)) chunk = this.writable(c);
    chunk.push(value);
    this.size = size + 1;
    // A growing array keeps spare capacity (about a sixth at 1024); a full chunk of its own never
    // grows again (a shared one stays: a trimmed copy would keep both alive).
    if (chunk.length === CHUNK && this.owned[c]) chunks[c] = chunk.slice();
  }

  /** Keeps the first `length` elements. */
  truncate(length: number): void {
    if (length >= this.size) return;
    const keep = Math.max(0, length);
    const fullChunks = keep >> CHUNK_BITS;
    const rest = keep & MASK;
    const chunkCount = fullChunks + (rest > 0 ? 1 : 0);
    this.chunks.length = chunkCount;
    this.owned.length = chunkCount;
    if (rest > 0) this.writable(fullChunks).length = rest;
    this.size = keep;
  }

  clone(): CowList<T> {
    // Built by the constructor, so the copy has the live lists' hidden class (an Object.create
    // copy had another, and every CowList method deoptimised after a restore).
    const copy = new CowList<T>([], this.empty === (EMPTY_DOUBLES as unknown));
    copy.chunks = this.chunks.slice();
    copy.owned = this.chunks.map(() => false);
    this.owned = this.chunks.map(() => false);
    copy.size = this.size;
    return copy;
  }

  /** Calls `fn` for elements in [from, to). */
  forEachRange(from: number, to: number, fn: (value: T, index: number) => void): void {
    const end = Math.min(to, this.size);
    for (let i = Math.max(0, from); i < end; i++) fn(this.chunks[i >> CHUNK_BITS][i & MASK], i);
  }

  /**
   * Element i is `chunks[i >> CHUNK_BITS][i & (CHUNK - 1)]`, for i below `length`: a loop over
   * whole lists (the report reads every message) reads the chunks directly instead of calling
   * `get` per element. Read only: writing would bypass the copy-on-write.
   */
  readChunks(): readonly (readonly T[])[] {
    return this.chunks;
  }

  toArray(from = 0, to = this.size): T[] {
    const out: T[] = [];
    this.forEachRange(from, to, (v) => out.push(v));
    return out;
  }

  /** Elements in [from, to) as a new array (one native copy when they lie in one chunk). */
  slice(from: number, to: number): T[] {
    const end = Math.min(to, this.size);
    const start = Math.max(0, from);
    if (start >= end) return [];
    const c = start >> CHUNK_BITS;
    if ((end - 1) >> CHUNK_BITS === c) return this.chunks[c].slice(start & MASK, ((end - 1) & MASK) + 1);
    return this.toArray(start, end);
  }

  /** Chunk c, copied first unless this list owns it; a copy takes only this list's elements. */
  private writable(c: number): T[] {
    if (!this.owned[c]) {
      const mine = Math.min(CHUNK, this.size - (c << CHUNK_BITS));
      this.chunks[c] = this.chunks[c].slice(0, mine);
      this.owned[c] = true;
    }
    return this.chunks[c];
  }
}

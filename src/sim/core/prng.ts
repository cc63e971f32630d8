/**
 * The one source of randomness in the engine: sfc32, a small fast counter generator that uses only
 * 32-bit integer operations, so a seed gives the same stream in every JavaScript engine.
 * Components never share a stream: each asks `fork(label)` for its own, derived from the root seed
 * and the label alone, so adding draws in one component never shifts another's.
 */

/**
 * The generator's whole state: the four 32-bit words a, b, c, d. An Int32Array, so checkpoints copy
 * it and the words stay raw integers: as object fields, words beyond 2^30 are boxed numbers in
 * browsers (V8 with pointer compression), and the network draws from a generator for every message.
 */
export type PrngState = Int32Array;

/** 32-bit string hash (FNV-1a); used to turn labels into sub-seeds. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Creates a generator state from a 32-bit seed, warmed up so that close seeds diverge. */
export function seedPrng(seed: number): PrngState {
  const s = Int32Array.of(0x9e3779b9 | 0, 0x243f6a88, 0xb7e15162 | 0, seed | 0);
  for (let i = 0; i < 15; i++) nextU32(s);
  return s;
}

/** Advances the state and returns a uniformly distributed unsigned 32-bit integer. */
export function nextU32(s: PrngState): number {
  return nextU32At(s, 0);
}

/**
 * The same for the generator whose four words start at `at` in `s`: a table of many small
 * generators in one typed array (the network's, one per link) with no view object per draw.
 */
export function nextU32At(s: Int32Array, at: number): number {
  const a = s[at], b = s[at + 1], c = s[at + 2], d = s[at + 3];
  const t = (((a + b) | 0) + d) | 0;
  s[at + 3] = (d + 1) | 0;
  s[at] = b ^ (b >>> 9);
  s[at + 1] = (c + (c << 3)) | 0;
  s[at + 2] = (((c << 21) | (c >>> 11)) + t) | 0;
  return t >>> 0;
}

/** Uniform integer in [0, n) for 1 <= n <= 2^32, without modulo bias (rejection sampling). */
export function nextInt(s: PrngState, n: number): number {
  return nextIntAt(s, 0, n);
}

/** nextInt for the generator at `at` in a table of generators (see nextU32At). */
export function nextIntAt(s: Int32Array, at: number, n: number): number {
  if (!(n >= 1) || n > 0x100000000 || Math.floor(n) !== n) throw new RangeError(`nextInt: bad bound ${n}`);
  if (n === 1) return 0;
  if (n <= SMALL_BOUND) return nextSmallIntAt(s, at, n);
  const limit = 0x100000000 - (0x100000000 % n);
  for (;;) {
    const x = nextU32At(s, at);
    // Below 2^31 a draw is an int32 (see nextSmallIntAt for why | 0 matters).
    if (x < limit) return n <= 0x80000000 ? (x % n) | 0 : x % n;
  }
}

const SMALL_BOUND = 0x100000;

/**
 * nextIntAt for a bound the caller knows to be an integer in [1, 2^20] (the network's jitter, which
 * the scenario schema bounds, drawn for every message), without the checks. The same numbers as
 * the large-bound path without a floating-point remainder (a slow library call): for n <= 2^20
 * every quotient here is exact after flooring, because a non-integer quotient is at least
 * 1/n >= 2^-20 away from an integer and its rounding error is below 2^-21.
 */
export function nextSmallIntAt(s: Int32Array, at: number, n: number): number {
  if (n === 1) return 0;
  const limit = Math.floor(0x100000000 / n) * n;
  for (;;) {
    // nextU32At's step, written out: its 32-bit result, returned from a call, is a heap number in
    // browsers whenever it is above 2^30 (their small integers have 31 bits), once per message.
    const a = s[at], b = s[at + 1], c = s[at + 2], d = s[at + 3];
    const t = (((a + b) | 0) + d) | 0;
    s[at + 3] = (d + 1) | 0;
    s[at] = b ^ (b >>> 9);
    s[at + 1] = (c + (c << 3)) | 0;
    s[at + 2] = (((c << 21) | (c >>> 11)) + t) | 0;
    const x = t >>> 0;
    // x is often above 2^31, a heap number, and so is arithmetic on it before it is optimised;
    // `| 0` makes the small result a small integer again. Otherwise the first link latency was a
    // heap number, every time derived from it was one, and V8 then stored every event's times
    // boxed (three extra allocations per event) and the event queue's times as doubles.
    if (x < limit) return (x - Math.floor(x / n) * n) | 0;
  }
}

/** True with probability `percent` / 100, using integer arithmetic only. */
export function chancePercent(s: PrngState, percent: number): boolean {
  return nextInt(s, 10000) < Math.round(percent * 100);
}

/** Derives an independent generator for a component from a root seed and the component's label. */
export function forkPrng(rootSeed: number, label: string): PrngState {
  return seedPrng(hashString(label, (rootSeed >>> 0) ^ 0x811c9dc5));
}

/**
 * Incremental trace hash: two 32-bit lanes mixed with integer multiplies only, so the same
 * event stream gives the same hash in Node and in every browser. The lanes live in an Int32Array:
 * as object fields, values above 2^30 are boxed numbers, and the hash is updated several times
 * per event.
 */
export type TraceHash = Int32Array;

export function newTraceHash(): TraceHash {
  return Int32Array.of(0x811c9dc5 | 0, 0x2545f491);
}

export function mixInt(t: TraceHash, value: number): void {
  const v = value | 0;
  t[0] = Math.imul(t[0] ^ v, 0x01000193);
  const h2 = Math.imul((t[1] ^ (v >>> 16)) + (v & 0xffff), 0x5bd1e995);
  t[1] = h2 ^ (h2 >>> 13);
}

const stringCodes = new Map<string, number>();
/**
 * In front of the map, a small direct-mapped cache by length and first letter: the strings mixed
 * on every event (message and timer types) are a handful of constants, and comparing one of them
 * with itself is a pointer check, cheaper than a map lookup.
 */
const RECENT = 64;
const recentText: (string | undefined)[] = new Array(RECENT).fill(undefined);
const recentCode = new Int32Array(RECENT);

/**
 * The code as an int32 (mixInt takes `value | 0`, so the hash is the same), kept in an Int32Array:
 * a plain array of 32-bit codes holds doubles, and half of them are beyond a browser's 31-bit
 * small integers, so each read was a heap number until optimised.
 */
function stringCode(text: string): number {
  const slot = (text.length * 7 + (text.length > 0 ? text.charCodeAt(0) : 0)) & (RECENT - 1);
  return recentText[slot] === text ? recentCode[slot] : codeOnMiss(text, slot);
}

/** stringCode when the text is not in its slot (apart, so that the common case is small enough to inline). */
function codeOnMiss(text: string, slot: number): number {
  let code = stringCodes.get(text);
  if (code === undefined) {
    code = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) code = Math.imul(code ^ text.charCodeAt(i), 0x01000193) >>> 0;
    stringCodes.set(text, code);
  }
  recentText[slot] = text;
  recentCode[slot] = code;
  return code | 0;
}

/** Strings are mixed by a cached 32-bit code: the caches are a pure function of the string. */
export function mixString(t: TraceHash, text: string): void {
  mixInt(t, stringCode(text));
}

export function traceHex(t: TraceHash): string {
  return (t[0] >>> 0).toString(16).padStart(8, '0') + (t[1] >>> 0).toString(16).padStart(8, '0');
}

/**
 * Incremental trace hash: two 32-bit lanes mixed with integer multiplies only, so the same
 * event stream gives the same hash in Node and in every browser.
 */
export interface TraceHash {
  h1: number;
  h2: number;
}

export function newTraceHash(): TraceHash {
  return { h1: 0x811c9dc5, h2: 0x2545f491 };
}

export function mixInt(t: TraceHash, value: number): void {
  const v = value | 0;
  t.h1 = Math.imul(t.h1 ^ v, 0x01000193) >>> 0;
  t.h2 = Math.imul((t.h2 ^ (v >>> 16)) + (v & 0xffff), 0x5bd1e995) >>> 0;
  t.h2 = (t.h2 ^ (t.h2 >>> 13)) >>> 0;
}

const stringCodes = new Map<string, number>();
/** Strings are mixed by a cached 32-bit code: the cache is a pure function of the string. */
export function mixString(t: TraceHash, text: string): void {
  let code = stringCodes.get(text);
  if (code === undefined) {
    code = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) code = Math.imul(code ^ text.charCodeAt(i), 0x01000193) >>> 0;
    stringCodes.set(text, code);
  }
  mixInt(t, code);
}

export function traceHex(t: TraceHash): string {
  return t.h1.toString(16).padStart(8, '0') + t.h2.toString(16).padStart(8, '0');
}

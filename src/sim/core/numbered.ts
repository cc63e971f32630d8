/**
 * Records keyed by names that end in a number (broker-3, orders-7) read by that number instead:
 * a lookup by a name that varies from call to call is a megamorphic one (a hash probe), an array
 * element is a bounds check. The arrays are caches derived from the records, held under a symbol
 * that checkpoints do not copy (clone.ts; kafka/lookup.ts).
 */

/** The number a name ends in ("orders-7" -> 7, "broker-12" -> 12): its last digits, read in place. */
export function nameNumber(name: string): number {
  let n = 0;
  let scale = 1;
  for (let i = name.length - 1; i >= 0; i--) {
    const digit = name.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    n += digit * scale;
    scale *= 10;
  }
  return n;
}

/** The entries of `record` in an array by the number their names end in (holes where none). */
export function byNameNumber<T>(record: Record<string, T>): (T | undefined)[] {
  const out: (T | undefined)[] = [];
  for (const name in record) {
    const i = nameNumber(name);
    while (out.length <= i) out.push(undefined);
    out[i] = record[name];
  }
  return out;
}

/** Attaches `cache` to `owner` under `key`: not enumerable, so not copied by checkpoints. */
export function attachCache<C>(owner: object, key: symbol, cache: C): C {
  Object.defineProperty(owner, key, { value: cache });
  return cache;
}

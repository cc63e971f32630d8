/**
 * Shortens `a` to its first `n` elements in place. Popping rather than writing `length`: V8 frees
 * an array's backing store when its length is set to 0, so a queue that empties and refills on a
 * busy path (waiting fetches, delayed produces) would allocate a new one every time.
 */
export function keepFirst<T>(a: T[], n: number): void {
  while (a.length > n) a.pop();
}

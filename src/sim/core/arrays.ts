/**
 * Shortens `a` to its first `n` elements in place. Popping rather than writing `length`: V8 frees
 * an array's backing store when its length is set to 0, so a queue that empties and refills on a
 * busy path (waiting fetches, delayed produces) would allocate a new one every time.
 */
export function keepFirst<T>(a: T[], n: number): void {
  while (a.length > n) a.pop();
}

/** Removes element `i` in place, keeping the order (splice would allocate the removed elements). */
export function removeAt<T>(a: T[], i: number): void {
  if (i === 0) {
    a.shift();
    return;
  }
  for (let j = i + 1; j < a.length; j++) a[j - 1] = a[j];
  a.pop();
}

/**
 * The event queue: a binary min-heap ordered by (at, prio, seq). `prio` lets scheduled faults run
 * before anything else at the same millisecond, so a fault injected while a run is paused behaves
 * exactly as if it had been in the scenario from the start. `seq` makes the order total.
 * The heap is a plain array of plain objects so that a checkpoint can copy it.
 */
export interface Queued {
  at: number;
  prio: number;
  seq: number;
}

function before(x: Queued, y: Queued): boolean {
  if (x.at !== y.at) return x.at < y.at;
  if (x.prio !== y.prio) return x.prio < y.prio;
  return x.seq < y.seq;
}

export function heapPush<T extends Queued>(heap: T[], item: T): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

export function heapPop<T extends Queued>(heap: T[]): T | undefined {
  if (heap.length === 0) return undefined;
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}

export function heapPeek<T extends Queued>(heap: T[]): T | undefined {
  return heap[0];
}

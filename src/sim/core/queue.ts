import type { QEvent } from './types';

/**
 * The event queue as a calendar: one bucket per millisecond that has events, each bucket in
 * (prio, seq) order, and a small binary heap of the distinct times. Most events land a few ms
 * ahead and many share a millisecond, so a push is usually an append and the heap holds far fewer
 * entries than there are events (a binary heap of events cost about a quarter of a run).
 * The order is exactly (at, prio, seq), as before. Plain data, so checkpoints copy it.
 */
export interface EventQueue {
  buckets: Map<number, QEvent[]>;
  /** Distinct times that have a bucket, as a binary min-heap. */
  times: number[];
  size: number;
}

export function newEventQueue(): EventQueue {
  return { buckets: new Map(), times: [], size: 0 };
}

/**
 * Adds an event. `processingAt`/`processingIndex` name the bucket being dispatched right now and
 * how far it got (-1 when none): an event with a lower prio than those after it is placed after
 * the dispatch position, never before (that would be the past). Faults (prio 0) are in practice
 * only scheduled ahead of now.
 */
export function queuePush(q: EventQueue, ev: QEvent, processingAt = -1, processingIndex = -1): void {
  q.size++;
  const bucket = q.buckets.get(ev.at);
  if (bucket === undefined) {
    q.buckets.set(ev.at, [ev]);
    timesPush(q.times, ev.at);
    return;
  }
  const last = bucket[bucket.length - 1];
  if (last.prio <= ev.prio) {
    bucket.push(ev);
    return;
  }
  // A lower prio (a fault) goes after the events of its own prio, before the others.
  let i = bucket.length;
  const floor = processingAt === ev.at ? processingIndex + 1 : 0;
  while (i > floor && bucket[i - 1].prio > ev.prio) i--;
  bucket.splice(i, 0, ev);
}

/** The earliest time with an event, or Infinity. */
export function queueNextAt(q: EventQueue): number {
  return q.times.length > 0 ? q.times[0] : Infinity;
}

/**
 * Removes the earliest time from the heap and returns its bucket (the caller dispatches it in
 * order, then drops it); the queue must not be empty. Its time is `queueNextAt` before the call.
 */
export function queueTakeBucket(q: EventQueue): QEvent[] {
  return q.buckets.get(timesPop(q.times))!;
}

/**
 * Forgets a bucket once it has been dispatched, and empties it: a bucket for a time far ahead may
 * have been moved to the old generation, and the young collector treats what old objects point at
 * as live until the next full collection, so a dead bucket would keep its events and bodies alive.
 */
export function queueDropBucket(q: EventQueue, at: number, count: number): void {
  const bucket = q.buckets.get(at);
  if (bucket !== undefined) bucket.length = 0;
  q.buckets.delete(at);
  q.size -= count;
}

/** Every queued event, in no particular order (for drawing what is in flight). */
export function* queuedEvents(q: EventQueue): Iterable<QEvent> {
  for (const bucket of q.buckets.values()) yield* bucket;
}

function timesPush(h: number[], t: number): void {
  h.push(t);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (h[parent] <= t) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = t;
}

function timesPop(h: number[]): number {
  const top = h[0];
  const last = h.pop()!;
  if (h.length > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const m = r < h.length && h[r] < h[l] ? r : l;
      if (h[m] >= last) break;
      h[i] = h[m];
      i = m;
    }
    h[i] = last;
  }
  return top;
}

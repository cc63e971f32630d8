import type { QEvent } from './types';

/**
 * The event queue as a calendar: one bucket per millisecond that has events, each bucket in
 * (prio, seq) order, and a small binary heap of the distinct times. Most events land a few ms
 * ahead and many share a millisecond, so a push is usually an append and the heap holds far fewer
 * entries than there are events (a binary heap of events cost about a quarter of a run).
 *
 * Buckets for the next NEAR_SPAN ms live in a ring indexed by time (a time t in [now, now + span)
 * has slot t mod span to itself), later ones in a map; as the clock moves on, map buckets that
 * come within the span move into the ring, found through a heap of the map's times (scanning the
 * whole map instead cost a pass over every far bucket each millisecond once timers were queued
 * two minutes ahead at every batch: a run with eight producers went 30 times slower after 118 s). The ring replaced a map of every bucket: a lookup per
 * pushed event and a set and delete per millisecond were a few per cent of a run.
 * The order is exactly (at, prio, seq).
 *
 * A checkpoint copies the queue's own structure (clone), not the events: a queued event is never
 * changed (test/core/frozen-events.test.ts runs every built-in scenario with each event frozen as
 * it is queued), so the past and the present can share it. The events were most of what a
 * checkpoint copied and kept.
 */
export class EventQueue {
  /** near[t % NEAR_SPAN] is the bucket for time nearAt[...] (null, -1: none). */
  near: (QEvent[] | null)[];
  nearAt: number[];
  /** Buckets at or beyond `now + NEAR_SPAN` when they were made. */
  far: Map<number, QEvent[]>;
  /** The times of `far`'s buckets, as a binary min-heap. */
  farTimes: number[];
  /** The time of the bucket taken last: every queued time is at or after it. */
  now: number;
  /** Distinct times that have a bucket, as a binary min-heap. */
  times: number[];
  size: number;

  constructor() {
    this.near = new Array<QEvent[] | null>(NEAR_SPAN).fill(null);
    this.nearAt = new Array<number>(NEAR_SPAN).fill(-1);
    this.far = new Map();
    this.farTimes = [];
    this.now = 0;
    this.times = [];
    this.size = 0;
  }

  /** A copy with buckets of its own holding the same (never changed) events. */
  clone(): EventQueue {
    const copy = new EventQueue();
    const near = this.near;
    for (let i = 0; i < near.length; i++) {
      const bucket = near[i];
      if (bucket === null) continue;
      copy.near[i] = bucket.slice();
      copy.nearAt[i] = this.nearAt[i];
    }
    for (const [at, bucket] of this.far) copy.far.set(at, bucket.slice());
    copy.farTimes = this.farTimes.slice();
    copy.now = this.now;
    copy.times = this.times.slice();
    copy.size = this.size;
    return copy;
  }
}

export const NEAR_SPAN = 2048;
const MASK = NEAR_SPAN - 1;

export function newEventQueue(): EventQueue {
  return new EventQueue();
}

/**
 * Adds an event. `processingAt`/`processingIndex` name the bucket being dispatched right now and
 * how far it got (-1 when none): an event with a lower prio than those after it is placed after
 * the dispatch position, never before (that would be the past). Faults (prio 0) are in practice
 * only scheduled ahead of now.
 */
export function queuePush(q: EventQueue, ev: QEvent, processingAt = -1, processingIndex = -1): void {
  const at = ev.at;
  // The common case, kept small so that V8 inlines it into every send: a bucket in the near ring
  // already holds this millisecond and the event goes last.
  if (at < q.now + NEAR_SPAN) {
    const slot = at & MASK;
    if (q.nearAt[slot] === at) {
      const bucket = q.near[slot]!;
      if (bucket[bucket.length - 1].prio <= ev.prio) {
        q.size++;
        bucket.push(ev);
        return;
      }
    }
  }
  pushSlow(q, ev, processingAt, processingIndex);
}

/** queuePush for a new bucket, a far time, or an event that goes before others of its millisecond. */
function pushSlow(q: EventQueue, ev: QEvent, processingAt: number, processingIndex: number): void {
  q.size++;
  const at = ev.at;
  let bucket: QEvent[] | undefined;
  if (at < q.now + NEAR_SPAN) {
    const slot = at & MASK;
    if (q.nearAt[slot] === at) bucket = q.near[slot]!;
    else {
      q.near[slot] = [ev];
      q.nearAt[slot] = at;
      timesPush(q.times, at);
      return;
    }
  } else {
    bucket = q.far.get(at);
    if (bucket === undefined) {
      q.far.set(at, [ev]);
      timesPush(q.farTimes, at);
      timesPush(q.times, at);
      return;
    }
  }
  const last = bucket[bucket.length - 1];
  if (last.prio <= ev.prio) {
    bucket.push(ev);
    return;
  }
  // A lower prio (a fault) goes after the events of its own prio, before the others.
  let i = bucket.length;
  const floor = processingAt === at ? processingIndex + 1 : 0;
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
  const at = timesPop(q.times);
  q.now = at;
  if (q.farTimes.length > 0 && q.farTimes[0] < at + NEAR_SPAN) moveNear(q);
  return q.nearAt[at & MASK] === at ? q.near[at & MASK]! : q.far.get(at)!;
}

/** Moves the far buckets now within the span into the ring (their slots are free: see EventQueue). */
function moveNear(q: EventQueue): void {
  const farTimes = q.farTimes;
  while (farTimes.length > 0 && farTimes[0] < q.now + NEAR_SPAN) {
    const at = timesPop(farTimes);
    const bucket = q.far.get(at);
    if (bucket === undefined) continue; // dropped without being moved (see queueDropBucket)
    if (q.nearAt[at & MASK] !== -1) throw new Error(`event queue: ring slot for ${at} holds ${q.nearAt[at & MASK]}`);
    q.near[at & MASK] = bucket;
    q.nearAt[at & MASK] = at;
    q.far.delete(at);
  }
}

/**
 * Forgets a bucket once it has been dispatched, and empties it: a bucket may have been moved to
 * the old generation, and the young collector treats what old objects point at as live until the
 * next full collection, so a dead bucket would keep its events and bodies alive.
 */
export function queueDropBucket(q: EventQueue, at: number, count: number): void {
  const slot = at & MASK;
  if (q.nearAt[slot] === at) {
    q.near[slot]!.length = 0;
    q.near[slot] = null;
    q.nearAt[slot] = -1;
  } else {
    const bucket = q.far.get(at);
    if (bucket !== undefined) bucket.length = 0;
    q.far.delete(at);
  }
  q.size -= count;
}

/** Every queued event, in no particular order (for drawing what is in flight). */
export function* queuedEvents(q: EventQueue): Iterable<QEvent> {
  for (const bucket of q.near) if (bucket !== null) yield* bucket;
  for (const bucket of q.far.values()) yield* bucket;
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

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NEAR_SPAN, newEventQueue, queueDropBucket, queueNextAt, queuePush, queueTakeBucket, queuedEvents } from '../../src/sim/core/queue';
import type { QEvent } from '../../src/sim/core/types';
import { tickEvent } from '../../src/sim/core/event';

const ev = (at: number, prio: number, seq: number): QEvent => Object.assign(tickEvent(at), { prio, seq });

/** Drains the queue the way Sim.runUntil does, returning the seq of each event in dispatch order. */
function drain(q: ReturnType<typeof newEventQueue>, onDispatch: (e: QEvent, at: number, index: number) => void = () => {}): number[] {
  const order: number[] = [];
  while (queueNextAt(q) !== Infinity) {
    const at = queueNextAt(q);
    const events = queueTakeBucket(q);
    for (let i = 0; i < events.length; i++) {
      order.push(events[i].seq);
      onDispatch(events[i], at, i);
    }
    queueDropBucket(q, at, events.length);
  }
  return order;
}

describe('EventQueue', () => {
  it('queuePush then draining gives exactly the (at, prio, seq) order (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.constantFrom(0, 1)), { maxLength: 300 }), (items) => {
        const q = newEventQueue();
        const events = items.map(([at, prio], seq) => ev(at, prio, seq));
        for (const e of events) queuePush(q, e);
        expect(q.size).toBe(events.length);
        const expected = [...events].sort((a, b) => a.at - b.at || a.prio - b.prio || a.seq - b.seq).map((e) => e.seq);
        expect(drain(q)).toEqual(expected);
        expect(q.size).toBe(0);
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('events pushed while a bucket is dispatched run in the same millisecond, a fault right after the current one', () => {
    const q = newEventQueue();
    queuePush(q, ev(10, 1, 0));
    queuePush(q, ev(10, 1, 1));
    queuePush(q, ev(10, 1, 2));
    let seq = 3;
    const order = drain(q, (e, at, index) => {
      if (e.seq === 0) {
        queuePush(q, ev(10, 1, seq++), at, index); // due now: after everything already queued
        queuePush(q, ev(10, 0, seq++), at, index); // a fault due now: next, before the rest
      }
    });
    expect(order).toEqual([0, 4, 1, 2, 3]);
  });

  it('far buckets enter the ring through the heap of their times: only the ones now within the span move', () => {
    // A timer two minutes ahead at every millisecond, as a producer's delivery timeouts make them.
    const q = newEventQueue();
    let seq = 0;
    for (let t = 0; t < 20_000; t++) queuePush(q, ev(t + 120_000, 1, seq++));
    queuePush(q, ev(0, 1, seq++));
    const order = drain(q, (_e, at) => {
      expect(q.farTimes.length).toBe(q.far.size);
      expect(q.farTimes.length === 0 || q.farTimes[0] >= at + NEAR_SPAN).toBe(true); // the heap's top is its earliest
    });
    expect(order).toEqual([20_000, ...Array.from({ length: 20_000 }, (_, i) => i)]);
  });

  it('queuedEvents lists every queued event', () => {
    const q = newEventQueue();
    for (let i = 0; i < 5; i++) queuePush(q, ev(i % 2, 1, i));
    expect([...queuedEvents(q)].map((e) => e.seq).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('events pushed while draining, near and beyond the ring, come out in (at, prio, seq) order (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * NEAR_SPAN }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 * NEAR_SPAN }), fc.constantFrom(0, 1, 1, 1)), { maxLength: 400 }),
        (initial, spawns) => {
          const q = newEventQueue();
          let seq = 0;
          const pending: QEvent[] = [];
          const add = (e: QEvent, at = -1, index = -1) => {
            pending.push(e);
            queuePush(q, e, at, index);
          };
          for (const at of initial) add(ev(at, 1, seq++));
          let k = 0;
          const order: number[] = [];
          const expected: number[] = [];
          while (queueNextAt(q) !== Infinity) {
            const at = queueNextAt(q);
            const events = queueTakeBucket(q);
            for (let i = 0; i < events.length; i++) {
              const e = events[i];
              // The reference: the smallest (at, prio, seq) of everything not yet dispatched.
              pending.sort((a, b) => a.at - b.at || a.prio - b.prio || a.seq - b.seq);
              expected.push(pending.shift()!.seq);
              order.push(e.seq);
              if (k < spawns.length) {
                const [count, delay, prio] = spawns[k++];
                for (let c = 0; c < count; c++) add(ev(at + (prio === 0 ? delay + 1 : delay), prio, seq++), at, i);
              }
            }
            queueDropBucket(q, at, events.length);
          }
          expect(order).toEqual(expected);
          expect(q.size).toBe(0);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});

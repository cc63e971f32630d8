import { describe, expect, it } from 'vitest';
import { envelopeEvent } from '../../src/sim/core/event';
import { RECORDER_MAX, WireRecorder } from '../../src/ui/engine/wire-recorder';

const env = (id: number, sentAt: number, deliverAt: number) =>
  envelopeEvent(id, 'broker-1', 'broker-2', 0, 1, sentAt, deliverAt, { type: 'x' }, 0, 0, false);

describe('WireRecorder (recent envelopes for the animation)', () => {
  it('keeps the last RECORDER_MAX envelopes sent', () => {
    const w = new WireRecorder();
    for (let id = 0; id < 10_000; id++) w.record(env(id, id, id + 2));
    const ids = [...w.envelopes()].map((e) => e.id).sort((a, b) => a - b);
    expect(ids.length).toBe(RECORDER_MAX);
    expect(ids[0]).toBe(10_000 - RECORDER_MAX);
    expect(ids[ids.length - 1]).toBe(9_999);
  });

  it('trim forgets what was sent after now (a rewind) and what landed long ago', () => {
    const w = new WireRecorder();
    for (let id = 0; id < 100; id++) w.record(env(id, id * 10, id * 10 + 5));
    w.trim(500, 400);
    const ids = [...w.envelopes()].map((e) => e.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 11 }, (_, i) => 40 + i)); // sent in [400, 500], or landing at 405 or later
    w.clear();
    expect([...w.envelopes()]).toEqual([]);
  });
});

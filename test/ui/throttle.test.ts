import { describe, expect, it } from 'vitest';
import { throttle, type ThrottleClock } from '../../src/ui/engine/throttle';
import { createAppStore } from '../../src/ui/store';
import { Engine } from '../../src/ui/engine/engine';
import { restoreScenario } from '../../src/sim/scenario/restore';

/** A hand-driven clock: time moves only when the test says so, and due timers then fire. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn, id: ++ids });
      return ids;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  /** Moves the clock on by `ms`, firing each timer due on the way at its own time. */
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((x) => x !== due);
      now = due.at;
      due.fn();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.length };
}

describe('throttle (how the scoreboard and the event log follow the engine)', () => {
  it('while playing: one refresh per period and a trailing one, so a pause shows the last moment', () => {
    const { clock, advance } = fakeClock();
    const flushes: number[] = [];
    const t = throttle(400, () => flushes.push(clock.now()), clock);
    t.notify(false); // the first change shows at once
    for (let i = 0; i < 30; i++) {
      advance(16);
      t.notify(false);
    }
    advance(400);
    expect(flushes).toEqual([0, 400, 800]);
  });

  it('a jump refreshes at once and drops the pending refresh, however recent the last one', () => {
    const { clock, advance, pending } = fakeClock();
    const flushes: number[] = [];
    const t = throttle(400, () => flushes.push(clock.now()), clock);
    t.notify(false);
    advance(16);
    t.notify(false); // waits for 400
    expect(pending()).toBe(1);
    advance(16);
    t.notify(true); // the learner seeks: shown now, not at 400
    expect(flushes).toEqual([0, 32]);
    expect(pending()).toBe(0);
    t.dispose();
  });
});

describe('Engine listeners are told which changes are jumps', () => {
  it('playing forward and acting are not jumps; a seek while paused, a rewind while playing and a new run are', () => {
    const store = createAppStore({ scenario: restoreScenario({ version: 1, durationMs: 6_000 }) });
    const engine = new Engine(store);
    const seen: boolean[] = [];
    engine.subscribe((jump) => seen.push(jump));
    store.getState().play();
    store.getState().seek(100);
    store.getState().seek(200);
    expect(seen).toEqual([false, false]);
    store.getState().seek(50); // rewound while playing
    expect(seen.at(-1)).toBe(true);
    store.getState().pause();
    store.getState().seek(3_000); // forward, paused
    expect(seen.at(-1)).toBe(true);
    engine.act([{ system: 'kafka', action: 'crash', target: 'broker-1' }]); // lands 1 ms later: shown as the run moves on
    expect(seen.at(-1)).toBe(false);
    store.getState().setScenario(restoreScenario({ version: 1, durationMs: 5_000 }));
    expect(seen.at(-1)).toBe(true);
    engine.dispose();
  });
});

/** The walkthrough's steps, Next/Back, predict-then-reveal, and the frame loop stopping on a note. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/ui/store';
import { startLoop } from '../../src/ui/engine/loop';
import { currentStepAt, nextStepTime, pauseStopBetween, prevStepTime, walkSteps } from '../../src/ui/walkthrough/steps';
import { walkBack, walkNext } from '../../src/ui/walkthrough/useWalk';
import { restoreScenario } from '../../src/sim/scenario/restore';

const scenario = restoreScenario({
  version: 1, durationMs: 30_000,
  notes: [
    { atMs: 9000, text: { en: 'third', 'zh-CN': '第三' }, pause: true },
    { atMs: 1000, text: 'first', pause: true },
    { atMs: 5000, text: 'second (no pause)', system: 'kafka', node: 'broker-1' },
    { atMs: 7000, text: 'asks', pause: true, ask: { choices: ['yes', 'no'], answer: 1 } },
  ],
});

describe('walkthrough steps', () => {
  const steps = walkSteps(scenario.notes);

  it('walkSteps(notes) orders notes by time and keeps each note\'s index', () => {
    expect(steps.map((s) => [s.note.atMs, s.index])).toEqual([[1000, 1], [5000, 2], [7000, 3], [9000, 0]]);
  });

  it('currentStepAt / nextStepTime / prevStepTime: standing on a note, Back goes to the one before', () => {
    expect(currentStepAt(steps, 0)).toBe(-1);
    expect(currentStepAt(steps, 5000)).toBe(1);
    expect(currentStepAt(steps, 6999)).toBe(1);
    expect(nextStepTime(steps, 5000)).toBe(7000);
    expect(prevStepTime(steps, 5000)).toBe(1000);
    expect(prevStepTime(steps, 6000)).toBe(5000);
    expect(nextStepTime(steps, 9000)).toBeNull();
  });

  it('pauseStopBetween(notes, from, to) finds the first pausing note after from, never the one at from', () => {
    expect(pauseStopBetween(scenario.notes, 0, 20_000)).toBe(1000);
    expect(pauseStopBetween(scenario.notes, 1000, 20_000)).toBe(7000); // 5000 does not pause
    expect(pauseStopBetween(scenario.notes, 9000, 20_000)).toBeNull();
  });
});

describe('walkthrough in the store', () => {
  it('the frame loop stops exactly on a pausing note, and Play moves on from there', () => {
    const store = createAppStore({ scenario });
    let frame: ((t: number) => void) | null = null;
    const stop = startLoop(store, (cb) => ((frame = cb), 1), () => {});
    store.getState().setSpeed(1000);
    store.getState().play();
    frame!(0);
    frame!(50); // 50 ms of wall time at 1000x would reach 50 000 ms
    expect(store.getState()).toMatchObject({ playhead: 1000, playing: false });
    store.getState().play();
    frame!(100);
    expect(store.getState()).toMatchObject({ playhead: 7000, playing: false });
    store.getState().setWalkthroughOn(false);
    store.getState().play();
    frame!(150);
    expect(store.getState().playhead).toBe(30_000);
    stop();
  });

  it('Next on an unanswered question reveals it first; then Next and Back move between notes', () => {
    const store = createAppStore({ scenario });
    walkNext(store);
    expect(store.getState().playhead).toBe(1000);
    walkNext(store);
    walkNext(store);
    expect(store.getState().playhead).toBe(7000);
    store.getState().pickAnswer(3, 0);
    walkNext(store);
    expect(store.getState()).toMatchObject({ playhead: 7000, walkthrough: { picks: { 3: 0 }, revealed: { 3: true } } });
    walkNext(store);
    expect(store.getState().playhead).toBe(9000);
    walkBack(store);
    expect(store.getState().playhead).toBe(7000);
    walkBack(store);
    walkBack(store);
    walkBack(store);
    expect(store.getState().playhead).toBe(0);
  });

  it('a new scenario forgets the predictions but keeps the pause setting', () => {
    const store = createAppStore({ scenario });
    store.getState().pickAnswer(3, 1);
    store.getState().setWalkthroughOn(false);
    store.getState().setScenario(scenario);
    expect(store.getState().walkthrough).toEqual({ on: false, picks: {}, revealed: {} });
  });
});

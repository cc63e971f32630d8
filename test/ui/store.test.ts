import { describe, expect, it } from 'vitest';
import { createAppStore, LANG_KEY, THEME_KEY, type PrefStorage } from '../../src/ui/store';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { nextSpeed, speedFromSlider, sliderFromSpeed, clampSpeed } from '../../src/ui/speed';

function memoryStorage(init: Record<string, string> = {}): PrefStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('createAppStore', () => {
  it('createAppStore() gives each caller a fresh store with the default scenario at t = 0, paused at 1x', () => {
    const a = createAppStore();
    const b = createAppStore();
    a.getState().seek(5_000);
    expect(b.getState().playhead).toBe(0);
    // The real defaults, except the starter reads from the earliest offset (see defaultScenario).
    expect(a.getState().scenario).toEqual(restoreScenario({ version: 1, kafka: { autoOffsetReset: 'earliest' } }));
    expect(a.getState()).toMatchObject({ playing: false, speed: 1, runId: 0 });
  });

  it('seek(t) clamps the playhead to [0, durationMs]', () => {
    const s = createAppStore();
    s.getState().seek(-5);
    expect(s.getState().playhead).toBe(0);
    s.getState().seek(1e12);
    expect(s.getState().playhead).toBe(60_000);
  });

  it('setScenario(s) restarts from 0 (new runId); recordFork(s) keeps the run and the playhead', () => {
    const s = createAppStore();
    s.getState().seek(10_000);
    const forked = restoreScenario({ version: 1, faults: [{ atMs: 10_001, system: 'kafka', action: 'crash', target: 'broker-1' }] });
    s.getState().recordFork(forked);
    expect(s.getState()).toMatchObject({ runId: 0, playhead: 10_000, scenario: forked });
    s.getState().setScenario(restoreScenario({ version: 1, kafka: { acks: '1' } }));
    expect(s.getState()).toMatchObject({ runId: 1, playhead: 0 });
  });

  it('a dot that carried several messages selects the first and keeps the group while the learner picks among it', () => {
    const s = createAppStore();
    s.getState().selectMessage(7, { system: 'kafka', ids: [7, 8, 9] });
    expect(s.getState()).toMatchObject({ selectedMessage: 7, selectedGroup: { system: 'kafka', ids: [7, 8, 9] } });
    s.getState().selectMessage(9); // a button of the group
    expect(s.getState()).toMatchObject({ selectedMessage: 9, selectedGroup: { ids: [7, 8, 9] } });
    s.getState().selectMessage(42); // a log cell or an anomaly row: not in the group
    expect(s.getState()).toMatchObject({ selectedMessage: 42, selectedGroup: null });
    s.getState().selectMessage(3, { system: 'rocketmq', ids: [3] }); // a dot with one message: no group
    expect(s.getState().selectedGroup).toBeNull();
    s.getState().selectMessage(5, { system: 'kafka', ids: [5, 6] });
    s.getState().setScenario(restoreScenario({ version: 1, kafka: { acks: '1' } }));
    expect(s.getState()).toMatchObject({ selectedMessage: null, selectedGroup: null });
  });

  it('play() at the end starts over from 0', () => {
    const s = createAppStore();
    s.getState().seek(60_000);
    s.getState().play();
    expect(s.getState()).toMatchObject({ playing: true, playhead: 0 });
  });

  it('setLang(lang) remembers the language; a new store reads it back', () => {
    const storage = memoryStorage();
    createAppStore({ storage }).getState().setLang('zh-CN');
    expect(storage.data.get(LANG_KEY)).toBe('zh-CN');
    expect(createAppStore({ storage }).getState().lang).toBe('zh-CN');
  });

  it('the language defaults to the browser preference, and unknown stored values are ignored', () => {
    expect(createAppStore({ navigatorLangs: ['zh-TW', 'en'] }).getState().lang).toBe('zh-CN');
    expect(createAppStore({ storage: memoryStorage({ [LANG_KEY]: 'fr' }), navigatorLangs: ['fr'] }).getState().lang).toBe('en');
  });

  it('setTheme(theme) is remembered', () => {
    const storage = memoryStorage();
    createAppStore({ storage }).getState().setTheme('dark');
    expect(storage.data.get(THEME_KEY)).toBe('dark');
    expect(createAppStore({ storage }).getState().theme).toBe('dark');
  });
});

describe('speed', () => {
  it('nextSpeed steps through 1-2-5 from 0.1x to 1000x and stops at the ends', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(2, 1)).toBe(5);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed(1000, 1)).toBe(1000);
    expect(nextSpeed(0.1, -1)).toBe(0.1);
    expect(nextSpeed(3, 1)).toBe(5);
  });

  it('the slider is log10 of the speed, clamped to 0.1x..1000x', () => {
    expect(speedFromSlider(sliderFromSpeed(100))).toBe(100);
    expect(speedFromSlider(-3)).toBe(0.1);
    expect(speedFromSlider(5)).toBe(1000);
    expect(clampSpeed(Number.NaN)).toBe(1);
  });
});

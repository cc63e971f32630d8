import { describe, expect, it } from 'vitest';
import { envelopeEvent } from '../../src/sim/core/event';
import { createAppStore } from '../../src/ui/store';
import { Engine } from '../../src/ui/engine/engine';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { runSystem } from '../../src/sim/run';
import { drawnFrac, flightFrac, flightMessageIds, inFlight, visualEnd, AGGREGATE_ABOVE } from '../../src/ui/layout/flight';
import type { Envelope } from '../../src/sim/core/types';
import { counterpartOf } from '../../src/ui/counterpart';
import { withSetting, SETTINGS } from '../../src/ui/controls/Settings';
import { EN } from '../../src/i18n/en';
import { ZH_CN } from '../../src/i18n/zh-CN';
import { translate } from '../../src/i18n';
import { Timeline } from '../../src/sim/timeline';
import { stepBack } from '../../src/ui/controls/TimelineBar';

const short = () => restoreScenario({ version: 1, durationMs: 6_000 });

describe('Engine', () => {
  it("follows the playhead in uneven steps and ends on the Node run's trace hashes", () => {
    const store = createAppStore({ scenario: short() });
    const engine = new Engine(store);
    for (let t = 0; t <= 6_000; t += 16.7 * 3.3) store.getState().seek(t);
    store.getState().seek(6_000);
    expect(engine.atEnd()).toBe(true);
    expect(engine.runners.kafka.traceHash()).toBe(runSystem(short(), 'kafka').traceHash);
    expect(engine.runners.rocketmq.traceHash()).toBe(runSystem(short(), 'rocketmq').traceHash);
  });

  it('with a budget, a far jump is simulated a checkpoint interval at a time over several frames, and ends where a jump at once would', () => {
    const scenario = restoreScenario({ version: 1, durationMs: 40_000 });
    const store = createAppStore({ scenario });
    const engine = new Engine(store);
    let steps = 0;
    engine.setBudget(() => () => ++steps % 3 !== 0); // each slice: three steps, then out of time
    store.getState().seek(40_000);
    expect(engine.catchingUp).toBe(true);
    expect(engine.now).toBe(15_000); // three intervals of 5 s simulated, both runs together
    expect(engine.runners.kafka.now).toBe(15_000);
    expect(engine.runners.rocketmq.now).toBe(15_000);
    const seen: number[] = [];
    while (engine.catchingUp) {
      engine.work();
      seen.push(engine.now);
    }
    expect(seen).toEqual([30_000, 40_000]);
    expect(engine.runners.kafka.traceHash()).toBe(runSystem(scenario, 'kafka').traceHash);
    expect(engine.runners.rocketmq.traceHash()).toBe(runSystem(scenario, 'rocketmq').traceHash);
    // Back within what was simulated: one step, whatever the budget.
    store.getState().seek(12_345);
    expect(engine.catchingUp).toBe(false);
    expect(engine.now).toBe(12_345);
  });

  it('acting or stepping while the runs catch up first brings them to the playhead', () => {
    const scenario = restoreScenario({ version: 1, durationMs: 40_000 });
    const store = createAppStore({ scenario });
    const engine = new Engine(store);
    engine.setBudget(() => () => false); // one step per slice
    store.getState().seek(30_000);
    expect(engine.now).toBe(5_000);
    engine.act([{ system: 'kafka', action: 'crash', target: 'broker-1' }]);
    expect(engine.now).toBe(30_000);
    expect(store.getState().scenario.faults.map((f) => f.atMs)).toEqual([30_001]);
  });

  it('act(faults) forks both runs now and records the faults without restarting', () => {
    const store = createAppStore({ scenario: short() });
    const engine = new Engine(store);
    store.getState().seek(2_000);
    engine.act([
      { system: 'kafka', action: 'crash', target: 'broker-1' },
      { system: 'rocketmq', action: 'crash', target: 'broker-a-0' },
    ]);
    expect(store.getState().runId).toBe(0);
    expect(store.getState().scenario.faults.map((f) => [f.system, f.atMs])).toEqual([['kafka', 2_001], ['rocketmq', 2_001]]);
    store.getState().seek(6_000);
    const fresh = store.getState().scenario;
    expect(engine.runners.kafka.traceHash()).toBe(runSystem(fresh, 'kafka').traceHash);
    expect(engine.runners.rocketmq.traceHash()).toBe(runSystem(fresh, 'rocketmq').traceHash);
  });

  it('a new runId rebuilds both runs from t = 0', () => {
    const store = createAppStore({ scenario: short() });
    const engine = new Engine(store);
    store.getState().seek(3_000);
    store.getState().setScenario(withSetting(short(), SETTINGS.find((s) => s.field === 'acks')!, '1'));
    expect(engine.runners.kafka.now).toBe(0);
    expect(engine.runners.kafka.sim?.scenario.kafka.acks).toBe('1');
  });
});

describe('flights', () => {
  const env = (id: number, src: string, dest: string, sentAt: number, deliverAt: number): Envelope =>
    envelopeEvent(id, src, dest, 0, 1, sentAt, deliverAt, { type: 'Produce' }, 0, 0, false);

  it('flightFrac is the share of the way from sentAt to deliverAt', () => {
    expect(flightFrac(100, 200, 150)).toBe(0.5);
    expect(flightFrac(100, 200, 250)).toBe(1);
    expect(flightFrac(100, 100, 100)).toBe(1);
  });

  it('visualEnd stretches a short hop to the minimum span and leaves long ones alone', () => {
    expect(visualEnd(100, 102, 250)).toBe(350);
    expect(visualEnd(100, 900, 250)).toBe(900);
  });

  it(`inFlight aggregates more than ${AGGREGATE_ABOVE} messages on one link and kind into one dot with a count`, () => {
    const many = Array.from({ length: 10 }, (_, i) => env(i, 'producer-1', 'broker-1', 0, 100));
    const { flights, total } = inFlight([...many, env(99, 'broker-1', 'producer-1', 0, 100)], 50, () => 'produce');
    expect(total).toBe(11);
    expect(flights.find((f) => f.src === 'producer-1')).toMatchObject({ count: 10, frac: 0.5, envId: -1 });
    expect(flights.find((f) => f.src === 'broker-1')).toMatchObject({ count: 1, envId: 99 });
  });

  it('drawnFrac with reduced motion steps a dot from its sender to its receiver when the engine delivers it, with no glide', () => {
    const { flights } = inFlight([env(1, 'producer-1', 'broker-1', 0, 100), env(2, 'broker-1', 'producer-1', 0, 10)], 50, () => 'produce', 250);
    const inTransit = flights.find((f) => f.envId === 1)!;
    const delivered = flights.find((f) => f.envId === 2)!; // delivered at 10, still drawn for the minimum span
    expect(drawnFrac(inTransit, true)).toBe(0);
    expect(drawnFrac(delivered, true)).toBe(1);
    expect(drawnFrac(inTransit, false)).toBeCloseTo(0.2);
  });

  it('flightMessageIds names the messages a dot carries: a single send its id, an aggregate every id in send order, once', () => {
    const withIds = (e: Envelope, ids: number[]) => ({ ...e, body: { type: 'Produce', ids } });
    const many = Array.from({ length: 5 }, (_, i) => withIds(env(i, 'producer-1', 'broker-1', 0, 100), [i * 2, i * 2 + 1, 0]));
    const one = withIds(env(99, 'broker-1', 'producer-1', 0, 100), [42]);
    const { flights } = inFlight([...many, one], 50, () => 'produce');
    const idsOf = (b: unknown) => (b as { ids: number[] }).ids;
    expect(flightMessageIds(flights.find((f) => f.src === 'producer-1')!, idsOf)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(flightMessageIds(flights.find((f) => f.src === 'broker-1')!, idsOf)).toEqual([42]);
  });
});

describe('stepping back', () => {
  it('previousEventAt() is the last engine event of either run before now, however far back, and stepBack lands there', () => {
    const scenario = restoreScenario({ version: 1, durationMs: 20_000 });
    const store = createAppStore({ scenario });
    const engine = new Engine(store);
    for (const now of [12_345, 10_000, 5_001, 1]) {
      store.getState().seek(now);
      const prev = engine.previousEventAt();
      expect(prev).not.toBeNull();
      expect(prev!).toBeLessThan(now);
      // A fresh run of each system: nothing happens in (prev, now), and one of them has an event at prev.
      let atPrev = false;
      for (const system of ['kafka', 'rocketmq'] as const) {
        const tl = new Timeline(scenario, system);
        tl.seek(prev! - 1);
        if (tl.sim.nextEventAt() === prev) atPrev = true;
        tl.sim.runUntil(prev!); // every event at prev, including those at 0, which seek(0) leaves queued
        expect(tl.sim.nextEventAt()).toBeGreaterThanOrEqual(now);
      }
      expect(atPrev).toBe(true);
    }
    store.getState().seek(7_000);
    const prev = engine.previousEventAt();
    stepBack(store, engine);
    expect(store.getState().playhead).toBe(prev);
    expect(engine.runners.kafka.now).toBe(prev);
    expect(engine.runners.rocketmq.now).toBe(prev);
    store.getState().seek(0);
    expect(engine.previousEventAt()).toBeNull();
  });
});

describe('counterpartOf', () => {
  const nodes = (names: string[]) => names.map((name) => ({ name, kind: (name.startsWith('broker') ? 'broker' : 'consumer') as 'broker', host: 'up' as const, proc: 'running' as const, isolated: false, slowMs: 0, stopping: false, listening: true }));
  const kafka = { nodes: nodes(['broker-1', 'broker-2', 'broker-3', 'consumer-1']), view: null };
  const rocketmq = { nodes: nodes(['broker-a-0', 'broker-a-1', 'broker-b-0', 'broker-b-1', 'consumer-1']), view: null };

  it('maps a Kafka broker to the master of the RocketMQ group with the same share, and back', () => {
    expect(counterpartOf('kafka', 'broker-1', kafka, rocketmq)).toBe('broker-a-0');
    expect(counterpartOf('kafka', 'broker-2', kafka, rocketmq)).toBe('broker-b-0');
    expect(counterpartOf('rocketmq', 'broker-b-0', rocketmq, kafka)).toBe('broker-2');
  });

  it('maps consumer to consumer, and a slave to nothing', () => {
    expect(counterpartOf('kafka', 'consumer-1', kafka, rocketmq)).toBe('consumer-1');
    expect(counterpartOf('rocketmq', 'broker-a-1', rocketmq, kafka)).toBeNull();
  });
});

describe('withSetting', () => {
  it("changing the Kafka release brings that release's defaults; explicit settings survive", () => {
    const base = restoreScenario({ version: 1, kafka: { minInsyncReplicas: 2 } });
    const s = withSetting(base, SETTINGS.find((x) => x.block === 'kafka' && x.field === 'release')!, '2.x');
    expect(s.kafka).toMatchObject({ release: '2.x', acks: '1', idempotence: false, minInsyncReplicas: 2 });
  });

  it('turning DLedger on gives the group its three replicas', () => {
    const s = withSetting(restoreScenario({ version: 1 }), SETTINGS.find((x) => x.field === 'dledger')!, true);
    expect(s.rocketmq.replicasPerGroup).toBe(3);
  });
});

describe('message catalogue', () => {
  it('zh-CN has every key of en, none empty, with the same placeholders', () => {
    for (const key of Object.keys(EN) as (keyof typeof EN)[]) {
      expect(ZH_CN[key], key).toBeTruthy();
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(ZH_CN[key]), key).toEqual(names(EN[key]));
    }
  });

  it('translate fills placeholders and falls back to English', () => {
    expect(translate('zh-CN', 'panel.inFlight', { count: 3 })).toBe('3 条在途');
    expect(translate('en', 'faults.title', { node: 'broker-1' })).toBe('Faults for broker-1');
  });
});

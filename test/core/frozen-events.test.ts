import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARY } from '../../src/scenarios';
import { Sim } from '../../src/sim/core/engine';
import type { QEvent } from '../../src/sim/core/types';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { Timeline } from '../../src/sim/timeline';
import type { SystemName } from '../../src/sim/scenario/topology';
import { modelFor } from '../../src/sim/models';

/**
 * Checkpoints share queued events with the live run instead of copying them (core/queue.ts), which
 * is right only if nothing changes an event once it is queued: not the engine, and not a model
 * changing a message it sent (or an array it shares with one, such as a batch's ids). Here every
 * event, with everything it reaches, is frozen as it is queued, so any such change throws (modules
 * are strict code); every built-in scenario, with a seek back through its checkpoints, must still
 * replay to its golden trace.
 */
const golden = JSON.parse(readFileSync(join(__dirname, '../scenarios/golden-traces.json'), 'utf8')) as Record<string, Record<SystemName, string>>;

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

const push = Sim.prototype.push;
beforeAll(() => {
  Sim.prototype.push = function frozenPush(this: Sim, ev: QEvent) {
    push.call(this, ev);
    deepFreeze(ev);
  };
});
afterAll(() => {
  Sim.prototype.push = push;
});

describe('queued events are never changed', () => {
  it('the freezing is in force: a change to a queued message throws', () => {
    const sim = new Sim(restoreScenario({ version: 1, durationMs: 1_000 }), modelFor('kafka'));
    const env = sim.send('broker-1', 'broker-2', { type: 'probe', parts: [{ p: 'orders-0' }] })!;
    expect(() => {
      (env.body as { parts: { p: string }[] }).parts[0].p = 'orders-1';
    }).toThrow(TypeError);
  });

  for (const entry of LIBRARY) {
    it(`${entry.id}: with every event frozen as it is queued, both systems replay to their golden traces`, () => {
      const scenario = restoreScenario(entry.scenario);
      for (const system of ['kafka', 'rocketmq'] as SystemName[]) {
        const tl = new Timeline(scenario, system);
        tl.advanceTo(scenario.durationMs);
        expect(tl.sim.traceHash(), system).toBe(golden[entry.id][system]);
        tl.seek(Math.floor(scenario.durationMs / 3));
        tl.advanceTo(scenario.durationMs);
        expect(tl.sim.traceHash(), `${system} after a seek`).toBe(golden[entry.id][system]);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { cloneState } from '../../src/sim/core/clone';
import { createSim } from '../../src/sim/run';
import { restoreScenario } from '../../src/sim/scenario/restore';

/**
 * cloneState compiles a copier per struct shape (core/clone.ts). A page served with a
 * Content-Security-Policy that forbids compiling code makes `new Function` throw: checkpoints must
 * still be exact copies, only built key by key.
 */
describe('checkpoint copies without code compilation (a strict Content-Security-Policy)', () => {
  it('are still exact, independent copies, and a restored run replays to the same trace', () => {
    const scenario = restoreScenario({ version: 1, durationMs: 8_000 });
    const sim = createSim(scenario, 'kafka');
    sim.runUntil(3_000);
    const real = globalThis.Function;
    let cp;
    let refusals = 0;
    try {
      globalThis.Function = function refused() {
        refusals++;
        throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
      } as unknown as FunctionConstructor;
      cp = cloneState(sim.world);
    } finally {
      globalThis.Function = real;
    }
    expect(refusals).toBe(1); // the first struct asked to compile; the rest were copied key by key
    expect(cp).toEqual(sim.world);
    expect(cp.model).not.toBe(sim.world.model);
    sim.runUntil(8_000);
    const hash = sim.traceHash();
    sim.restore(cp);
    sim.runUntil(8_000);
    expect(sim.traceHash()).toBe(hash);
  });
});

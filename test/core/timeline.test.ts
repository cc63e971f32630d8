import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/sim/timeline';
import { Sim } from '../../src/sim/core/engine';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { buildReport } from '../../src/sim/accounting/report';
import { echoModel } from '../support/echo-model';

const base = {
  version: 1,
  durationMs: 30_000,
  workload: { ratePerSec: 20, consumers: 1 },
  faults: [{ atMs: 7_000, system: 'kafka', action: 'crash', target: 'broker-1', durationMs: 2_000 }],
};

function timeline(input: Record<string, unknown> = base) {
  return new Timeline(restoreScenario(input), 'kafka', 5_000, echoModel());
}

function straightRun(input: unknown) {
  const sim = new Sim(restoreScenario(input), echoModel());
  sim.runUntil(sim.scenario.durationMs);
  return sim;
}

describe('Timeline', () => {
  it('seek(t) backwards then forwards reaches the same state as a straight run', () => {
    const tl = timeline();
    tl.seek(30_000);
    const end = tl.sim.traceHash();
    tl.seek(12_345);
    expect(tl.now).toBe(12_345);
    tl.seek(30_000);
    expect(tl.sim.traceHash()).toBe(end);
    expect(end).toBe(straightRun(base).traceHash());
  });

  it('seek(t) keeps a checkpoint every interval', () => {
    const tl = timeline();
    tl.seek(30_000);
    expect(tl.checkpointCount()).toBe(7); // 0, 5, 10, 15, 20, 25, 30 s
  });

  it('seek(t) to the past shows the past: the report counts only what happened by then', () => {
    const tl = timeline();
    tl.seek(30_000);
    tl.seek(10_000);
    // Messages are due at 0, 50, ..., 10000 ms: 201 of them by t = 10 s inclusive.
    expect(buildReport(tl.sim).sent).toBe(201);
  });

  it('act(fault) in the past forks: the new run equals a fresh run of the returned scenario', () => {
    const tl = timeline();
    tl.seek(30_000);
    tl.seek(15_000);
    const scenario = tl.act({ system: 'kafka', action: 'isolate', target: 'broker-1', durationMs: 3_000 });
    expect(scenario.faults).toHaveLength(2);
    expect(scenario.faults[1].atMs).toBe(15_001);
    tl.seek(30_000);
    const fresh = straightRun(scenario);
    expect(tl.sim.traceHash()).toBe(fresh.traceHash());
    expect(buildReport(tl.sim)).toEqual(buildReport(fresh));
    // Rewinding before the fork and replaying keeps the fault: it is part of the scenario now.
    tl.seek(1_000);
    tl.seek(30_000);
    expect(tl.sim.traceHash()).toBe(fresh.traceHash());
  });

  it('act(start consumer-2) adds a client that did not exist and still equals a fresh run', () => {
    const tl = timeline();
    tl.seek(9_000);
    const scenario = tl.act({ system: 'kafka', action: 'start', target: 'consumer-2' });
    tl.seek(30_000);
    expect(tl.sim.world.nodes['consumer-2'].proc).toBe('running');
    expect(tl.sim.traceHash()).toBe(straightRun(scenario).traceHash());
  });
});

import { describe, expect, it } from 'vitest';
import { Sim } from '../../src/sim/core/engine';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { buildReport } from '../../src/sim/accounting/report';
import { echoModel } from '../support/echo-model';
import { kafkaModel } from '../../src/sim/kafka/model';

function scenario(extra: Record<string, unknown> = {}) {
  return restoreScenario({ version: 1, durationMs: 10_000, workload: { ratePerSec: 10, consumers: 1 }, ...extra });
}

function run(extra: Record<string, unknown> = {}, opts = {}) {
  const sim = new Sim(scenario(extra), echoModel(opts));
  sim.runUntil(sim.scenario.durationMs);
  return { sim, report: buildReport(sim) };
}

describe('Sim', () => {
  it('runUntil delivers, acks and consumes every message when nothing fails', () => {
    // The last second sends nothing, so every message has time to arrive whatever the latencies.
    const { report } = run({ workload: { ratePerSec: 10, consumers: 1, stopProducingAtMs: 9_000 } });
    expect(report.sent).toBe(90);
    expect(report.acked).toBe(90);
    expect(report.delivered).toBe(90);
    expect(report.lostAcked + report.pendingAcked + report.strandedAcked).toBe(0);
    expect(report.latencyMs.p50).toBeGreaterThan(0);
  });

  it('the same seed gives the same trace hash; another seed another', () => {
    const a = run({ seed: 7 }).report.traceHash;
    const b = run({ seed: 7 }).report.traceHash;
    const c = run({ seed: 8 }).report.traceHash;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('a crashed process refuses connections at once: sends fail fast', () => {
    const { report } = run({ faults: [{ atMs: 5000, system: 'kafka', action: 'crash', target: 'broker-1' }] });
    expect(report.sendStatus.CONNECTION_REFUSED).toBe(50);
    expect(report.sendStatus.REQUEST_TIMED_OUT).toBeUndefined();
  });

  it('a running process that is not listening refuses what opens a connection, and takes the rest', () => {
    // broker-1 stops listening at 5 s and listens again at 7 s; produce requests open connections,
    // polls (here) travel on a connection the broker already had.
    const model = { ...echoModel(), opensConnection: (env: { type: string }) => env.type === 'produce' };
    const sim = new Sim(scenario({ workload: { ratePerSec: 10, consumers: 1, stopProducingAtMs: 9_000 } }), model);
    sim.runUntil(5_000);
    sim.setListening('broker-1', false);
    sim.runUntil(7_000);
    sim.setListening('broker-1', true);
    sim.runUntil(10_000);
    const report = buildReport(sim);
    expect(report.sendStatus.CONNECTION_REFUSED).toBe(20);
    expect(report.acked).toBe(70);
    expect(report.delivered).toBe(70);
  });

  it('an isolated host swallows packets: sends time out', () => {
    const { report } = run({ faults: [{ atMs: 5000, system: 'kafka', action: 'isolate', target: 'broker-1' }] });
    // Sends from 5.0 s to 9.0 s reach their 1 s timeout before the run ends at 10 s.
    expect(report.sendStatus.REQUEST_TIMED_OUT).toBe(41);
    expect(report.sendStatus.CONNECTION_REFUSED).toBeUndefined();
  });

  it('a powered-off host swallows packets too', () => {
    const { report } = run({ faults: [{ atMs: 5000, system: 'kafka', action: 'powerLoss', target: 'broker-1' }] });
    expect(report.sendStatus.REQUEST_TIMED_OUT).toBe(41);
  });

  it('isolate with durationMs heals by itself', () => {
    const { report } = run({ faults: [{ atMs: 5000, system: 'kafka', action: 'isolate', target: 'broker-1', durationMs: 2000 }] });
    expect(report.sendStatus.REQUEST_TIMED_OUT).toBe(20);
    expect(report.acked).toBe(80);
  });

  it('a one-way cut drops only one direction', () => {
    // broker-1 still receives (and appends) but its acks never get back: writes land, sends time out.
    const { sim, report } = run({
      faults: [{ atMs: 5000, system: 'kafka', action: 'isolate', target: 'broker-1', from: ['producer-1'], direction: 'out' }],
    });
    expect(report.sendStatus.REQUEST_TIMED_OUT).toBe(41);
    expect(sim.file<number>('broker-1', 'log').entries.length).toBe(100);
  });

  it('slow adds its delay to every message to and from the node', () => {
    const { report } = run({ faults: [{ atMs: 0, system: 'kafka', action: 'slow', target: 'broker-1', delayMs: 300 }] });
    expect(report.latencyMs.p50).toBeGreaterThanOrEqual(600);
  });

  it('a paused process holds its messages and answers them on resume', () => {
    const { report } = run({ faults: [{ atMs: 5000, system: 'kafka', action: 'pause', target: 'broker-1', durationMs: 500 }] });
    expect(report.acked).toBe(100);
    expect(report.latencyMs.p99).toBeGreaterThanOrEqual(400);
  });
});

describe('storage', () => {
  it('a process crash keeps the page cache; power loss drops what was not written back', () => {
    const crash = run({ faults: [{ atMs: 9000, system: 'kafka', action: 'crash', target: 'broker-1' }] }).sim;
    expect(crash.file('broker-1', 'log').entries.length).toBe(90);
    const power = run({ faults: [{ atMs: 9000, system: 'kafka', action: 'powerLoss', target: 'broker-1' }] }).sim;
    // Nothing had been dirty for 30 s yet, so nothing was written back.
    expect(power.file('broker-1', 'log').entries.length).toBe(0);
  });

  it('the OS writes dirty pages back after about 30 s', () => {
    const sim = run({ durationMs: 40_000, faults: [{ atMs: 39_000, system: 'kafka', action: 'powerLoss', target: 'broker-1' }] }).sim;
    const kept = sim.file('broker-1', 'log').entries.length;
    // Dirty since t~0, expired at 30 s, written back at the flusher pass of t=30 s or 35 s.
    expect(kept).toBeGreaterThanOrEqual(295);
    expect(kept).toBeLessThanOrEqual(355);
  });

  it('fsync makes every append survive power loss', () => {
    const { sim, report } = run(
      { faults: [{ atMs: 9000, system: 'kafka', action: 'powerLoss', target: 'broker-1' }] },
      { fsyncEveryAppend: true },
    );
    expect(sim.file('broker-1', 'log').entries.length).toBe(90);
    expect(report.lostAcked).toBe(0);
  });

  it('destroy removes the disk for good', () => {
    const { sim, report } = run({
      workload: { ratePerSec: 10, consumers: 0 },
      faults: [{ atMs: 5000, system: 'kafka', action: 'destroy', target: 'broker-1' }],
    });
    expect(sim.file('broker-1', 'log').entries.length).toBe(0);
    expect(report.acked).toBe(50);
    expect(report.lostAcked).toBe(50);
  });
});

describe('checkpoints', () => {
  it('restore then replay reaches the same trace hash as the straight run', () => {
    const s = scenario({ faults: [{ atMs: 3000, system: 'kafka', action: 'crash', target: 'broker-1', durationMs: 1000 }] });
    const straight = new Sim(s, echoModel());
    straight.runUntil(10_000);
    const sim = new Sim(s, echoModel());
    sim.runUntil(4_000);
    const cp = sim.checkpoint();
    sim.runUntil(10_000);
    const first = sim.traceHash();
    sim.restore(cp);
    expect(sim.now).toBe(4_000);
    sim.runUntil(10_000);
    expect(sim.traceHash()).toBe(first);
    expect(first).toBe(straight.traceHash());
    expect(buildReport(sim)).toEqual(buildReport(straight));
  });
});

describe('node names', () => {
  it('an unknown or empty name is a clear error, whatever the lookup cache holds', () => {
    const sim = new Sim(restoreScenario({ version: 1, durationMs: 1000 }), kafkaModel);
    sim.runUntil(100);
    expect(() => sim.send('', 'broker-1', { type: 'x' })).toThrow(/send: unknown node/);
    expect(() => sim.send('broker-1', 'broker-9', { type: 'x' })).toThrow(/send: unknown node broker-9/);
    expect(() => sim.node('')).toThrow(/unknown node/);
    expect(sim.isRunning('')).toBe(false);
    expect(sim.isRunning('broker-1')).toBe(true);
  });
});

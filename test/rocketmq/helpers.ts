import { restoreScenario } from '../../src/sim/scenario/restore';
import { runSystem, createSim } from '../../src/sim/run';
import { buildReport } from '../../src/sim/accounting/report';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';

/** A RocketMQ scenario from the parts a test names; everything else takes the real defaults. */
export function scenario(input: Record<string, unknown>) {
  return restoreScenario({ version: 1, ...input });
}

export function run(input: Record<string, unknown>) {
  return runSystem(scenario(input), 'rocketmq');
}

/** Runs and keeps the sim, for tests that read the event log or the model state. */
export function runSim(input: Record<string, unknown>) {
  const s = scenario(input);
  const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
  sim.runUntil(s.durationMs);
  return { sim, report: buildReport(sim) };
}

export function fault(atMs: number, action: string, target: string, extra: Record<string, unknown> = {}) {
  return { atMs, system: 'rocketmq', action, target, ...extra };
}

export function events(sim: Sim<RmqState>, kind: string, node?: string) {
  return sim.world.log.toArray().filter((e) => e.kind === kind && (node === undefined || e.node === node));
}

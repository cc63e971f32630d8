import type { Scenario } from './scenario/defaults';
import type { SystemName } from './scenario/topology';
import { Sim } from './core/engine';
import { buildReport, type Report } from './accounting/report';
import { modelFor } from './models';

/** Builds a fresh run of one system at t = 0. */
export function createSim(scenario: Scenario, system: SystemName): Sim<unknown> {
  return new Sim(scenario, modelFor(system));
}

/** Runs one system to the scenario's end and reports what happened. */
export function runSystem(scenario: Scenario, system: SystemName): Report {
  const sim = createSim(scenario, system);
  sim.runUntil(scenario.durationMs);
  return buildReport(sim);
}

export type RunResult = Partial<Record<SystemName, Report>>;

/** Runs the chosen systems (both by default) on the same scenario. */
export function runScenario(scenario: Scenario, systems: readonly SystemName[] = ['kafka', 'rocketmq']): RunResult {
  const out: RunResult = {};
  for (const system of systems) out[system] = runSystem(scenario, system);
  return out;
}

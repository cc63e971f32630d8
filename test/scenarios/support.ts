import { libraryEntry } from '../../src/scenarios';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { createSim } from '../../src/sim/run';
import { buildReport, type Report } from '../../src/sim/accounting/report';
import type { SystemName } from '../../src/sim/scenario/topology';
import type { Sim } from '../../src/sim/core/engine';
import type { Scenario } from '../../src/sim/scenario/defaults';

/** A library scenario, optionally with settings changed the way a learner would change them. */
export function libraryScenario(id: string, change: (input: Record<string, any>) => void = () => {}): Scenario {
  const entry = libraryEntry(id);
  if (!entry) throw new Error(`no library scenario ${id}`);
  const input = structuredClone(entry.scenario) as Record<string, any>;
  change(input);
  return restoreScenario(input);
}

export interface Outcome {
  sim: Sim<unknown>;
  report: Report;
  /** The report as it stood at time t (the run is replayed to t). */
  at(t: number): Report;
  /** Log entries whose kind matches. */
  logged(kind: RegExp): number;
}

export function run(scenario: Scenario, system: SystemName): Outcome {
  const sim = createSim(scenario, system);
  sim.runUntil(scenario.durationMs);
  return {
    sim,
    report: buildReport(sim),
    at(t: number) {
      const past = createSim(scenario, system);
      past.runUntil(t);
      return buildReport(past);
    },
    logged(kind: RegExp) {
      let n = 0;
      sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
        if (kind.test(e.kind)) n++;
      });
      return n;
    },
  };
}

import { restoreScenario } from '../../src/sim/scenario/restore';
import { createSim, runSystem } from '../../src/sim/run';
import { buildReport, type Report } from '../../src/sim/accounting/report';
import type { Sim } from '../../src/sim/core/engine';
import type { KafkaState } from '../../src/sim/kafka/types';
import { recordId, type StoredRecord } from '../../src/sim/kafka/record';

/** A small builder for Kafka scenario tests: settings, workload and faults in one object. */
export interface Spec {
  durationMs?: number;
  seed?: number;
  kafka?: Record<string, unknown>;
  workload?: Record<string, unknown>;
  faults?: Record<string, unknown>[];
}

export function scenario(spec: Spec) {
  return restoreScenario({
    version: 1,
    durationMs: spec.durationMs ?? 60_000,
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    kafka: spec.kafka ?? {},
    workload: spec.workload ?? {},
    faults: (spec.faults ?? []).map((f) => ({ system: 'kafka', ...f })),
  });
}

export function report(spec: Spec): Report {
  return runSystem(scenario(spec), 'kafka');
}

/** Runs to the end and returns the sim too, for looking at logs and the event stream. */
export function run(spec: Spec): { sim: Sim<KafkaState>; report: Report } {
  const s = scenario(spec);
  const sim = createSim(s, 'kafka') as Sim<KafkaState>;
  sim.runUntil(s.durationMs);
  return { sim, report: buildReport(sim) };
}

export function events(sim: Sim<KafkaState>, kind: string): number {
  let n = 0;
  sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
    if (e.kind === kind) n++;
  });
  return n;
}

export function logIds(sim: Sim<KafkaState>, broker: string, partition: string): number[] {
  const f = sim.world.disks[broker]?.[partition];
  return f ? (f.entries.toArray() as StoredRecord[]).map(recordId) : [];
}

export function lostCauses(r: Report): string[] {
  return [...new Set(r.anomalies.filter((a) => a.kind === 'lost').map((a) => a.cause.code))];
}

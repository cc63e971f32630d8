import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { KafkaState } from '../../src/sim/kafka/types';
import { report, scenario } from './support';

/** Checked against apache/kafka metadata/.../controller/BrokerHeartbeatManager and ReplicationControlManager. */
function times(sim: Sim<KafkaState>, kind: string, node: string): number[] {
  const out: number[] = [];
  sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
    if (e.kind === kind && e.node === node) out.push(e.at);
  });
  return out;
}

describe('KRaft broker fencing (BrokerHeartbeatManager.calculateNextBrokerState)', () => {
  it('a restarted broker is fenced, and unfenced only after it has registered anew and caught up with the metadata', () => {
    const s = scenario({ durationMs: 30_000, kafka: { partitions: 3 }, workload: { ratePerSec: 10, consumers: 0 }, faults: [{ action: 'crash', target: 'broker-2', atMs: 5_000, durationMs: 1_000 }] });
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    sim.runUntil(30_000);
    const fenced = times(sim, 'BrokerFenced', 'broker-2');
    const unfenced = times(sim, 'BrokerUnfenced', 'broker-2');
    expect(fenced.length).toBe(1);
    expect(unfenced.length).toBe(1);
    // The quick restart waits for the old session to expire (lifecycle-rules.test.ts has the timings).
    expect(unfenced[0]).toBeGreaterThan(fenced[0]);
    // While fenced it leaves every ISR; it rejoins later by catching up (AlterPartition), so at the end it is back.
    for (const p of sim.state.controller.meta.parts) expect(p.isr).toContain('broker-2');
  });
});

describe('Consumer close (ConsumerCoordinator.close)', () => {
  it('Kafka: a consumer stopped cleanly commits its positions before leaving, so nothing is delivered twice', () => {
    const r = report({ durationMs: 40_000, workload: { ratePerSec: 50, consumers: 2 }, faults: [{ action: 'stop', target: 'consumer-1', atMs: 12_300 }] });
    expect(r.delivered).toBeGreaterThan(1_000);
    expect(r.duplicates).toBe(0);
  });
  it('Kafka: the same consumer crashing instead redelivers what it processed since the last auto-commit', () => {
    const r = report({ durationMs: 80_000, workload: { ratePerSec: 50, consumers: 2 }, faults: [{ action: 'crash', target: 'consumer-1', atMs: 12_300 }] });
    expect(r.duplicates).toBeGreaterThan(0);
  });
});

describe('group.initial.rebalance.delay.ms (GroupCoordinator InitialDelayedJoin)', () => {
  it('Kafka: a second member joining during the first delay extends it by another delay before generation 1 forms', () => {
    const sim = createSim(scenario({ durationMs: 15_000, workload: { ratePerSec: 10, consumers: 2 } }), 'kafka') as Sim<KafkaState>;
    sim.runUntil(15_000);
    const done = times(sim, 'RebalanceCompleted', sim.state.group.coordinator!);
    expect(done.length).toBe(1);
    expect(done[0]).toBeGreaterThanOrEqual(6_000);
    expect(done[0]).toBeLessThan(7_000);
  });
  it('Kafka: a lone member waits exactly one delay', () => {
    const sim = createSim(scenario({ durationMs: 15_000, workload: { ratePerSec: 10, consumers: 1 } }), 'kafka') as Sim<KafkaState>;
    sim.runUntil(15_000);
    const done = times(sim, 'RebalanceCompleted', sim.state.group.coordinator!);
    expect(done[0]).toBeGreaterThanOrEqual(3_000);
    expect(done[0]).toBeLessThan(4_000);
  });
});

import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import { followerView, maybeIncrementHw } from '../../src/sim/kafka/leader';
import type { KafkaState } from '../../src/sim/kafka/types';
import { report, scenario } from './support';

/**
 * Rules checked against apache/kafka core/src/main/scala/kafka/cluster/Partition.scala and
 * Replica.scala (maybeIncrementLeaderHW, appendRecordsToLeader, checkEnoughReplicasReachOffset).
 */
function settled(release: string): Sim<KafkaState> {
  const sim = createSim(scenario({ durationMs: 10_000, kafka: { release, partitions: 1, acks: '1', idempotence: false }, workload: { ratePerSec: 20, consumers: 0 } }), 'kafka') as Sim<KafkaState>;
  sim.runUntil(3_000);
  return sim;
}

/** Leader broker-1 with broker-3 taken out of the ISR but still caught up 1 s ago at offset 0. */
function withCaughtUpOutsider(sim: Sim<KafkaState>) {
  const r = sim.state.brokers['broker-1'].replicas['orders-0'];
  r.isr = ['broker-1', 'broker-2'];
  r.pendingIsr = null;
  r.hw = 0;
  followerView(r, 'broker-3')!.leo = 0;
  followerView(r, 'broker-3')!.lastCaughtUpAt = sim.now - 1_000;
  return r;
}

describe('Partition.maybeIncrementLeaderHW', () => {
  for (const release of ['4.x', '2.x', '0.11']) {
    it(`${release}: a follower outside the ISR that caught up within replica.lag.time.max.ms holds the HW back (KAFKA-4485)`, () => {
      const sim = settled(release);
      const r = withCaughtUpOutsider(sim);
      maybeIncrementHw(sim, 'broker-1', sim.state.brokers['broker-1'], r);
      expect(r.hw).toBe(0);
      // Once its last catch-up is older than the lag time it no longer counts.
      followerView(r, 'broker-3')!.lastCaughtUpAt = sim.now - sim.scenario.kafka.replicaLagTimeMaxMs - 1;
      maybeIncrementHw(sim, 'broker-1', sim.state.brokers['broker-1'], r);
      expect(r.hw).toBe(followerView(r, 'broker-2')!.leo);
      expect(r.hw).toBeGreaterThan(0);
    });
  }
  it('0.8: only the ISR counts', () => {
    const sim = settled('0.8');
    const r = withCaughtUpOutsider(sim);
    maybeIncrementHw(sim, 'broker-1', sim.state.brokers['broker-1'], r);
    expect(r.hw).toBe(followerView(r, 'broker-2')!.leo);
    expect(r.hw).toBeGreaterThan(0);
  });
  it('4.x: a caught-up follower on a fenced broker is not eligible and does not hold the HW (KAFKA-15021)', () => {
    const sim = settled('4.x');
    const r = withCaughtUpOutsider(sim);
    const br = sim.state.brokers['broker-1'];
    br.meta = { ...br.meta!, fenced: ['broker-3'] };
    maybeIncrementHw(sim, 'broker-1', sim.state.brokers['broker-1'], r);
    expect(r.hw).toBe(followerView(r, 'broker-2')!.leo);
    expect(r.hw).toBeGreaterThan(0);
  });
});

describe('effective min ISR (Partition.effectiveMinIsr, KAFKA-15583)', () => {
  const spec = (release: string) => ({
    durationMs: 20_000, kafka: { release, partitions: 1, replicationFactor: 2, minInsyncReplicas: 3, acks: 'all', idempotence: false, retries: 0 },
    workload: { ratePerSec: 10, consumers: 0 },
  });
  it('Kafka: 4.x: min.insync.replicas above the replication factor is capped at it, so acks=all writes succeed', () => {
    const r = report(spec('4.x'));
    expect(r.failed).toBe(0);
    expect(r.acked).toBeGreaterThan(150);
  });
  it('Kafka: 2.x: min.insync.replicas above the replication factor rejects every acks=all write with NOT_ENOUGH_REPLICAS', () => {
    const r = report(spec('2.x'));
    expect(r.acked).toBe(0);
    expect(r.sendStatus.NOT_ENOUGH_REPLICAS).toBeGreaterThan(150);
  });
});

function firstAt(sim: Sim<KafkaState>, kind: string): number {
  let t = -1;
  sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
    if (t < 0 && e.kind === kind) t = e.at;
  });
  return t;
}

describe('ISR shrink (ReplicaManager isr-expiration, Partition.getOutOfSyncReplicas)', () => {
  const cut = (release: string) => ({
    durationMs: 40_000, kafka: { release, partitions: 1, acks: '1', idempotence: false }, workload: { ratePerSec: 10, consumers: 0 },
    faults: [{ action: 'isolate', target: 'broker-3', from: ['broker-1'], atMs: 5_000, durationMs: 30_000 }],
  });
  it('0.8: a follower that stops fetching is "stuck" after replica.lag.time.max.ms = 10 s, checked every 10 s', () => {
    const sim = createSim(scenario(cut('0.8')), 'kafka') as Sim<KafkaState>;
    sim.runUntil(40_000);
    const t = firstAt(sim, 'IsrShrinksPerSec');
    expect(t).toBeGreaterThan(5_000 + 10_000);
    expect(t).toBeLessThanOrEqual(5_000 + 20_000);
    expect(t % 10_000).toBe(0); // on the 10 s schedule, not the 5 s one of 0.9+
  });
  it('2.x: the same follower leaves between 10 and 15 s (lastCaughtUpTimeMs, checked every lag / 2)', () => {
    const sim = createSim(scenario(cut('2.x')), 'kafka') as Sim<KafkaState>;
    sim.runUntil(40_000);
    const t = firstAt(sim, 'IsrShrinksPerSec');
    // Its last catch-up was at or just before the cut, so the first check after 15 s may remove it.
    expect(t).toBeGreaterThanOrEqual(5_000 + 10_000);
    expect(t).toBeLessThanOrEqual(5_000 + 15_000);
  });
});

describe('follower fetch state (Partition.fetchRecords, updateFetchState = !readFromPurgatory)', () => {
  it('a parked follower fetch answered when data arrives leaves the follower where its fetch found it', () => {
    // One message a second: between messages each follower's fetch waits at the leader (DelayedFetch).
    const sim = createSim(scenario({ durationMs: 10_000, kafka: { partitions: 1, acks: '1', idempotence: false }, workload: { ratePerSec: 1, consumers: 0 } }), 'kafka') as Sim<KafkaState>;
    sim.runUntil(3_500);
    const r = sim.state.brokers['broker-1'].replicas['orders-0'];
    const file = sim.world.disks['broker-1']['orders-0'];
    const before = file.entries.length;
    while (file.entries.length === before) sim.step();
    // The append answered broker-2's parked fetch with the new record. Kafka reads it for the
    // response but records the follower's position only on arrival: the fetch asked for offset
    // `before` while the leader's end was `before`, at a time before now.
    const fv = followerView(r, 'broker-2')!;
    expect(fv.leo).toBe(before);
    expect(fv.lastFetchLeaderLeo).toBe(before);
    expect(fv.lastFetchAt).toBeLessThan(sim.now);
  });
});

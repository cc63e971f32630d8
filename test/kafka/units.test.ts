import { describe, expect, it } from 'vitest';
import { keyBytes, murmur2, partitionForKey, partitionIndex } from '../../src/sim/kafka/partitioner';
import { cooperativeAssign, rangeAssign, roundRobinAssign, stickyAssign, assign } from '../../src/sim/kafka/assignors';
import { endOffsetFor, endOffsetFor011, newReplica } from '../../src/sim/kafka/log';
import { divergence, followerView } from '../../src/sim/kafka/leader';
import { duplicateOffset, recordBatch } from '../../src/sim/kafka/producer-state';
import { replicasFor } from '../../src/sim/kafka/controller';
import type { ProducerEntry, ReplicaState } from '../../src/sim/kafka/types';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { KafkaState } from '../../src/sim/kafka/types';
import { scenario } from './support';

describe('murmur2', () => {
  it('murmur2(keyBytes) matches the Java client test vectors', () => {
    expect(murmur2(keyBytes('21'))).toBe(-973932308);
    expect(murmur2(keyBytes('foobar'))).toBe(-790332482);
    expect(murmur2(keyBytes('abc'))).toBe(479470107);
  });
  it('partitionForKey(key, n) is (murmur2 & 0x7fffffff) % n and stable', () => {
    const p = partitionForKey(3, 12);
    expect(p).toBe((murmur2(keyBytes('k3')) & 0x7fffffff) % 12);
    expect(partitionForKey(3, 12)).toBe(p);
  });
});

describe('partitionIndex', () => {
  it('reads the number after the last dash, whatever the topic name holds', () => {
    expect(partitionIndex('orders-0')).toBe(0);
    expect(partitionIndex('orders-7')).toBe(7);
    expect(partitionIndex('orders-11')).toBe(11);
    expect(partitionIndex('orders2-105')).toBe(105);
    expect(partitionIndex('my-topic-3')).toBe(3);
  });
});

describe('replicasFor', () => {
  it('replicasFor(p, N, rf) places replica i of partition p on broker ((p + i) mod N) + 1', () => {
    expect(replicasFor(0, 3, 3)).toEqual(['broker-1', 'broker-2', 'broker-3']);
    expect(replicasFor(2, 3, 2)).toEqual(['broker-3', 'broker-1']);
  });
});

describe('assignors', () => {
  const parts = ['t0-0', 't0-1', 't0-2', 't1-0', 't1-1', 't1-2'];
  it('rangeAssign gives the documented example: C0 = [t0p0, t0p1, t1p0, t1p1], C1 = [t0p2, t1p2]', () => {
    expect(rangeAssign(['C0', 'C1'], parts)).toEqual({ C0: ['t0-0', 't0-1', 't1-0', 't1-1'], C1: ['t0-2', 't1-2'] });
  });
  it('roundRobinAssign gives the documented example: C0 = [t0p0, t0p2, t1p1], C1 = [t0p1, t1p0, t1p2]', () => {
    expect(roundRobinAssign(['C0', 'C1'], parts)).toEqual({ C0: ['t0-0', 't0-2', 't1-1'], C1: ['t0-1', 't1-0', 't1-2'] });
  });
  it('stickyAssign gives the StickyAssignor javadoc example, before and after C1 leaves', () => {
    const four = ['t0-0', 't0-1', 't1-0', 't1-1', 't2-0', 't2-1', 't3-0', 't3-1'];
    const first = stickyAssign(['C0', 'C1', 'C2'], four);
    expect(first).toEqual({ C0: ['t0-0', 't1-1', 't3-0'], C1: ['t0-1', 't2-0', 't3-1'], C2: ['t1-0', 't2-1'] });
    // After C1 leaves, the 2.8+ ConstrainedAssignmentBuilder: owned kept sorted by partition then
    // topic, then t0p1, t2p0, t3p1 round-robin over C0, C2 (the javadoc's result is the older algorithm's).
    const after = stickyAssign(['C0', 'C2'], four, first);
    expect(after).toEqual({ C0: ['t0-0', 't3-0', 't1-1', 't0-1'], C2: ['t1-0', 't2-1', 't2-0', 't3-1'] });
  });
  it('stickyAssign deals the unassigned partitions round-robin over the members under minQuota, not to the one with fewest', () => {
    const six = ['orders-0', 'orders-1', 'orders-2', 'orders-3', 'orders-4', 'orders-5'];
    // minQuota 3: c1 owns nothing, c2 owns orders-0; orders-1..5 alternate c1, c2, c1, c2 (c2 full), c1.
    expect(stickyAssign(['c1', 'c2'], six, { c2: ['orders-0'] })).toEqual({ c1: ['orders-1', 'orders-3', 'orders-5'], c2: ['orders-0', 'orders-2', 'orders-4'] });
    // 7 over 3 members (minQuota 2, one may hold 3): c2 owns 4 and keeps 3; c3 owns 1.
    const seven = [...six, 'orders-6'];
    expect(stickyAssign(['c1', 'c2', 'c3'], seven, { c2: ['orders-5', 'orders-1', 'orders-3', 'orders-0'], c3: ['orders-6'] }))
      .toEqual({ c1: ['orders-2', 'orders-5'], c2: ['orders-0', 'orders-1', 'orders-3'], c3: ['orders-6', 'orders-4'] });
  });
  it('cooperativeAssign keeps what members own and leaves a partition that moves unassigned for one round', () => {
    const parts = ['orders-0', 'orders-1', 'orders-2', 'orders-3', 'orders-4', 'orders-5'];
    const owned = { c1: ['orders-0', 'orders-2', 'orders-4'], c2: ['orders-1', 'orders-3', 'orders-5'], c3: [] };
    const first = cooperativeAssign(['c1', 'c2', 'c3'], parts, owned);
    // The sticky target gives c3 one partition of each; they are owned, so in this round nobody gets them.
    expect(first).toEqual({ c1: ['orders-0', 'orders-2'], c2: ['orders-1', 'orders-3'], c3: [] });
    const second = cooperativeAssign(['c1', 'c2', 'c3'], parts, first);
    expect(second).toEqual({ c1: ['orders-0', 'orders-2'], c2: ['orders-1', 'orders-3'], c3: ['orders-4', 'orders-5'] });
    // Nobody owns the partitions of a member that left: they go straight to their new owners.
    expect(cooperativeAssign(['c1'], parts, { c1: ['orders-0'] })).toEqual({ c1: parts });
  });
  it('assign leaves surplus members idle when there are more members than partitions', () => {
    for (const name of ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const) {
      const out = assign(name, ['c1', 'c2', 'c3', 'c4'], ['orders-0', 'orders-1', 'orders-2']);
      expect(Object.values(out).map((p) => p.length).sort()).toEqual([0, 1, 1, 1]);
    }
  });
});

describe('truncation rules', () => {
  // The KIP-279 story: the leader never had epoch 1; the follower wrote epoch-1 records from 50 to 60.
  const leader: ReplicaState = { ...newReplica('orders-0'), epochs: [[0, 0], [2, 100]] };
  const follower: ReplicaState = { ...newReplica('orders-0'), epochs: [[0, 0], [1, 50]] };
  it('endOffsetFor011 (KIP-101) answers the start of the next epoch, so the follower keeps its diverged records', () => {
    const end = endOffsetFor011(leader, 1, 150);
    expect(end).toBe(100);
    expect(Math.min(end, 60)).toBe(60); // no truncation: offsets 50-59 now differ from the leader's
  });
  it('divergence (KIP-279) names the largest common epoch, and the follower truncates to where it ends in its own log', () => {
    const div = divergence(leader, 1, 60, 150);
    expect(div).toEqual({ epoch: 0, endOffset: 100 });
    const [epoch, mine] = endOffsetFor(follower, 0, 60);
    expect(epoch).toBe(0);
    expect(Math.min(div!.endOffset, mine)).toBe(50);
  });
  it('divergence is null for a follower whose last epoch and offset the leader has', () => {
    expect(divergence(leader, 2, 120, 150)).toBeNull();
    expect(divergence(leader, 0, 80, 150)).toBeNull();
  });
});

describe('producer state', () => {
  it('duplicateOffset returns the original offset of a retained batch and -1 otherwise', () => {
    const producers: Record<string, ProducerEntry> = {};
    for (let i = 0; i < 7; i++) recordBatch(producers, 1, 0, i * 10, i * 10 + 9, 1000 + i * 10);
    expect(duplicateOffset(producers[1], 60, 69)).toBe(1060);
    expect(duplicateOffset(producers[1], 20, 29)).toBe(1020);
    expect(duplicateOffset(producers[1], 0, 9)).toBe(-1); // only the last 5 batches are kept
  });
});

function at(spec: Parameters<typeof scenario>[0], t: number): Sim<KafkaState> {
  const sim = createSim(scenario(spec), 'kafka') as Sim<KafkaState>;
  sim.runUntil(t);
  return sim;
}

function firstEvent(sim: Sim<KafkaState>, kind: string): number {
  let t = -1;
  sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
    if (t < 0 && e.kind === kind) t = e.at;
  });
  return t;
}

describe('high watermark and ISR', () => {
  const lagging = { durationMs: 80_000, kafka: { partitions: 1 }, workload: { ratePerSec: 10, consumers: 0 }, faults: [{ action: 'isolate', target: 'broker-3', from: ['broker-1'], atMs: 5_000, durationMs: 55_000 }] };
  it('the leader HW is the minimum LEO over the ISR: a silent ISR member holds it back', () => {
    const sim = at(lagging, 20_000);
    const r = sim.state.brokers['broker-1'].replicas['orders-0'];
    const leo = sim.world.disks['broker-1']['orders-0'].entries.length;
    expect(r.isr).toEqual(['broker-1', 'broker-2', 'broker-3']);
    // acks=all requests wait for the HW, so the producer's five in-flight requests are all stuck.
    expect(r.hw).toBeLessThan(leo);
    expect(r.hw).toBe(followerView(r, 'broker-3')!.leo);
  });
  it('the ISR shrinks between replica.lag.time.max.ms and 1.5 times it after the follower stopped fetching, then the HW catches up', () => {
    const sim = at(lagging, 55_000);
    const shrink = firstEvent(sim, 'IsrShrinksPerSec');
    expect(shrink).toBeGreaterThanOrEqual(5_000 + 30_000);
    expect(shrink).toBeLessThanOrEqual(5_000 + 45_000);
    const r = sim.state.brokers['broker-1'].replicas['orders-0'];
    expect(r.isr).toEqual(['broker-1', 'broker-2']);
    expect(r.hw).toBeGreaterThanOrEqual(sim.world.disks['broker-1']['orders-0'].entries.length - 2);
  });
  it('a follower that catches up after the heal rejoins the ISR', () => {
    const sim = at(lagging, 80_000);
    expect(firstEvent(sim, 'IsrExpandsPerSec')).toBeGreaterThan(60_000);
    expect(sim.state.controller.meta.parts[0].isr).toEqual(['broker-1', 'broker-2', 'broker-3']);
  });
  it('a follower learns the HW one fetch later: its HW never exceeds the leader\'s', () => {
    const sim = at({ durationMs: 10_000, kafka: { partitions: 1 }, workload: { ratePerSec: 50, consumers: 0 } }, 9_003);
    const lead = sim.state.brokers['broker-1'].replicas['orders-0'].hw;
    for (const b of ['broker-2', 'broker-3']) expect(sim.state.brokers[b].replicas['orders-0'].hw).toBeLessThanOrEqual(lead);
  });
  const underMin = (release: string) => ({
    durationMs: 40_000, kafka: { release, partitions: 1, acks: '1', idempotence: false, minInsyncReplicas: 2 }, workload: { ratePerSec: 10, consumers: 0 },
    faults: [{ action: 'crash', target: 'broker-2', atMs: 5_000 }, { action: 'crash', target: 'broker-3', atMs: 5_000 }],
  });
  it('on 4.x the HW does not advance while the ISR is smaller than min.insync.replicas (KAFKA-15583)', () => {
    const sim = at(underMin('4.x'), 40_000);
    const r = sim.state.brokers['broker-1'].replicas['orders-0'];
    expect(r.isr).toEqual(['broker-1']);
    expect(r.hw).toBeLessThan(sim.world.disks['broker-1']['orders-0'].entries.length - 100);
  });
  it('on 2.x the HW of a leader alone in the ISR follows its LEO', () => {
    const sim = at(underMin('2.x'), 40_000);
    const r = sim.state.brokers['broker-1'].replicas['orders-0'];
    expect(r.hw).toBe(sim.world.disks['broker-1']['orders-0'].entries.length);
  });
});

describe('fencing', () => {
  it('a broker whose heartbeats stop is fenced after broker.session.timeout.ms and leaves every ISR', () => {
    const sim = at({ durationMs: 30_000, faults: [{ action: 'isolate', target: 'broker-2', from: ['controller'], atMs: 10_000 }] }, 30_000);
    const fenced = firstEvent(sim, 'BrokerFenced');
    expect(fenced).toBeGreaterThan(10_000 + 9_000 - 2_000);
    expect(fenced).toBeLessThanOrEqual(10_000 + 9_000 + 1);
    for (const p of sim.state.controller.meta.parts) expect(p.isr).not.toContain('broker-2');
    expect(sim.state.controller.meta.parts.find((p) => p.name === 'orders-1')!.leader).not.toBe('broker-2');
  });
});

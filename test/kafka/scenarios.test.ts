import { describe, expect, it } from 'vitest';
import { events, logIds, lostCauses, report, run } from './support';
import { failedAtOf, firstDeliveredAtOf, sentAtOf } from '../../src/sim/accounting/ledger';

const crash = (target: string, atMs: number, durationMs?: number) => ({ action: 'crash', target, atMs, ...(durationMs ? { durationMs } : {}) });

describe('Kafka: acks=0', () => {
  // A leader whose machine dies (power loss) resets no connection: the producer writes into the
  // void until it learns the new leader. A crashed process's kernel resets them at once, and the
  // producer, unable to reconnect (NetworkClient.ready), keeps its batches for the new leader.
  it('Kafka: acks=0: the leader\'s machine crashes (power loss): messages lost silently, none reported failed', () => {
    const r = report({ kafka: { acks: '0', idempotence: false }, workload: { ratePerSec: 20 }, faults: [{ action: 'powerLoss', target: 'broker-1', atMs: 20_000 }] });
    expect(r.lostAcked).toBeGreaterThan(0);
    expect(r.failed).toBe(0);
    expect(lostCauses(r)).toEqual(['kafka.lostAcks0']);
  });
  it('Kafka: acks=0: only the leader process crashes: the reset stops the sends, and the batches wait for the new leader', () => {
    const { sim, report: r } = run({ kafka: { acks: '0', idempotence: false }, workload: { ratePerSec: 20 }, faults: [crash('broker-1', 20_000)] });
    expect(r.lostAcked).toBe(0);
    expect(r.failed).toBe(0);
    // The producer tried to reconnect, was refused, and gave up on broker-1 once the metadata moved on.
    expect(sim.state.producers['producer-1'].conns['broker-1']?.up).toBe(false);
  });
});

describe('Kafka: acks=1', () => {
  it('Kafka: acks=1: slowed followers, leader crash and restart: acknowledged writes are lost when the old leader truncates, none was ever consumed', () => {
    const { sim, report: r } = run({
      kafka: { acks: '1', idempotence: false, partitions: 1 },
      workload: { ratePerSec: 50 },
      faults: [
        { action: 'slow', target: 'broker-2', atMs: 10_000, delayMs: 1_500 },
        { action: 'slow', target: 'broker-3', atMs: 10_000, delayMs: 1_500 },
        crash('broker-1', 20_000, 5_000),
      ],
    });
    expect(r.lostAcked).toBeGreaterThan(0);
    expect(lostCauses(r)).toEqual(['kafka.truncatedOnRejoin']);
    const l = sim.world.ledger;
    for (const [id, cause] of l.notes) if (cause.code === 'kafka.truncatedOnRejoin') expect(firstDeliveredAtOf(l, id)).toBe(-1);
    // Each is reported lost when the old leader truncated it on rejoining (after its restart at 25 s), not at the report's time.
    const truncations = sim.world.log.toArray().filter((e) => e.kind === 'LogTruncation').map((e) => e.at);
    const lostAt = r.anomalies.filter((a) => a.kind === 'lost').map((a) => a.at);
    expect(lostAt.length).toBe(r.lostAcked);
    for (const at of lostAt) {
      expect(truncations).toContain(at);
      expect(at).toBeGreaterThan(25_000);
      expect(at).toBeLessThan(sim.now);
    }
  });
});

describe('Kafka: acks=all, min.insync.replicas=1 (the Jepsen 2013 shape)', () => {
  const spec = (unclean: boolean) => ({
    durationMs: 150_000,
    kafka: { partitions: 1, uncleanLeaderElection: unclean },
    workload: { ratePerSec: 10, consumers: 0 },
    faults: [
      { action: 'isolate', target: 'broker-1', from: ['broker-2', 'broker-3'], atMs: 10_000 },
      { action: 'isolate', target: 'broker-1', atMs: 70_000, durationMs: 30_000 },
    ],
  });
  it('Kafka: acks=all, min ISR 1: a leader alone in the ISR, then cut off: unclean election loses acknowledged writes', () => {
    const { sim, report: r } = run(spec(true));
    expect(events(sim, 'IsrShrinksPerSec')).toBeGreaterThan(0);
    expect(events(sim, 'UncleanLeaderElectionsPerSec')).toBe(1);
    expect(r.lostAcked).toBeGreaterThan(0);
    expect(lostCauses(r)).toEqual(['kafka.lostUncleanElection']);
  });
  it('Kafka: acks=all, min ISR 1: the same without unclean election loses nothing but the partition goes offline', () => {
    const { sim, report: r } = run(spec(false));
    expect(events(sim, 'OfflinePartitionsCount')).toBe(1);
    expect(r.lostAcked).toBe(0);
    expect(r.strandedAcked).toBe(0);
  });
});

describe('Kafka: acks=all, min.insync.replicas=2, RF 3', () => {
  it('Kafka: acks=all, min ISR 2: one broker failure loses nothing; after a second, sends are refused with NOT_ENOUGH_REPLICAS and fail with TimeoutException at delivery.timeout.ms', () => {
    const { sim, report: r } = run({
      durationMs: 120_000,
      kafka: { minInsyncReplicas: 2, deliveryTimeoutMs: 30_000, requestTimeoutMs: 10_000 },
      workload: { ratePerSec: 10, stopProducingAtMs: 80_000 },
      faults: [crash('broker-1', 10_000), crash('broker-2', 40_000)],
    });
    expect(r.lostAcked).toBe(0);
    expect(events(sim, 'NOT_ENOUGH_REPLICAS')).toBeGreaterThan(0);
    // With retries = MAX_INT the batch retries NOT_ENOUGH_REPLICAS until delivery.timeout.ms, then
    // Sender.sendProducerData expires it: the app sees a TimeoutException (RecordAccumulator.expiredBatches).
    expect(r.sendStatus.TimeoutException).toBeGreaterThan(0);
    const l = sim.world.ledger;
    // delivery.timeout.ms counts from the batch's creation, so a record that joined a batch late fails a little sooner.
    const waited: number[] = [];
    for (const [id, status] of l.status) if (status === 'TimeoutException') waited.push(failedAtOf(l, id) - sentAtOf(l, id));
    expect(Math.max(...waited)).toBeGreaterThanOrEqual(29_000);
    expect(Math.max(...waited)).toBeLessThanOrEqual(30_200);
  });
});

describe('Kafka: unclean leader election', () => {
  const spec = (unclean: boolean) => ({
    durationMs: 120_000,
    kafka: { partitions: 1, uncleanLeaderElection: unclean },
    workload: { ratePerSec: 10, consumers: 0 },
    faults: [
      { action: 'isolate', target: 'broker-3', from: ['broker-1'], atMs: 5_000, durationMs: 65_000 },
      crash('broker-1', 60_000, 20_000),
      crash('broker-2', 60_000, 20_000),
    ],
  });
  it('Kafka: unclean election of an out-of-sync replica loses committed data', () => {
    const { sim, report: r } = run(spec(true));
    expect(events(sim, 'UncleanLeaderElectionsPerSec')).toBe(1);
    expect(r.lostAcked).toBeGreaterThan(0);
    expect(lostCauses(r)).toEqual(['kafka.lostUncleanElection']);
  });
  it('Kafka: without unclean election the same failures lose nothing committed', () => {
    expect(report(spec(false)).lostAcked).toBe(0);
  });
});

describe('Kafka: power loss', () => {
  const spec = (flushIntervalMessages: number | null) => ({
    durationMs: 90_000,
    kafka: { flushIntervalMessages },
    workload: { ratePerSec: 20, consumers: 0, stopProducingAtMs: 40_000 },
    faults: ['broker-1', 'broker-2', 'broker-3'].map((b) => ({ action: 'powerLoss', target: b, atMs: 40_000, durationMs: 5_000 })),
  });
  it('Kafka: acks=all: power loss of every broker at once loses acknowledged writes (no fsync)', () => {
    const r = report(spec(null));
    expect(r.lostAcked).toBeGreaterThan(0);
    expect(lostCauses(r)).toEqual(['kafka.lostPowerLoss']);
  });
  it('Kafka: acks=all with flushIntervalMessages=1: the same power loss loses nothing acknowledged', () => {
    const r = report(spec(1));
    expect(r.acked).toBeGreaterThan(700);
    expect(r.lostAcked).toBe(0);
  });
});

describe('Kafka: producer retries', () => {
  const spec = (idempotence: boolean) => ({
    durationMs: 40_000,
    kafka: { idempotence, maxInFlight: 5, lingerMs: 0, requestTimeoutMs: 3_000 },
    workload: { ratePerSec: 100, keys: 4 },
    faults: [
      { action: 'isolate', target: 'producer-1', from: ['broker-1'], direction: 'out', atMs: 10_000, durationMs: 60 },
      { action: 'isolate', target: 'producer-1', from: ['broker-1'], direction: 'in', atMs: 20_000, durationMs: 200 },
    ],
  });
  it('Kafka: retries without idempotence, max.in.flight 5: a lost request reorders and a lost response duplicates', () => {
    const r = report(spec(false));
    expect(r.duplicates).toBeGreaterThan(0);
    expect(r.outOfOrder).toBeGreaterThan(0);
    expect(r.lostAcked).toBe(0);
  });
  it('Kafka: the idempotent producer keeps order and one copy through the same faults', () => {
    const r = report(spec(true));
    expect(r.duplicates).toBe(0);
    expect(r.outOfOrder).toBe(0);
    expect(r.failed).toBe(0);
  });
});

describe('Kafka: consumer group', () => {
  it('Kafka: consumer crash with auto-commit: records processed since the last commit are delivered again after the rebalance', () => {
    const r = report({
      durationMs: 60_000,
      kafka: { sessionTimeoutMs: 10_000 },
      workload: { ratePerSec: 50 },
      faults: [crash('consumer-1', 22_500)],
    });
    expect(r.duplicates).toBeGreaterThan(0);
    expect(r.anomalies.filter((a) => a.kind === 'duplicate').every((a) => a.cause.code === 'kafka.redeliveredAfterRebalance')).toBe(true);
    expect(Object.keys(r.assignment)).toEqual(['consumer-2']);
  });
  it('Kafka: a consumer joins: cooperative-sticky moves partitions in two rebalances, and records of a moved partition processed during the first are delivered again; eager sticky pauses everyone and duplicates none', () => {
    // consumer-2 starts 1.5 s after consumer-1, so they hear of the rebalance at different heartbeats.
    const spec = (assignor: string) => ({
      durationMs: 60_000, kafka: { assignor, partitions: 6 }, workload: { ratePerSec: 200, consumers: 1, keys: 16 },
      faults: [{ atMs: 1_500, action: 'start', target: 'consumer-2' }, { atMs: 20_000, action: 'start', target: 'consumer-3' }],
    });
    const coop = run(spec('cooperative-sticky'));
    const eager = run(spec('sticky'));
    for (const { report: r } of [coop, eager]) {
      expect(r.assignment).toEqual({ 'consumer-1': ['orders-0', 'orders-2'], 'consumer-2': ['orders-1', 'orders-3'], 'consumer-3': ['orders-4', 'orders-5'] });
    }
    // Cooperative: the first round leaves orders-4 and orders-5 unassigned, their owners revoke them and rejoin.
    expect(events(coop.sim, 'PartitionsRevoked')).toBe(2);
    expect(coop.report.rebalances).toBe(eager.report.rebalances + 1);
    expect(coop.report.duplicates).toBeGreaterThan(0);
    // Members keep consuming what they keep through both rounds; eager members stop until the join completes.
    expect(coop.report.endToEndMs.p99!).toBeLessThan(100);
    expect(eager.report.endToEndMs.p99!).toBeGreaterThan(300);
    const moved = coop.report.anomalies.filter((a) => a.kind === 'duplicate');
    expect(moved.every((a) => a.cause.code === 'kafka.redeliveredAfterRebalance' && ['orders-4', 'orders-5'].includes(String(a.cause.params?.partition)))).toBe(true);
    // Eager: everyone committed and gave everything up before rejoining.
    expect(events(eager.sim, 'PartitionsRevoked')).toBe(0);
    expect(eager.report.duplicates).toBe(0);
  });
  it('Kafka: more consumers than partitions: the surplus members are idle', () => {
    const r = report({ durationMs: 20_000, workload: { consumers: 4 } });
    const sizes = Object.values(r.assignment).map((ps) => ps.length).sort();
    expect(sizes).toEqual([0, 1, 1, 1]);
    expect(r.duplicates).toBe(0);
  });
});

describe('Kafka: ordering', () => {
  it('Kafka: keyed records stay in order per key with idempotence and no unclean election, through a leader crash and lost responses', () => {
    const r = report({
      durationMs: 60_000,
      workload: { ratePerSec: 100, keys: 8 },
      faults: [
        crash('broker-1', 15_000, 10_000),
        { action: 'isolate', target: 'producer-1', from: ['broker-2'], direction: 'in', atMs: 35_000, durationMs: 300 },
      ],
    });
    expect(r.outOfOrder).toBe(0);
    expect(r.duplicates).toBe(0);
    expect(r.lostAcked).toBe(0);
  });
});

describe('Kafka: truncation rules by release', () => {
  const kip101 = (release: string) => ({
    durationMs: 60_000,
    kafka: { release, brokers: 2, replicationFactor: 2, partitions: 1, acks: 'all', uncleanLeaderElection: false },
    workload: { ratePerSec: 10, consumers: 0 },
    faults: [
      { action: 'isolate', target: 'broker-2', from: ['broker-1'], atMs: 21_000, durationMs: 15_000 },
      crash('broker-2', 21_000, 500),
      crash('broker-1', 22_000, 18_000),
    ],
  });
  it('Kafka: KIP-101: truncating to the high watermark on restart, then an immediate election, loses a committed record on 0.8', () => {
    const r = report(kip101('0.8'));
    expect(r.lostAcked).toBeGreaterThan(0);
  });
  it('Kafka: KIP-101: the same on 4.x loses nothing committed', () => {
    expect(report(kip101('4.x')).lostAcked).toBe(0);
  });

  const kip279 = (release: string) => ({
    durationMs: 60_000,
    kafka: { release, brokers: 2, replicationFactor: 2, partitions: 1, acks: '1', uncleanLeaderElection: true, requestTimeoutMs: 2_000, retries: 2147483647 },
    workload: { ratePerSec: 10, consumers: 0 },
    faults: [
      { action: 'isolate', target: 'broker-2', from: ['broker-1'], atMs: 10_000, durationMs: 20_000 },
      // The leader crashes (and the producer, refused, finds broker-2 leading and writes there), then
      // the new leader crashes while broker-1, back, cannot reach it: each leader wrote what the other never saw.
      crash('broker-1', 12_000, 8_000),
      crash('broker-2', 21_000, 14_000),
    ],
  });
  const diverged = (release: string) => {
    const { sim } = run(kip279(release));
    const a = logIds(sim, 'broker-1', 'orders-0');
    const b = logIds(sim, 'broker-2', 'orders-0');
    let differ = 0;
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) differ++;
    return { differ, a: a.length, b: b.length };
  };
  it('Kafka: KIP-279: fast consecutive leader changes leave diverged logs on 0.11', () => {
    expect(diverged('0.11').differ).toBeGreaterThan(0);
  });
  it('Kafka: KIP-279: the same leader changes on 2.x truncate to the common prefix, and the logs agree', () => {
    const d = diverged('2.x');
    expect(d.differ).toBe(0);
    expect(d.b).toBeGreaterThan(0);
  });
});

describe('Kafka: determinism', () => {
  it('Kafka: the same scenario twice gives the same trace hash', () => {
    const spec = { durationMs: 30_000, workload: { ratePerSec: 50 }, faults: [crash('broker-2', 10_000, 5_000)] };
    expect(report(spec).traceHash).toBe(report(spec).traceHash);
  });
});

describe('Kafka: checkpoints', () => {
  it('Kafka: restoring a checkpoint and replaying reaches the same trace hash as the straight run', async () => {
    const { scenario } = await import('./support');
    const { createSim } = await import('../../src/sim/run');
    const s = scenario({ durationMs: 30_000, workload: { ratePerSec: 50 }, faults: [crash('broker-1', 12_000, 4_000)] });
    const straight = createSim(s, 'kafka');
    straight.runUntil(30_000);
    const forked = createSim(s, 'kafka');
    forked.runUntil(10_000);
    const cp = forked.checkpoint();
    forked.runUntil(20_000);
    forked.restore(cp);
    forked.runUntil(30_000);
    expect(forked.traceHash()).toBe(straight.traceHash());
  });
});

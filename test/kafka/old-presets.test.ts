import { describe, expect, it } from 'vitest';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { KafkaState } from '../../src/sim/kafka/types';
import { roundRobinPartition } from '../../src/sim/kafka/partitioner';
import { logIds, report, run, scenario } from './support';
import { libraryScenario, run as runLibrary } from '../scenarios/support';
import { failedAtOf, sentAtOf } from '../../src/sim/accounting/ledger';

/** The older release presets ("0.8", "0.11") against what those releases really did. */

describe('Kafka 0.8 preset: the ZooKeeper-based consumer (kafka.consumer.ConsumerConfig, ZKConfig, 0.8.2)', () => {
  it('auto.commit.interval.ms is 60 s, the session is ZooKeeper\'s 6 s, liveness pings every 2 s', () => {
    const k = restoreScenario({ version: 1, kafka: { release: '0.8' } }).kafka;
    expect([k.autoCommitIntervalMs, k.sessionTimeoutMs, k.heartbeatIntervalMs]).toEqual([60_000, 6_000, 2_000]);
    const later = restoreScenario({ version: 1, kafka: { release: '0.11' } }).kafka;
    expect([later.autoCommitIntervalMs, later.sessionTimeoutMs, later.heartbeatIntervalMs]).toEqual([5_000, 10_000, 3_000]);
  });

  it('a consumer that crashes 40 s after the last auto-commit hands its successor 40 s of records again', () => {
    // Commits at 60 s and 120 s (ConsumerConfig.AutoCommitInterval = 60 * 1000); the crash at 100 s.
    const spec = (autoCommitIntervalMs?: number) => ({
      durationMs: 130_000,
      kafka: { release: '0.8', ...(autoCommitIntervalMs ? { autoCommitIntervalMs } : {}) },
      workload: { ratePerSec: 20, consumers: 2 },
      faults: [{ action: 'crash', target: 'consumer-1', atMs: 100_000 }],
    });
    const real = report(spec());
    const every5s = report(spec(5_000));
    expect(real.duplicates).toBeGreaterThan(300);
    expect(every5s.duplicates).toBeLessThan(real.duplicates / 4);
  });

  it('the crashed member is gone from the group within the 6 s session', () => {
    const { sim } = run({
      durationMs: 30_000,
      kafka: { release: '0.8' },
      faults: [{ action: 'crash', target: 'consumer-1', atMs: 15_000 }],
    });
    const removed: number[] = [];
    sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
      if (e.kind === 'MemberRemoved') removed.push(e.at);
    });
    expect(removed).toHaveLength(1);
    expect(removed[0]).toBeGreaterThan(15_000);
    expect(removed[0]).toBeLessThanOrEqual(21_000);
  });
});

describe('Kafka 0.11 preset: the idempotent producer needed one request in flight (KafkaProducer.configureInflightRequests, 0.11.0)', () => {
  const problems = (kafka: Record<string, unknown>) => {
    try {
      restoreScenario({ version: 1, kafka } as never);
      return [];
    } catch (e) {
      return (e as { problems: string[] }).problems;
    }
  };

  it('enable.idempotence=true with max.in.flight.requests.per.connection left unset overrides it to 1', () => {
    const k = restoreScenario({ version: 1, kafka: { release: '0.11', idempotence: true } }).kafka;
    expect([k.idempotence, k.maxInFlight, k.acks, k.retries]).toEqual([true, 1, 'all', 2147483647]);
    // 1.0 (KAFKA-5494) allowed up to 5, and left the default of 5 alone.
    expect(restoreScenario({ version: 1, kafka: { release: '2.x', idempotence: true } }).kafka.maxInFlight).toBe(5);
  });

  it('an explicit max.in.flight.requests.per.connection other than 1 is a ConfigException, with the real message', () => {
    expect(problems({ release: '0.11', idempotence: true, maxInFlight: 5 })).toEqual([
      'kafka.idempotence: Must set max.in.flight.requests.per.connection to 1 in orderto use the idempotent producer. Otherwise we cannot guarantee idempotence.',
    ]);
    expect(problems({ release: '0.11', idempotence: true, maxInFlight: 1 })).toEqual([]);
    expect(problems({ release: '0.11', maxInFlight: 5 })).toEqual([]); // idempotence off by default before 3.0
    expect(problems({ release: '2.x', idempotence: true, maxInFlight: 5 })).toEqual([]);
  });
});

describe('Kafka 0.11 preset: share links keep the overridden max.in.flight', () => {
  it('minimizeScenario and restoreScenario round-trip an idempotent 0.11 producer', async () => {
    const { minimizeScenario } = await import('../../src/sim/scenario/minimize');
    const s = restoreScenario({ version: 1, kafka: { release: '0.11', idempotence: true } });
    expect(restoreScenario(minimizeScenario(s))).toEqual(s);
  });
});

describe('Kafka producer before delivery.timeout.ms (KIP-91, 2.1): batch expiry by release', () => {
  /** The producer loses every broker at 10 s: requests in flight time out, the batches behind them wait. */
  const cutOff = (release: string, durationMs = 90_000) =>
    run({
      durationMs,
      kafka: { release },
      workload: { ratePerSec: 200, stopProducingAtMs: 12_000, consumers: 0 },
      faults: [{ action: 'isolate', target: 'producer-1', atMs: 10_000 }],
    });
  const waits = (sim: ReturnType<typeof run>['sim'], status: string) => {
    const l = sim.world.ledger;
    const out: number[] = [];
    for (const [id, s] of l.status) if (s === status) out.push(failedAtOf(l, id) - sentAtOf(l, id));
    return out;
  };

  it('0.11: a queued batch expires once request.timeout.ms has passed (ProducerBatch.maybeExpire); one in flight fails at its request timeout, retries = 0', () => {
    const { sim, report: r } = cutOff('0.11');
    expect(r.sendStatus.REQUEST_TIMED_OUT).toBeGreaterThan(0);
    const w = waits(sim, 'TimeoutException');
    expect(w.length).toBeGreaterThan(0);
    expect(Math.max(...w)).toBeLessThanOrEqual(30_001);
    expect(Math.min(...w)).toBeGreaterThan(29_000);
    expect(r.awaiting).toBe(0);
  });

  it('0.11: the expiry says what it counted from, in the real words', () => {
    const { sim } = cutOff('0.11');
    const texts: string[] = [];
    sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
      if (e.kind === 'TimeoutException') texts.push(e.text);
    });
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).toMatch(/^producer-1: Expiring \d+ record\(s\) for orders-\d: \d+ ms has passed since (last append|batch creation plus linger time|last attempt plus backoff time)$/);
  });

  it('0.8: a batch for a partition without a leader waits for one for ever (0.8.2 RecordAccumulator, KAFKA-1788); 2.x gives up at delivery.timeout.ms', () => {
    // The partition's only replica crashes for good: the partition has no leader from then on.
    const offline = (release: string) =>
      report({
        durationMs: 200_000,
        kafka: { release, partitions: 1, replicationFactor: 1 },
        workload: { ratePerSec: 10, stopProducingAtMs: 20_000, consumers: 0 },
        faults: [{ action: 'crash', target: 'broker-1', atMs: 10_000 }],
      });
    const old = offline('0.8');
    expect(old.sendStatus.TimeoutException ?? 0).toBe(0);
    expect(old.awaiting).toBeGreaterThan(50);
    const later = offline('2.x');
    expect(later.sendStatus.TimeoutException).toBeGreaterThan(50);
    expect(later.awaiting).toBe(0);
  });

  it('with max.in.flight.requests.per.connection = 1 a partition never has two batches in flight, even across a leader change (Sender guaranteeMessageOrder)', () => {
    const s = scenario({
      durationMs: 30_000,
      kafka: { maxInFlight: 1, idempotence: false, acks: 'all' },
      workload: { ratePerSec: 200, consumers: 0 },
      faults: [{ action: 'slow', target: 'broker-1', delayMs: 2_000, atMs: 10_000 }, { action: 'crash', target: 'broker-1', atMs: 10_500 }],
    });
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    let worst = 0;
    for (let t = 0; t <= s.durationMs; t += 5) {
      sim.runUntil(t);
      const per: Record<string, number> = {};
      for (const inf of sim.state.producers['producer-1'].inFlight) for (const b of inf.batches) if (!b.done) per[b.partition] = (per[b.partition] ?? 0) + 1;
      for (const n of Object.values(per)) worst = Math.max(worst, n);
    }
    expect(worst).toBe(1);
  });
});

describe('delivery.timeout.ms on a release without it', () => {
  it('is refused, naming the release it arrived in', () => {
    expect(() => restoreScenario({ version: 1, kafka: { release: '0.11', deliveryTimeoutMs: 60_000 } })).toThrow(
      /kafka.deliveryTimeoutMs: delivery.timeout.ms arrived in Kafka 2.1 \(KIP-91\); release "0.11" has none/,
    );
    expect(restoreScenario({ version: 1, kafka: { release: '2.x', deliveryTimeoutMs: 60_000 } }).kafka.deliveryTimeoutMs).toBe(60_000);
  });
});

describe('Null-key records before 2.4 go round-robin (0.8.2 Partitioner, 0.9-2.3 DefaultPartitioner), sticky from 2.4 (KIP-480)', () => {
  it('roundRobinPartition: toPositive(counter) % available partitions, indexing the ones with a leader', () => {
    const all = [{ leader: 'b1' }, { leader: 'b2' }, { leader: 'b3' }];
    expect([0, 1, 2, 3, 4].map((c) => roundRobinPartition(c, all, 3))).toEqual([0, 1, 2, 0, 1]);
    expect(roundRobinPartition(-1, all, 3)).toBe(0x7fffffff % 3); // the counter wrapped: the sign bit is masked off
    const second = [{ leader: 'b1' }, { leader: null }, { leader: 'b3' }];
    expect([0, 1, 2, 3].map((c) => roundRobinPartition(c, second, 3))).toEqual([0, 2, 0, 2]);
    const none = [{ leader: null }, { leader: null }, { leader: null }];
    expect([4, 5].map((c) => roundRobinPartition(c, none, 3))).toEqual([1, 2]); // none available: over all
  });

  const partitionOf = (release: string) => {
    // linger.ms = 100 gathers about 5 records per batch.
    const { sim } = run({ durationMs: 5_000, kafka: { release, lingerMs: 100 }, workload: { keys: 0, ratePerSec: 50, consumers: 0 } });
    const where = new Map<number, number>();
    for (let p = 0; p < 3; p++) for (const id of logIds(sim, `broker-${p + 1}`, `orders-${p}`)) where.set(id, p);
    return [...where.keys()].sort((a, b) => a - b).map((id) => where.get(id)!);
  };

  it('0.11 and 0.8: each record goes to the next partition', () => {
    for (const release of ['0.11', '0.8']) {
      const order = partitionOf(release);
      expect(order.length).toBeGreaterThan(200);
      for (let i = 1; i < order.length; i++) expect(order[i]).toBe((order[i - 1] + 1) % 3);
    }
  });

  it('2.x: records stick to one partition for a batch', () => {
    const order = partitionOf('2.x');
    let same = 0;
    for (let i = 1; i < order.length; i++) if (order[i] === order[i - 1]) same++;
    expect(same).toBeGreaterThan(order.length / 2);
  });
});

describe('Kafka 0.11: the idempotent producer with its one request in flight', () => {
  it('neither duplicates nor reorders after lost requests and responses (why 0.11 needed only the last batch per producer)', () => {
    const k = runLibrary(libraryScenario('idempotent-retries', (i) => {
      i.kafka.release = '0.11';
      i.kafka.idempotence = true;
      delete i.kafka.maxInFlight; // overridden to 1
    }), 'kafka').report;
    expect(k.duplicates).toBe(0);
    expect(k.outOfOrder).toBe(0);
  });
});

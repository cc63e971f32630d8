import { describe, expect, it } from 'vitest';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { report, run } from './support';

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

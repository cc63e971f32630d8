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

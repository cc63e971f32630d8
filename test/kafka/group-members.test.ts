import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/sim/core/types';
import { run } from './support';

describe('Kafka consumer group: a restarted consumer is a new member (classic protocol, KIP-394)', () => {
  it('Kafka: a consumer back 2 s after a crash joins under a new member id, and the eager rebalance waits until the old instance expires after session.timeout.ms', () => {
    const { sim } = run({
      durationMs: 70_000,
      kafka: { groupInitialRebalanceDelayMs: 0, autoOffsetReset: 'earliest' },
      faults: [{ action: 'crash', target: 'consumer-1', atMs: 10_000, durationMs: 2_000 }],
    });
    const log = (sim.world.log.toArray() as LogEntry[]).filter((e) => e.cat === 'rebalance' || e.kind === 'MemberRemoved' || e.kind === 'PreparingRebalance');
    const lines = log.map((e) => `${e.at} ${e.text}`);
    expect(lines.some((l) => /^120\d\d group brokerscope rebalancing: consumer-1#2 joined$/.test(l))).toBe(true);
    const expired = log.find((e) => e.code === 'kafka.log.memberExpired')!;
    expect(expired.params?.member).toBe('consumer-1');
    // The old instance's last heartbeat was before 10 s: it expires 45 s later, not at once.
    expect(expired.at).toBeGreaterThan(10_000 + 44_000 - 3_000);
    const completed = log.filter((e) => e.code === 'kafka.log.rebalanceCompleted').at(-1)!;
    expect(completed.at).toBe(expired.at);
    expect(completed.text).toContain('consumer-1#2 <- [');
    expect(sim.state.consumers['consumer-1'].memberId).toBe('consumer-1#2');
  });
});

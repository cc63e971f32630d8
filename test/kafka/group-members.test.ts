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

describe('Kafka group coordinator: members waiting in a rebalance (GroupMetadataManager, ClassicGroupMember.hasSatisfiedHeartbeat)', () => {
  // consumer-2 goes silent just after its heartbeat at 10 s; consumer-3 starts at 10.1 s and the
  // others must rejoin. The join can complete only once consumer-2's session (45 s) has run out, at
  // about 55 s: consumer-1 and consumer-3 wait in JoinGroup for about 45 s, sending no heartbeats
  // (the client's heartbeat thread is off during a join), and consumer-3's next heartbeat is 5 s
  // after the join completes (every 10 s from its start).
  const spec = {
    durationMs: 120_000,
    kafka: { groupInitialRebalanceDelayMs: 0, heartbeatIntervalMs: 10_000, autoOffsetReset: 'earliest' },
    faults: [
      { action: 'isolate', target: 'consumer-2', atMs: 10_050 },
      { action: 'start', target: 'consumer-3', atMs: 10_100 },
    ],
  };
  it('a member waiting in JoinGroup is kept alive, a new one for up to 5 minutes, and every session restarts when the join completes', () => {
    const { sim } = run(spec);
    const log = sim.world.log.toArray() as LogEntry[];
    const removed = log.filter((e) => e.kind === 'MemberRemoved').map((e) => `${e.params?.member}`);
    expect(removed).toEqual(['consumer-2']);
    const completed = log.filter((e) => e.code === 'kafka.log.rebalanceCompleted' || e.code === 'kafka.log.rebalanceCompletedIdle');
    const last = completed.at(-1)!;
    expect(last.at).toBeGreaterThan(50_000);
    expect(last.text).toContain('consumer-1 <- [');
    expect(last.text).toContain('consumer-3 <- [');
    expect(last.text).not.toContain('consumer-2');
    expect(completed.length).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { events, logIds, run, type Spec } from './support';
import type { Sim } from '../../src/sim/core/engine';
import type { KafkaState } from '../../src/sim/kafka/types';
import { deliveriesOf } from '../../src/sim/accounting/ledger';

/**
 * KIP-320: after a leader change a 2.x/4.x consumer checks its position against the new leader's
 * leader epochs (SubscriptionState.maybeValidatePositionForCurrentLeader, OffsetsForLeaderEpoch)
 * and, if the new leader's log diverged below it, moves back to where it diverged
 * (maybeCompleteValidation -> seekValidated: auto.offset.reset is set). Before 2.1 (0.11, 0.8) the
 * consumer only learns of a truncation from OFFSET_OUT_OF_RANGE, which it does not get once the
 * new leader has written past its position: the records the new leader wrote below it are skipped.
 *
 * The story, one partition, RF 3: broker-3 is cut off from the leader broker-1 at 50 s and leaves
 * the ISR (replica.lag.time.max.ms = 2000 here); broker-1 and broker-2 crash at 60 s, and broker-3,
 * 100 records behind, is elected uncleanly. The consumer has read up to offset 600 of broker-1's
 * log; broker-3's log diverges at 500 (its new epoch starts there), and the consumer cannot reach
 * broker-3 (isolated from it until 95 s, or stopped until 99 s) until broker-3 has written past 600.
 */
const crash = (target: string, atMs: number, durationMs?: number) => ({ action: 'crash', target, atMs, ...(durationMs ? { durationMs } : {}) });

const spec = (release: string, consumerAway: Record<string, unknown>[]): Spec => ({
  durationMs: 170_000,
  kafka: { release, partitions: 1, uncleanLeaderElection: true, replicaLagTimeMaxMs: 2_000, autoOffsetReset: 'earliest' },
  workload: { ratePerSec: 10, consumers: 1, stopProducingAtMs: 130_000 },
  faults: [
    { action: 'isolate', target: 'broker-3', from: ['broker-1'], atMs: 50_000, durationMs: 60_000 },
    crash('broker-1', 60_000, 20_000),
    crash('broker-2', 60_000, 20_000),
    ...consumerAway,
  ],
});
const isolated = [{ action: 'isolate', target: 'consumer-1', from: ['broker-3'], atMs: 55_000, durationMs: 40_000 }];
// A clean stop commits its position (590, leader epoch 0) and leaves the group; a new instance starts at 99 s.
const restarted = [{ action: 'stop', target: 'consumer-1', atMs: 59_000 }, { action: 'start', target: 'consumer-1', atMs: 99_000 }];

/** The offsets of broker-3's final log (the new leader's) whose record was never delivered. */
function undelivered(sim: Sim<KafkaState>): number[] {
  const out: number[] = [];
  logIds(sim, 'broker-3', 'orders-0').forEach((id, offset) => {
    if (!(deliveriesOf(sim.world.ledger, id) > 0)) out.push(offset);
  });
  return out;
}

function truncations(sim: Sim<KafkaState>): { offset: unknown; reset: unknown }[] {
  const out: { offset: unknown; reset: unknown }[] = [];
  sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
    if (e.kind === 'TruncationDetected') out.push({ offset: e.params?.offset, reset: e.params?.reset });
  });
  return out;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('Kafka: KIP-320 position validation after an unclean election', () => {
  it('the new leader diverged at 500 below the consumer at 600, then wrote past 600', () => {
    const { sim } = run(spec('4.x', isolated));
    expect(events(sim, 'UncleanLeaderElectionsPerSec')).toBe(1);
    // broker-1 and broker-2 truncate to 500 when they rejoin under the new leader: the divergence point.
    expect(events(sim, 'LogTruncation')).toBe(2);
    expect(logIds(sim, 'broker-3', 'orders-0').length).toBeGreaterThan(700);
  });

  for (const release of ['4.x', '2.x']) {
    it(`Kafka ${release}: the consumer finds the divergence, goes back to 500 and reads what the new leader wrote there`, () => {
      const { sim, report: r } = run(spec(release, isolated));
      expect(truncations(sim)).toEqual([{ offset: 600, reset: 500 }]);
      expect(undelivered(sim)).toEqual([]);
      // The records it read at 500-599 from broker-1 are gone from the log, but nothing is read twice.
      expect(r.duplicates).toBe(0);
    });
  }

  it('Kafka 4.x: a restarted consumer validates its committed offset (committed with its leader epoch) before fetching', () => {
    const { sim, report: r } = run(spec('4.x', restarted));
    expect(truncations(sim)).toEqual([{ offset: 590, reset: 500 }]);
    expect(undelivered(sim)).toEqual([]);
    expect(r.duplicates).toBe(0);
  });

  it('Kafka 0.11 (before KIP-320): the consumer resumes at 600 on the new leader and skips what it wrote at 500-599', () => {
    const { sim } = run(spec('0.11', isolated));
    expect(truncations(sim)).toEqual([]);
    expect(events(sim, 'OFFSET_OUT_OF_RANGE')).toBe(0);
    expect(undelivered(sim)).toEqual(range(500, 600));
  });

  it('Kafka 0.11: a restarted consumer resumes at its committed 590 and skips 500-589', () => {
    const { sim } = run(spec('0.11', restarted));
    expect(truncations(sim)).toEqual([]);
    expect(undelivered(sim)).toEqual(range(500, 590));
  });
});

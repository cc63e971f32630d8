import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import { applyMetadata, logFile } from '../../src/sim/kafka/broker';
import { leo } from '../../src/sim/kafka/log';
import { handleReplicaFetchResp } from '../../src/sim/kafka/follower';
import type { KafkaState } from '../../src/sim/kafka/types';
import { scenario } from './support';

/**
 * The follower's fetcher, checked against apache/kafka AbstractFetcherThread (processFetchRequest,
 * handlePartitionsWithErrors, onPartitionFenced: 2.4.0 and trunk; 0.11.0's delayPartitions),
 * Partition.localLogWithEpochOrThrow (KIP-320, 2.1+), and ReplicaManager.makeFollowers /
 * Partition.makeFollower (0.8.2.2, 0.11.0, 2.4.0).
 */
function settled(release: string, partitions: number, ratePerSec: number): Sim<KafkaState> {
  const s = scenario({ durationMs: 20_000, kafka: { release, partitions, acks: '1', idempotence: false }, workload: { ratePerSec, keys: 40, consumers: 0 } });
  const sim = createSim(s, 'kafka') as Sim<KafkaState>;
  sim.runUntil(3_000);
  return sim;
}

/** The most records broker-2's copy of `p` fell behind broker-1's, sampled every 50 ms for `ms`. */
function maxLag(sim: Sim<KafkaState>, p: string, ms: number): number {
  let worst = 0;
  const until = sim.now + ms;
  for (let t = sim.now + 50; t <= until; t += 50) {
    sim.runUntil(t);
    worst = Math.max(worst, leo(logFile(sim, 'broker-1', p)) - leo(logFile(sim, 'broker-2', p)));
  }
  return worst;
}

describe('ReplicaFetcherThread: a partition error', () => {
  // 4 partitions on 3 brokers: orders-0 and orders-3 are both led by broker-1 and fetched by broker-2's one fetcher.
  for (const release of ['4.x', '2.x']) {
    it(`${release}: FENCED_LEADER_EPOCH takes that partition out of the fetcher; the others go on fetching`, () => {
      const sim = settled(release, 4, 400);
      const stale = sim.state.brokers['broker-2'].replicas['orders-3'];
      expect(stale.leader).toBe('broker-1');
      stale.leaderEpoch -= 1; // an older epoch than the leader's: FENCED_LEADER_EPOCH
      expect(maxLag(sim, 'orders-0', 3_000)).toBeLessThan(15);
      // The fenced partition waits for metadata with a new leader epoch (markPartitionFailed).
      const before = leo(logFile(sim, 'broker-2', 'orders-3'));
      sim.runUntil(sim.now + 3_000);
      expect(leo(logFile(sim, 'broker-2', 'orders-3'))).toBe(before);
      expect(leo(logFile(sim, 'broker-1', 'orders-3'))).toBeGreaterThan(before + 100);
    });
  }
  for (const release of ['0.11', '0.8']) {
    it(`${release}: a replica fetch carries no leader epoch, so the leader serves a follower with an old one`, () => {
      const sim = settled(release, 4, 400);
      sim.state.brokers['broker-2'].replicas['orders-3'].leaderEpoch -= 1;
      expect(maxLag(sim, 'orders-3', 3_000)).toBeLessThan(15);
      expect(maxLag(sim, 'orders-0', 1_000)).toBeLessThan(15);
    });
  }
});

describe('ReplicaManager.makeFollowers before KRaft', () => {
  /** broker-2, a follower of orders-0 on broker-1, with its HW put back to 0. */
  function follower(release: string) {
    const sim = settled(release, 1, 50);
    const br = sim.state.brokers['broker-2'];
    const r = br.replicas['orders-0'];
    expect(r.leader).toBe('broker-1');
    r.hw = 0;
    const meta = br.meta!;
    const part = meta.parts[0];
    return { sim, r, meta, part, end: leo(logFile(sim, 'broker-2', 'orders-0')) };
  }
  for (const release of ['0.8', '0.11', '2.x']) {
    it(`${release}: metadata with no live leader leaves the follower as it was`, () => {
      const { sim, r, meta, part, end } = follower(release);
      applyMetadata(sim, 'broker-2', { ...meta, version: meta.version + 1, parts: [{ ...part, leader: null, leaderEpoch: part.leaderEpoch + 1 }] });
      expect(r.role).toBe('follower');
      expect(r.leader).toBe('broker-1');
      expect(r.leaderEpoch).toBe(part.leaderEpoch);
      expect(leo(logFile(sim, 'broker-2', 'orders-0'))).toBe(end);
    });
  }
  for (const release of ['0.8', '0.11']) {
    it(`${release}: the same leader under a new epoch is no change: no truncation to the HW, no epoch query`, () => {
      const { sim, r, meta, part, end } = follower(release);
      applyMetadata(sim, 'broker-2', { ...meta, version: meta.version + 1, parts: [{ ...part, leaderEpoch: part.leaderEpoch + 2 }] });
      expect(r.leaderEpoch).toBe(part.leaderEpoch + 2);
      expect(r.epochCheck).toBe(false);
      expect(leo(logFile(sim, 'broker-2', 'orders-0'))).toBe(end);
    });
  }
  it('0.8: a new leader still truncates the follower to its HW', () => {
    const { sim, meta, part, end } = follower('0.8');
    expect(end).toBeGreaterThan(0);
    applyMetadata(sim, 'broker-2', { ...meta, version: meta.version + 1, parts: [{ ...part, leader: 'broker-3', leaderEpoch: part.leaderEpoch + 1 }] });
    expect(leo(logFile(sim, 'broker-2', 'orders-0'))).toBe(0);
  });
});

describe('ReplicaFetcherThread.handleOffsetOutOfRange: a follower ahead of its leader', () => {
  /**
   * broker-2 follows orders-0 (led by broker-1). Its fetch in flight is answered, as if by a leader
   * whose log ends 2 records before broker-2's, with OFFSET_OUT_OF_RANGE.
   */
  function answerAhead(release: string, unclean: boolean): { sim: Sim<KafkaState>; before: number } {
    const s = scenario({ durationMs: 20_000, kafka: { release, partitions: 3, uncleanLeaderElection: unclean }, workload: { ratePerSec: 50, consumers: 0 } });
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    sim.runUntil(3_000);
    const f = sim.state.brokers['broker-2'].fetchers['broker-1'];
    expect(f.inFlight).toBe(true);
    const before = leo(logFile(sim, 'broker-2', 'orders-0'));
    handleReplicaFetchResp(sim, 'broker-2', 'broker-1', {
      type: 'replicaFetchResp', fid: f.fid,
      parts: [{ p: 'orders-0', epoch: 0, error: 'OFFSET_OUT_OF_RANGE', records: [], hw: before - 2, leo: before - 2, diverging: undefined, epochEnd: undefined }],
    });
    sim.runUntil(sim.now + 5);
    return { sim, before };
  }
  const exits = (sim: Sim<KafkaState>) => {
    const out: string[] = [];
    sim.world.log.forEachRange(0, sim.world.log.length, (e) => void (e.kind === 'FatalExit' && out.push(e.code ?? '')));
    return out;
  };

  it('0.8 with unclean leader election off halts the broker (Runtime.halt: a crash) and keeps the log', () => {
    const { sim, before } = answerAhead('0.8', false);
    expect(exits(sim)).toEqual(['kafka.log.haltNoTruncation']);
    expect(sim.node('broker-2').proc).toBe('crashed');
    expect(leo(logFile(sim, 'broker-2', 'orders-0'))).toBe(before);
  });

  it('0.11 exits through its shutdown hook (a graceful stop)', () => {
    const { sim, before } = answerAhead('0.11', false);
    expect(exits(sim)).toEqual(['kafka.log.exitNoTruncation']);
    expect(sim.node('broker-2').proc).toBe('stopped');
    expect(leo(logFile(sim, 'broker-2', 'orders-0'))).toBe(before);
  });

  it('with unclean leader election on, and from 2.1 (KAFKA-7414) whatever the setting, it truncates to the leader\'s end and goes on', () => {
    for (const [release, unclean] of [['0.8', true], ['0.11', true], ['2.x', false], ['4.x', false]] as const) {
      const { sim, before } = answerAhead(release, unclean);
      expect(exits(sim), release).toEqual([]);
      expect(sim.node('broker-2').proc, release).toBe('running');
      // Truncated to the leader's end, then fetching again from there.
      const truncations: unknown[] = [];
      sim.world.log.forEachRange(0, sim.world.log.length, (e) => void (e.kind === 'LogTruncation' && e.node === 'broker-2' && truncations.push(e.data)));
      expect(truncations, release).toEqual([{ partition: 'orders-0', from: before, to: before - 2 }]);
    }
  });
});

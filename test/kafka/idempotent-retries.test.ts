import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import { drain } from '../../src/sim/kafka/sender';
import type { Batch, KafkaState } from '../../src/sim/kafka/types';
import { partitionIndex } from '../../src/sim/kafka/partitioner';
import { scenario } from './support';

describe('Kafka idempotent producer: retries of a partition go one at a time (RecordAccumulator.shouldStopDrainBatchesForPartition)', () => {
  it('Kafka 4.x: of three batches re-enqueued for retry, only the first by sequence is sent; the next waits until it is answered', () => {
    const s = scenario({ kafka: { idempotence: true, acks: 'all', partitions: 1 }, workload: { ratePerSec: 10, consumers: 0, stopProducingAtMs: 1_000 } });
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    sim.runUntil(3_000);
    const p = sim.state.producers['producer-1'];
    const partition = sim.state.partitions[0];
    const first = p.nextSeq[partitionIndex(partition)] ?? 0;
    const retry = (seq: number): Batch => ({
      partition, ids: [], keys: [], bytes: 100, createdAt: sim.now, baseSeq: seq, pepoch: p.epoch, attempts: 1, sealed: true,
      readyAt: sim.now, lastError: 'NOT_LEADER_OR_FOLLOWER', sentEpoch: p.epoch, done: false, alloc: 0, leaderEpoch: -1,
    });
    p.deques[0].push(retry(first), retry(first + 1), retry(first + 2));
    expect(p.inFlight.length).toBe(0);
    drain(sim, 'producer-1');
    // One request, with the lowest sequence; the two behind it stay queued although
    // max.in.flight.requests.per.connection = 5 would allow more requests.
    expect(p.inFlight.length).toBe(1);
    expect(p.inFlight[0].batches.map((b) => b.baseSeq)).toEqual([first]);
    expect(p.deques[0].map((b) => b.baseSeq)).toEqual([first + 1, first + 2]);
  });
});

describe('Kafka producer: a retry to a new leader skips its backoff (KAFKA-15415, KIP-951, 3.7+)', () => {
  function retryAfterBackoffs(release: string, leaderChanged: boolean) {
    const s = scenario({ kafka: { release, partitions: 1 }, workload: { ratePerSec: 10, consumers: 0, stopProducingAtMs: 1_000 } });
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    sim.runUntil(3_000);
    const p = sim.state.producers['producer-1'];
    const epoch = p.meta!.parts[0].leaderEpoch;
    // The fifth attempt failed just now: 4.x backs off 1 s (retry.backoff.max.ms), 2.x 100 ms.
    const batch: Batch = {
      partition: sim.state.partitions[0], ids: [], keys: [], bytes: 100, createdAt: sim.now, baseSeq: p.pid >= 0 ? (p.nextSeq[0] ?? 0) : -1,
      pepoch: p.epoch, attempts: 5, sealed: true, readyAt: sim.now + 1_000, lastError: 'NOT_LEADER_OR_FOLLOWER', sentEpoch: p.epoch, done: false, alloc: 0,
      leaderEpoch: leaderChanged ? epoch - 1 : epoch,
    };
    p.deques[0].push(batch);
    drain(sim, 'producer-1');
    return p.inFlight.length;
  }

  it('Kafka 4.x: a retry whose partition has a newer leader epoch than at its last attempt is sent at once', () => {
    expect(retryAfterBackoffs('4.x', true)).toBe(1);
  });

  it('Kafka 4.x: with the same leader it waits out its backoff', () => {
    expect(retryAfterBackoffs('4.x', false)).toBe(0);
  });

  it('Kafka 2.x: it waits out retry.backoff.ms even for a new leader', () => {
    expect(retryAfterBackoffs('2.x', true)).toBe(0);
  });
});

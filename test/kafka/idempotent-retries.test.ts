import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import { drain } from '../../src/sim/kafka/sender';
import type { Batch, KafkaState } from '../../src/sim/kafka/types';
import { scenario } from './support';

describe('Kafka idempotent producer: retries of a partition go one at a time (RecordAccumulator.shouldStopDrainBatchesForPartition)', () => {
  it('Kafka 4.x: of three batches re-enqueued for retry, only the first by sequence is sent; the next waits until it is answered', () => {
    const s = scenario({ kafka: { idempotence: true, acks: 'all', partitions: 1 }, workload: { ratePerSec: 10, consumers: 0, stopProducingAtMs: 1_000 } });
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    sim.runUntil(3_000);
    const p = sim.state.producers['producer-1'];
    const partition = sim.state.partitions[0];
    const first = p.nextSeq[partition] ?? 0;
    const retry = (seq: number): Batch => ({
      partition, ids: [], keys: [], bytes: 100, createdAt: sim.now, baseSeq: seq, pepoch: p.epoch, attempts: 1, sealed: true,
      readyAt: sim.now, lastError: 'NOT_LEADER_OR_FOLLOWER', sentEpoch: p.epoch, done: false, alloc: 0,
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

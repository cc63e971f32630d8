import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import { seedPrng as newPrng } from '../../src/sim/core/prng';
import { builtInNextPartition } from '../../src/sim/kafka/partitioner';
import { retryOrFail } from '../../src/sim/kafka/producer';
import type { Batch, KafkaState } from '../../src/sim/kafka/types';
import { logIds, run, scenario } from './support';
import { buildReport } from '../../src/sim/accounting/report';
import { renderCause } from '../../src/sim/causes';
import { blockedSends } from '../../src/sim/kafka/buffer';
import { failedAtOf, sentAtOf } from '../../src/sim/accounting/ledger';

/** Failure times of records with `status`, measured from the record's send. */
function waits(sim: Sim<KafkaState>, status: string): number[] {
  const l = sim.world.ledger;
  const out: number[] = [];
  for (const [id, s] of l.status) if (s === status) out.push(failedAtOf(l, id) - sentAtOf(l, id));
  return out;
}

describe('Kafka producer: delivery.timeout.ms and request.timeout.ms (Sender, RecordAccumulator)', () => {
  it('Kafka: a batch still in flight at delivery.timeout.ms fails then with TimeoutException, not at its next request timeout', () => {
    // The leader stops hearing the producer: the first request times out after 30 s (REQUEST_TIMED_OUT,
    // retried), the retry is in flight when delivery.timeout.ms = 45 s runs out (Sender.getExpiredInflightBatches).
    const { sim, report: r } = run({
      durationMs: 90_000,
      kafka: { partitions: 1, deliveryTimeoutMs: 45_000, requestTimeoutMs: 30_000 },
      workload: { ratePerSec: 10, stopProducingAtMs: 12_000, consumers: 0 },
      faults: [{ action: 'isolate', target: 'producer-1', atMs: 10_000 }],
    });
    expect(r.sendStatus.REQUEST_TIMED_OUT ?? 0).toBe(0);
    const w = waits(sim, 'TimeoutException');
    expect(w.length).toBeGreaterThan(0);
    expect(Math.max(...w)).toBeLessThanOrEqual(45_000);
    expect(Math.max(...w)).toBeGreaterThanOrEqual(44_000);
  });

  it('Kafka: acks=all with retries=2 and too few in-sync replicas: the app sees NOT_ENOUGH_REPLICAS after the third attempt', () => {
    // Sender.canRetry: attempts < retries; then failBatch with the response's own error.
    const { report: r } = run({
      durationMs: 60_000,
      kafka: { minInsyncReplicas: 2, retries: 2 },
      workload: { ratePerSec: 10, stopProducingAtMs: 50_000 },
      faults: [{ action: 'crash', target: 'broker-1', atMs: 5_000 }, { action: 'crash', target: 'broker-2', atMs: 5_000 }],
    });
    expect(r.sendStatus.NOT_ENOUGH_REPLICAS).toBeGreaterThan(0);
    expect(r.sendStatus.TimeoutException ?? 0).toBe(0);
  });
});

describe('Kafka producer: buffer.memory and max.block.ms (BufferPool)', () => {
  // The producer loses every broker for a while: requests time out and are retried, batches fill up
  // (4 records of 4 KB each), and 32 MB holds 2,048 of them: 8,192 records, 16 s at 500/s.
  const cutOff = (durationMs: number) => ({
    durationMs: 160_000,
    workload: { ratePerSec: 500, messageBytes: 4_096, keys: 0, consumers: 0, stopProducingAtMs: 150_000 },
    faults: [{ action: 'isolate', target: 'producer-1', atMs: 10_000, durationMs }],
  });

  it('Kafka: a producer cut off for two minutes fills buffer.memory; sends then block and fail after max.block.ms with BufferExhaustedException', () => {
    const { sim, report: r } = run(cutOff(120_000));
    const l = sim.world.ledger;
    const blocked: number[] = [];
    for (const [id, status] of l.status) if (status === 'BufferExhaustedException') blocked.push(id);
    expect(blocked.length).toBeGreaterThan(1_000);
    // Each waited max.block.ms from its own send, and the first of them was sent once 32 MB were in use.
    expect(new Set(blocked.map((id) => failedAtOf(l, id) - sentAtOf(l, id)))).toEqual(new Set([60_000]));
    const firstBlocked = Math.min(...blocked.map((id) => sentAtOf(l, id)));
    expect(firstBlocked).toBeGreaterThanOrEqual(10_000 + 16_000);
    expect(firstBlocked).toBeLessThan(10_000 + 17_000);
    expect(r.sendStatus.BufferExhaustedException).toBe(blocked.length);
    // Its life story says why, in both languages.
    const replay = createSim(sim.scenario, 'kafka');
    const steps: { code: string; params?: Record<string, string | number> }[] = [];
    replay.tap = (step) => {
      if (step.ids.includes(blocked[0])) steps.push(step);
    };
    replay.runUntil(failedAtOf(l, blocked[0]));
    expect(steps.map((x) => x.code)).toEqual(['kafka.bufferExhausted']);
    expect(renderCause({ code: steps[0].code, params: steps[0].params })).toBe(
      'send() waited 60000 ms for buffer memory (buffer.memory = 33554432 bytes, all held by batches not yet acknowledged) and failed with BufferExhaustedException: it was never sent.',
    );
    expect(renderCause({ code: steps[0].code, params: steps[0].params }, 'zh-CN')).toContain('BufferExhaustedException');
  });

  it('Kafka: a shorter cut-off only blocks sends: none fails, and per-key order holds', () => {
    const s = scenario(cutOff(45_000));
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    sim.runUntil(40_000);
    const p = sim.state.producers['producer-1'];
    expect(blockedSends(p)).toBeGreaterThan(1_000); // blocked in send()
    expect(p.bufferUsed).toBeGreaterThan(s.kafka.bufferMemory - 16_384);
    sim.runUntil(s.durationMs);
    const r = buildReport(sim);
    expect(r.failed).toBe(0);
    expect(r.outOfOrder).toBe(0);
    expect(r.acked).toBe(r.sent - r.awaiting);
  });

  it('Kafka: with buffer.memory large enough for the whole stall, nothing blocks and the batches expire at delivery.timeout.ms instead', () => {
    const spec = cutOff(120_000);
    const { report: r } = run({ ...spec, kafka: { bufferMemory: 1_073_741_824 } });
    expect(r.sendStatus.BufferExhaustedException ?? 0).toBe(0);
    expect(r.sendStatus.TimeoutException).toBeGreaterThan(0);
  });
});

describe('Kafka producer: the Sender sleeps until one wake-up at a time (Sender.runOnce)', () => {
  it('Kafka: a follower slowed for two minutes stalls acks=all sends, and the Sender waits instead of waking thousands of times', () => {
    // broker-3 answers every message 2 s late but keeps fetching, so it stays in the ISR and every
    // acks=all request waits on it. Batches stay queued for minutes; each drain used to leave another
    // wake-up at the head batch's expiry, and they all fired together two minutes later.
    const base = { durationMs: 170_000, workload: { ratePerSec: 200 } };
    const slowed = run({ ...base, faults: [{ action: 'slow', target: 'broker-3', delayMs: 2_000, atMs: 20_000, durationMs: 150_000 }] }).report;
    const healthy = run(base).report;
    expect(slowed.acked).toBeLessThan(healthy.acked / 2); // the slow follower holds acks=all back
    expect(slowed.sendStatus.TimeoutException).toBeGreaterThan(0); // batches queued past delivery.timeout.ms
    // Less traffic means fewer events, not more: 74,299 against 340,462 (it was 524,797).
    expect(slowed.events).toBeLessThan(healthy.events / 2);
  });
});

describe('Kafka idempotent producer: OUT_OF_ORDER_SEQUENCE_NUMBER (TransactionManager)', () => {
  function setup(release: string) {
    const s = scenario({ kafka: { release, idempotence: true, acks: 'all', partitions: 1 }, workload: { ratePerSec: 10, consumers: 0, stopProducingAtMs: 1_000 } });
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    sim.runUntil(3_000);
    const p = sim.state.producers['producer-1'];
    const batch: Batch = {
      partition: sim.state.partitions[0], ids: [], keys: [], bytes: 0, createdAt: sim.now, baseSeq: p.nextSeq[0] ?? 0,
      pepoch: p.epoch, attempts: 1, sealed: true, readyAt: sim.now, lastError: null, sentEpoch: p.epoch, done: false, alloc: 0, leaderEpoch: -1,
    };
    return { sim, p, batch };
  }

  it('Kafka 4.x: a sequence gap at the next expected batch bumps the producer epoch and retries the batch from sequence 0 (KIP-360)', () => {
    const { sim, p, batch } = setup('4.x');
    const epoch = p.epoch;
    retryOrFail(sim, 'producer-1', batch, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(batch.done).toBe(false);
    expect(p.epoch).toBe(epoch + 1);
    expect(batch.pepoch).toBe(epoch + 1);
    expect(batch.baseSeq).toBe(0);
    expect(p.deques[0]).toContain(batch);
  });

  it('Kafka 4.x: a batch whose sequence was reset since it was sent is retried without another epoch bump', () => {
    const { sim, p, batch } = setup('4.x');
    batch.pepoch = p.epoch + 1; // re-sequenced by a bump after this attempt went out
    p.epoch++;
    retryOrFail(sim, 'producer-1', batch, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(batch.done).toBe(false);
    expect(p.epoch).toBe(batch.pepoch);
  });

  it('Kafka 2.x (before KIP-360): a sequence gap fails the batch with OUT_OF_ORDER_SEQUENCE_NUMBER and restarts the sequences', () => {
    const { sim, p, batch } = setup('2.x');
    retryOrFail(sim, 'producer-1', batch, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(batch.done).toBe(true);
    expect(p.nextSeq).toEqual([]);
  });
});

describe('Kafka 4.x BuiltInPartitioner (KIP-794)', () => {
  it('never picks a partition without a leader, and may pick the previous one again', () => {
    const rng = newPrng(7);
    const leaders = [{ leader: 'broker-1' }, { leader: null }, { leader: 'broker-3' }];
    const seen = [0, 0, 0];
    for (let i = 0; i < 300; i++) seen[builtInNextPartition(rng, leaders, [[], [], []])]++;
    expect(seen[1]).toBe(0);
    expect(seen[0]).toBeGreaterThan(100);
    expect(seen[2]).toBeGreaterThan(100);
  });

  it('adaptive partitioning weights partitions by maxQueue + 1 - queue (updatePartitionLoadStats)', () => {
    const rng = newPrng(11);
    const seen = [0, 0, 0];
    // Queue lengths 3, 0, 0: weights 1, 4, 4.
    for (let i = 0; i < 900; i++) seen[builtInNextPartition(rng, null, [[1, 1, 1], [], []])]++;
    expect(seen[0]).toBeGreaterThan(50);
    expect(seen[0]).toBeLessThan(150);
  });

  it('Kafka 4.x: null-key records stay on one partition until batch.size bytes went there, across linger-sent batches', () => {
    // 1 KiB records at 10/s with linger.ms = 5: every batch holds one record, yet the partition
    // switches only after 16 records (16384 bytes) once the last batch is full, i.e. after 17.
    const { sim } = run({ durationMs: 10_000, kafka: { partitions: 3 }, workload: { ratePerSec: 10, keys: 0, consumers: 0, stopProducingAtMs: 5_000 } });
    const runs: number[] = [];
    let last = '';
    const where = new Map<number, string>();
    for (const b of Object.keys(sim.state.brokers)) for (const p of sim.state.partitions) for (const id of logIds(sim, b, p)) where.set(id, p);
    const parts: string[] = [];
    const ids = [...where.keys()].sort((a, b) => a - b);
    for (const id of ids) parts.push(where.get(id)!);
    for (const p of parts) {
      if (p !== last) runs.push(0);
      runs[runs.length - 1]++;
      last = p;
    }
    expect(parts.length).toBeGreaterThan(40);
    expect(Math.max(...runs)).toBeGreaterThanOrEqual(16);
  });
});

describe('Kafka idempotent producer: every instance gets its own producer id (InitProducerId, KIP-98)', () => {
  it('Kafka: a producer restarted at once starts its sequences at 0 under a new id, so the broker appends its records instead of taking them for retries', () => {
    // The restarted instance's first batches carry sequences 0.. again. Under the old instance's id
    // they matched retained batches and were "acknowledged" with the old offsets, written nowhere.
    const s = scenario({
      durationMs: 20_000,
      kafka: { groupInitialRebalanceDelayMs: 0, autoOffsetReset: 'earliest' },
      workload: { stopProducingAtMs: 15_000 },
      faults: [{ action: 'crash', target: 'producer-1', atMs: 250, durationMs: 100 }],
    });
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    const firstPid = sim.state.producers['producer-1'].pid;
    sim.runUntil(1_000);
    const secondPid = sim.state.producers['producer-1'].pid;
    expect(secondPid).not.toBe(firstPid);
    sim.runUntil(s.durationMs);
    const r = buildReport(sim);
    expect(r.acked).toBe(r.sent);
    expect(r.lostAcked).toBe(0);
    expect(r.ackedDelivered).toBe(r.acked);
  });
});

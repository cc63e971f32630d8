import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { KafkaState } from '../../src/sim/kafka/types';
import type { LogEntry } from '../../src/sim/core/types';
import { renderCause } from '../../src/sim/causes';
import { run, scenario } from './support';
import { ackedAtOf, failedAtOf, sentAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

/** The log lines about `node`, as [time, code]. */
function lines(sim: Sim<KafkaState>, node: string): [number, string][] {
  return (sim.world.log.toArray() as LogEntry[]).filter((e) => e.node === node && e.code).map((e) => [e.at, e.code!]);
}

describe('Kafka producer: a graceful stop is KafkaProducer.close() (Sender.initiateClose)', () => {
  it('Kafka: close() sends what it buffered without waiting for linger.ms, every record sent before it is acknowledged, and the producer stops once nothing is in flight', () => {
    const { sim, report: r } = run({
      durationMs: 30_000,
      kafka: { lingerMs: 2_000 }, // long enough that batches are always waiting at the stop
      workload: { ratePerSec: 200 },
      faults: [{ action: 'stop', target: 'producer-1', atMs: 10_000 }],
    });
    const log = lines(sim, 'producer-1');
    const closing = log.find(([, code]) => code === 'kafka.log.producerClosing')!;
    const stopped = log.find(([, code]) => code === 'core.fault.stopped')!;
    expect(closing[0]).toBe(10_000);
    // Sent at once and acknowledged within a few round trips, not after the 2 s linger.
    expect(stopped[0]).toBeGreaterThan(10_000);
    expect(stopped[0]).toBeLessThan(10_100);
    // Messages 0..1,999 were due before the stop; none after it was created; all were acknowledged.
    expect(r.sent).toBe(2_000);
    expect(r.acked).toBe(2_000);
    expect(r.awaiting).toBe(0);
    expect(sim.node('producer-1').proc).toBe('stopped');
    const e = (sim.world.log.toArray() as LogEntry[]).find((x) => x.code === 'kafka.log.producerClosing')!;
    expect(e.text).toMatch(/^producer-1: close\(\) called; sending the \d+ batch\(es\) it has buffered now/);
    expect(renderCause({ code: e.code!, params: e.params }, 'zh-CN')).toContain('close()');
  });

  it('Kafka: taking the producer down at once would have left those records unanswered (the close is what delivers them)', () => {
    // The same stop, cut short by a start 1 ms later (a start kills a closing process): the batches
    // still lingering in the accumulator are never sent and never answered.
    const { sim, report: r } = run({
      durationMs: 30_000,
      kafka: { lingerMs: 2_000 },
      workload: { ratePerSec: 200 },
      faults: [{ action: 'stop', target: 'producer-1', atMs: 10_000, durationMs: 1 }],
    });
    expect(r.awaiting).toBeGreaterThan(0);
    expect(r.acked).toBeLessThan(r.sent);
    const codes = lines(sim, 'producer-1').map(([, code]) => code);
    expect(codes).toContain('core.fault.stopped');
    expect(codes).toContain('core.fault.started');
  });

  it('Kafka: closing a producer that cannot reach any broker fails its blocked sends with KafkaException at once and waits for delivery.timeout.ms before it stops', () => {
    const s = scenario({
      durationMs: 240_000,
      kafka: { bufferMemory: 1_048_576 }, // 64 batches: sends block within seconds of the cut
      workload: { ratePerSec: 500, messageBytes: 4_096, keys: 0, consumers: 0 },
      faults: [
        { action: 'isolate', target: 'producer-1', atMs: 10_000, durationMs: 200_000 },
        { action: 'stop', target: 'producer-1', atMs: 30_000 },
      ],
    });
    const sim = createSim(s, 'kafka') as Sim<KafkaState>;
    sim.runUntil(30_000);
    expect(sim.node('producer-1').stopping).toBe(true);
    expect(sim.acceptsSends('producer-1')).toBe(false);
    sim.runUntil(s.durationMs);
    const l = sim.world.ledger;
    const closedWhileBlocked: number[] = [];
    for (const [id, status] of l.status) if (status === 'KafkaException') closedWhileBlocked.push(id);
    expect(closedWhileBlocked.length).toBeGreaterThan(100);
    for (const id of closedWhileBlocked) expect(failedAtOf(l, id)).toBe(30_000);
    const stopped = lines(sim, 'producer-1').find(([, code]) => code === 'core.fault.stopped')!;
    // The close ends after the last batch expires, delivery.timeout.ms (120 s) after it was made
    // soon after the cut (the pool was full from then on, so no later send got into a batch), once
    // the request it was in has timed out too (request.timeout.ms, 30 s, at most).
    const expired: number[] = [];
    for (const [id, status] of l.status) if (status === 'TimeoutException') expired.push(sentAtOf(l, id));
    const lastBatched = Math.max(...expired);
    expect(lastBatched).toBeLessThan(15_000);
    expect(stopped[0]).toBeGreaterThan(lastBatched + 119_000);
    expect(stopped[0]).toBeLessThanOrEqual(lastBatched + 120_000 + 30_000);
    let awaiting = 0;
    for (let id = 0; id < ledgerSize(l); id++) if (ackedAtOf(l, id) < 0 && failedAtOf(l, id) < 0) awaiting++;
    expect(awaiting).toBe(0); // every send got its answer: acknowledged, TimeoutException or KafkaException
    // Nothing was created for the producer after the close began.
    expect(Math.max(...Array.from({ length: ledgerSize(l) }, (_, id) => sentAtOf(l, id)))).toBeLessThan(30_000);
  });

  it('Kafka: a second stop while the producer is closing is ignored, and a crash ends the close at once', () => {
    const { sim } = run({
      durationMs: 40_000,
      workload: { ratePerSec: 200, consumers: 0 },
      faults: [
        { action: 'isolate', target: 'producer-1', atMs: 5_000 },
        { action: 'stop', target: 'producer-1', atMs: 10_000 },
        { action: 'stop', target: 'producer-1', atMs: 11_000 },
        { action: 'crash', target: 'producer-1', atMs: 12_000 },
      ],
    });
    const codes = lines(sim, 'producer-1').map(([at, code]) => `${at} ${code}`);
    expect(codes).toContain('11000 core.fault.stopIgnored');
    expect(codes).toContain('12000 core.fault.crashed');
    expect(codes.some((c) => c.endsWith('core.fault.stopped'))).toBe(false);
    expect(sim.node('producer-1').proc).toBe('crashed');
    expect(sim.node('producer-1').stopping).toBe(false);
  });
});

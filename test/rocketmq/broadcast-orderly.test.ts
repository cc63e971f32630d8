import { describe, expect, it } from 'vitest';
import { runSim } from './helpers';
import { ackedAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

/**
 * Orderly consumption with messageModel BROADCASTING. rocketmq-all-4.9.8 RebalanceImpl.rebalanceByTopic passes
 * isOrder to updateProcessQueueTableInRebalance, so each member locks every new queue on its master for the
 * group (RebalanceImpl.lock): only one member gets each lock, and nothing renews it (lockMQPeriodically is
 * CLUSTERING only), so the others add the queue only once it expires 60 s later, from its max offset then.
 * rocketmq-all-5.3.3 (5.3.2+, ISSUE #8772) passes needLockMq = false: every member adds every queue at once.
 */
describe('RocketMQ: orderly BROADCASTING and broker queue locks', () => {
  function run(release: '4.x' | '5.x') {
    const { sim } = runSim({
      durationMs: 120_000, workload: { ratePerSec: 40, consumers: 2, stopProducingAtMs: 100_000 },
      rocketmq: { release, messageModel: 'BROADCASTING', consumeMode: 'orderly' },
    });
    const l = sim.world.ledger;
    const count = (consumer: string, from: number, to: number) => {
      const mine = l.perConsumer!.get(consumer)!;
      let acked = 0, got = 0;
      for (let id = 0; id < ledgerSize(l); id++) {
        const at = ackedAtOf(l, id);
        if (at < from || at >= to) continue;
        acked++;
        if (mine.get(id) > 0) got++;
      }
      return { acked, got };
    };
    return { sim, count };
  }

  it('RocketMQ 4.x: the second member gets a queue only after the first member\'s lock on it expires; what was sent before is never delivered to it', () => {
    const { count } = run('4.x');
    const early1 = count('consumer-1', 5_000, 50_000);
    const early2 = count('consumer-2', 5_000, 50_000);
    // Between them the two members hold every lock: each misses the queues the other locked first.
    expect(early1.got + early2.got).toBeLessThan(1.2 * early1.acked);
    expect(Math.min(early1.got, early2.got)).toBeLessThan(0.8 * early1.acked);
    // By 100 s the locks have expired and both members hold every queue.
    for (const c of ['consumer-1', 'consumer-2']) {
      const late = count(c, 100_000 - 10_000, 100_000);
      expect(late.got).toBe(late.acked);
    }
  });

  it('RocketMQ 5.x: no lock is taken: both members get every message from the start', () => {
    const { count } = run('5.x');
    for (const c of ['consumer-1', 'consumer-2']) {
      const early = count(c, 5_000, 50_000);
      expect(early.got).toBe(early.acked);
    }
  });
});

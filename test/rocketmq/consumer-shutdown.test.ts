import { describe, expect, it } from 'vitest';
import { fault, run } from './helpers';

/** DefaultMQPushConsumerImpl.shutdown, rocketmq-all-4.9.8 and 5.3.3: persistConsumerOffset, then unregisterConsumer. */
describe('RocketMQ consumer graceful stop', () => {
  for (const consumeMode of ['concurrently', 'orderly']) {
    it(`${consumeMode}: a stopped consumer persists its offsets first, so the queues' new owner repeats nothing; a crash repeats what was consumed since the last commit`, () => {
      const input = (action: string) => ({
        durationMs: 130_000,
        workload: { ratePerSec: 200, stopProducingAtMs: 120_000 },
        rocketmq: { consumeMode },
        faults: [fault(31_200, action, 'consumer-1')],
      });
      const crashed = run(input('crash'));
      const stopped = run(input('stop'));
      expect(crashed.duplicates).toBeGreaterThan(0);
      expect(stopped.duplicates).toBe(0);
      expect(stopped.pendingAcked + stopped.strandedAcked + stopped.lostAcked).toBe(0);
      // The survivor takes every queue at once (the unregister notifies it), not 20 s later.
      expect(stopped.assignment['consumer-2'].length).toBe(10);
    });
  }
});

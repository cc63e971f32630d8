import { describe, expect, it } from 'vitest';
import { events, fault, runSim } from './helpers';

/**
 * Concurrent consumption's failure path against rocketmq-all-4.9.8 and 5.3.3:
 * ConsumeMessageConcurrentlyService.processConsumeResult and DefaultMQPushConsumerImpl.sendMessageBack.
 */

describe('RocketMQ consume failure: sendMessageBack', () => {
  it('a sendBack that gets no answer times out after 5 s and the message still reaches %RETRY%/%DLQ% (inner producer) or is consumed again locally', () => {
    // consumer-1 -> broker-a-0 is cut for 60 s: the held pulls are still answered, but every sendBack
    // to broker-a-0 is swallowed. All consumption fails and maxReconsumeTimes = 0: each message belongs in the DLQ.
    for (const release of ['4.x', '5.x']) {
      const { sim, report } = runSim({
        durationMs: 120_000, seed: 3,
        workload: { ratePerSec: 10, stopProducingAtMs: 5_000, consumeFailurePercent: 100 },
        rocketmq: { release, maxReconsumeTimes: 0 },
        faults: [fault(1_000, 'isolate', 'broker-a-0', { from: ['consumer-1'], direction: 'in', durationMs: 60_000 })],
      });
      const dlq = new Set(events(sim, 'DLQ').map((e) => (e.data as { id: number }).id));
      expect(report.acked).toBeGreaterThan(40);
      expect(dlq.size).toBe(report.acked);
    }
  });

  it('a message whose sendBack fails everywhere is consumed again locally every 5 s with reconsumeTimes + 1, so it reaches the DLQ as soon as a master takes it back (processConsumeResult: msgBackFailed)', () => {
    // One broker group whose master is down for 100 s; the consumer starts meanwhile and reads from the slave.
    // Nothing can take the failed messages back, so each is re-consumed locally about 20 times: the first
    // sendBack after the master returns finds reconsumeTimes >= 16 and moves it to the DLQ at once.
    const { sim, report } = runSim({
      durationMs: 200_000,
      workload: { ratePerSec: 5, stopProducingAtMs: 6_000, consumeFailurePercent: 100, consumers: 0 },
      rocketmq: { brokerGroups: 1 },
      faults: [fault(8_000, 'crash', 'broker-a-0', { durationMs: 100_000 }), fault(10_000, 'start', 'consumer-1')],
    });
    const dlq = events(sim, 'DLQ');
    expect(report.acked).toBeGreaterThan(20);
    expect(new Set(dlq.map((e) => (e.data as { id: number }).id)).size).toBe(report.acked);
    for (const e of dlq) expect(e.params!.times as number).toBeGreaterThanOrEqual(16);
    expect(Math.max(...dlq.map((e) => e.at))).toBeLessThan(160_000);
  });

  it('the inner producer\'s %RETRY% send goes to the DLQ one retry earlier in 4.9.8 (handleRetryAndDLQ: reconsumeTimes + 1 >= max) than in 5.3.3 (>)', () => {
    const dlqTimes = (release: string) => {
      const { sim } = runSim({
        durationMs: 120_000, seed: 3,
        workload: { ratePerSec: 10, stopProducingAtMs: 5_000, consumeFailurePercent: 100 },
        rocketmq: { release, maxReconsumeTimes: 1 },
        faults: [fault(1_000, 'isolate', 'broker-a-0', { from: ['consumer-1'], direction: 'in', durationMs: 60_000 })],
      });
      return events(sim, 'DLQ').map((e) => e.params!.times as number);
    };
    const x4 = dlqTimes('4.x');
    const x5 = dlqTimes('5.x');
    expect(x4.filter((t) => t === 0).length).toBeGreaterThan(0);
    expect(x5.filter((t) => t === 0).length).toBe(0);
  });

  it('orderly: with maxReconsumeTimes set, a message failing that many local retries goes to the DLQ and its queue moves on; the default (-1) retries without end (ConsumeMessageOrderlyService.checkReconsumeTimes)', () => {
    for (const release of ['4.x', '5.x']) {
      const input = (rocketmq: Record<string, unknown>) => ({
        durationMs: 60_000,
        workload: { ratePerSec: 20, stopProducingAtMs: 20_000, consumeFailurePercent: 40 },
        rocketmq: { release, consumeMode: 'orderly', ...rocketmq },
      });
      const limited = runSim(input({ maxReconsumeTimes: 2 }));
      const dlq = events(limited.sim, 'DLQ');
      expect(dlq.length).toBeGreaterThan(0);
      // Each DLQ'd message was tried 3 times (reconsumeTimes 0, 1, 2); every other message was consumed.
      for (const e of dlq) expect(e.params!.times).toBe(2);
      expect(limited.report.delivered + dlq.length).toBe(limited.report.acked);
      const unlimited = runSim(input({}));
      expect(events(unlimited.sim, 'DLQ').length).toBe(0);
    }
  });
});


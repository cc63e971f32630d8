import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import { buildReport } from '../../src/sim/accounting/report';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { fault, run, scenario } from './helpers';

/**
 * What the application is told when a send fails, checked against DefaultMQProducerImpl.sendDefaultImpl /
 * sendSelectImpl and MQClientAPIImpl.sendMessageAsync / onExceptionImpl in rocketmq-all-4.9.8 and 5.3.3.
 */
describe('RocketMQ producer audit: the outcome the application sees', () => {
  it('sync: sendDefaultImpl throws MQClientException ("Send [3] times, still failed") once its retries are refused, not the RemotingConnectException inside', () => {
    // One group: every retry goes back to the crashed master (nothing passes the lastBrokerName filter).
    const r = run({ durationMs: 28_000, rocketmq: { brokerGroups: 1 }, workload: { ratePerSec: 20 }, faults: [fault(20_000, 'crash', 'broker-a-0')] });
    expect(r.failed).toBeGreaterThan(50);
    expect(r.sendStatus).toEqual({ MQClientException: r.failed });
  });

  it('sync, retryAnotherBrokerWhenNotStoreOK: a resent SLAVE_NOT_AVAILABLE whose retries fail returns that SendResult, not an exception', () => {
    // broker-a answers SLAVE_NOT_AVAILABLE (its slave is gone), broker-b's master refuses connections.
    const r = run({
      durationMs: 28_000, rocketmq: { brokerRole: 'SYNC_MASTER', retryAnotherBrokerWhenNotStoreOK: true }, workload: { ratePerSec: 20 },
      faults: [fault(20_000, 'crash', 'broker-a-1'), fault(20_000, 'crash', 'broker-b-0')],
    });
    expect(r.failed).toBeGreaterThan(50);
    // Each failing send tried broker-a at least once (a retry avoids the last broker), so each has that SendResult.
    expect(r.sendStatus).toEqual({ SLAVE_NOT_AVAILABLE: r.failed });
  });

  it('oneway: a refused connection is caught by sendDefaultImpl (one attempt) and thrown as MQClientException', () => {
    const r = run({ durationMs: 28_000, rocketmq: { sendMode: 'oneway' }, workload: { ratePerSec: 200 }, faults: [fault(20_000, 'crash', 'broker-a-0')] });
    expect(r.sendStatus.MQClientException).toBeGreaterThan(0);
    expect(r.sendStatus.RemotingConnectException).toBeUndefined();
  });

  it('sync through a selector: sendSelectImpl lets the RemotingConnectException through', () => {
    const r = run({ durationMs: 28_000, rocketmq: { orderSelector: 'hash' }, workload: { ratePerSec: 20, keys: 8 }, faults: [fault(20_000, 'crash', 'broker-a-0')] });
    expect(Object.keys(r.sendStatus)).toEqual(['RemotingConnectException']);
  });

  // A silent broker: every async send routed there times out.
  const silent = (release: string) => run({
    durationMs: 40_000, rocketmq: { release, sendMode: 'async' }, workload: { ratePerSec: 20 }, faults: [fault(20_000, 'isolate', 'broker-a-0')],
  });
  it('async 4.9.8: a timed-out request is retried with the time left (negative), which invokeAsync refuses: RemotingTooMuchRequestException', () => {
    const r = silent('4.x');
    expect(r.failed).toBeGreaterThan(50);
    expect(r.sendStatus).toEqual({ RemotingTooMuchRequestException: r.failed });
  });
  it('async 5.3.3: a timed-out request is not retried (timeoutMillis <= 0): MQClientException ("wait response timeout")', () => {
    const r = silent('5.x');
    expect(r.failed).toBeGreaterThan(50);
    expect(r.sendStatus).toEqual({ MQClientException: r.failed });
  });

  it('async: a refused connection ends in RemotingConnectException in 4.9.8 (passed on as is), MQClientException in 5.3.3 (operationFail wraps it)', () => {
    for (const [release, status] of [['4.x', 'RemotingConnectException'], ['5.x', 'MQClientException']]) {
      const r = run({ durationMs: 28_000, rocketmq: { release, brokerGroups: 1, sendMode: 'async' }, workload: { ratePerSec: 20 }, faults: [fault(20_000, 'crash', 'broker-a-0')] });
      expect(r.failed).toBeGreaterThan(50);
      expect(r.sendStatus).toEqual({ [status]: r.failed });
    }
  });
});

describe('RocketMQ producer audit: which queue an async retry uses', () => {
  it('async: onExceptionImpl resends the same request to the broker it picks, so the retry keeps the first queueId', () => {
    // At 2000 msg/s the sends in flight at the crash (failed at once by the reset) and those refused after it
    // were on every queue of broker-a; the round-robin counter would put their retries on other queueIds.
    const s = scenario({ durationMs: 22_000, rocketmq: { sendMode: 'async' }, workload: { ratePerSec: 2000 }, faults: [fault(20_000, 'crash', 'broker-a-0')] });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    const first = new Map<number, string>();
    let retries = 0;
    sim.tap = (step) => {
      if (step.code !== 'rocketmq.sent') return;
      const queue = String(step.params!.queue);
      const id = step.ids[0];
      if (step.params!.attempt === 1) first.set(id, queue);
      else {
        retries++;
        expect(queue.startsWith('broker-b')).toBe(true);
        // mqName: broker-x:queueId; the queueId is the first attempt's.
        expect(queue.split(':')[1]).toBe(first.get(id)!.split(':')[1]);
      }
    };
    sim.runUntil(s.durationMs);
    expect(retries).toBeGreaterThan(20);
    expect(buildReport(sim).failed).toBe(0);
  });
});

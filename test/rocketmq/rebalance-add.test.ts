import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { events, fault, scenario } from './helpers';

/**
 * A queue newly allocated to a consumer whose offset request goes unanswered. apache/rocketmq 4.9.8 and 5.3.3:
 * RebalanceImpl.updateProcessQueueTableInRebalance adds a queue only once computePullFromWhere returns;
 * RemoteBrokerOffsetStore.fetchConsumeOffsetFromBroker is synchronous (queryConsumerOffset, 5 s timeout), and a
 * failure (readOffset -2) leaves the queue out of the table ("add new mq failed"), so a later rebalance asks
 * again: 4.9.8 the next periodic one (20 s); 5.3.3 minInterval (1 s) after the unbalanced rebalance
 * (RebalanceService.run: realWaitInterval = balanced ? waitInterval : minInterval).
 *
 * broker-a-0 cannot hear consumer-2 from 20 s to 28 s; consumer-1 crashes at 25 s and consumer-2 is given
 * broker-a's queues then (seed 3: its member list comes from a broker it can reach). Its offset question to
 * broker-a-0 is lost.
 */
describe('RocketMQ: a new queue whose offset request is lost', () => {
  function readyAt(release: '4.x' | '5.x') {
    const s = scenario({
      seed: 3, durationMs: 60_000, rocketmq: { release }, workload: { ratePerSec: 20 },
      faults: [fault(20_000, 'isolate', 'broker-a-0', { from: ['consumer-2'] }), fault(25_000, 'crash', 'consumer-1'), fault(28_000, 'heal', 'broker-a-0')],
    });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    let ready = -1;
    for (let t = 25_000; t <= s.durationMs && ready < 0; t += 10) {
      sim.runUntil(t);
      if (sim.state.consumers['consumer-2'].pqs['broker-a:0']?.ready) ready = t;
    }
    const claim = events(sim, 'REBALANCE', 'consumer-2').find((e) => e.at > 25_000 && String(e.data?.queues).includes('broker-a:0'));
    return { claim: claim?.at ?? -1, ready };
  }

  it('RocketMQ 4.9.8: the queue is left out and added at the next periodic rebalance, 20 s after the notification (it used to wait, never pulled, for as long as the consumer held it)', () => {
    const { claim, ready } = readyAt('4.x');
    expect(claim).toBeGreaterThan(25_000);
    expect(claim).toBeLessThan(25_100);
    expect(ready).toBeGreaterThanOrEqual(45_000);
    expect(ready).toBeLessThan(45_100);
  });

  it('RocketMQ 5.3.3: the queue is left out when the 5 s offset request times out, and the unbalanced rebalance is retried 1 s later (minInterval)', () => {
    const { claim, ready } = readyAt('5.x');
    expect(claim).toBeGreaterThan(25_000);
    expect(claim).toBeLessThan(25_100);
    // The 5 s timeout is found by the consumer's 1 s scan, so it ends 5 to 6 s after the request.
    expect(ready).toBeGreaterThanOrEqual(claim + 5_000 + 1_000);
    expect(ready).toBeLessThan(claim + 7_100);
  });
});

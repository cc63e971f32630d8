import { describe, expect, it } from 'vitest';
import { fault, runSim } from './helpers';
import { firstDeliveredAtOf, sentAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

/**
 * A pull held on a slave: rocketmq-all-4.9.8 DefaultMessageStore.ReputMessageService notifies the
 * MessageArrivingListener only when the broker's role is not SLAVE, so a slave's held pulls are answered by
 * PullRequestHoldService.checkHoldRequest, every 5 s. 5.3.3 (notifyMessageArriveIfNecessary) has no role check,
 * but a 5.x slave refuses pulls unless slaveReadEnable (slave-read.test.ts), so only 4.x shows it.
 */
describe('RocketMQ long polling on a slave', () => {
  it('4.x: messages reaching a slave while consumers still pull from it wait for the 5 s hold check', () => {
    // broker-a-0 is down from 10 s to 28 s. The consumer starts at 15 s, without it in its route, and polls
    // routes again at 45 s; the producer has broker-a-0 again at 30 s. From 30 s to 45 s the consumer pulls
    // broker-a's queues from the slave, which gets the new messages by HA replication.
    const worst = (release: string) => {
      const { sim } = runSim({
        durationMs: 60_000,
        workload: { ratePerSec: 50, consumers: 0 },
        rocketmq: { release },
        faults: [fault(15_000, 'start', 'consumer-1'), fault(10_000, 'crash', 'broker-a-0', { durationMs: 18_000 })],
      });
      const l = sim.world.ledger;
      let max = 0;
      for (let id = 0; id < ledgerSize(l); id++) {
        const at = firstDeliveredAtOf(l, id);
        if (sentAtOf(l, id) >= 30_500 && at >= 0 && at < 45_000) max = Math.max(max, at - sentAtOf(l, id));
      }
      return max;
    };
    const w4 = worst('4.x');
    expect(w4).toBeGreaterThan(2_000);
    expect(w4).toBeLessThanOrEqual(5_100);
  });
});

import { describe, expect, it } from 'vitest';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { fault, runSim } from './helpers';
import { firstDeliveredAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

/**
 * Reading a group's queues from its slave while the master is down. rocketmq-all-4.9.8: the slave serves pulls
 * whatever slaveReadEnable says (it only changes suggestWhichBrokerId). 5.x (RIP-32): PullMessageProcessor.rejectRequest
 * refuses pulls on a SLAVE unless slaveReadEnable (default false), answered SYSTEM_BUSY.
 */
function lastFirstDelivery(sim: Sim<RmqState>): number {
  const l = sim.world.ledger;
  let latest = 0;
  for (let id = 0; id < ledgerSize(l); id++) latest = Math.max(latest, firstDeliveredAtOf(l, id));
  return latest;
}

describe('RocketMQ slave read with the master down', () => {
  for (const [release, readsSlave] of [['4.x', true], ['5.x', false]] as const) {
    it(`${release}: a consumer ${readsSlave ? 'reads' : 'cannot read'} a master-less group's queues from its slave`, () => {
      const { sim, report } = runSim({
        durationMs: 120_000, workload: { ratePerSec: 50, stopProducingAtMs: 4_000, consumers: 0 },
        rocketmq: { release },
        faults: [fault(5_000, 'crash', 'broker-a-0', { durationMs: 60_000 }), fault(10_000, 'start', 'consumer-1')],
      });
      expect(report.pendingAcked).toBe(0);
      if (readsSlave) expect(lastFirstDelivery(sim)).toBeLessThan(65_000);
      else expect(lastFirstDelivery(sim)).toBeGreaterThan(65_000);
    });
  }
});

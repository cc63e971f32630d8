import { describe, expect, it } from 'vitest';
import { fault, runSim } from './helpers';

/**
 * sendLatencyFaultEnable: MQFaultStrategy leaves a broker out of queue selection for
 * notAvailableDuration after a slow answer. 4.9.8: 550 ms -> 30 s; 5.1.4-5.3.3: 550 ms -> 2 s.
 */
describe("RocketMQ: sendLatencyFaultEnable uses the release's latency table", () => {
  // broker-a's master answers 600 ms late (300 ms added each way) from 10 s to 50 s.
  const slowMaster = (release: string) => runSim({
    durationMs: 50_000,
    workload: { ratePerSec: 50, consumers: 0 },
    rocketmq: { release, sendLatencyFaultEnable: true },
    faults: [fault(10_000, 'slow', 'broker-a-0', { delayMs: 300 })],
  }).sim;

  /** Sends made in [20 s, 50 s) that went to broker-a. */
  function sentToBrokerA(sim: ReturnType<typeof slowMaster>): number {
    const l = sim.world.ledger;
    let n = 0;
    for (let id = 0; id < l.sentAt.length; id++) {
      const t = l.sentAt.get(id);
      if (t >= 20_000 && t < 50_000 && sim.state.storedAt.get(id) === sim.state.brokerNodes.indexOf('broker-a-0')) n++;
    }
    return n;
  }

  // Each time broker-a becomes available again, the sends made before its next (slow) answer arrives go to it:
  // about 600 ms of half the traffic, some 15 sends.
  it('RocketMQ 4.x: a 600 ms answer keeps broker-a out for 30 s: one burst of sends in 30 s goes there', () => {
    expect(sentToBrokerA(slowMaster('4.x'))).toBeLessThan(25);
  });

  it('RocketMQ 5.x: a 600 ms answer keeps broker-a out for 2 s only: a burst every 2.6 s goes there', () => {
    expect(sentToBrokerA(slowMaster('5.x'))).toBeGreaterThan(100);
  });
});

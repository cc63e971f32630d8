import { describe, expect, it } from 'vitest';
import { fault, runSim } from './helpers';
import { selectQueue } from '../../src/sim/rocketmq/producer';
import { updateFaultItem } from '../../src/sim/rocketmq/faults';
import { seedPrng } from '../../src/sim/core/prng';
import { failedAtOf, sentAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

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
    for (let id = 0; id < ledgerSize(l); id++) {
      const t = sentAtOf(l, id);
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

/**
 * 5.3.3 MQFaultStrategy.selectOneMessageQueue with sendLatencyFaultEnable: available brokers first, then
 * reachable ones, then any queue, each pass leaving out the last attempt's broker (BrokerFilter);
 * LatencyFaultToleranceImpl.FaultItem.updateNotAvailableDuration only extends an avoidance.
 */
describe('RocketMQ 5.x: latency fault tolerance (MQFaultStrategy, LatencyFaultToleranceImpl)', () => {
  const sim = { now: 1_000, scenario: { rocketmq: { queuesPerBroker: 4, sendLatencyFaultEnable: true, release: '5.x', sendMode: 'sync' } } };
  const producer = (unreachable: Record<string, boolean>) => ({
    publish: [0, 1], sendWhichQueue: 5, rng: seedPrng(1), faultUntil: { 0: 11_000, 1: 11_000 }, faultLatency: { 0: 3_000, 1: 3_000 },
    faultUnreachable: unreachable, whichItemWorst: 0,
  });

  it('RocketMQ 5.x: both brokers avoided: a retry goes to the reachable broker it did not just try, never back to the one that failed', () => {
    const ps = { selector: false, lastGroup: 0, k: 0, attempts: 1 };
    const p = producer({ 0: false, 1: false });
    for (let i = 0; i < 20; i++) expect(selectQueue(sim as never, p as never, ps as never)).toBeGreaterThanOrEqual(4);
  });

  it('RocketMQ 5.x: both avoided and the other broker unreachable (its last sync send got a broker error): any queue', () => {
    const ps = { selector: false, lastGroup: 0, k: 0, attempts: 1 };
    const p = producer({ 0: false, 1: true });
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) seen.add(Math.floor(selectQueue(sim as never, p as never, ps as never) / 4));
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('LatencyFaultToleranceImpl.updateFaultItem: 5.x only extends an avoidance, 4.9.8 replaces it', () => {
    const table = () => ({ faultUntil: { 0: 11_000 } as Record<string, number>, faultLatency: {}, faultUnreachable: {} as Record<string, boolean> });
    const t5 = table();
    updateFaultItem(t5, 0, 2_000, 5, 0, true, '5.x'); // a 5 ms answer: duration 0
    expect(t5.faultUntil[0]).toBe(11_000);
    updateFaultItem(t5, 0, 2_000, 600, 2_000, true, '5.x'); // ends at 4 s, before 11 s
    expect(t5.faultUntil[0]).toBe(11_000);
    updateFaultItem(t5, 0, 2_000, 10_000, 30_000, false, '5.x');
    expect(t5.faultUntil[0]).toBe(32_000);
    expect(t5.faultUnreachable[0]).toBe(true);
    const t4 = table();
    updateFaultItem(t4, 0, 2_000, 5, 0, true, '4.x');
    expect(t4.faultUntil[0]).toBe(2_000);
  });

  // End to end. broker-a's master crashes (each send there is refused at once: RemotingConnectException, avoided
  // 10 s) and broker-b's answers take 600 ms (avoided 2 s after each): often both are avoided. A send that then
  // lands on broker-a is retried on broker-b (reachable, not the last broker), so none fails.
  it('RocketMQ 5.x: one master crashed, the other slow: with every broker avoided a retry still goes to the live one, so no send fails', () => {
    const { sim: s, report } = runSim({
      durationMs: 35_000, workload: { ratePerSec: 50, consumers: 0 },
      rocketmq: { release: '5.x', sendLatencyFaultEnable: true },
      faults: [fault(10_000, 'crash', 'broker-a-0', { durationMs: 60_000 }), fault(10_000, 'slow', 'broker-b-0', { delayMs: 300 })],
    });
    expect(report.acked).toBeGreaterThan(1_000);
    const l = s.world.ledger;
    let failed = 0;
    for (let id = 0; id < ledgerSize(l); id++) if (sentAtOf(l, id) >= 10_500 && failedAtOf(l, id) >= 0) failed++;
    expect(failed).toBe(0);
  });
});

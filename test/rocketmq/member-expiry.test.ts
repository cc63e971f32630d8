import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { events, fault, scenario } from './helpers';

/**
 * How the brokers drop a consumer, and when the survivor takes its queues over. apache/rocketmq 4.9.8 and
 * 5.3.3: ConsumerManager.scanNotActiveChannel (every 10 s, channel silent > 120 s) removes the channel
 * without a CHANGE event; doChannelCloseEvent (the connection closed) raises CHANGE, and
 * DefaultConsumerIdsChangeListener sends NOTIFY_CONSUMER_IDS_CHANGED to every member.
 */
describe('RocketMQ: a consumer dropped by the brokers', () => {
  function runWith(action: 'isolate' | 'crash') {
    const s = scenario({ durationMs: 180_000, workload: { ratePerSec: 20 }, faults: [fault(30_000, action, 'consumer-2')] });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    let droppedAt = -1;
    for (let t = 30_000; t <= s.durationMs && droppedAt < 0; t += 10) {
      sim.runUntil(t);
      if (sim.state.brokerNodes.every((b) => sim.state.brokers[b].members['consumer-2'] === undefined)) droppedAt = t;
    }
    sim.runUntil(s.durationMs);
    const takeover = events(sim, 'REBALANCE', 'consumer-1').find((e) => e.at > 30_000 && String(e.data?.queues).includes('broker-b:0'));
    return { droppedAt, takeover: takeover?.at ?? -1 };
  }

  it('RocketMQ: a silent consumer expires after 120 s with no notification: the survivor takes its queues at its next periodic rebalance', () => {
    const { droppedAt, takeover } = runWith('isolate');
    expect(droppedAt).toBeGreaterThan(30_000 + 120_000 - 30_000); // last heartbeat up to 30 s before the cut
    expect(takeover).toBeGreaterThan(droppedAt + 5_000); // here 10 s later; at once before this change
    expect(takeover - droppedAt).toBeLessThanOrEqual(20_000 + 10); // rebalanceIntervalMs
  });

  it('RocketMQ: a crashed consumer\'s closed channel notifies the members at once: the survivor rebalances within milliseconds', () => {
    const { droppedAt, takeover } = runWith('crash');
    expect(droppedAt).toBeLessThan(30_100);
    expect(takeover).toBeGreaterThan(30_000);
    expect(takeover).toBeLessThan(30_100);
  });
});

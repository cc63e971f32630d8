import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { events, fault, scenario } from './helpers';

/**
 * How the brokers drop a consumer, and when the survivor takes its queues over. apache/rocketmq 4.9.8 and
 * 5.3.3: ConsumerManager.scanNotActiveChannel (every 10 s, channel silent > 120 s) removes the channel
 * without a CHANGE event; doChannelCloseEvent (the connection closed, by the peer or by Netty's idle handler)
 * raises CHANGE, and DefaultConsumerIdsChangeListener sends NOTIFY_CONSUMER_IDS_CHANGED to every member.
 */
/**
 * These follow one sample path: a rebalance asks a randomly chosen broker for the group's members
 * (findConsumerIdList), and which one it asks at 150 s decides whether consumer-1 still sees
 * consumer-2 there. Seed 5 is a run where the question goes to the broker that still lists it, so
 * the survivor waits for its next periodic rebalance, as the comments below describe.
 */
const SEED = 5;

describe('RocketMQ: a consumer dropped by the brokers', () => {
  function runWith(action: 'isolate' | 'crash') {
    const s = scenario({ seed: SEED, durationMs: 180_000, workload: { ratePerSec: 20 }, faults: [fault(30_000, action, 'consumer-2')] });
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

  it('RocketMQ: a silent consumer that kept pulling is dropped by the masters\' scan 120 s after its last heartbeat, without notification: the survivor takes its queues at its next periodic rebalance', () => {
    const { droppedAt, takeover } = runWith('isolate');
    expect(droppedAt).toBeGreaterThan(30_000 + 120_000 - 30_000); // last heartbeat up to 30 s before the cut
    expect(takeover).toBeGreaterThan(droppedAt + 5_000); // here 10 s later; at once before this change
    expect(takeover - droppedAt).toBeLessThanOrEqual(20_000 + 10); // rebalanceIntervalMs
  });

  // NettyRemotingServer's IdleStateHandler(0, 0, serverChannelMaxIdleTimeSeconds = 120): a channel with nothing read or
  // written for 120 s is closed and doChannelCloseEvent notifies the group; RebalanceService.wakeup restarts the 20 s wait.
  it('RocketMQ: a silent consumer\'s idle channel is closed 120 s after its last traffic, which notifies: brokers it only heartbeated drop it before the scan, and the survivor\'s next periodic rebalance moves to 20 s after that notification', () => {
    const s = scenario({ seed: SEED, durationMs: 200_000, workload: { ratePerSec: 20 }, faults: [fault(45_000, 'isolate', 'consumer-2')] });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    const droppedAt: Record<string, number> = {};
    for (let t = 45_000; t <= s.durationMs; t += 10) {
      sim.runUntil(t);
      for (const b of sim.state.brokerNodes) if (droppedAt[b] === undefined && sim.state.brokers[b].members['consumer-2'] === undefined) droppedAt[b] = t;
    }
    // consumer-2 last heartbeated at 30 s and pulled only from broker-b-0 (broker-b's queues): the slaves and broker-a-0
    // heard nothing else, so their channels go idle at 150 s, before the 160 s scan that would drop it silently.
    for (const b of ['broker-a-0', 'broker-a-1', 'broker-b-1']) expect(droppedAt[b]).toBe(150_010);
    // broker-b-0 answered its held pulls until about 15 s after the cut: the scan (heartbeat 120 s old) comes first.
    expect(droppedAt['broker-b-0']).toBe(160_000);
    // The notifications at 150 s woke consumer-1 (its member list still had consumer-2 on broker-b-0); its next
    // periodic rebalance is 20 s later, at 170 s, where it takes broker-b's queues.
    const takeover = events(sim, 'REBALANCE', 'consumer-1').find((e) => e.at > 45_000 && String(e.data?.queues).includes('broker-b:0'));
    expect(takeover?.at).toBeGreaterThanOrEqual(170_000);
    expect(takeover?.at).toBeLessThan(170_100);
  });

  it('RocketMQ: a crashed consumer\'s closed channel notifies the members at once: the survivor rebalances within milliseconds', () => {
    const { droppedAt, takeover } = runWith('crash');
    expect(droppedAt).toBeLessThan(30_100);
    expect(takeover).toBeGreaterThan(30_000);
    expect(takeover).toBeLessThan(30_100);
  });
});

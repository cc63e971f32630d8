import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { locate } from '../../src/sim/rocketmq/locate';
import { events, fault, run, runSim, scenario } from './helpers';
import { ackedAtOf, firstDeliveredAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

/**
 * Second source audit (consumers, offsets, controller start-up) against apache/rocketmq rocketmq-all-4.9.8,
 * 5.3.3 and develop (8fc57f1). Each test names the class and method whose behaviour it pins.
 */
function causes(sim: Sim<RmqState>): Record<string, number> {
  const l = sim.world.ledger;
  const out: Record<string, number> = {};
  for (let id = 0; id < ledgerSize(l); id++) {
    if (ackedAtOf(l, id) < 0 || firstDeliveredAtOf(l, id) >= 0) continue;
    const code = locate(sim, id).cause.code;
    out[code] = (out[code] ?? 0) + 1;
  }
  return out;
}

describe('RocketMQ consumer source audit', () => {
  it('RocketMQ: orderly CLUSTERING renews queue locks 1 s after start, then every 20 s (ConsumeMessageOrderlyService.start -> RebalanceImpl.lockAll)', () => {
    const s = scenario({ durationMs: 30_000, workload: { ratePerSec: 10 }, rocketmq: { consumeMode: 'orderly' } });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    sim.runUntil(1_500);
    const locks = Object.values(sim.state.brokers['broker-a-0'].locks);
    expect(locks.length).toBeGreaterThan(0);
    for (const l of locks) expect(l.at).toBeGreaterThanOrEqual(1_000);
    sim.runUntil(21_500);
    for (const l of Object.values(sim.state.brokers['broker-a-0'].locks)) expect(l.at).toBeGreaterThanOrEqual(21_000);
  });

  it('RocketMQ: the member list comes from a random group of the route, its master (MQClientInstance.findBrokerAddrByTopic, BrokerData.selectBrokerAddr)', () => {
    const s = scenario({ durationMs: 200_000, workload: { ratePerSec: 5 }, rocketmq: { brokerGroups: 3 } });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    const asked: string[] = [];
    const onMessage = sim.model.onMessage;
    (sim as { model: unknown }).model = {
      ...sim.model,
      onMessage: (x: typeof sim, env: Parameters<typeof onMessage>[1]) => {
        if ((env.body as { type: string }).type === 'getMembers') asked.push(env.dest);
        onMessage(x, env);
      },
    };
    sim.runUntil(s.durationMs);
    // Every 20 s each consumer asks again: over 20 rebalances, more than one group's master answers, never a slave.
    expect(asked.length).toBeGreaterThan(15);
    expect(new Set(asked).size).toBeGreaterThan(1);
    expect(asked.every((b) => b.endsWith('-0'))).toBe(true);
  });

  it('RocketMQ: an orderly consumer cannot take a queue of a master-less group from its slave (RebalanceImpl.lock asks the master only); a concurrent one can', () => {
    const input = (consumeMode: string) => ({
      durationMs: 120_000, workload: { ratePerSec: 50, stopProducingAtMs: 4_000, consumers: 0 },
      rocketmq: { consumeMode },
      faults: [fault(5_000, 'crash', 'broker-a-0', { durationMs: 60_000 }), fault(10_000, 'start', 'consumer-1')],
    });
    const conc = runSim(input('concurrently'));
    const ord = runSim(input('orderly'));
    // Everything reached the slaves (ASYNC_MASTER replicates within milliseconds; a crash loses nothing).
    const firstAfter = (sim: Sim<RmqState>) => {
      const l = sim.world.ledger;
      let latest = 0;
      for (let id = 0; id < ledgerSize(l); id++) latest = Math.max(latest, firstDeliveredAtOf(l, id));
      return latest;
    };
    expect(conc.report.pendingAcked).toBe(0);
    expect(firstAfter(conc.sim)).toBeLessThan(65_000); // read from broker-a-1 while the master is down
    expect(ord.report.pendingAcked).toBe(0);
    expect(firstAfter(ord.sim)).toBeGreaterThan(65_000); // broker-a's queues wait for their master
  });

  it('RocketMQ: orderly: a crashed owner\'s queues are taken when its broker lock expires (RebalanceLockManager, 60 s); 5.x retries a failed lock about 1 s later (rebalanceLater), 4.9.8 at the next 20 s rebalance', () => {
    const takeover = (release: string) => {
      const s = scenario({ durationMs: 130_000, workload: { ratePerSec: 20 }, rocketmq: { release, consumeMode: 'orderly' }, faults: [fault(30_000, 'crash', 'consumer-1')] });
      const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
      for (let t = 30_000; t <= 130_000; t += 100) {
        sim.runUntil(t);
        const pqs = Object.values(sim.state.consumers['consumer-2'].pqs).filter((pq) => pq.ready && pq.t === 0);
        if (pqs.length === 8) return t;
      }
      return Infinity;
    };
    // consumer-1's locks were last renewed by lockAll at 21 s (1 s + 20 s), so the broker frees them after 81 s.
    const v5 = takeover('5.x');
    const v4 = takeover("4.x");
    expect(v5).toBeGreaterThan(81_000);
    expect(v5).toBeLessThan(83_500);
    expect(v4).toBeGreaterThan(v5 + 5_000);
  });

  // 4.9.8 RebalancePushImpl.removeUnnecessaryMessageQueue -> unlockDelay: a queue given up with messages still
  // in its ProcessQueue is unlocked UNLOCK_DELAY_TIME_MILLS (20 s) later; 5.3.3 tryRemoveOrderMessageQueue at once.
  it('RocketMQ: orderly: a queue given up with unconsumed messages stays locked 20 s in 4.9.8, so the new owner takes it only at a later rebalance; 5.x unlocks it at once', () => {
    const takeover = (release: string, consumeFailurePercent: number) => {
      const s = scenario({
        durationMs: 100_000, workload: { ratePerSec: 50, consumers: 0, consumeFailurePercent }, rocketmq: { release, consumeMode: 'orderly' },
        faults: [fault(0, 'start', 'consumer-1'), fault(40_000, 'start', 'consumer-2')],
      });
      const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
      for (let t = 40_000; t <= 100_000; t += 100) {
        sim.runUntil(t);
        if (Object.values(sim.state.consumers['consumer-2'].pqs).some((pq) => pq.ready && pq.t === 0)) return t;
      }
      return Infinity;
    };
    // Failing orderly messages are retried every 1 s, so consumer-1's queues hold messages when it gives them up
    // (at 40 s): the unlock comes at 60 s, just after consumer-2's 60 s rebalance, which takes them at 80 s.
    expect(takeover('4.x', 30)).toBeGreaterThan(60_000);
    expect(takeover('5.x', 30)).toBeLessThan(42_000);
    // Nothing left in the ProcessQueues: 4.9.8 unlocks at once too.
    expect(takeover('4.x', 0)).toBeLessThan(42_000);
  });

  it('RocketMQ: BROADCASTING: a new consumer starts at the queue\'s max offset (RebalancePushImpl.computePullFromWhere, no LocalFileOffsetStore entry), a restarted one from its local offsets file', () => {
    const { sim } = runSim({
      durationMs: 60_000, workload: { ratePerSec: 50, consumers: 0, stopProducingAtMs: 55_000 }, rocketmq: { messageModel: 'BROADCASTING' },
      faults: [
        fault(0, 'start', 'consumer-1'), fault(20_000, 'start', 'consumer-2'),
        // persistConsumerOffsetInterval: the file is written 10 s after start, then every 5 s (last at 35 s).
        fault(37_000, 'crash', 'consumer-2', { durationMs: 8_000 }),
      ],
    });
    const l = sim.world.ledger;
    const got = new Set<number>();
    const mine = l.perConsumer!.get('consumer-2')!;
    for (let id = 0; id < mine.length; id++) if (mine.get(id) > 0) got.add(id);
    let early = 0, whileDown = 0, missedWhileDown = 0;
    for (let id = 0; id < ledgerSize(l); id++) {
      const at = ackedAtOf(l, id);
      if (at < 0) continue;
      if (at < 19_900 && got.has(id)) early++;
      if (at > 37_100 && at < 44_900) whileDown++, missedWhileDown += got.has(id) ? 0 : 1;
    }
    expect(early).toBe(0);
    expect(whileDown).toBeGreaterThan(0);
    expect(missedWhileDown).toBe(0);
  });

  it('RocketMQ: BROADCASTING: failed consumption is dropped, never retried (ConsumeMessageConcurrentlyService.processConsumeResult)', () => {
    const s = scenario({ durationMs: 30_000, workload: { ratePerSec: 20, stopProducingAtMs: 10_000, consumeFailurePercent: 30 }, rocketmq: { messageModel: 'BROADCASTING' } });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    const steps: string[] = [];
    sim.tap = (step) => steps.push(step.code);
    sim.runUntil(s.durationMs);
    expect(steps.filter((c) => c === 'rocketmq.droppedBroadcast').length).toBeGreaterThan(0);
    expect(steps.filter((c) => c === 'rocketmq.consumeFailed')).toHaveLength(0);
  });

  it('RocketMQ: controller mode: a consumer ahead of the new master\'s truncated queue gets PULL_OFFSET_MOVED and resumes at that master\'s end; messages it skipped are below the consume offset, not on a down broker', () => {
    const { sim, report } = runSim({
      durationMs: 120_000, workload: { ratePerSec: 50, stopProducingAtMs: 100_000 }, rocketmq: { release: '5.x', enableControllerMode: true },
      faults: [fault(17_000, 'isolate', 'broker-a-0', { from: ['broker-a-1'], durationMs: 5_000 }), fault(20_000, 'crash', 'broker-a-1', { durationMs: 60_000 })],
    });
    const moved = events(sim, 'OFFSET_MOVED');
    expect(moved.length).toBeGreaterThan(0);
    for (const e of moved) expect(e.at).toBeGreaterThan(20_000);
    const c = causes(sim);
    expect(c['rocketmq.strandedOnDownBroker'] ?? 0).toBe(0);
    // Messages the new master stored at reused offsets before the consumer's first pull are skipped.
    expect(report.strandedAcked).toBe(c['rocketmq.belowConsumeOffset'] ?? 0);
    expect(report.strandedAcked).toBeLessThan(20);
  });

  it('RocketMQ: controller mode: brokers register with the NameServers only after the controller made them master or slave (ReplicasManager.startBasicService runs before BrokerController.start\'s registerBrokerAll)', () => {
    const { sim } = runSim({ durationMs: 5_000, rocketmq: { release: '5.x', enableControllerMode: true } });
    for (const b of ['broker-a-0', 'broker-a-1', 'broker-b-0', 'broker-b-1']) {
      const role = sim.world.log.toArray().find((e) => (e.kind === 'CHANGE_TO_MASTER' || e.kind === 'CHANGE_TO_SLAVE') && e.node === b)!;
      const reg = events(sim, 'REGISTER_BROKER').filter((e) => e.data?.broker === b);
      expect(role).toBeDefined();
      expect(reg.length).toBeGreaterThan(0);
      for (const e of reg) expect(e.at).toBeGreaterThanOrEqual(role.at);
    }
  });
});

export { run };

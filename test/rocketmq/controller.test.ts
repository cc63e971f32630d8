import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import { buildReport } from '../../src/sim/accounting/report';
import { restoreScenario } from '../../src/sim/scenario/restore';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { events, fault, scenario } from './helpers';
import { ackedAtOf, sentAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

// apache/rocketmq 5.x controller mode: ControllerManager, DefaultBrokerHeartbeatManager, ReplicasInfoManager,
// DefaultElectPolicy, ReplicasManager, AutoSwitchHAService/Connection/Client, EpochFileCache.
function ctlSim(input: Record<string, unknown>, rocketmq: Record<string, unknown> = {}) {
  const s = scenario({ durationMs: 120_000, workload: { ratePerSec: 50, stopProducingAtMs: 100_000 }, ...input, rocketmq: { release: '5.x', enableControllerMode: true, brokerGroups: 1, ...rocketmq } });
  const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
  const master = () => ['broker-a-0', 'broker-a-1'].find((b) => sim.state.brokers[b].up && sim.state.brokers[b].brokerId === 0) ?? null;
  return { s, sim, master };
}

function ackedAfter(sim: Sim<RmqState>, t: number): number {
  const l = sim.world.ledger;
  let n = 0;
  for (let id = 0; id < ledgerSize(l); id++) if (sentAtOf(l, id) > t && ackedAtOf(l, id) >= 0) n++;
  return n;
}

describe('RocketMQ 5.x controller mode', () => {
  it('is refused with DLedger and before release 5.x, naming the path', () => {
    expect(() => restoreScenario({ version: 1, rocketmq: { release: '5.x', dledger: true, enableControllerMode: true } })).toThrow(/rocketmq.enableControllerMode/);
    expect(() => restoreScenario({ version: 1, rocketmq: { enableControllerMode: true } })).toThrow(/rocketmq.enableControllerMode/);
  });

  it('RocketMQ: controller mode: a master power loss elects the in-sync slave in 10-15 s, writes resume and nothing the slave had is lost', () => {
    const { s, sim, master } = ctlSim({});
    sim.runUntil(40_000);
    const old = master()!;
    sim.scheduleFault({ atMs: 40_000, system: 'rocketmq', action: 'powerLoss', target: old }, -1, 40_001);
    sim.runUntil(s.durationMs);
    const elected = events(sim, 'CONTROLLER_ELECT_MASTER').find((e) => e.at > 40_001);
    expect(elected).toBeDefined();
    expect(elected!.params!.master).not.toBe(old);
    // Last heartbeat up to 1 s before the loss, expiry after 10 s, found by a 5 s scan.
    expect(elected!.at - 40_001).toBeGreaterThanOrEqual(9_000);
    expect(elected!.at - 40_001).toBeLessThanOrEqual(15_000);
    expect(master()).toBe(elected!.params!.master);
    expect(ackedAfter(sim, elected!.at + 35_000)).toBeGreaterThan(500);
    // Unreplicated writes of the last moment died with the page cache (ASYNC_FLUSH); none the slave had.
    const r = buildReport(sim);
    for (const a of r.anomalies.filter((x) => x.kind === 'lost')) expect(a.cause.code).toBe('rocketmq.lostUnflushed');
  });

  it('RocketMQ: controller mode: a master process crash is noticed at once through its closed channel', () => {
    const { sim, master } = ctlSim({});
    sim.runUntil(40_000);
    const old = master()!;
    sim.scheduleFault({ atMs: 40_000, system: 'rocketmq', action: 'crash', target: old }, -1, 40_001);
    sim.runUntil(60_000);
    const elected = events(sim, 'CONTROLLER_ELECT_MASTER').find((e) => e.at > 40_001)!;
    expect(elected.at - 40_001).toBeLessThan(100);
    expect(events(sim, 'CONTROLLER_BROKER_INACTIVE').some((e) => e.code === 'rocketmq.log.controllerChannelClosed')).toBe(true);
  });

  it('RocketMQ: controller mode: the old master rejoins as a slave and truncates acknowledged messages the new master never had', () => {
    // No consumer, so acknowledged messages wait in the queues; the slave is cut off from the master for the last 0.5 s.
    const { s, sim, master } = ctlSim({ workload: { ratePerSec: 200, consumers: 0, stopProducingAtMs: 100_000 } });
    sim.runUntil(39_500);
    const old = master()!;
    const slave = old === 'broker-a-0' ? 'broker-a-1' : 'broker-a-0';
    sim.scheduleFault({ atMs: 39_500, system: 'rocketmq', action: 'isolate', target: slave, from: [old], durationMs: 5_000 }, -1, 39_501);
    sim.scheduleFault({ atMs: 40_000, system: 'rocketmq', action: 'crash', target: old, durationMs: 30_000 }, -1, 40_001);
    sim.runUntil(s.durationMs);
    expect(master()).toBe(slave);
    expect(sim.state.brokers[old].brokerId).toBeGreaterThan(0);
    const cut = events(sim, 'EPOCH_TRUNCATE', old);
    expect(cut.length).toBe(1);
    const r = buildReport(sim);
    expect(r.lostAcked).toBeGreaterThan(0);
    const lost = r.anomalies.filter((a) => a.kind === 'lost');
    expect(lost.every((a) => a.cause.code === 'rocketmq.epochTruncatedLost')).toBe(true);
  });

  it('RocketMQ: controller mode: a slave that fell out of the SyncStateSet is not elected; the group stays without a master', () => {
    const { sim, master } = ctlSim({});
    sim.runUntil(30_000);
    const old = master()!;
    const slave = old === 'broker-a-0' ? 'broker-a-1' : 'broker-a-0';
    sim.scheduleFault({ atMs: 30_000, system: 'rocketmq', action: 'isolate', target: slave, from: [old] }, -1, 30_001);
    sim.runUntil(60_000);
    expect(sim.state.controller!.groups[0].sss).toEqual([old]); // haMaxTimeSlaveNotCatchup 15 s / housekeeping 20 s
    sim.scheduleFault({ atMs: 60_000, system: 'rocketmq', action: 'crash', target: old }, -1, 60_001);
    sim.runUntil(100_000);
    expect(master()).toBeNull();
    expect(events(sim, 'CONTROLLER_NO_MASTER').length).toBeGreaterThan(0);
    expect(ackedAfter(sim, 62_000)).toBe(0);
  });

  it('RocketMQ: controller mode: with enableElectUncleanMaster the lagging slave is elected and what it lacked is lost', () => {
    const { sim, master } = ctlSim({ workload: { ratePerSec: 50, consumers: 0 } }, { enableElectUncleanMaster: true });
    sim.runUntil(30_000);
    const old = master()!;
    const slave = old === 'broker-a-0' ? 'broker-a-1' : 'broker-a-0';
    sim.scheduleFault({ atMs: 30_000, system: 'rocketmq', action: 'isolate', target: slave, from: [old] }, -1, 30_001);
    sim.scheduleFault({ atMs: 60_000, system: 'rocketmq', action: 'destroy', target: old }, -1, 60_001);
    sim.runUntil(100_000);
    expect(master()).toBe(slave);
    expect(ackedAfter(sim, 62_000)).toBeGreaterThan(100);
    expect(buildReport(sim).lostAcked).toBeGreaterThan(1000);
  });

  it('RocketMQ: controller mode: allAckInSyncStateSet waits for the whole SyncStateSet, so a master crash loses nothing acknowledged', () => {
    const { s, sim, master } = ctlSim({ workload: { ratePerSec: 200, consumers: 0, stopProducingAtMs: 100_000 } }, { allAckInSyncStateSet: true });
    sim.runUntil(40_000);
    const old = master()!;
    sim.scheduleFault({ atMs: 40_000, system: 'rocketmq', action: 'destroy', target: old }, -1, 40_001);
    sim.runUntil(s.durationMs);
    const r = buildReport(sim);
    expect(r.lostAcked).toBe(0);
    expect(ackedAfter(sim, 45_000)).toBeGreaterThan(1000);
  });

  it('RocketMQ: controller mode: the default inSyncReplicas = 1 acknowledges before the slave has it, so destroying the master loses acknowledged messages', () => {
    const { s, sim, master } = ctlSim({ workload: { ratePerSec: 200, consumers: 0, stopProducingAtMs: 100_000 }, network: { latencyMs: 5 } });
    sim.runUntil(40_000);
    sim.scheduleFault({ atMs: 40_000, system: 'rocketmq', action: 'destroy', target: master()! }, -1, 40_001);
    sim.runUntil(s.durationMs);
    expect(buildReport(sim).lostAcked).toBeGreaterThan(0);
  });

  // PutMessageStatus.IN_SYNC_REPLICAS_NOT_ENOUGH reaches the client as ResponseCode.SYSTEM_ERROR (SendMessageProcessor);
  // with one group every retry returns to the same master (MQFaultStrategy: no queue passes the BrokerFilter).
  it('RocketMQ: controller mode: minInSyncReplicas 2 refuses writes (SYSTEM_ERROR, in-sync replicas not enough) once the slave leaves the SyncStateSet', () => {
    const { sim } = ctlSim({ workload: { ratePerSec: 50 } }, { minInSyncReplicas: 2, inSyncReplicas: 2 });
    sim.runUntil(30_000);
    const slave = ['broker-a-0', 'broker-a-1'].find((b) => sim.state.brokers[b].brokerId > 0)!;
    sim.scheduleFault({ atMs: 30_000, system: 'rocketmq', action: 'crash', target: slave }, -1, 30_001);
    sim.runUntil(60_000);
    const r = buildReport(sim);
    expect(r.sendStatus.SYSTEM_ERROR).toBeGreaterThan(100);
  });
});

describe('RocketMQ 5.x SYNC_MASTER without controller mode (CommitLog.asyncPutMessage / handleHA)', () => {
  const spec = (rocketmq: Record<string, unknown>) =>
    scenario({
      durationMs: 40_000,
      workload: { ratePerSec: 50, consumers: 0 },
      rocketmq: { brokerRole: 'SYNC_MASTER', brokerGroups: 1, ...rocketmq },
      faults: [
        fault(15_000, 'isolate', 'broker-a-1', { from: ['broker-a-0'] }),
        fault(20_000, 'destroy', 'broker-a-0'),
      ],
    });
  const report = (rocketmq: Record<string, unknown>) => {
    const sim = createSim(spec(rocketmq), 'rocketmq');
    sim.runUntil(40_000);
    return buildReport(sim);
  };
  it('RocketMQ 5.x: a SYNC_MASTER with the default inSyncReplicas=1 answers without its slave, so a destroyed master loses acknowledged messages', () => {
    const r = report({ release: '5.x' });
    expect(r.lostAcked).toBeGreaterThan(0);
    expect(r.sendStatus.FLUSH_SLAVE_TIMEOUT).toBeUndefined();
    expect(r.sendStatus.SLAVE_NOT_AVAILABLE).toBeUndefined();
  });
  it('RocketMQ 5.x: with inSyncReplicas=2 it waits for the slave: sends fail while the slave is cut off, and nothing acknowledged is lost', () => {
    const waits = report({ release: '5.x', inSyncReplicas: 2 });
    const answersAtOnce = report({ release: '5.x' });
    expect(waits.lostAcked).toBe(0);
    // The client's own sendMsgTimeout (3 s) runs out before the broker's slaveTimeout (3 s) answers.
    expect(waits.sendStatus.RemotingTooMuchRequestException).toBeGreaterThan(0);
    expect(waits.acked).toBeLessThan(answersAtOnce.acked);
  });
  it('RocketMQ 4.x: the same SYNC_MASTER waits for its slave and loses nothing acknowledged', () => {
    expect(report({}).lostAcked).toBe(0);
  });

  // 5.3.3 GroupTransferService.doWaitTransfer: ackNums starts at 1 (the master) and counts every HA connection
  // whose slaveAckOffset reached the send; PUT_OK needs ackNums >= inSyncReplicas, else FLUSH_SLAVE_TIMEOUT.
  it('RocketMQ 5.x: with two slaves and inSyncReplicas=3 a send needs both: one slave cut off stops every acknowledgement, the other one alone is not enough', () => {
    const run = (inSyncReplicas: number) => {
      const s = scenario({
        durationMs: 30_000,
        workload: { ratePerSec: 50, consumers: 0 },
        rocketmq: { release: '5.x', brokerRole: 'SYNC_MASTER', brokerGroups: 1, replicasPerGroup: 3, inSyncReplicas },
        faults: [fault(10_000, 'isolate', 'broker-a-2', { from: ['broker-a-0'] })],
      });
      const sim = createSim(s, 'rocketmq');
      sim.runUntil(s.durationMs);
      return { sim, report: buildReport(sim) };
    };
    const both = run(3);
    expect(ackedAfter(both.sim as Sim<RmqState>, 10_000)).toBe(0);
    expect(both.report.failed).toBeGreaterThan(800); // the rest of the 1,000 sent after 10 s are still waiting at the end
    expect(ackedAfter(both.sim as Sim<RmqState>, 0)).toBeGreaterThan(400);
    // With inSyncReplicas=2 the slave still connected is enough.
    const one = run(2);
    expect(one.report.failed).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import { buildReport } from '../../src/sim/accounting/report';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { scenario } from './helpers';
import { ackedAtOf, deliveriesOf, failedAtOf, sentAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

/** Sends sent after `t` that carry the broker's note `code`, and how many of them were acknowledged. */
function noted(sim: Sim<RmqState>, code: string) {
  const l = sim.world.ledger;
  let n = 0, acked = 0;
  for (let id = 0; id < ledgerSize(l); id++) {
    if (l.notes.get(id)?.code !== code) continue;
    n++;
    if (ackedAtOf(l, id) >= 0) acked++;
  }
  return { n, acked };
}

/**
 * 4.9.8 DLedgerCommitLog.asyncPutMessage maps DLedger's WAIT_QUORUM_ACK_TIMEOUT (after maxWaitAckTimeMs =
 * 2500) to PutMessageStatus.OS_PAGECACHE_BUSY, 5.3.3 to IN_SYNC_REPLICAS_NOT_ENOUGH; SendMessageProcessor
 * .handlePutMessageResult answers both with ResponseCode.SYSTEM_ERROR, which is in
 * DefaultMQProducer.retryResponseCodes: sendDefaultImpl resends on another broker within sendMsgTimeout.
 */
describe('RocketMQ: DLedger quorum-ack timeout is a retried SYSTEM_ERROR', () => {
  function dledger(release: string, fault: 'crash' | 'isolate') {
    const s = scenario({ durationMs: 60_000, workload: { ratePerSec: 50 }, rocketmq: { dledger: true, release } });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    sim.runUntil(30_000);
    const group = ['broker-b-0', 'broker-b-1', 'broker-b-2'];
    const leader = group.find((b) => sim.state.brokers[b].raft?.role === 'leader')!;
    for (const b of group.filter((x) => x !== leader))
      sim.scheduleFault(fault === 'crash'
        ? { atMs: 30_000, system: 'rocketmq', action: 'crash', target: b }
        : { atMs: 30_000, system: 'rocketmq', action: 'isolate', target: b, from: [leader], durationMs: 4_000 }, -1, 30_001);
    sim.runUntil(s.durationMs);
    return { sim, report: buildReport(sim) };
  }

  for (const release of ['4.x', '5.x']) {
    it(`RocketMQ ${release}: DLedger: sends to a leader that lost its followers come back SYSTEM_ERROR after 2.5 s and are acknowledged by the other group`, () => {
      const { sim, report } = dledger(release, 'crash');
      const n = noted(sim, 'rocketmq.quorumAckTimeout');
      expect(n.n).toBeGreaterThan(50);
      expect(n.acked).toBe(n.n);
      // Only the four sends made before any route existed fail; none with the timeout's status.
      expect(report.sendStatus).toEqual({ MQClientException: report.failed });
      const l = sim.world.ledger;
      for (let id = 0; id < ledgerSize(l); id++) {
        if (l.notes.get(id)?.code !== 'rocketmq.quorumAckTimeout') continue;
        const took = ackedAtOf(l, id) - sentAtOf(l, id);
        expect(took).toBeGreaterThanOrEqual(2_500);
        expect(took).toBeLessThan(3_000); // sendMsgTimeout
      }
      expect(report.lostAcked).toBe(0);
    });
  }

  it('RocketMQ: DLedger: a copy left on the leader commits once its followers return, so the resent message is delivered twice', () => {
    const { sim, report } = dledger('4.x', 'isolate');
    const n = noted(sim, 'rocketmq.quorumAckTimeout');
    expect(n.n).toBeGreaterThan(0);
    // Every resent message was also committed on broker-b: consumed from both groups.
    const l = sim.world.ledger;
    for (let id = 0; id < ledgerSize(l); id++) if (l.notes.get(id)?.code === 'rocketmq.quorumAckTimeout') expect(deliveriesOf(l, id)).toBe(2);
    const explained = report.anomalies.filter((a) => a.kind === 'duplicate' && a.cause.code === 'rocketmq.quorumAckTimeout');
    expect(explained.length).toBeGreaterThan(0);
    expect(report.lostAcked).toBe(0);
  });
});

/** 5.3.3 CommitLog.asyncPutMessage: in controller mode, fewer in-sync replicas than minInSyncReplicas refuses
 * with IN_SYNC_REPLICAS_NOT_ENOUGH before storing; the client receives SYSTEM_ERROR and resends elsewhere. */
describe('RocketMQ 5.x controller mode: minInSyncReplicas refusal is a retried SYSTEM_ERROR', () => {
  it('RocketMQ: controller mode: a group short of minInSyncReplicas refuses, and the producer resends to the other group', () => {
    const s = scenario({ durationMs: 60_000, workload: { ratePerSec: 50 }, rocketmq: { release: '5.x', enableControllerMode: true, minInSyncReplicas: 2, inSyncReplicas: 2 } });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    sim.runUntil(30_000);
    const slave = ['broker-a-0', 'broker-a-1'].find((b) => sim.state.brokers[b].brokerId > 0)!;
    sim.scheduleFault({ atMs: 30_000, system: 'rocketmq', action: 'crash', target: slave }, -1, 30_001);
    sim.runUntil(s.durationMs);
    const l = sim.world.ledger;
    let failedAfter = 0, ackedAfter = 0;
    for (let id = 0; id < ledgerSize(l); id++) {
      if (sentAtOf(l, id) <= 31_000) continue;
      if (failedAtOf(l, id) >= 0) failedAfter++;
      if (ackedAtOf(l, id) >= 0) ackedAfter++;
    }
    expect(failedAfter).toBe(0);
    expect(ackedAfter).toBeGreaterThan(1_000);
  });
});

import { describe, expect, it } from 'vitest';
import { run, runSim, fault, events, scenario } from './helpers';
import { createSim } from '../../src/sim/run';
import { buildReport } from '../../src/sim/accounting/report';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { ackedAtOf, failedAtOf, sentAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

describe('RocketMQ scenarios', () => {
  it('RocketMQ: ASYNC_FLUSH: a master process crash and restart loses nothing, because the page cache survives', () => {
    const r = run({
      durationMs: 60_000, workload: { ratePerSec: 100, consumers: 0 },
      faults: [fault(20_000, 'crash', 'broker-a-0', { durationMs: 10_000 })],
    });
    expect(r.acked).toBeGreaterThan(5000);
    expect(r.lostAcked).toBe(0);
    expect(r.strandedAcked).toBe(0);
    expect(r.pendingAcked).toBe(r.acked);
  });

  it('RocketMQ: power loss of every broker loses acknowledged messages under ASYNC_FLUSH, none under SYNC_FLUSH', () => {
    const faults = ['broker-a-0', 'broker-a-1', 'broker-b-0', 'broker-b-1'].map((b) => fault(30_000, 'powerLoss', b, { durationMs: 10_000 }));
    const base = { durationMs: 60_000, workload: { ratePerSec: 100, consumers: 0 }, faults };
    const async = run({ ...base, rocketmq: { flushDiskType: 'ASYNC_FLUSH' } });
    expect(async.lostAcked).toBeGreaterThan(0);
    expect(async.anomalies.find((a) => a.kind === 'lost')?.cause.code).toBe('rocketmq.lostUnflushed');
    // Reported lost when the power went, not at the report's time.
    expect(new Set(async.anomalies.filter((a) => a.kind === 'lost').map((a) => a.at))).toEqual(new Set([30_000]));
    const sync = run({ ...base, rocketmq: { flushDiskType: 'SYNC_FLUSH' } });
    expect(sync.acked).toBeGreaterThan(2500);
    expect(sync.lostAcked).toBe(0);
  });

  it('RocketMQ: slowed slave, master destroyed: ASYNC_MASTER loses acknowledged messages, SYNC_MASTER none; the group stays readable from the slave and writes move to the other group', () => {
    const base = {
      durationMs: 260_000,
      workload: { ratePerSec: 100, consumers: 0, stopProducingAtMs: 240_000 },
      faults: [
        fault(5_000, 'slow', 'broker-a-1', { delayMs: 500 }),
        fault(30_000, 'destroy', 'broker-a-0'),
        fault(200_000, 'start', 'consumer-1'),
      ],
    };
    for (const brokerRole of ['ASYNC_MASTER', 'SYNC_MASTER'] as const) {
      const { sim, report } = runSim({ ...base, rocketmq: { brokerRole } });
      if (brokerRole === 'ASYNC_MASTER') {
        expect(report.lostAcked).toBeGreaterThan(0);
        expect(report.anomalies.find((a) => a.kind === 'lost')?.cause.code).toBe('rocketmq.lostWithDisk');
      } else expect(report.lostAcked).toBe(0);
      // Everything the slave holds was consumed from it; nothing is left unreadable.
      expect(report.pendingAcked).toBe(0);
      expect(report.strandedAcked).toBe(0);
      expect(report.ackedDelivered + report.lostAcked).toBe(report.acked);
      // A destroyed host sends no FIN: the NameServer expires it after 120 s, then the producer's next poll drops the group.
      const moved = events(sim, 'ROUTE_CHANGED', 'producer-1').find((e) => e.data?.publish === 'broker-b');
      expect(moved).toBeDefined();
      expect(moved!.at - 30_000).toBeGreaterThan(120_000);
      expect(moved!.at - 30_000).toBeLessThanOrEqual(160_000 + 10);
      const l = sim.world.ledger;
      for (let id = 0; id < ledgerSize(l); id++) if (sentAtOf(l, id) > moved!.at) expect(failedAtOf(l, id)).toBe(-1);
    }
  });

  it('RocketMQ: ASYNC_MASTER: a master crash without restart strands unreplicated messages, delivered once the master returns', () => {
    const base = {
      durationMs: 120_000,
      workload: { ratePerSec: 100, consumers: 0, stopProducingAtMs: 100_000 },
      faults: [fault(5_000, 'slow', 'broker-a-1', { delayMs: 500 }), fault(30_000, 'crash', 'broker-a-0'), fault(60_000, 'start', 'consumer-1')],
    };
    const stranded = run(base);
    expect(stranded.strandedAcked).toBeGreaterThan(0);
    expect(stranded.lostAcked).toBe(0);
    expect(stranded.anomalies.filter((a) => a.kind === 'lost')).toHaveLength(0);
    const back = run({ ...base, faults: [...base.faults, fault(80_000, 'restart', 'broker-a-0')] });
    expect(back.strandedAcked).toBe(0);
    expect(back.lostAcked).toBe(0);
    expect(back.ackedDelivered).toBe(back.acked);
  });

  it('RocketMQ: master crash: sync sends with retries move to the other group and none fails', () => {
    const r = run({ durationMs: 60_000, workload: { ratePerSec: 200 }, faults: [fault(20_000, 'crash', 'broker-a-0')] });
    expect(r.failed).toBe(0);
    expect(r.acked).toBe(r.sent);
    expect(r.lostAcked).toBe(0);
  });

  it('RocketMQ: oneway sends into a master before the route changes are lost: a crash loses the ones before the reset, a power loss every one until the route expires', () => {
    const crash = run({ durationMs: 60_000, rocketmq: { sendMode: 'oneway' }, workload: { ratePerSec: 2000, consumers: 1 }, faults: [fault(20_000, 'crash', 'broker-a-0')] });
    expect(crash.lostAcked).toBeGreaterThan(0);
    expect(crash.anomalies.find((a) => a.kind === 'lost')?.cause.code).toBe('rocketmq.neverStored');
    // After the reset the client knows the channel is closed: a new connect is refused, and sendDefaultImpl (one
    // attempt for oneway) throws MQClientException.
    expect(crash.sendStatus.MQClientException).toBeGreaterThan(0);
    const power = run({ durationMs: 200_000, rocketmq: { sendMode: 'oneway' }, workload: { ratePerSec: 20, consumers: 1 }, faults: [fault(20_000, 'powerLoss', 'broker-a-0')] });
    expect(power.lostAcked).toBeGreaterThan(crash.lostAcked);
    expect(power.failed).toBe(0);
  });
});

describe('RocketMQ scenarios: routing', () => {
  it('RocketMQ: an isolated broker stays in the routes for up to about 160 s; sendLatencyFaultEnable avoids it after the first failure', () => {
    const base = { durationMs: 250_000, workload: { ratePerSec: 10 }, faults: [fault(50_000, 'isolate', 'broker-a-0')] };
    const { sim, report } = runSim(base);
    const moved = events(sim, 'ROUTE_CHANGED', 'producer-1').find((e) => e.data?.publish === 'broker-b');
    expect(moved).toBeDefined();
    expect(moved!.at - 50_000).toBeGreaterThan(120_000);
    expect(moved!.at - 50_000).toBeLessThanOrEqual(160_000 + 10);
    // Every send routed to the silent broker costs the whole sendMsgTimeout: no time is left to retry.
    expect(report.sendStatus.RemotingTooMuchRequestException).toBeGreaterThan(300);
    const avoiding = runSim({ ...base, rocketmq: { sendLatencyFaultEnable: true } });
    const l = avoiding.sim.world.ledger;
    let firstFailure = Infinity;
    for (let id = 0; id < ledgerSize(l); id++) if (failedAtOf(l, id) >= 0) firstFailure = Math.min(firstFailure, failedAtOf(l, id));
    expect(firstFailure).toBeLessThan(60_000);
    // Only sends already under way when the first one failed can fail; the broker is then avoided for 10 minutes.
    for (let id = 0; id < ledgerSize(l); id++) if (failedAtOf(l, id) >= 0) expect(sentAtOf(l, id)).toBeLessThanOrEqual(firstFailure);
    expect(avoiding.report.failed).toBeLessThan(20);
  });

  it('RocketMQ: with every NameServer down, producers and consumers keep working on their cached routes', () => {
    const r = run({
      durationMs: 120_000, workload: { ratePerSec: 50 },
      faults: [fault(20_000, 'crash', 'namesrv-1'), fault(20_000, 'crash', 'namesrv-2')],
    });
    expect(r.failed).toBe(0);
    expect(r.acked).toBe(r.sent);
    expect(r.ackedDelivered).toBe(r.acked);
  });
});

describe('RocketMQ scenarios: consumers', () => {
  const slowConsumer2 = fault(1_000, 'slow', 'consumer-2', { delayMs: 300 });

  it('RocketMQ: keyed messages on round-robin queues with concurrent consumption arrive out of order per key', () => {
    const r = run({ durationMs: 30_000, workload: { ratePerSec: 100, keys: 4 }, faults: [slowConsumer2] });
    expect(r.outOfOrder).toBeGreaterThan(0);
  });

  it('RocketMQ: a hash selector with orderly consumption keeps per-key order until a broker fails and keys remap', () => {
    const rocketmq = { orderSelector: 'hash', consumeMode: 'orderly' };
    // consumer-1 lags (its link is slow), so broker-a holds a backlog when its master dies.
    const slowConsumer1 = fault(1_000, 'slow', 'consumer-1', { delayMs: 300 });
    const calm = run({ durationMs: 60_000, workload: { ratePerSec: 100, keys: 8, stopProducingAtMs: 55_000 }, rocketmq, faults: [slowConsumer1] });
    expect(calm.outOfOrder).toBe(0);
    expect(calm.ackedDelivered).toBe(calm.acked);
    const remap = run({
      durationMs: 120_000, workload: { ratePerSec: 100, keys: 8 }, rocketmq,
      faults: [slowConsumer1, fault(35_000, 'crash', 'broker-a-0', { durationMs: 40_000 })],
    });
    // Selector sends are never retried: sends to the dead master fail until the route changes.
    expect(remap.sendStatus.RemotingConnectException).toBeGreaterThan(0);
    // The backlog left on broker-a is consumed only when its master returns (orderly needs the master's
    // queue lock), after the keys' newer messages were consumed from broker-b.
    expect(remap.outOfOrder).toBeGreaterThan(0);
  });

  it('RocketMQ: a consumer crash hands its queues over and replays what was consumed but not yet committed (at most about 5 s)', () => {
    const { sim, report } = runSim({ durationMs: 60_000, workload: { ratePerSec: 200, stopProducingAtMs: 55_000 }, faults: [fault(30_000, 'crash', 'consumer-1')] });
    expect(report.duplicates).toBeGreaterThan(0);
    expect(report.duplicates).toBeLessThanOrEqual(5 * 200);
    // Each repeat is explained: consumer-2 started the queue from the offset consumer-1 had last persisted.
    const dups = report.anomalies.filter((a) => a.kind === 'duplicate');
    expect(dups.length).toBeGreaterThan(0);
    expect(dups.every((a) => a.cause.code === 'rocketmq.redeliveredFromStoredOffset' && a.cause.params?.consumer === 'consumer-2')).toBe(true);
    expect(report.pendingAcked).toBe(0);
    expect(Object.keys(report.assignment)).toEqual(['consumer-2']);
    expect(report.assignment['consumer-2']).toHaveLength(10);
    expect(events(sim, 'REBALANCE', 'consumer-2').some((e) => e.at >= 30_000 && e.at < 30_100)).toBe(true);
  });

  it('RocketMQ: failed consumption is retried through the delay levels (first after 10 s) and lands in the DLQ after maxReconsumeTimes', () => {
    const s = scenario({
      durationMs: 200_000, workload: { ratePerSec: 1, stopProducingAtMs: 500, consumers: 1, consumeFailurePercent: 100 },
      rocketmq: { maxReconsumeTimes: 3 },
    });
    const sim = createSim(s, 'rocketmq');
    const steps: { at: number; code: string }[] = [];
    sim.tap = (step) => steps.push({ at: step.at, code: step.code });
    sim.runUntil(s.durationMs);
    const failures = steps.filter((x) => x.code === 'rocketmq.consumeFailed').map((x) => x.at);
    expect(failures).toHaveLength(4); // the first attempt and 3 retries
    const gaps = failures.slice(1).map((t, i) => t - failures[i]);
    // Delay levels 3, 4, 5: 10 s, 30 s, 1 min (plus the schedule service's 100 ms tick and the network).
    [10_000, 30_000, 60_000].forEach((d, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(d);
      expect(gaps[i]).toBeLessThan(d + 300);
    });
    expect(steps.filter((x) => x.code === 'rocketmq.toDlq')).toHaveLength(1);
    const r = buildReport(sim);
    expect(r.strandedAcked).toBe(1);
    expect(r.anomalies).toHaveLength(0);
    expect(sim.model.locate(sim, 0).cause.code).toBe('rocketmq.inDlq');
  });
});

describe('RocketMQ scenarios: DLedger', () => {
  function dledgerSim(input: Record<string, unknown>) {
    const s = scenario({ ...input, rocketmq: { dledger: true, ...((input.rocketmq as object) ?? {}) } });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    return { s, sim, leaderOf: (g: string) => [0, 1, 2].map((i) => `${g}-${i}`).find((b) => sim.state.brokers[b].raft?.role === 'leader') };
  }

  it('RocketMQ: DLedger: a master crash elects a new master in about 10 s and loses no acknowledged message', () => {
    const { s, sim, leaderOf } = dledgerSim({ durationMs: 120_000, workload: { ratePerSec: 50, stopProducingAtMs: 100_000 } });
    sim.runUntil(40_000);
    const old = leaderOf('broker-a')!;
    sim.scheduleFault({ atMs: 40_000, system: 'rocketmq', action: 'crash', target: old, durationMs: 30_000 }, -1, 40_001);
    sim.runUntil(s.durationMs);
    const elected = events(sim, 'DLEDGER_LEADER').find((e) => e.at > 40_001 && e.node.startsWith('broker-a'));
    expect(elected).toBeDefined();
    expect(elected!.node).not.toBe(old);
    // maintainAsFollower: 6 s after the last heartbeat, which came up to 2 s before the crash.
    expect(elected!.at - 40_001).toBeGreaterThan(4_000);
    expect(elected!.at - 40_001).toBeLessThan(12_000);
    const r = buildReport(sim);
    expect(r.lostAcked).toBe(0);
    expect(r.strandedAcked).toBe(0);
    expect(r.ackedDelivered).toBe(r.acked);
    // The old master rejoins as a follower.
    expect(sim.state.brokers[old].raft?.role).toBe('follower');
  });

  it('RocketMQ: DLedger: with 2 of 3 nodes down the group cannot commit and becomes unwritable', () => {
    const { s, sim, leaderOf } = dledgerSim({ durationMs: 90_000, workload: { ratePerSec: 20 }, rocketmq: { brokerGroups: 1 } });
    sim.runUntil(30_000);
    const leader = leaderOf('broker-a')!;
    for (const b of ['broker-a-0', 'broker-a-1', 'broker-a-2'].filter((x) => x !== leader))
      sim.scheduleFault({ atMs: 30_000, system: 'rocketmq', action: 'crash', target: b }, -1, 30_001);
    sim.runUntil(s.durationMs);
    const l = sim.world.ledger;
    let ackedAfter = 0, failedAfter = 0;
    for (let id = 0; id < ledgerSize(l); id++) {
      if (sentAtOf(l, id) <= 30_001) continue;
      if (ackedAtOf(l, id) >= 0) ackedAfter++;
      if (failedAtOf(l, id) >= 0) failedAfter++;
    }
    expect(ackedAfter).toBe(0);
    expect(failedAfter).toBeGreaterThan(1000);
    expect(events(sim, 'DLEDGER_STEP_DOWN', leader).length).toBeGreaterThan(0);
    expect(buildReport(sim).lostAcked).toBe(0);
  });

  // openmessaging/dledger 0.3.1.2 DLedgerLeaderElector.maintainAsCandidate: a round in which fewer than a
  // majority answered (the vote RPCs of an isolated node time out as UNKNOWN) ends in WAIT_TO_REVOTE, which
  // keeps the term; only WAIT_TO_VOTE_NEXT (a majority answered, nobody accepted) calls MemberState.nextTerm.
  it('RocketMQ: DLedger: a follower isolated for a minute keeps its term and rejoins as a follower: the leader stays, no write fails, nothing acknowledged is lost', () => {
    const { s, sim, leaderOf } = dledgerSim({ durationMs: 120_000, workload: { ratePerSec: 50, stopProducingAtMs: 110_000 }, rocketmq: { brokerGroups: 1 } });
    sim.runUntil(30_000);
    const leader = leaderOf('broker-a')!;
    const follower = ['broker-a-0', 'broker-a-1', 'broker-a-2'].find((b) => b !== leader)!;
    const term = sim.state.brokers[leader].raft!.term;
    sim.scheduleFault({ atMs: 30_000, system: 'rocketmq', action: 'isolate', target: follower, durationMs: 60_000 }, -1, 30_001);
    sim.runUntil(89_000);
    const isolated = sim.state.brokers[follower].raft!;
    expect(isolated.role).toBe('candidate');
    expect(isolated.term).toBe(term);
    sim.runUntil(s.durationMs);
    expect(leaderOf('broker-a')).toBe(leader);
    expect(sim.state.brokers[leader].raft!.term).toBe(term);
    expect(sim.state.brokers[follower].raft!.role).toBe('follower');
    expect(events(sim, 'DLEDGER_STEP_DOWN')).toHaveLength(0);
    expect(events(sim, 'DLEDGER_LEADER').filter((e) => e.at > 30_001)).toHaveLength(0);
    const l = sim.world.ledger;
    let failedAfter = 0;
    for (let id = 0; id < ledgerSize(l); id++) if (failedAtOf(l, id) > 30_001) failedAfter++;
    expect(failedAfter).toBe(0);
    const r = buildReport(sim);
    expect(r.lostAcked).toBe(0);
    expect(r.ackedDelivered).toBe(r.acked);
  });

  // DLedgerLeaderElector.handleVote checks the candidate's ledger end term and index first
  // (REJECT_EXPIRED_LEDGER_TERM / REJECT_SMALL_LEDGER_END_INDEX) and only then the term: a larger term
  // from an up-to-date candidate calls changeRoleToCandidate even on a leader with a live majority.
  it('RocketMQ: DLedger: a vote in a higher term from an up-to-date node makes a live leader step down; from a node with a shorter log it changes nothing', () => {
    const { sim, leaderOf } = dledgerSim({ durationMs: 60_000, workload: { ratePerSec: 20, stopProducingAtMs: 20_000 }, rocketmq: { brokerGroups: 1 } });
    sim.runUntil(30_000);
    const leader = leaderOf('broker-a')!;
    const follower = ['broker-a-0', 'broker-a-1', 'broker-a-2'].find((b) => b !== leader)!;
    const term = sim.state.brokers[leader].raft!.term;
    const log = sim.file<unknown>(follower, 'commitlog').entries;
    expect(log.length).toBe(sim.file<unknown>(leader, 'commitlog').entries.length);
    const lastTerm = sim.state.brokers[leader].raft!.term;
    // A node with a shorter log, in a much higher term: turned away, the leader is untouched.
    sim.send(follower, leader, { type: 'raftVote', seq: -1, term: term + 5, lastTerm, lastLen: log.length - 1 });
    sim.runUntil(31_000);
    expect(leaderOf('broker-a')).toBe(leader);
    expect(events(sim, 'DLEDGER_STEP_DOWN')).toHaveLength(0);
    // The same node once up to date: the leader steps down and the group elects again in the higher term.
    sim.send(follower, leader, { type: 'raftVote', seq: -1, term: term + 5, lastTerm, lastLen: log.length });
    sim.runUntil(40_000);
    const down = events(sim, 'DLEDGER_STEP_DOWN', leader);
    expect(down).toHaveLength(1);
    expect(down[0].code).toBe('rocketmq.log.dledgerStepDown.vote');
    const next = events(sim, 'DLEDGER_LEADER').find((e) => e.at >= down[0].at)!;
    expect(next).toBeDefined();
    // Unwritable from the step-down until the next leader: a vote interval (300-1000 ms) and a revote.
    expect(next.at - down[0].at).toBeLessThan(2_500);
    expect(sim.state.brokers[leaderOf('broker-a')!].raft!.term).toBe(term + 5);
    sim.runUntil(60_000);
    const r = buildReport(sim);
    expect(r.lostAcked).toBe(0);
    expect(r.ackedDelivered).toBe(r.acked);
  });
});

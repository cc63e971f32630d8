import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { RmqState } from '../../src/sim/rocketmq/state';
import { commitLog } from '../../src/sim/rocketmq/store';
import { fault, runSim, scenario } from './helpers';

/** Audit of the store, flush and replication against rocketmq-all-4.9.8 and rocketmq-all-5.3.3. */
describe('RocketMQ store audit', () => {
  // BrokerController.shutdown -> DefaultMessageStore.shutdown -> CommitLog.shutdown: FlushRealTimeService
  // ends with mappedFileQueue.flush(0), so a host that loses power after its broker was stopped loses nothing.
  it('a broker stopped gracefully has flushed its CommitLog: a power loss afterwards loses no message', () => {
    const base = { durationMs: 60_000, rocketmq: { replicasPerGroup: 1, brokerGroups: 1 } };
    const stopped = runSim({ ...base, faults: [fault(20_200, 'stop', 'broker-a-0'), fault(21_000, 'powerLoss', 'broker-a-0'), fault(25_000, 'start', 'broker-a-0')] }).report;
    expect(stopped.acked).toBeGreaterThan(500);
    expect(stopped.lostAcked + stopped.strandedAcked).toBe(0);
    expect(stopped.delivered).toBe(stopped.acked);
    // Control: the same power loss on a running broker (ASYNC_FLUSH) does cost messages, so the test can see one.
    const running = runSim({ ...base, faults: [fault(20_200, 'powerLoss', 'broker-a-0'), fault(25_000, 'restart', 'broker-a-0')] }).report;
    expect(running.lostAcked + running.strandedAcked).toBeGreaterThan(0);
  });

  it('a graceful stop writes consumerOffset.json: the restarted broker starts from the offsets it had', () => {
    const { sim } = runSim({ durationMs: 22_700, rocketmq: { replicasPerGroup: 1, brokerGroups: 1 }, faults: [fault(22_600, 'stop', 'broker-a-0')] });
    const f = sim.world.disks['broker-a-0'].consumerOffset;
    const saved = f.entries.get(f.entries.length - 1) as Record<string, number>;
    // The periodic persist ran at 20 s; the stop at 22.6 s wrote the offsets committed since.
    expect(Object.values(saved).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(220);
  });

  // 5.3.0+ ReputMessageService.getReputEndOffset: CommitLog.getConfirmOffset = getFlushedWhere() under SYNC_FLUSH
  // (readUnCommitted = false); 4.9.8 dispatches up to getMaxOffset.
  function firstUnflushedMoment(release: '4.x' | '5.x') {
    const s = scenario({ durationMs: 10_000, rocketmq: { release, flushDiskType: 'SYNC_FLUSH', replicasPerGroup: 1, brokerGroups: 1 } });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    for (let i = 0; i < 100_000 && sim.now < s.durationMs; i++) {
      sim.step();
      const f = commitLog(sim, 'broker-a-0');
      if (f.entries.length > f.durableLength) return { sim, f, b: sim.state.brokers['broker-a-0'] };
    }
    throw new Error('no unflushed moment');
  }

  it('5.x SYNC_FLUSH: a message is dispatched to its ConsumeQueue only once flushed', () => {
    const { sim, f, b } = firstUnflushedMoment('5.x');
    expect(b.dispatched).toBe(f.durableLength);
    const cqLen = Object.values(b.cq).reduce((n, cq) => n + cq.length, 0);
    expect(cqLen).toBe(f.durableLength);
    while (f.durableLength < f.entries.length) sim.step();
    expect(b.dispatched).toBe(f.entries.length);
  });

  it('4.x SYNC_FLUSH: the reput service dispatches what is only in the page cache', () => {
    const { f, b } = firstUnflushedMoment('4.x');
    expect(b.dispatched).toBe(f.entries.length);
  });

  // 5.3.3 controller mode with allAckInSyncStateSet: ReputMessageService stops at CommitLog.getConfirmOffset, on a
  // master the smallest ack of the SyncStateSet (AutoSwitchHAService.computeConfirmOffset).
  it('controller mode with allAckInSyncStateSet: the master dispatches only what every SyncStateSet member has', () => {
    const s = scenario({
      durationMs: 40_000, rocketmq: { release: '5.x', enableControllerMode: true, allAckInSyncStateSet: true, brokerGroups: 1 },
      faults: [fault(20_000, 'isolate', 'broker-a-1', { durationMs: 4_000 })],
    });
    const sim = createSim(s, 'rocketmq') as Sim<RmqState>;
    let gated = 0;
    let sssTwo = 0;
    while (sim.now < s.durationMs && sim.nextEventAt() <= s.durationMs) {
      sim.step();
      const master = sim.state.brokerNodes.find((n) => sim.state.brokers[n].brokerId === 0);
      if (!master) continue;
      const b = sim.state.brokers[master];
      const len = commitLog(sim, master).entries.length;
      if (b.ctl!.sss.length < 2) continue;
      sssTwo++;
      // A member without a connection leaves the confirmOffset where it was (computeConfirmOffset, issue 6662).
      if (b.ctl!.sss.some((m) => m !== master && !b.ha[m])) continue;
      let confirm = len;
      for (const m of b.ctl!.sss) if (m !== master) confirm = Math.min(confirm, b.ha[m].ackLen);
      expect(b.dispatched).toBeLessThanOrEqual(confirm);
      if (b.dispatched < len) gated++;
    }
    expect(sssTwo).toBeGreaterThan(1000);
    expect(gated).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { run, runSim, fault, events } from './helpers';

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
      for (let id = 0; id < l.sentAt.length; id++) if (l.sentAt.get(id) > moved!.at) expect(l.failedAt.get(id)).toBe(-1);
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
    // After the reset the client knows the channel is closed: a new connect is refused and the call throws.
    expect(crash.sendStatus.RemotingConnectException).toBeGreaterThan(0);
    const power = run({ durationMs: 200_000, rocketmq: { sendMode: 'oneway' }, workload: { ratePerSec: 20, consumers: 1 }, faults: [fault(20_000, 'powerLoss', 'broker-a-0')] });
    expect(power.lostAcked).toBeGreaterThan(crash.lostAcked);
    expect(power.failed).toBe(0);
  });
});

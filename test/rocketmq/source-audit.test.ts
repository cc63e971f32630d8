import { describe, expect, it } from 'vitest';
import { runSim, fault, events } from './helpers';
import { commitLog } from '../../src/sim/rocketmq/store';
import { selectQueue } from '../../src/sim/rocketmq/producer';
import { onHaAck } from '../../src/sim/rocketmq/ha';
import { ledgerSize } from '../../src/sim/accounting/ledger';

/*
 * Rules checked against apache/rocketmq rocketmq-all-4.9.8 / 5.3.x and openmessaging/dledger 0.3.1.2
 * (the version 4.9.8's pom pins). Each test names the class and method it follows.
 */
describe('RocketMQ source audit: NameServer', () => {
  // NamesrvController.initialize (4.9.8): scanNotActiveBroker with initial delay 5 s, period 10 s;
  // 5.x startScheduleService: initial delay 5 ms, period scanNotActiveBrokerInterval = 5 s.
  // RouteInfoManager.scanNotActiveBroker expires when last + 120 s < now.
  for (const [release, expected] of [['4.x', 165_000], ['5.x', 160_005]] as const) {
    it(`RocketMQ ${release}: a silent broker last registered at 40 s is expired by the first scan after 160 s (at ${expected} ms)`, () => {
      const { sim } = runSim({
        durationMs: 175_000, rocketmq: { release }, workload: { ratePerSec: 1, consumers: 0 },
        faults: [fault(41_000, 'isolate', 'broker-b-1')],
      });
      const expired = events(sim, 'BROKER_CHANNEL_EXPIRED', 'namesrv-1').filter((e) => e.data?.broker === 'broker-b-1');
      expect(expired).toHaveLength(1);
      expect(expired[0].at).toBe(expected);
    });
  }
});

describe('RocketMQ source audit: store flush', () => {
  // CommitLog.FlushRealTimeService.run: the first pass is thorough (lastFlushTimestamp = 0); the next
  // thorough pass starts 10 s later and flushes after its 500 ms sleep, i.e. at 10.5 s.
  it('RocketMQ: ASYNC_FLUSH at 1 msg/s (under 4 pages) leaves the CommitLog unflushed until the thorough pass at 10.5 s', () => {
    const base = { rocketmq: { brokerGroups: 1, replicasPerGroup: 1 }, workload: { ratePerSec: 1, consumers: 0 } };
    const before = runSim({ ...base, durationMs: 10_400 }).sim;
    const f1 = commitLog(before, 'broker-a-0');
    expect(f1.entries.length - f1.durableLength).toBeGreaterThanOrEqual(9);
    const after = runSim({ ...base, durationMs: 10_600 }).sim;
    const f2 = commitLog(after, 'broker-a-0');
    expect(f2.entries.length).toBeGreaterThan(9);
    expect(f2.durableLength).toBe(f2.entries.length);
  });

  // DLedgerMmapFileStore.FlushDataService: flush(0) every DLedgerConfig.flushFileInterval = 10 ms.
  it('RocketMQ: DLedger flushes its log every 10 ms, so at most the last 10 ms of entries are unflushed', () => {
    const { sim } = runSim({ durationMs: 20_003, rocketmq: { dledger: true, brokerGroups: 1 }, workload: { ratePerSec: 200, consumers: 0 } });
    for (const node of ['broker-a-0', 'broker-a-1', 'broker-a-2']) {
      const f = commitLog(sim, node);
      expect(f.entries.length).toBeGreaterThan(3000);
      expect(f.entries.length - f.durableLength).toBeLessThanOrEqual(3);
    }
  });
});

describe('RocketMQ source audit: producer', () => {
  // DefaultMQProducerImpl.sendDefaultImpl: a SendStatus other than SEND_OK is resent only in SYNC mode
  // with retryAnotherBrokerWhenNotStoreOK; MQClientAPIImpl.sendMessageAsync hands any SendResult to
  // onSuccess and never retries an answer.
  it('RocketMQ: SYNC_MASTER without a slave, retryAnotherBrokerWhenNotStoreOK: sync stores each message 3 times, async once', () => {
    const copies = (sendMode: string) => {
      const { sim, report } = runSim({
        durationMs: 5_000, workload: { ratePerSec: 10, consumers: 0 },
        rocketmq: { replicasPerGroup: 1, brokerRole: 'SYNC_MASTER', retryAnotherBrokerWhenNotStoreOK: true, sendMode },
      });
      expect(report.acked).toBe(0); // SLAVE_NOT_AVAILABLE is not SEND_OK
      const stored = commitLog(sim, 'broker-a-0').entries.length + commitLog(sim, 'broker-b-0').entries.length;
      return stored / ledgerSize(sim.world.ledger);
    };
    expect(copies('sync')).toBe(3);
    expect(copies('async')).toBe(1);
  });

  // LatencyFaultToleranceImpl.pickOneAtLeast + MQFaultStrategy.selectOneMessageQueue (4.9.8).
  it('selectQueue: with every broker unavailable, sendLatencyFaultEnable picks the fault item with the lowest latency', () => {
    const sim = { now: 1_000, scenario: { rocketmq: { queuesPerBroker: 4, sendLatencyFaultEnable: true, release: '4.x' } } };
    const p = {
      publish: [0, 1], sendWhichQueue: 5, faultUntil: { 0: 601_000, 1: 31_000 }, faultLatency: { 0: 3_000, 1: 600 },
      whichItemWorst: 7,
    };
    const ps = { selector: false, lastGroup: 1, k: 0 };
    for (let i = 0; i < 4; i++) expect(selectQueue(sim as never, p as never, ps as never)).toBeGreaterThanOrEqual(4);
  });

  // ThreadLocalIndex.incrementAndGet: ++index & 0x7FFFFFFF, so Integer.MAX_VALUE + 1 becomes 0.
  it('selectQueue: the sendWhichQueue counter wraps like a Java int masked to 31 bits', () => {
    const sim = { now: 0, scenario: { rocketmq: { queuesPerBroker: 3, sendLatencyFaultEnable: false, release: '4.x' } } };
    const p = { publish: [0, 1], sendWhichQueue: 0x7fffffff, faultUntil: {}, faultLatency: {}, whichItemWorst: 0 };
    expect(selectQueue(sim as never, p as never, { selector: false, lastGroup: -1, k: 0 } as never)).toBe(0);
    expect(p.sendWhichQueue).toBe(0);
  });
});

describe('RocketMQ source audit: consumer offsets on the slave', () => {
  // SlaveSynchronize.syncConsumerOffset every 10 s: a queue taken over while its master is down resumes
  // from the slave's copy of the offset (at most ~10 s + persistConsumerOffsetInterval old), not from 0.
  it('RocketMQ: master crashed, then a consumer crashes: its queues resume on the other consumer from the slave’s synced offset, replaying seconds, not the whole queue', () => {
    const { report } = runSim({
      durationMs: 90_000, workload: { ratePerSec: 100, consumers: 2 },
      faults: [fault(60_000, 'crash', 'broker-a-0'), fault(62_000, 'crash', 'consumer-1')],
    });
    expect(report.delivered).toBeGreaterThan(5_000);
    // Replaying broker-a's queues of consumer-1 from offset 0 would repeat about 1,500 messages.
    expect(report.duplicates).toBeGreaterThan(0);
    expect(report.duplicates).toBeLessThan(500);
  });
});

describe('RocketMQ source audit: HA', () => {
  // HAClient.dispatchReadRequest closes the connection on an offset mismatch; the reconnect reports the
  // slave's max offset and HAConnection.WriteSocketService resumes from it (nextTransferFromWhere).
  it('onHaAck: a slave reconnecting after an offset mismatch makes the master resume from the slave’s offset', () => {
    const { sim } = runSim({ durationMs: 6_000, rocketmq: { brokerGroups: 1 }, workload: { ratePerSec: 10, consumers: 0 } });
    const conn = sim.state.brokers['broker-a-0'].ha['broker-a-1'];
    expect(conn).toBeDefined();
    const len = commitLog(sim, 'broker-a-1').entries.length;
    conn.nextPush = len + 7;
    const env = { src: 'broker-a-1', dest: 'broker-a-0', srcInc: conn.inc } as never;
    onHaAck(sim, env, len);
    expect(sim.state.brokers['broker-a-0'].ha['broker-a-1'].nextPush).toBe(len + 7); // a plain report does not move it
    onHaAck(sim, env, len, true);
    expect(sim.state.brokers['broker-a-0'].ha['broker-a-1'].nextPush).toBe(len);
  });
});

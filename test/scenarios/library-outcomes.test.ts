import { describe, expect, it } from 'vitest';
import { libraryScenario, run } from './support';
import { kafkaView } from '../../src/sim/kafka/view';
import { ackedAtOf, failedAtOf, sentAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

/**
 * Each built-in scenario teaches one outcome the real systems are known to have. These tests
 * assert that outcome through the same runner `npm run sim` uses, and its counterfactual: the
 * setting the narration tells the learner to change really does change the outcome.
 */
describe('Library: acks1-vs-async-master', () => {
  const s = libraryScenario('acks1-vs-async-master');
  it('Kafka acks=1 loses acknowledged messages when the slowed followers take over', () => {
    expect(run(s, 'kafka').report.lostAcked).toBeGreaterThan(0);
  });
  it('RocketMQ ASYNC_MASTER strands them while the master is down and delivers them after it returns', () => {
    const rmq = run(s, 'rocketmq');
    expect(rmq.at(35_000).strandedAcked).toBeGreaterThan(0);
    expect(rmq.report.lostAcked).toBe(0);
    expect(rmq.report.strandedAcked).toBe(0);
  });
});

describe('Library: acks0-leader-crash', () => {
  const s = libraryScenario('acks0-leader-crash');
  it('Kafka acks=0 loses messages silently when the leader loses power: none failed', () => {
    const k = run(s, 'kafka').report;
    expect(k.lostAcked).toBeGreaterThan(0);
    expect(k.failed).toBe(0);
  });
  it('RocketMQ oneway sends into the powered-off master are lost silently', () => {
    const r = run(s, 'rocketmq').report;
    expect(r.lostAcked).toBeGreaterThan(0);
    expect(r.failed).toBe(0);
  });
  it('the counterfactual the narration names: a process crash resets the connections, so Kafka holds its batches and loses nothing, and RocketMQ fails its oneway sends loudly', () => {
    const crash = libraryScenario('acks0-leader-crash', (i) => {
      for (const f of i.faults) f.action = 'crash';
    });
    expect(run(crash, 'kafka').report.lostAcked).toBe(0);
    expect(run(crash, 'rocketmq').report.failed).toBeGreaterThan(0);
  });
});

describe('Library: acks-all-leader-crash', () => {
  const s = libraryScenario('acks-all-leader-crash');
  it('Kafka acks=all loses nothing acknowledged when the leader is destroyed', () => {
    expect(run(s, 'kafka').report.lostAcked).toBe(0);
  });
  it('RocketMQ SYNC_MASTER loses nothing acknowledged when the master is destroyed', () => {
    expect(run(s, 'rocketmq').report.lostAcked).toBe(0);
  });
  it('the sends Kafka has not been answered for by the end are counted as awaiting: the slowed follower holds every acks=all request up', () => {
    const k = run(s, 'kafka');
    expect(k.report.failed).toBe(0);
    expect(k.report.awaiting).toBeGreaterThan(50);
    expect(k.report.acked + k.report.failed + k.report.awaiting).toBe(k.report.sent);
    // Each of them is the producer's: queued in a batch or in a request not yet answered.
    const p = (k.sim.state as { producers: Record<string, { deques: { ids: number[] }[][]; inFlight: { batches: { ids: number[]; done: boolean }[] }[] }> }).producers['producer-1'];
    const open = p.deques.flat().reduce((n, b) => n + b.ids.length, 0) + p.inFlight.flatMap((r) => r.batches).filter((b) => !b.done).reduce((n, b) => n + b.ids.length, 0);
    expect(open).toBe(k.report.awaiting);
  });
});

describe('Library: min-insync-replicas', () => {
  const s = libraryScenario('min-insync-replicas');
  it('Kafka refuses writes with NOT_ENOUGH_REPLICAS after the second failure, and loses nothing acknowledged', () => {
    const k = run(s, 'kafka');
    expect(k.logged(/^NOT_ENOUGH_REPLICAS/)).toBeGreaterThan(0);
    expect(k.report.failed).toBeGreaterThan(0);
    expect(k.report.lostAcked).toBe(0);
  });
  it('RocketMQ SYNC_MASTER without its slave answers SLAVE_NOT_AVAILABLE', () => {
    expect(run(s, 'rocketmq').report.sendStatus.SLAVE_NOT_AVAILABLE).toBeGreaterThan(0);
  });
});

describe('Library: unclean-election', () => {
  it('Kafka with unclean election loses committed data', () => {
    expect(run(libraryScenario('unclean-election'), 'kafka').report.lostAcked).toBeGreaterThan(0);
  });
  it('Kafka without unclean election loses nothing acknowledged (the partition goes offline instead)', () => {
    const k = run(libraryScenario('unclean-election', (i) => (i.kafka.uncleanLeaderElection = false)), 'kafka');
    expect(k.report.lostAcked).toBe(0);
  });
});

describe('Library: jepsen-2013', () => {
  it('Kafka 0.8 loses acknowledged writes after the ISR shrank to the isolated leader', () => {
    expect(run(libraryScenario('jepsen-2013'), 'kafka').report.lostAcked).toBeGreaterThan(0);
  });
  it('Kafka 4.x loses none: the partition goes offline instead', () => {
    const k = run(libraryScenario('jepsen-2013', (i) => (i.kafka.release = '4.x')), 'kafka');
    expect(k.report.lostAcked).toBe(0);
    expect(k.logged(/OfflinePartitionsCount/)).toBeGreaterThan(0);
  });
});

describe('Library: kip-101-truncate-to-hw', () => {
  it('Kafka 0.8 loses a committed record by truncating to the follower high watermark', () => {
    expect(run(libraryScenario('kip-101-truncate-to-hw'), 'kafka').report.lostAcked).toBeGreaterThan(0);
  });
  it('Kafka 4.x loses none', () => {
    expect(run(libraryScenario('kip-101-truncate-to-hw', (i) => (i.kafka.release = '4.x')), 'kafka').report.lostAcked).toBe(0);
  });
});

describe('Library: kip-279-fast-leader-changes', () => {
  function divergentOffsets(release: string): number {
    const k = run(libraryScenario('kip-279-fast-leader-changes', (i) => (i.kafka.release = release)), 'kafka');
    const view = kafkaView(k.sim as never, 100_000);
    let divergent = 0;
    for (const p of view.partitions) {
      const [a, b] = p.replicas;
      if (!a || !b) continue;
      const byOffset = new Map(a.records.map((r) => [r.offset, r.id]));
      for (const r of b.records) if (byOffset.has(r.offset) && byOffset.get(r.offset) !== r.id) divergent++;
    }
    return divergent;
  }
  it('Kafka 0.11 ends with replica logs that disagree at the same offsets', () => {
    expect(divergentOffsets('0.11')).toBeGreaterThan(0);
  });
  it('Kafka 2.x (KIP-279) ends with identical replica logs', () => {
    expect(divergentOffsets('2.x')).toBe(0);
  });
});

describe('Library: idempotent-retries', () => {
  it('Kafka without idempotence duplicates and reorders after lost responses', () => {
    const k = run(libraryScenario('idempotent-retries'), 'kafka').report;
    expect(k.duplicates).toBeGreaterThan(0);
    expect(k.outOfOrder).toBeGreaterThan(0);
  });
  it('Kafka with idempotence neither duplicates nor reorders', () => {
    const k = run(libraryScenario('idempotent-retries', (i) => (i.kafka.idempotence = true)), 'kafka').report;
    expect(k.duplicates).toBe(0);
    expect(k.outOfOrder).toBe(0);
  });
  it('RocketMQ retryAnotherBrokerWhenNotStoreOK resends stored messages: duplicates', () => {
    expect(run(libraryScenario('idempotent-retries'), 'rocketmq').report.duplicates).toBeGreaterThan(0);
  });
});

describe('Library: correlated-power-loss', () => {
  it('Kafka acks=all loses acknowledged writes when every broker loses power (no fsync)', () => {
    expect(run(libraryScenario('correlated-power-loss'), 'kafka').report.lostAcked).toBeGreaterThan(0);
  });
  it('Kafka with flushIntervalMessages=1 loses none', () => {
    expect(run(libraryScenario('correlated-power-loss', (i) => (i.kafka.flushIntervalMessages = 1)), 'kafka').report.lostAcked).toBe(0);
  });
  it('RocketMQ SYNC_FLUSH loses none', () => {
    expect(run(libraryScenario('correlated-power-loss'), 'rocketmq').report.lostAcked).toBe(0);
  });
});

describe('Library: async-vs-sync-flush', () => {
  it('RocketMQ ASYNC_FLUSH loses acknowledged messages on power loss (and none on the crash)', () => {
    const r = run(libraryScenario('async-vs-sync-flush'), 'rocketmq');
    expect(r.at(39_000).lostAcked).toBe(0);
    expect(r.report.lostAcked).toBeGreaterThan(0);
  });
  it('RocketMQ SYNC_FLUSH loses none', () => {
    expect(run(libraryScenario('async-vs-sync-flush', (i) => (i.rocketmq.flushDiskType = 'SYNC_FLUSH')), 'rocketmq').report.lostAcked).toBe(0);
  });
});

describe('Library: async-vs-sync-master', () => {
  it('RocketMQ ASYNC_MASTER loses acknowledged messages when the master is destroyed', () => {
    expect(run(libraryScenario('async-vs-sync-master'), 'rocketmq').report.lostAcked).toBeGreaterThan(0);
  });
  it('RocketMQ SYNC_MASTER loses none', () => {
    expect(run(libraryScenario('async-vs-sync-master', (i) => (i.rocketmq.brokerRole = 'SYNC_MASTER')), 'rocketmq').report.lostAcked).toBe(0);
  });
});

describe('Library: master-failure-no-failover', () => {
  it('RocketMQ strands unreplicated messages while the master is down and delivers them after', () => {
    const r = run(libraryScenario('master-failure-no-failover'), 'rocketmq');
    expect(r.at(60_000).strandedAcked).toBeGreaterThan(0);
    expect(r.report.lostAcked).toBe(0);
    expect(r.report.strandedAcked).toBe(0);
  });
});

describe('Library: controller-mode-failover', () => {
  const r = run(libraryScenario('controller-mode-failover'), 'rocketmq');
  const st = r.sim.state as { brokers: Record<string, { brokerId: number }> };
  it('RocketMQ 5.x controller mode elects the in-sync slave as soon as the crashed master\'s channel closes, and broker-a takes writes again', () => {
    expect(r.logged(/^CONTROLLER_ELECT_MASTER$/)).toBe(3); // broker-a and broker-b at start, broker-a at 20 s
    let at = -1;
    r.sim.world.log.forEachRange(0, r.sim.world.log.length, (e) => { if (e.kind === 'CHANGE_TO_MASTER' && e.node === 'broker-a-0') at = e.at; });
    expect(at).toBeGreaterThan(20_000);
    expect(at).toBeLessThan(20_100);
    expect(st.brokers['broker-a-0'].brokerId).toBe(0);
    expect(st.brokers['broker-a-1'].brokerId).toBe(2); // rejoined as a slave under its controller brokerId
  });
  it('RocketMQ 5.x controller mode: the old master truncates what the slave never had, and those acknowledged messages are lost', () => {
    expect(r.logged(/^EPOCH_TRUNCATE$/)).toBe(1);
    expect(r.report.lostAcked).toBeGreaterThan(0);
    expect(r.report.anomalies.filter((a) => a.kind === 'lost').every((a) => a.cause.code === 'rocketmq.epochTruncatedLost')).toBe(true);
  });
  it('as the reveal says, the one failed send is message #0, sent before the controller had named a master', () => {
    expect(r.report.failed).toBe(1);
    expect([...r.sim.world.ledger.status]).toEqual([[0, 'MQClientException']]);
    let firstMaster = Infinity;
    r.sim.world.log.forEachRange(0, r.sim.world.log.length, (e) => { if (e.kind === 'CONTROLLER_ELECT_MASTER') firstMaster = Math.min(firstMaster, e.at); });
    expect(sentAtOf(r.sim.world.ledger, 0)).toBeLessThan(firstMaster);
  });
  it('RocketMQ 4.x with the same faults on its master has no failover: nothing is lost, the same messages are stranded until it returns', () => {
    const swap = (t: string) => (t === 'broker-a-0' ? 'broker-a-1' : t === 'broker-a-1' ? 'broker-a-0' : t);
    const s4 = libraryScenario('controller-mode-failover', (input) => {
      input.rocketmq = { release: '4.x' };
      for (const f of input.faults) if (f.system === 'rocketmq') { f.target = swap(f.target); if (f.from) f.from = f.from.map(swap); }
    });
    const r4 = run(s4, 'rocketmq');
    expect(r4.logged(/^CONTROLLER_ELECT_MASTER$/)).toBe(0);
    expect(r4.at(60_000).strandedAcked).toBeGreaterThan(0);
    expect(r4.report.lostAcked).toBe(0);
  });
});

describe('Library: dledger-failover', () => {
  const r = run(libraryScenario('dledger-failover'), 'rocketmq');
  const elections = (node: RegExp, from: number, to: number) => {
    let n = 0;
    r.sim.world.log.forEachRange(0, r.sim.world.log.length, (e) => {
      if (e.kind === 'DLEDGER_LEADER' && node.test(e.node) && e.at > from && e.at < to) n++;
    });
    return n;
  };
  it('RocketMQ DLedger elects a new leader within about 10 s of a leader crash and loses nothing acknowledged', () => {
    expect(elections(/^broker-a-/, 20_000, 30_000)).toBe(1);
    expect(r.report.lostAcked).toBe(0);
  });
  it('RocketMQ DLedger: a leader left without a majority commits nothing: its sends come back SYSTEM_ERROR after 2.5 s and are resent to broker-a, then it steps down', () => {
    // WAIT_QUORUM_ACK_TIMEOUT -> OS_PAGECACHE_BUSY -> ResponseCode.SYSTEM_ERROR, in retryResponseCodes:
    // each send that broker-b-0 could not commit is acknowledged by broker-a within sendMsgTimeout.
    const l = r.sim.world.ledger;
    let timedOut = 0;
    for (let id = 0; id < ledgerSize(l); id++) {
      if (l.notes.get(id)?.code !== 'rocketmq.quorumAckTimeout') continue;
      timedOut++;
      expect(ackedAtOf(l, id) - sentAtOf(l, id)).toBeLessThan(3_000);
    }
    expect(timedOut).toBeGreaterThan(10);
    expect(r.report.failed).toBe(r.at(49_000).failed);
    expect(r.logged(/^DLEDGER_STEP_DOWN$/)).toBe(1);
    // The copies stay uncommitted on broker-b-0 (its followers never return): no duplicate.
    expect(r.report.duplicates).toBe(0);
  });
  it('the first step is true: clients started before any leader, so four sends failed and nothing is consumed until the 30 s route poll', () => {
    const l = r.sim.world.ledger;
    expect([0, 1, 2, 3].map((id) => l.status.get(id))).toEqual(Array(4).fill('MQClientException'));
    expect(r.at(1_500).failed).toBe(4);
    const firstRebalance = r.sim.world.log.toArray().find((e) => e.kind === 'REBALANCE')!.at;
    expect(firstRebalance).toBeGreaterThanOrEqual(30_000);
    expect(firstRebalance).toBeLessThan(31_000);
    expect(r.at(29_000).delivered).toBe(0);
  });
});

describe('Library: nameserver-detection-delay', () => {
  it('RocketMQ sends to the silent broker time out until routes change', () => {
    expect(run(libraryScenario('nameserver-detection-delay'), 'rocketmq').report.failed).toBeGreaterThan(0);
  });
  it('with sendLatencyFaultEnable the producer avoids it after the first failure: fewer failures', () => {
    const without = run(libraryScenario('nameserver-detection-delay'), 'rocketmq').report.failed;
    const withAvoidance = run(libraryScenario('nameserver-detection-delay', (i) => (i.rocketmq.sendLatencyFaultEnable = true)), 'rocketmq').report.failed;
    expect(withAvoidance).toBeLessThan(without);
  });
});

describe('Library: all-nameservers-down', () => {
  it('RocketMQ traffic continues on cached routes: nothing fails, everything is consumed', () => {
    const r = run(libraryScenario('all-nameservers-down'), 'rocketmq').report;
    expect(r.failed).toBe(0);
    expect(r.lostAcked).toBe(0);
    expect(r.delivered).toBeGreaterThan(r.sent * 0.9);
  });
});

describe('Library: ordered-messages-key-remap', () => {
  it('RocketMQ hash selector + orderly consumption reorders keys after a broker fails and keys remap', () => {
    const r = run(libraryScenario('ordered-messages-key-remap'), 'rocketmq');
    expect(r.at(29_000).outOfOrder).toBe(0);
    expect(r.report.outOfOrder).toBeGreaterThan(0);
  });
  it('Kafka keeps per-key order: keys never remap', () => {
    expect(run(libraryScenario('ordered-messages-key-remap'), 'kafka').report.outOfOrder).toBe(0);
  });
});

describe('Library: consumer-rebalance-duplicates', () => {
  const s = libraryScenario('consumer-rebalance-duplicates');
  for (const system of ['kafka', 'rocketmq'] as const) {
    it(`${system}: a consumer crash between offset commits replays messages as duplicates after a rebalance`, () => {
      const r = run(s, system).report;
      expect(r.duplicates).toBeGreaterThan(0);
      expect(r.rebalances).toBeGreaterThan(0);
    });
  }
});

describe('Library: consumer-joins', () => {
  const s = libraryScenario('consumer-joins');
  it('Kafka cooperative-sticky: two rebalances; records of the moved partitions processed in between are consumed again; nobody pauses', () => {
    const k = run(s, 'kafka');
    expect(k.logged(/^PartitionsRevoked$/)).toBe(2);
    expect(k.report.duplicates).toBeGreaterThan(0);
    expect(k.report.anomalies.every((a) => a.kind !== 'duplicate' || ['orders-4', 'orders-5'].includes(String(a.cause.params?.partition)))).toBe(true);
    expect(k.at(29_000).rebalances + 2).toBe(k.report.rebalances);
  });
  it('Kafka with the eager sticky assignor (the counterfactual): one rebalance, nothing consumed twice', () => {
    const k = run(libraryScenario('consumer-joins', (i) => (i.kafka.assignor = 'sticky')), 'kafka');
    expect(k.logged(/^PartitionsRevoked$/)).toBe(0);
    expect(k.report.duplicates).toBe(0);
  });
  it('RocketMQ rebalances at once and repeats only what was consumed after the last reported offset', () => {
    const r = run(s, 'rocketmq').report;
    expect(r.duplicates).toBeLessThan(run(s, 'kafka').report.duplicates);
    expect(r.anomalies.every((a) => a.kind !== 'duplicate' || a.cause.code === 'rocketmq.redeliveredFromStoredOffset')).toBe(true);
  });
});

describe('Library: more-consumers-than-partitions', () => {
  const s = libraryScenario('more-consumers-than-partitions');
  for (const system of ['kafka', 'rocketmq'] as const) {
    it(`${system}: surplus consumers are idle`, () => {
      const assignment = run(s, system).report.assignment;
      const idle = Object.values(assignment).filter((parts) => parts.length === 0).length;
      expect(Object.keys(assignment)).toHaveLength(5);
      expect(idle).toBe(2);
    });
  }
});

describe('Library: retry-and-dlq', () => {
  it('RocketMQ sends messages that keep failing to the DLQ after maxReconsumeTimes', () => {
    const r = run(libraryScenario('retry-and-dlq'), 'rocketmq');
    expect(r.logged(/DLQ/)).toBeGreaterThan(0);
  });
});

describe('Library: producer-cut-off', () => {
  const s = libraryScenario('producer-cut-off');
  const sentInCut = (sim: ReturnType<typeof run>['sim'], pick: (id: number) => boolean) => {
    const l = sim.world.ledger;
    let n = 0;
    for (let id = 0; id < ledgerSize(l); id++) {
      const at = sentAtOf(l, id);
      if (at >= 20_000 && at < 140_000 && pick(id)) n++;
    }
    return n;
  };
  it('Kafka buffers 32 MB, then sends block and fail after max.block.ms; old batches expire; the rest arrive after the cut', () => {
    const { sim, report: r } = run(s, 'kafka');
    const l = sim.world.ledger;
    const blocked: number[] = [];
    for (const [id, status] of l.status) if (status === 'BufferExhaustedException') blocked.push(id);
    expect(blocked.length).toBeGreaterThan(10_000);
    const firstBlocked = Math.min(...blocked.map((id) => sentAtOf(l, id)));
    expect(firstBlocked).toBeGreaterThanOrEqual(36_000); // 32 MB of 4 KB records at 500/s: about 16 s after the cut
    expect(firstBlocked).toBeLessThan(37_000);
    expect(new Set(blocked.map((id) => failedAtOf(l, id) - sentAtOf(l, id)))).toEqual(new Set([60_000]));
    expect(r.sendStatus.TimeoutException).toBeGreaterThan(0); // delivery.timeout.ms ran out in the buffer
    expect(Object.keys(r.sendStatus).sort()).toEqual(['BufferExhaustedException', 'TimeoutException']);
    expect(sentInCut(sim, (id) => ackedAtOf(l, id) >= 0)).toBeGreaterThan(20_000); // "tens of thousands" arrived
    expect(r.lostAcked).toBe(0);
    expect(r.pendingAcked).toBeLessThan(50); // earliest: the group reads from the start; only the last instant's are still on their way
  });
  it('RocketMQ fails every send made during the cut after sendMsgTimeout (3 s), and none of them arrives', () => {
    const { sim, report: r } = run(s, 'rocketmq');
    const l = sim.world.ledger;
    expect(Object.keys(r.sendStatus)).toEqual(['RemotingTooMuchRequestException']);
    const waits = new Set<number>();
    for (const id of l.status.keys()) waits.add(failedAtOf(l, id) - sentAtOf(l, id));
    expect(waits).toEqual(new Set([3_000]));
    expect(Math.min(...[...l.status.keys()].map((id) => failedAtOf(l, id)))).toBeGreaterThanOrEqual(22_900); // "since 23 s"
    expect(sentInCut(sim, (id) => ackedAtOf(l, id) >= 0)).toBe(0);
    expect(r.lostAcked).toBe(0);
  });
  it('with a larger buffer.memory, Kafka blocks no send and keeps more of the cut', () => {
    const big = libraryScenario('producer-cut-off', (i) => (i.kafka = { ...i.kafka, bufferMemory: 1_073_741_824 }));
    const { sim, report: r } = run(big, 'kafka');
    const l = sim.world.ledger;
    expect(r.sendStatus.BufferExhaustedException ?? 0).toBe(0);
    const small = run(s, 'kafka').sim;
    expect(sentInCut(sim, (id) => ackedAtOf(l, id) >= 0)).toBeGreaterThan(sentInCut(small, (id) => ackedAtOf(small.world.ledger, id) >= 0));
  });
});

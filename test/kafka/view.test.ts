import { describe, expect, it } from 'vitest';
import { kafkaMessageIds, kafkaView, kafkaWireKind } from '../../src/sim/kafka/view';
import { run, scenario } from './support';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { KafkaState } from '../../src/sim/kafka/types';

describe('kafkaView', () => {
  it('kafkaView(sim) shows leaders, ISRs, replica logs, the group and real metric names', () => {
    const { sim } = run({ durationMs: 20_000, faults: [{ action: 'crash', target: 'broker-3', atMs: 5_000 }] });
    const v = kafkaView(sim as never, 10);
    expect(v.system).toBe('kafka');
    expect(v.fenced).toEqual(['broker-3']);
    expect(v.partitions).toHaveLength(3);
    for (const p of v.partitions) {
      expect(p.isr).not.toContain('broker-3');
      expect(p.leader).not.toBe('broker-3');
      const leader = p.replicas.find((r) => r.broker === p.leader)!;
      expect(leader.records.length).toBeLessThanOrEqual(10);
      expect(leader.hw).toBeLessThanOrEqual(leader.leo);
    }
    expect(v.metrics.UnderReplicatedPartitions).toBe(3);
    expect(v.metrics.OfflinePartitionsCount).toBe(0);
    expect(v.group.generation).toBeGreaterThan(0);
    expect(v.producers[0].producerId).not.toBeNull();
  });
  it('UnderMinIsrPartitionCount counts partitions with a leader and too small an ISR; an offline partition is counted as offline only', () => {
    const crash = (target: string, atMs: number) => ({ action: 'crash', target, atMs });
    const spec = { durationMs: 60_000, kafka: { minInsyncReplicas: 2 } };
    const two = kafkaView(run({ ...spec, faults: [crash('broker-1', 5_000), crash('broker-2', 5_000)] }).sim as never, 1);
    expect(two.metrics.UnderMinIsrPartitionCount).toBe(3); // broker-3 leads all three with ISR [broker-3]
    expect(two.metrics.OfflinePartitionsCount).toBe(0);
    const all = kafkaView(run({ ...spec, faults: [crash('broker-1', 5_000), crash('broker-2', 5_000), crash('broker-3', 30_000)] }).sim as never, 1);
    expect(all.metrics.OfflinePartitionsCount).toBe(3);
    expect(all.metrics.UnderMinIsrPartitionCount).toBe(0);
  });
  it('kafkaWireKind and kafkaMessageIds classify wire messages', () => {
    expect(kafkaWireKind({ type: 'produce' })).toBe('produce');
    expect(kafkaWireKind({ type: 'produceResp' })).toBe('ack');
    expect(kafkaWireKind({ type: 'replicaFetchResp' })).toBe('replicate');
    expect(kafkaWireKind({ type: 'fetch' })).toBe('fetch');
    expect(kafkaWireKind({ type: 'heartbeat' })).toBe('control');
    expect(kafkaMessageIds({ type: 'produce', ids: [4, 5] })).toEqual([4, 5]);
    expect(kafkaMessageIds({ type: 'fetchResp', parts: [{ ids: [1] }, { ids: [2, 3] }] })).toEqual([1, 2, 3]);
  });
  it("a producer's connections that are not up: down with the time to the next reconnect, or connecting; none while all are up", () => {
    // acks=0 and the leader of p0's process crashes at 10 s: its kernel resets the connection, so
    // the producer sends broker-1 nothing until a reconnect succeeds (each is refused) or the
    // metadata names another leader.
    const fault = (action: string) => scenario({ durationMs: 40_000, kafka: { acks: '0', idempotence: false }, faults: [{ action, target: 'broker-1', atMs: 10_000 }] });
    const sim = createSim(fault('crash'), 'kafka') as Sim<KafkaState>;
    const producer = () => sim.state.producers['producer-1'];
    const conns = () => kafkaView(sim as never, 1).producers[0].conns;
    sim.runUntil(9_990);
    expect(conns()).toEqual([]);
    const leaderOfP0 = () => producer().meta!.parts[0].leader;
    expect(leaderOfP0()).toBe('broker-1');

    // Shortly after the reset: down, waiting out its backoff, and the view says for how long.
    let seenDown = false, seenConnecting = false;
    for (let t = 10_000; t < 12_000; t += 5) {
      sim.runUntil(t);
      const c = producer().conns['broker-1'];
      const v = conns();
      if (c === undefined || c.up) {
        expect(v).toEqual([]);
        continue;
      }
      expect(v).toHaveLength(1);
      expect(v[0].broker).toBe('broker-1');
      expect(v[0].connecting).toBe(c.connecting);
      if (c.connecting) seenConnecting = true;
      else if (c.retryAt > t) {
        seenDown = true;
        expect(v[0].retryInMs).toBe(c.retryAt - t);
        expect(v[0].retryInMs).toBeGreaterThan(0);
        expect(v[0].retryInMs).toBeLessThanOrEqual(1_000);
      } else expect(v[0].retryInMs).toBeNull();
    }
    expect(seenDown).toBe(true);
    expect(seenConnecting).toBe(true); // each reconnect is refused by broker-1's host

    // Later the metadata names another leader: the producer has nothing for broker-1, so it does not
    // reconnect, and the connection stays down with no retry pending.
    sim.runUntil(30_000);
    expect(leaderOfP0()).not.toBe('broker-1');
    expect(producer().meta!.parts.map((p) => p.leader)).not.toContain('broker-1');
    const c = producer().conns['broker-1'];
    expect(c.up || c.connecting).toBe(false);
    expect(c.retryAt).toBeLessThanOrEqual(30_000);
    expect(conns()).toEqual([{ broker: 'broker-1', connecting: false, retryInMs: null }]);

    // A power loss resets nothing: shortly after it the producer still believes it is connected.
    const off = createSim(fault('powerLoss'), 'kafka') as Sim<KafkaState>;
    off.runUntil(10_300);
    expect(kafkaView(off as never, 1).producers[0].conns).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { kafkaMessageIds, kafkaView, kafkaWireKind } from '../../src/sim/kafka/view';
import { run } from './support';

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
});

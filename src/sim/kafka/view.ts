import type { Sim } from '../core/engine';
import { nodeStatusView, type KafkaConnView, type KafkaPartitionView, type KafkaView, type NodeStatusView, type WireKind } from '../views';
import { recordEpoch, recordId, recordKey, type StoredRecord } from './record';
import type { KafkaBody, KafkaState, ProducerConn } from './types';
import { effectiveMinIsr } from './leader';
import { partitionIndex } from './partitioner';

/**
 * What the UI draws for Kafka, derived on demand from the model state (plain data, tails only).
 */
export function kafkaView(sim: Sim<unknown>, tail = 40): KafkaView {
  const s = sim as Sim<KafkaState>;
  const st = s.state;
  const nodes: NodeStatusView[] = s.specs.map((spec) => nodeStatusView(s.world.nodes[spec.name]));
  const meta = st.controller.meta;
  const partitions: KafkaPartitionView[] = meta.parts.map((part) => ({
    name: part.name,
    leader: part.leader,
    leaderEpoch: part.leaderEpoch,
    isr: part.isr.slice(),
    offline: part.leader === null,
    replicas: part.replicas.map((b) => {
      const f = s.world.disks[b]?.[part.name];
      const len = f ? f.entries.length : 0;
      const from = Math.max(0, len - tail);
      const records = f ? (f.entries.toArray(from, len) as StoredRecord[]).map((rec, i) => ({ offset: from + i, id: recordId(rec), key: recordKey(s.world.ledger, rec), tag: recordEpoch(rec) })) : [];
      return { broker: b, leo: len, hw: st.brokers[b]?.replicas[part.name]?.hw ?? 0, flushed: f ? f.durableLength : 0, inIsr: part.isr.includes(b), records };
    }),
  }));
  const producers = Object.entries(st.producers).map(([name, p]) => ({
    name, acks: s.scenario.kafka.acks, inFlight: p.inFlight.length, retries: p.retries, producerId: p.pid >= 0 ? p.pid : null,
    conns: connViews(p.conns, s.now),
  }));
  const g = st.group;
  const members = Object.entries(g.members).map(([name, m]) => ({ name, partitions: m.assignment.slice() }));
  return {
    system: 'kafka', nodes, fenced: meta.fenced.slice(), partitions, producers,
    group: { generation: g.generation, state: g.state, members, committed: { ...g.committed } },
    metrics: metrics(s),
  };
}

/** The connections that are not up, by broker name (most producers have none: an empty array). */
function connViews(conns: Record<string, ProducerConn>, now: number): KafkaConnView[] {
  const out: KafkaConnView[] = [];
  for (const broker in conns) {
    const c = conns[broker];
    if (c.up) continue;
    out.push({ broker, connecting: c.connecting, retryInMs: !c.connecting && c.retryAt > now ? c.retryAt - now : null });
  }
  return out.length > 1 ? out.sort((a, b) => (a.broker < b.broker ? -1 : 1)) : out;
}

function metrics(s: Sim<KafkaState>): Record<string, number> {
  // UnderMinIsrPartitionCount is counted by leaders (Partition.isUnderMinIsr), so an offline
  // partition is not in it, against min.insync.replicas capped at the replication factor since 3.7.
  const minIsr = effectiveMinIsr(s);
  let under = 0, offline = 0, underMin = 0;
  for (const p of s.state.controller.meta.parts) {
    if (p.leader === null) offline++;
    else {
      if (p.isr.length < p.replicas.length) under++;
      if (p.isr.length < minIsr) underMin++;
    }
  }
  const c = s.state.counters;
  let lag = 0;
  for (const cons of Object.values(s.state.consumers))
    for (const p of cons.assigned) {
      const part = s.state.controller.meta.parts.find((x) => x.name === p);
      const hw = part?.leader ? s.state.brokers[part.leader]?.replicas[p]?.hw ?? 0 : 0;
      lag = Math.max(lag, hw - Math.max(0, cons.positions[partitionIndex(p)] ?? 0));
    }
  return {
    UnderReplicatedPartitions: under,
    OfflinePartitionsCount: offline,
    UnderMinIsrPartitionCount: underMin,
    IsrShrinksPerSec: c.IsrShrinksPerSec ?? 0,
    IsrExpandsPerSec: c.IsrExpandsPerSec ?? 0,
    LeaderElectionRateAndTimeMs: c.LeaderElectionRateAndTimeMs ?? 0,
    UncleanLeaderElectionsPerSec: c.UncleanLeaderElectionsPerSec ?? 0,
    FailedProduceRequestsPerSec: c.FailedProduceRequestsPerSec ?? 0,
    'records-lag-max': lag,
  };
}

export function kafkaWireKind(body: unknown): WireKind {
  switch ((body as KafkaBody).type) {
    case 'produce':
      return 'produce';
    case 'produceResp':
      return 'ack';
    case 'replicaFetch':
    case 'replicaFetchResp':
      return 'replicate';
    case 'fetch':
    case 'fetchResp':
      return 'fetch';
    default:
      return 'control';
  }
}

export function kafkaMessageIds(body: unknown): number[] {
  const b = body as KafkaBody;
  if (b.type === 'produce') return b.parts ? b.parts.flatMap((p) => p.ids) : (b as unknown as { ids: number[] }).ids;
  if (b.type === 'replicaFetchResp') return b.parts.flatMap((p) => p.records.map(recordId));
  if (b.type === 'fetchResp') return b.parts.flatMap((p) => p.ids);
  return [];
}

import type { Sim } from '../core/engine';
import { kemit } from './emit';
import type { Envelope } from '../core/types';
import { kafkaBrokerName, kafkaPartitionName } from '../scenario/topology';
import type { ControllerState, KafkaBody, KafkaState, Metadata, PartMeta } from './types';

/**
 * The KRaft controller quorum, modelled as one healthy node `controller`. It owns partition
 * leadership and ISRs (the metadata log), fences a broker whose heartbeats stop for
 * broker.session.timeout.ms, and elects leaders: a live ISR member, else (when
 * unclean.leader.election.enable) any live replica, else none (offline). Sources:
 * QuorumController, ReplicationControlManager, PartitionChangeBuilder, BrokerHeartbeatManager.
 */
export const CONTROLLER = 'controller';

/** Replica placement without racks: partition p, replica i on broker ((p + i) mod N) + 1. */
export function replicasFor(p: number, brokers: number, rf: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < rf; i++) out.push(kafkaBrokerName(((p + i) % brokers) + 1));
  return out;
}

export function initController(sim: Sim<KafkaState>): ControllerState {
  const k = sim.scenario.kafka;
  const parts: PartMeta[] = [];
  for (let p = 0; p < k.partitions; p++) {
    const replicas = replicasFor(p, k.brokers, k.replicationFactor);
    parts.push({ name: kafkaPartitionName(sim.scenario.workload.topic, p), index: p, replicas, leader: replicas[0], leaderEpoch: 0, isr: replicas.slice() });
  }
  const lastHeartbeat: Record<string, number> = {};
  const incarnation: Record<string, number> = {};
  const registeredAt: Record<string, number> = {};
  for (let b = 1; b <= k.brokers; b++) {
    lastHeartbeat[kafkaBrokerName(b)] = 0;
    incarnation[kafkaBrokerName(b)] = 0;
    registeredAt[kafkaBrokerName(b)] = 0;
    sim.setTimer(CONTROLLER, k.brokerSessionTimeoutMs, { type: 'sessionCheck', broker: kafkaBrokerName(b) });
  }
  return { meta: { version: 1, parts, fenced: [] }, lastHeartbeat, incarnation, registeredAt, uncleanEpochs: {} };
}

function publish(sim: Sim<KafkaState>, parts: PartMeta[], fenced: string[]): void {
  const c = sim.state.controller;
  c.meta = { version: c.meta.version + 1, parts, fenced };
  const body: KafkaBody = { type: 'metadata', meta: c.meta };
  for (const b of Object.keys(c.lastHeartbeat)) sim.send(CONTROLLER, b, body);
}

export function onControllerMessage(sim: Sim<KafkaState>, env: Envelope<KafkaBody>): void {
  const body = env.body;
  const c = sim.state.controller;
  if (body.type === 'heartbeat') {
    const b = body.broker;
    if (c.incarnation[b] !== body.inc) {
      // A new incarnation registers: the old one is fenced at once (its replicas leave every ISR).
      // ZooKeeper-era releases only noticed a failed broker when its session expired, so a quick
      // restart kept its replicas in the ISR (the KIP-101 story needs exactly that).
      c.incarnation[b] = body.inc;
      const zkEra = sim.scenario.kafka.release === '0.8' || sim.scenario.kafka.release === '0.11';
      if (!zkEra) {
        if (!c.meta.fenced.includes(b)) fence(sim, b, 'kafka.log.fencedReregistered');
        c.registeredAt[b] = c.meta.version;
      }
    }
    c.lastHeartbeat[b] = sim.now;
    sim.setTimer(CONTROLLER, sim.scenario.kafka.brokerSessionTimeoutMs, { type: 'sessionCheck', broker: b });
    // BrokerHeartbeatManager.calculateNextBrokerState: FENCED -> UNFENCED once the broker's
    // metadata has caught up to its registration (currentMetadataOffset >= registerBrokerRecordOffset).
    // A restarted broker therefore stays fenced until the heartbeat after it loaded the metadata.
    if (c.meta.fenced.includes(b) && body.version >= c.registeredAt[b]) unfence(sim, b);
    sim.send(CONTROLLER, b, { type: 'heartbeatResp', fenced: false, meta: body.version === c.meta.version ? null : c.meta });
  } else if (body.type === 'alterPartition') {
    alterPartition(sim, env.src, body.partition, body.leaderEpoch, body.isr);
  } else if (body.type === 'controlledShutdown') {
    if (!c.meta.fenced.includes(body.broker)) fence(sim, body.broker, 'kafka.log.fencedShutdown');
  }
}

export function onControllerTimer(sim: Sim<KafkaState>, broker: string): void {
  const c = sim.state.controller;
  if (c.meta.fenced.includes(broker)) return;
  if (sim.now - c.lastHeartbeat[broker] >= sim.scenario.kafka.brokerSessionTimeoutMs)
    fence(sim, broker, 'kafka.log.fencedExpired');
}

/** Fences a broker: out of every ISR (unless it is the last member) and no longer a leader. */
function fence(sim: Sim<KafkaState>, broker: string, why: 'kafka.log.fencedReregistered' | 'kafka.log.fencedShutdown' | 'kafka.log.fencedExpired'): void {
  const c = sim.state.controller;
  const fenced = c.meta.fenced.concat([broker]);
  // Only the heartbeat sentence shows `ms`; the others ignore it.
  kemit(sim, { kind: 'BrokerFenced', node: broker, cat: 'isr', code: why, params: { broker, ms: sim.scenario.kafka.brokerSessionTimeoutMs } });
  const parts = c.meta.parts.map((p) => {
    if (!p.replicas.includes(broker)) return p;
    const isr = p.isr.length > 1 ? p.isr.filter((r) => r !== broker) : p.isr;
    const next = { ...p, isr };
    return p.leader === broker ? elect(sim, next, fenced) : next;
  });
  publish(sim, parts, fenced);
}

function unfence(sim: Sim<KafkaState>, broker: string): void {
  const c = sim.state.controller;
  const fenced = c.meta.fenced.filter((b) => b !== broker);
  kemit(sim, { kind: 'BrokerUnfenced', node: broker, cat: 'isr', code: 'kafka.log.unfenced', params: { broker } });
  const parts = c.meta.parts.map((p) => (p.leader === null && p.replicas.includes(broker) ? elect(sim, p, fenced) : p));
  publish(sim, parts, fenced);
}

/**
 * Picks a leader for a partition whose leader is gone: the first replica in assignment order that
 * is in the ISR and not fenced; else, with unclean election, the first unfenced replica (the ISR
 * becomes just that replica); else none, and the partition is offline. Any change of leader bumps
 * the leader epoch.
 */
function elect(sim: Sim<KafkaState>, p: PartMeta, fenced: string[]): PartMeta {
  const live = (b: string) => !fenced.includes(b);
  const clean = p.replicas.find((r) => p.isr.includes(r) && live(r));
  const epoch = p.leaderEpoch + 1;
  if (clean) {
    kemit(sim, { kind: 'LeaderElectionRateAndTimeMs', node: clean, cat: 'election', code: 'kafka.log.electedFromIsr', params: { partition: p.name, broker: clean, epoch }, data: { partition: p.name, epoch } });
    return { ...p, leader: clean, leaderEpoch: epoch };
  }
  const unclean = sim.scenario.kafka.uncleanLeaderElection ? p.replicas.find(live) : undefined;
  if (unclean) {
    const c = sim.state.controller;
    c.uncleanEpochs[p.name] = (c.uncleanEpochs[p.name] ?? []).concat([epoch]);
    kemit(sim, { kind: 'UncleanLeaderElectionsPerSec', node: unclean, cat: 'election', code: 'kafka.log.uncleanElection', params: { partition: p.name, broker: unclean, epoch }, data: { partition: p.name, epoch } });
    return { ...p, leader: unclean, leaderEpoch: epoch, isr: [unclean] };
  }
  if (p.leader !== null)
    kemit(sim, { kind: 'OfflinePartitionsCount', node: CONTROLLER, cat: 'election', code: 'kafka.log.offline', params: { partition: p.name, isr: p.isr.join(', ') }, data: { partition: p.name } });
  return p.leader === null ? p : { ...p, leader: null, leaderEpoch: epoch };
}

/** AlterPartition from a leader (KIP-497): accepted only from the current leader and epoch. */
function alterPartition(sim: Sim<KafkaState>, from: string, name: string, leaderEpoch: number, isr: string[]): void {
  const c = sim.state.controller;
  const cur = c.meta.parts.find((p) => p.name === name);
  if (!cur) return;
  const ok = cur.leader === from && cur.leaderEpoch === leaderEpoch && isr.every((b) => b === from || !c.meta.fenced.includes(b) || cur.isr.includes(b));
  if (!ok) {
    sim.send(CONTROLLER, from, { type: 'metadata', meta: c.meta });
    return;
  }
  const parts = c.meta.parts.map((p) => (p === cur ? { ...p, isr: isr.slice() } : p));
  publish(sim, parts, c.meta.fenced);
}

export function metadataOf(state: KafkaState): Metadata {
  return state.controller.meta;
}

import type { Sim } from '../core/engine';
import { kemit } from './emit';
import type { Envelope } from '../core/types';
import { kafkaBrokerName, kafkaPartitionName } from '../scenario/topology';
import type { ControllerState, KafkaBody, KafkaState, Metadata, PartMeta } from './types';

/**
 * The KRaft controller quorum, modelled as one healthy node `controller`. It owns partition
 * leadership and ISRs (the metadata log), fences a broker whose heartbeats stop for
 * broker.session.timeout.ms, and elects leaders: a live ISR member, else (when
 * unclean.leader.election.enable) any live replica, else none (offline). A broker in controlled
 * shutdown is not a candidate either. Sources:
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
    parts.push({ name: kafkaPartitionName(sim.scenario.workload.topic, p), index: p, replicas, leader: replicas[0], leaderEpoch: 0, partitionEpoch: 0, isr: replicas.slice() });
  }
  const lastHeartbeat: Record<string, number> = {};
  const incarnation: Record<string, number> = {};
  const registeredAt: Record<string, number> = {};
  const reported: Record<string, number> = {};
  const shutdownVersion: Record<string, number> = {};
  for (let b = 1; b <= k.brokers; b++) {
    const name = kafkaBrokerName(b);
    lastHeartbeat[name] = 0;
    incarnation[name] = 0;
    registeredAt[name] = 0;
    reported[name] = 1;
    shutdownVersion[name] = -1;
    sim.setTimer(CONTROLLER, k.brokerSessionTimeoutMs, { type: 'sessionCheck', broker: name });
  }
  return { meta: { version: 1, parts, fenced: [], shuttingDown: [] }, lastHeartbeat, incarnation, registeredAt, uncleanEpochs: {}, reported, shutdownVersion };
}

/**
 * Publishes a new metadata image. A partition record that changed gets the next partition epoch
 * (PartitionRegistration.merge: every PartitionChangeRecord bumps it).
 */
function publish(sim: Sim<KafkaState>, parts: PartMeta[], fenced: string[], shuttingDown: string[]): void {
  const c = sim.state.controller;
  const old = c.meta.parts;
  for (let i = 0; i < parts.length; i++) if (parts[i] !== old[i]) parts[i] = { ...parts[i], partitionEpoch: old[i].partitionEpoch + 1 };
  c.meta = { version: c.meta.version + 1, parts, fenced, shuttingDown };
  const body: KafkaBody = { type: 'metadata', meta: c.meta };
  for (const b of Object.keys(c.lastHeartbeat)) sim.send(CONTROLLER, b, body);
}

type Heartbeat = Extract<KafkaBody, { type: 'heartbeat' }>;

export function onControllerMessage(sim: Sim<KafkaState>, env: Envelope<KafkaBody>): void {
  const body = env.body;
  const c = sim.state.controller;
  if (body.type === 'heartbeat') onHeartbeat(sim, body);
  else if (body.type === 'alterPartition') {
    alterPartition(sim, env.src, body.partition, body.leaderEpoch, body.partitionEpoch, body.isr);
  } else if (body.type === 'controlledShutdown') {
    if (!c.meta.fenced.includes(body.broker)) fence(sim, body.broker, 'kafka.log.fencedShutdown');
  }
}

/**
 * BrokerRegistration (a heartbeat from a new incarnation stands for it) and BrokerHeartbeat
 * (ClusterControlManager.registerBroker, ReplicationControlManager.processBrokerHeartbeat,
 * BrokerHeartbeatManager.calculateNextBrokerState).
 */
function onHeartbeat(sim: Sim<KafkaState>, body: Heartbeat): void {
  const c = sim.state.controller;
  const k = sim.scenario.kafka;
  const b = body.broker;
  if (c.incarnation[b] !== body.inc) {
    // KRaft refuses a new incarnation while the old one still has a valid session (not fenced and
    // heard from within broker.session.timeout.ms): DuplicateBrokerRegistrationException. A broker
    // that crashed and restarted quickly waits, retrying, until its old session expires and the
    // controller fences it; only then does it register (fenced) and catch up.
    if (k.release === '4.x' && !c.meta.fenced.includes(b) && sim.now - c.lastHeartbeat[b] <= k.brokerSessionTimeoutMs) {
      kemit(sim, { kind: 'DUPLICATE_BROKER_REGISTRATION', node: CONTROLLER, cat: 'error', code: 'kafka.log.duplicateRegistration', params: { broker: b, ms: k.brokerSessionTimeoutMs } });
      sim.send(CONTROLLER, b, { type: 'heartbeatResp', error: 'DUPLICATE_BROKER_REGISTRATION', fenced: true, shutDown: false, meta: null });
      return;
    }
    // A new incarnation registers fenced. ZooKeeper-era releases only noticed a failed broker when
    // its session expired, so a quick restart kept its replicas in the ISR (the KIP-101 story needs
    // exactly that).
    c.incarnation[b] = body.inc;
    c.shutdownVersion[b] = -1;
    const zkEra = k.release === '0.8' || k.release === '0.11';
    if (!zkEra) {
      if (!c.meta.fenced.includes(b)) fence(sim, b, 'kafka.log.fencedReregistered');
      c.registeredAt[b] = c.meta.version;
    }
  }
  c.lastHeartbeat[b] = sim.now;
  c.reported[b] = body.version;
  sim.setTimer(CONTROLLER, k.brokerSessionTimeoutMs, { type: 'sessionCheck', broker: b });
  let shutDown = false;
  if (body.wantShutDown) shutDown = controlledShutdown(sim, b);
  // FENCED -> UNFENCED once the broker's metadata has caught up to its registration
  // (currentMetadataOffset >= registerBrokerRecordOffset).
  else if (c.meta.fenced.includes(b) && body.version >= c.registeredAt[b]) unfence(sim, b);
  sim.send(CONTROLLER, b, { type: 'heartbeatResp', error: null, fenced: c.meta.fenced.includes(b), shutDown, meta: body.version === c.meta.version ? null : c.meta });
}

/**
 * A heartbeat with wantShutDown (KRaft controlled shutdown, KIP-631). A fenced broker, or one that
 * leads nothing, may go at once (SHUTDOWN_NOW: it is fenced). One that leads partitions enters
 * CONTROLLED_SHUTDOWN: it leaves every ISR and its leaderships move to other ISR members
 * (handleBrokerInControlledShutdown). It may go once it leads nothing and every other active
 * broker has reported metadata at least as new as that change (lowestActiveOffset). Returns
 * shouldShutDown.
 */
function controlledShutdown(sim: Sim<KafkaState>, b: string): boolean {
  const c = sim.state.controller;
  if (c.meta.fenced.includes(b)) return true;
  const leads = c.meta.parts.some((p) => p.leader === b);
  if (c.shutdownVersion[b] < 0) {
    if (!leads) {
      fence(sim, b, 'kafka.log.fencedShutdown');
      return true;
    }
    enterControlledShutdown(sim, b);
    return false;
  }
  if (leads || lowestActiveVersion(c) < c.shutdownVersion[b]) return false;
  fence(sim, b, 'kafka.log.fencedShutdown');
  return true;
}

/** BrokerHeartbeatManager.lowestActiveOffset: over unfenced brokers not in controlled shutdown. */
function lowestActiveVersion(c: ControllerState): number {
  let low = Infinity;
  for (const b of Object.keys(c.reported)) {
    if (c.meta.fenced.includes(b) || c.meta.shuttingDown.includes(b)) continue;
    low = Math.min(low, c.reported[b]);
  }
  return low;
}

function enterControlledShutdown(sim: Sim<KafkaState>, broker: string): void {
  const c = sim.state.controller;
  const shuttingDown = c.meta.shuttingDown.concat([broker]);
  kemit(sim, { kind: 'ControlledShutdown', node: broker, cat: 'isr', code: 'kafka.log.controlledShutdown', params: { broker } });
  const parts = c.meta.parts.map((p) => removeBroker(sim, p, broker, c.meta.fenced, shuttingDown));
  publish(sim, parts, c.meta.fenced, shuttingDown);
  c.shutdownVersion[broker] = c.meta.version;
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
  // A fenced broker leaves controlled shutdown (BrokerHeartbeatManager.touch).
  const shuttingDown = c.meta.shuttingDown.includes(broker) ? c.meta.shuttingDown.filter((x) => x !== broker) : c.meta.shuttingDown;
  c.shutdownVersion[broker] = -1;
  // Only the heartbeat sentence shows `ms`; the others ignore it.
  kemit(sim, { kind: 'BrokerFenced', node: broker, cat: 'isr', code: why, params: { broker, ms: sim.scenario.kafka.brokerSessionTimeoutMs } });
  const parts = c.meta.parts.map((p) => removeBroker(sim, p, broker, fenced, shuttingDown));
  publish(sim, parts, fenced, shuttingDown);
}

/**
 * generateLeaderAndIsrUpdates with brokerToRemove: the broker leaves the ISR unless it is the last
 * member (without ELR the ISR never becomes empty), and if it led, a new leader is elected. The
 * record is returned unchanged when nothing changes (no PartitionChangeRecord).
 */
function removeBroker(sim: Sim<KafkaState>, p: PartMeta, broker: string, fenced: string[], shuttingDown: string[]): PartMeta {
  if (!p.replicas.includes(broker)) return p;
  const shrinks = p.isr.length > 1 && p.isr.includes(broker);
  if (!shrinks && p.leader !== broker) return p;
  const next = shrinks ? { ...p, isr: p.isr.filter((r) => r !== broker) } : p;
  return p.leader === broker ? elect(sim, next, fenced, shuttingDown) : next;
}

function unfence(sim: Sim<KafkaState>, broker: string): void {
  const c = sim.state.controller;
  const fenced = c.meta.fenced.filter((b) => b !== broker);
  kemit(sim, { kind: 'BrokerUnfenced', node: broker, cat: 'isr', code: 'kafka.log.unfenced', params: { broker } });
  const parts = c.meta.parts.map((p) => (p.leader === null && p.replicas.includes(broker) ? elect(sim, p, fenced, c.meta.shuttingDown) : p));
  publish(sim, parts, fenced, c.meta.shuttingDown);
}

/**
 * Picks a leader for a partition whose leader is gone: the first replica in assignment order that
 * is in the ISR and not fenced; else, with unclean election, the first unfenced replica (the ISR
 * becomes just that replica); else none, and the partition is offline. Any change of leader bumps
 * the leader epoch.
 */
function elect(sim: Sim<KafkaState>, p: PartMeta, fenced: string[], shuttingDown: string[]): PartMeta {
  // ClusterControlManager.isActive: registered, not fenced, not in controlled shutdown.
  const live = (b: string) => !fenced.includes(b) && !shuttingDown.includes(b);
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

/**
 * AlterPartition from a leader (KIP-497), validated as ReplicationControlManager.validateAlterPartitionData:
 * an old leader epoch is FENCED_LEADER_EPOCH, a sender that is not the leader INVALID_REQUEST, an
 * old partition epoch (the ISR changed since the leader last heard) INVALID_UPDATE_VERSION, and a
 * member that is fenced or in controlled shutdown INELIGIBLE_REPLICA (KIP-841).
 */
function alterPartition(sim: Sim<KafkaState>, from: string, name: string, leaderEpoch: number, partitionEpoch: number, isr: string[]): void {
  const c = sim.state.controller;
  const cur = c.meta.parts.find((p) => p.name === name);
  if (!cur) return;
  let error: string | null = null;
  if (leaderEpoch < cur.leaderEpoch) error = 'FENCED_LEADER_EPOCH';
  else if (cur.leader !== from || leaderEpoch !== cur.leaderEpoch) error = 'INVALID_REQUEST';
  else if (partitionEpoch < cur.partitionEpoch) error = 'INVALID_UPDATE_VERSION';
  else if (isr.some((b) => c.meta.fenced.includes(b) || c.meta.shuttingDown.includes(b))) error = 'INELIGIBLE_REPLICA';
  if (error !== null) {
    sim.send(CONTROLLER, from, { type: 'alterPartitionResp', partition: name, error, isr });
    return;
  }
  const parts = c.meta.parts.map((p) => (p === cur ? { ...p, isr: isr.slice() } : p));
  publish(sim, parts, c.meta.fenced, c.meta.shuttingDown);
}

export function metadataOf(state: KafkaState): Metadata {
  return state.controller.meta;
}

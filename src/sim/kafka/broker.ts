import { newSweeps } from './sweep';
import type { Sim } from '../core/engine';
import { kemit } from './emit';
import { appendEntry, fsyncFile, newFile, truncateFile, type FileState } from '../core/storage';
import { noteCause } from '../accounting/ledger';
import { CONTROLLER } from './controller';
import { CONTROLLED_SHUTDOWN_FIRST_RETRY_MS, CONTROLLED_SHUTDOWN_TIMEOUT_MS, HW_CHECKPOINT_FILE, HW_CHECKPOINT_INTERVAL_MS, REGISTRATION_BACKOFF_MS, STARTING_HEARTBEAT_MS } from './constants';
import { assignEpoch, leo, newReplica, rebuildEpochs, truncateLog } from './log';
import { failDelayedFor, isrCheckPeriodMs, maybeIncrementHw } from './leader';
import { kickFetchers } from './follower';
import { rebuildProducers } from './producer-state';
import { recordEpoch, recordId, type StoredRecord } from './record';
import { setBroker, setReplica } from './lookup';
import type { BrokerState, KafkaBody, KafkaState, Metadata, PartMeta, ReplicaState } from './types';

/**
 * A broker's life: heartbeats to the controller, metadata it applies (become leader or follower),
 * the high watermark checkpoint it writes every 5 s, and what it rebuilds from its files after a
 * restart (ReplicaManager.becomeLeaderOrFollower, LogManager recovery).
 */
export function newBroker(): BrokerState {
  return {
    meta: null, replicas: {}, fetchers: {}, parked: [], delayed: [], fenced: false,
    registered: false, regFailures: 0, regSentAt: 0, regWakeAt: -1, shuttingDown: false, shutdownResponses: 0, sweeps: newSweeps(),
  };
}

/**
 * A replica's log file, created on first use as `sim.file` would, but as a file of equal-sized
 * records (message.bytes each), so that it keeps no byte offset per record.
 */
export function logFile(sim: Sim<KafkaState>, broker: string, partition: string): FileState<StoredRecord> {
  const disk = sim.world.disks[broker];
  const f = disk?.[partition];
  if (f) return f as FileState<StoredRecord>;
  if (!disk) throw new Error(`unknown node ${broker}`);
  // Records are packed numbers, nearly all beyond small integers (record.ts): double chunks from the start.
  return (disk[partition] = newFile<StoredRecord>(sim.scenario.workload.messageBytes, true)) as FileState<StoredRecord>;
}

/**
 * The log file of replica `r` on broker `b`, cached on the replica: a replica lives no longer than
 * its broker's incarnation and its file is never replaced meanwhile (truncated and flushed in
 * place), and finding it by name costs two dictionary lookups on every fetch. A derived cache,
 * keyed by a symbol, which checkpoints do not copy (clone.ts).
 */
export function replicaLog(sim: Sim<KafkaState>, b: string, r: ReplicaState): FileState<StoredRecord> {
  const cached = (r as ReplicaWithLog)[LOG_FILE];
  if (cached !== undefined) return cached;
  const f = logFile(sim, b, r.partition);
  Object.defineProperty(r, LOG_FILE, { value: f });
  return f;
}

const LOG_FILE = Symbol('log file');
type ReplicaWithLog = ReplicaState & { [LOG_FILE]?: FileState<StoredRecord> };

export function startBrokerTimers(sim: Sim<KafkaState>, b: string): void {
  const k = sim.scenario.kafka;
  sim.setTimer(b, k.brokerHeartbeatIntervalMs, { type: 'brokerHeartbeat' });
  sim.setTimer(b, isrCheckPeriodMs(sim), { type: 'isrCheck' });
  sim.setTimer(b, HW_CHECKPOINT_INTERVAL_MS, { type: 'hwCheckpoint' });
}

export function sendHeartbeat(sim: Sim<KafkaState>, b: string): void {
  const br = sim.state.brokers[b];
  const version = br.meta?.version ?? 0;
  sim.send(b, CONTROLLER, { type: 'heartbeat', broker: b, inc: sim.node(b).inc, version, wantShutDown: br.shuttingDown });
}

/**
 * The periodic broker.heartbeat.interval.ms tick. An unregistered broker retries its registration
 * on its own backoff (and here only if an attempt got no answer at all); a broker in controlled
 * shutdown paces its heartbeats by the responses (onHeartbeatResp).
 */
export function onHeartbeatTimer(sim: Sim<KafkaState>, b: string): void {
  const br = sim.state.brokers[b];
  if (br.shuttingDown) return;
  if (br.registered) return sendHeartbeat(sim, b);
  if (br.regWakeAt < 0 && sim.now - br.regSentAt >= sim.scenario.kafka.brokerHeartbeatIntervalMs) sendRegistration(sim, b);
}

/** BrokerRegistration: a heartbeat from the new incarnation stands for it. */
export function sendRegistration(sim: Sim<KafkaState>, b: string): void {
  const br = sim.state.brokers[b];
  br.regWakeAt = -1;
  br.regSentAt = sim.now;
  sendHeartbeat(sim, b);
}

/** The registration retry timer (`at` tells a live wake-up from one a newer schedule replaced). */
export function onRegistrationTimer(sim: Sim<KafkaState>, b: string, at: number): void {
  const br = sim.state.brokers[b];
  if (!br.registered && at === br.regWakeAt) sendRegistration(sim, b);
}

/**
 * BrokerLifecycleManager's response handling. A refused registration (DUPLICATE_BROKER_REGISTRATION)
 * is retried after resendExponentialBackoff: 100 ms doubling up to broker.session.timeout.ms
 * (ExponentialBackoff(100, 2, brokerSessionTimeoutMs, 0.02), here without the 2% jitter). A
 * broker still fenced after a heartbeat is starting: it heartbeats again 10 ms later (STARTING),
 * and once it holds the metadata it asks to be unfenced at once (setReadyToUnfence), so a
 * restarted broker is unfenced within a few round trips, not a heartbeat interval later. In
 * controlled shutdown the next heartbeat goes 50 ms after the first response, then every
 * broker.heartbeat.interval.ms, until the controller says shouldShutDown.
 */
export function onBrokerHeartbeatResp(sim: Sim<KafkaState>, b: string, resp: Extract<KafkaBody, { type: 'heartbeatResp' }>): void {
  const br = sim.state.brokers[b];
  if (resp.error !== null) {
    if (br.registered || br.regWakeAt >= 0) return;
    const max = sim.scenario.kafka.brokerSessionTimeoutMs;
    let delay = REGISTRATION_BACKOFF_MS;
    for (let i = 0; i < br.regFailures && delay < max; i++) delay *= 2;
    delay = Math.min(delay, max);
    br.regFailures++;
    br.regWakeAt = sim.now + delay;
    sim.setTimer(b, delay, { type: 'brokerRegister', at: br.regWakeAt });
    return;
  }
  br.registered = true;
  br.regFailures = 0;
  if (resp.meta) applyMetadata(sim, b, resp.meta);
  // Unfenced: BrokerServer.startup goes on to enableRequestProcessing (see recoverBroker).
  if (!resp.fenced && !sim.node(b).listening) sim.setListening(b, true);
  if (br.shuttingDown) {
    if (resp.shutDown) return finishShutdown(sim, b);
    const delay = br.shutdownResponses++ === 0 ? CONTROLLED_SHUTDOWN_FIRST_RETRY_MS : sim.scenario.kafka.brokerHeartbeatIntervalMs;
    sim.setTimer(b, delay, { type: 'brokerHeartbeatSoon' });
  } else if (resp.fenced) sim.setTimer(b, STARTING_HEARTBEAT_MS, { type: 'brokerHeartbeatSoon' });
}

/**
 * A graceful stop (BrokerServer.shutdown with controlled.shutdown.enable). A running KRaft broker
 * asks the controller with wantShutDown and keeps serving until it may go: its leaderships move
 * first, so clients see NOT_LEADER_OR_FOLLOWER and follow the new leader rather than a dead
 * connection. It waits at most 5 minutes (KafkaBroker.shutdown()'s timeout). Returns false when
 * the broker goes at once (not running yet: BeginControlledShutdownEvent skips).
 */
export function beginControlledShutdown(sim: Sim<KafkaState>, b: string): boolean {
  const br = sim.state.brokers[b];
  if (!br.registered || br.fenced) return false;
  br.shuttingDown = true;
  br.shutdownResponses = 0;
  sendHeartbeat(sim, b);
  sim.setTimer(b, CONTROLLED_SHUTDOWN_TIMEOUT_MS, { type: 'shutdownDeadline' });
  return true;
}

/** The process exits: logs flushed and the HW checkpoint written (LogManager, ReplicaManager.shutdown). */
export function finishShutdown(sim: Sim<KafkaState>, b: string): void {
  const br = sim.state.brokers[b];
  if (!br.shuttingDown) return;
  br.shuttingDown = false;
  flushForShutdown(sim, b);
  sim.finishStop(b);
}

export function flushForShutdown(sim: Sim<KafkaState>, b: string): void {
  const br = sim.state.brokers[b];
  for (const p of Object.keys(br.replicas)) fsyncFile(logFile(sim, b, p));
  checkpointHw(sim, b);
}

/** Writes replication-offset-checkpoint (the file is replaced and fsynced, as CheckpointFile does). */
export function checkpointHw(sim: Sim<KafkaState>, b: string): void {
  const hw: Record<string, number> = {};
  for (const r of Object.values(sim.state.brokers[b].replicas)) hw[r.partition] = r.hw;
  const f = sim.file<Record<string, number>>(b, HW_CHECKPOINT_FILE);
  truncateFile(f, 0);
  appendEntry(f, hw, 64, sim.now);
  fsyncFile(f);
}

/**
 * After a (re)start: replicas come back from the files, roles wait for the controller's metadata.
 * A KRaft broker (4.x) opens its listeners only once the controller has unfenced it
 * (BrokerServer.startup waits for lifecycleManager.setReadyToUnfence() before
 * socketServer.enableRequestProcessing, and an Acceptor binds its port when it starts): until then
 * clients and other brokers that connect to it are refused, as by a dead process, where an earlier
 * model answered them NOT_LEADER_OR_FOLLOWER. It talks to the controller meanwhile over its own
 * connections (registration, heartbeats, metadata).
 */
export function recoverBroker(sim: Sim<KafkaState>, b: string): void {
  const br = newBroker();
  setBroker(sim.state, b, br);
  if (sim.scenario.kafka.release === '4.x') sim.setListening(b, false);
  const hwFile = sim.file<Record<string, number>>(b, HW_CHECKPOINT_FILE);
  const saved = hwFile.entries.last() ?? {};
  for (const part of sim.state.controller.meta.parts) {
    if (!part.replicas.includes(b)) continue;
    const f = logFile(sim, b, part.name);
    const r = newReplica(part.name);
    r.epochs = rebuildEpochs(f);
    r.hw = Math.min(saved[part.name] ?? 0, leo(f));
    r.producers = rebuildProducers(sim.world.ledger, f);
    setReplica(br, part.name, r);
  }
  startBrokerTimers(sim, b);
  sendRegistration(sim, b);
}

/** Applies a newer metadata image: role changes per partition, then the fetchers follow. */
export function applyMetadata(sim: Sim<KafkaState>, b: string, meta: Metadata): void {
  const br = sim.state.brokers[b];
  // Until it has registered, a restarted broker does not start its ReplicaManager
  // (BrokerServer.startup waits for initialCatchUpFuture).
  if (!br.registered) return;
  if (br.meta && meta.version <= br.meta.version) return;
  br.meta = meta;
  br.fenced = meta.fenced.includes(b);
  for (const part of meta.parts) {
    if (!part.replicas.includes(b)) continue;
    const r = br.replicas[part.name] ?? setReplica(br, part.name, newReplica(part.name));
    if (part.leader === b) {
      if (r.role !== 'leader' || r.leaderEpoch !== part.leaderEpoch) becomeLeader(sim, b, br, r, part);
      else {
        r.partitionEpoch = part.partitionEpoch;
        r.isr = part.isr.slice();
        r.pendingIsr = null;
        maybeIncrementHw(sim, b, br, r);
      }
    } else if (r.role !== 'follower' || r.leaderEpoch !== part.leaderEpoch || r.leader !== part.leader) {
      becomeFollower(sim, b, r, part);
    }
  }
  kickFetchers(sim, b);
}

function becomeLeader(sim: Sim<KafkaState>, b: string, br: BrokerState, r: ReplicaState, part: PartMeta): void {
  const f = replicaLog(sim, b, r);
  r.role = 'leader';
  r.leader = b;
  r.leaderEpoch = part.leaderEpoch;
  r.partitionEpoch = part.partitionEpoch;
  r.isr = part.isr.slice();
  r.pendingIsr = null;
  r.epochCheck = false;
  assignEpoch(r, part.leaderEpoch, leo(f));
  // Partition.makeLeader / Replica.resetReplicaState (new leader): remote LEOs are unknown until
  // they fetch, lastFetchTimeMs = 0, lastFetchLeaderLogEndOffset = -1, ISR members count as caught
  // up now and others not. 0.8.2 reset the LEO, which restarted its "stuck" clock now.
  r.followers = [];
  const fetchedAt = sim.scenario.kafka.release === '0.8' ? sim.now : 0;
  for (const other of part.replicas) {
    if (other === b) continue;
    const inIsr = part.isr.includes(other);
    r.followers.push({ broker: other, leo: -1, lastCaughtUpAt: inIsr ? sim.now : 0, lastFetchAt: fetchedAt, lastFetchLeaderLeo: -1 });
  }
  maybeIncrementHw(sim, b, br, r);
}

/**
 * ReplicaManager.makeFollowers. Before KRaft (0.8, 0.11, 2.x) a partition whose new leader is not
 * alive is skipped: the replica keeps its state and goes on fetching from its old leader. And
 * Partition.makeFollower reports no change when the leader is the same (0.8.2, 0.11: whatever the
 * epoch; 2.x: with the same epoch too), so the replica is neither truncated nor re-added to its
 * fetcher. 4.x (applyLocalFollowersDelta) restarts fetching on every new leader epoch, and its
 * truncation happens through the fetch, so it needs neither rule.
 */
function becomeFollower(sim: Sim<KafkaState>, b: string, r: ReplicaState, part: PartMeta): void {
  const release = sim.scenario.kafka.release;
  const wasLeader = r.role === 'leader';
  if (release !== '4.x' && !wasLeader) {
    if (part.leader === null) return;
    if ((release === '0.8' || release === '0.11') && r.role === 'follower' && r.leader === part.leader) {
      r.leaderEpoch = part.leaderEpoch;
      r.partitionEpoch = part.partitionEpoch;
      return;
    }
  }
  r.role = 'follower';
  r.leader = part.leader;
  r.leaderEpoch = part.leaderEpoch;
  r.partitionEpoch = part.partitionEpoch;
  r.isr = [];
  r.pendingIsr = null;
  r.followers = [];
  r.fetchDelayUntil = 0;
  if (wasLeader) failDelayedFor(sim, b, r.partition);
  if (release === '0.8') {
    // Before 0.11 a new follower truncated to its own high watermark (ReplicaManager.makeFollowers).
    truncateWithCause(sim, b, r, r.hw, 'kafka.truncatedToHw');
  } else if (release === '0.11') {
    r.epochCheck = true; // KIP-101: ask the leader where our last epoch ends before fetching
  }
}

/**
 * Truncates a replica's log and notes, for each record removed, why (unclean election or the
 * release's truncation rule); the note explains the message if no copy survives elsewhere.
 */
export function truncateWithCause(sim: Sim<KafkaState>, b: string, r: ReplicaState, length: number, code: string): void {
  const f = replicaLog(sim, b, r);
  const end = leo(f);
  if (length >= end) return;
  const unclean = sim.state.controller.uncleanEpochs[r.partition] ?? [];
  const ids: number[] = [];
  f.entries.forEachRange(length, end, (rec) => {
    const id = recordId(rec);
    const epoch = recordEpoch(rec);
    ids.push(id);
    const byUnclean = unclean.some((e) => e > epoch && e <= r.leaderEpoch);
    const cause = byUnclean ? 'kafka.lostUncleanElection' : code;
    noteCause(sim.world.ledger, id, { code: cause, params: { broker: b, partition: r.partition, epoch } }, sim.now);
  });
  truncateLog(f, r, length);
  r.producers = rebuildProducers(sim.world.ledger, f);
  kemit(sim, { kind: 'LogTruncation', node: b, cat: 'loss', code: 'kafka.log.truncation', params: { broker: b, partition: r.partition, from: end, to: length, count: end - length }, data: { partition: r.partition, from: end, to: length } });
  sim.journal(b, 'kafka.truncated', ids, { broker: b, partition: r.partition, offset: length });
}

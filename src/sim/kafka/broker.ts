import type { Sim } from '../core/engine';
import { kemit } from './emit';
import { appendEntry, fsyncFile, newFile, truncateFile, type FileState } from '../core/storage';
import { noteCause } from '../accounting/ledger';
import { CONTROLLER } from './controller';
import { HW_CHECKPOINT_FILE, HW_CHECKPOINT_INTERVAL_MS } from './constants';
import { assignEpoch, leo, newReplica, rebuildEpochs, truncateLog } from './log';
import { failDelayedFor, isrCheckPeriodMs, maybeIncrementHw } from './leader';
import { kickFetchers } from './follower';
import { rebuildProducers } from './producer-state';
import { recordEpoch, recordId, type StoredRecord } from './record';
import type { BrokerState, KafkaState, Metadata, PartMeta, ReplicaState } from './types';

/**
 * A broker's life: heartbeats to the controller, metadata it applies (become leader or follower),
 * the high watermark checkpoint it writes every 5 s, and what it rebuilds from its files after a
 * restart (ReplicaManager.becomeLeaderOrFollower, LogManager recovery).
 */
export function newBroker(): BrokerState {
  return { meta: null, replicas: {}, fetchers: {}, parked: [], delayed: [], fenced: false, sweeps: {} };
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
  return (disk[partition] = newFile<StoredRecord>(sim.scenario.workload.messageBytes)) as FileState<StoredRecord>;
}

export function startBrokerTimers(sim: Sim<KafkaState>, b: string): void {
  const k = sim.scenario.kafka;
  sim.setTimer(b, k.brokerHeartbeatIntervalMs, { type: 'brokerHeartbeat' });
  sim.setTimer(b, isrCheckPeriodMs(sim), { type: 'isrCheck' });
  sim.setTimer(b, HW_CHECKPOINT_INTERVAL_MS, { type: 'hwCheckpoint' });
}

export function sendHeartbeat(sim: Sim<KafkaState>, b: string): void {
  const version = sim.state.brokers[b].meta?.version ?? 0;
  sim.send(b, CONTROLLER, { type: 'heartbeat', broker: b, inc: sim.node(b).inc, version });
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

/** After a (re)start: replicas come back from the files, roles wait for the controller's metadata. */
export function recoverBroker(sim: Sim<KafkaState>, b: string): void {
  const br = newBroker();
  sim.state.brokers[b] = br;
  const hwFile = sim.file<Record<string, number>>(b, HW_CHECKPOINT_FILE);
  const saved = hwFile.entries.last() ?? {};
  for (const part of sim.state.controller.meta.parts) {
    if (!part.replicas.includes(b)) continue;
    const f = logFile(sim, b, part.name);
    const r = newReplica(part.name);
    r.epochs = rebuildEpochs(f);
    r.hw = Math.min(saved[part.name] ?? 0, leo(f));
    r.producers = rebuildProducers(sim.world.ledger, f);
    br.replicas[part.name] = r;
  }
  startBrokerTimers(sim, b);
  sendHeartbeat(sim, b);
}

/** Applies a newer metadata image: role changes per partition, then the fetchers follow. */
export function applyMetadata(sim: Sim<KafkaState>, b: string, meta: Metadata): void {
  const br = sim.state.brokers[b];
  if (br.meta && meta.version <= br.meta.version) return;
  br.meta = meta;
  br.fenced = meta.fenced.includes(b);
  for (const part of meta.parts) {
    if (!part.replicas.includes(b)) continue;
    const r = (br.replicas[part.name] ??= newReplica(part.name));
    if (part.leader === b) {
      if (r.role !== 'leader' || r.leaderEpoch !== part.leaderEpoch) becomeLeader(sim, b, r, part);
      else {
        r.isr = part.isr.slice();
        r.pendingIsr = null;
        maybeIncrementHw(sim, b, r);
      }
    } else if (r.role !== 'follower' || r.leaderEpoch !== part.leaderEpoch || r.leader !== part.leader) {
      becomeFollower(sim, b, r, part);
    }
  }
  kickFetchers(sim, b);
}

function becomeLeader(sim: Sim<KafkaState>, b: string, r: ReplicaState, part: PartMeta): void {
  const f = logFile(sim, b, r.partition);
  r.role = 'leader';
  r.leader = b;
  r.leaderEpoch = part.leaderEpoch;
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
  maybeIncrementHw(sim, b, r);
}

function becomeFollower(sim: Sim<KafkaState>, b: string, r: ReplicaState, part: PartMeta): void {
  const wasLeader = r.role === 'leader';
  r.role = 'follower';
  r.leader = part.leader;
  r.leaderEpoch = part.leaderEpoch;
  r.isr = [];
  r.pendingIsr = null;
  r.followers = [];
  if (wasLeader) failDelayedFor(sim, b, r.partition);
  const release = sim.scenario.kafka.release;
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
  const f = logFile(sim, b, r.partition);
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

import type { Sim } from '../core/engine';
import { kemit } from './emit';
import type { Envelope } from '../core/types';
import { appendEntry, fsyncFile, type FileState } from '../core/storage';
import { CONTROLLER } from './controller';
import { endOffsetFor, endOffsetFor011, latestEpoch, leo } from './log';
import { replicaLog } from './broker';
import { brokerOf, replicaOf } from './lookup';
import { duplicateOffset, recordBatch } from './producer-state';
import { asksFor, respondParked, wakeParked } from './fetch-serve';
import { arm, fire, SWEEP } from './sweep';
import { keepFirst } from '../core/arrays';
import { recordId, storeRecord, type StoredRecord } from './record';
import type { BrokerState, DelayedProduce, FollowerView, KafkaBody, KafkaState, ProducePart, ProduceRespPart, ReplicaState } from './types';

/**
 * The leader's side of a partition (Partition.scala): appends produce requests, learns follower
 * LEOs from their fetch offsets, advances the high watermark, and shrinks or expands the ISR.
 */
type Produce = Extract<KafkaBody, { type: 'produce' }>;

function effectiveIsr(r: ReplicaState): string[] {
  if (!r.pendingIsr) return r.isr;
  const out = r.isr.slice();
  for (const b of r.pendingIsr) if (!out.includes(b)) out.push(b);
  return out;
}

/**
 * min.insync.replicas as the leader applies it. Since 3.7 (KAFKA-15583, Partition.effectiveMinIsr)
 * it is capped at the replication factor; before, the raw setting was compared with the ISR size.
 */
export function effectiveMinIsr(sim: Sim<KafkaState>): number {
  const k = sim.scenario.kafka;
  return k.release === '4.x' ? Math.min(k.minInsyncReplicas, k.replicationFactor) : k.minInsyncReplicas;
}

/**
 * Partition.maybeIncrementLeaderHW. HW = min LEO over the maximal ISR (committed plus pending
 * members, KIP-497) and, since 0.10.2 (KAFKA-4485), over every follower that is caught up (its LEO
 * equals the leader's, or it was caught up within replica.lag.time.max.ms) though not in the ISR,
 * so that a catching-up follower can reach the HW and rejoin. Since 3.6 (KAFKA-15021) such a
 * follower only counts if it may join the ISR (isReplicaIsrEligible: not fenced, not in controlled
 * shutdown). 0.8 used the ISR
 * alone. The HW never moves back. Since 3.7 (KAFKA-15583, isUnderMinIsr) it does not move while the
 * committed ISR is smaller than min(min.insync.replicas, replication factor).
 */
export function maybeIncrementHw(sim: Sim<KafkaState>, b: string, br: BrokerState, r: ReplicaState, file?: FileState<StoredRecord>): void {
  if (r.role !== 'leader') return;
  const k = sim.scenario.kafka;
  if (k.release === '4.x' && r.isr.length < effectiveMinIsr(sim)) return;
  const f = file ?? replicaLog(sim, b, r);
  const leaderLeo = leo(f);
  if (leaderLeo <= r.hw) return; // the HW is at the LEO already and never exceeds it (the common fetch)
  let hw = leaderLeo;
  const isr = effectiveIsr(r);
  const caughtUpCounts = k.release !== '0.8';
  const meta = k.release === '4.x' ? br.meta : null;
  const fenced = meta ? meta.fenced : undefined;
  const shuttingDown = meta ? meta.shuttingDown : undefined;
  const now = sim.now;
  const followers = r.followers;
  for (let i = 0; i < followers.length; i++) {
    const fv = followers[i];
    if (fv.leo >= hw) continue;
    const m = fv.broker;
    const inIsr = isr.includes(m);
    const caughtUp = caughtUpCounts && !inIsr && now - fv.lastCaughtUpAt <= k.replicaLagTimeMaxMs && !(fenced && (fenced.includes(m) || shuttingDown!.includes(m)));
    if (inIsr || caughtUp) hw = fv.leo;
  }
  if (hw <= r.hw) return;
  // An ISR member with no replica state yet: unknown LEO (checked only when the HW would move).
  for (let i = 0; i < isr.length; i++) if (isr[i] !== b && followerView(r, isr[i]) === undefined) return;
  if (sim.tap) sim.journal(b, 'kafka.committed', f.entries.toArray(r.hw, hw).map(recordId), { partition: r.partition, hw });
  r.hw = hw;
  completeDelayed(sim, b, br, r);
  wakeParked(sim, b, br, r.partition, 'consumer');
}

/**
 * ReplicaManager.appendRecords: each partition of the request is appended (or refused) on its
 * own; waiting fetches are woken once the whole request is in the logs. acks=all then waits for
 * the HW of every appended partition (one DelayedProduce for the request); acks=1 answers now.
 */
export function handleProduce(sim: Sim<KafkaState>, env: Envelope<Produce>): void {
  const b = env.dest;
  const req = env.body;
  const resp: ProduceRespPart[] = [];
  const required: number[] = [];
  let pending = 0;
  const br = brokerOf(sim, b);
  const parts = req.parts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const r = replicaOf(br, part.p);
    const out: ProduceRespPart = { p: part.p, error: null, baseOffset: -1 };
    const appended = appendPart(sim, b, r, req, part, out);
    // ReplicaManager.appendToLocalLog.processFailedRecord marks FailedProduceRequestsPerSec for an
    // append that threw, except NotLeaderOrFollower, UnknownTopicOrPartition, RecordTooLarge,
    // CorruptRecord and KafkaStorage; so NOT_ENOUGH_REPLICAS and sequence errors count, on every
    // attempt, and NOT_ENOUGH_REPLICAS_AFTER_APPEND (decided later, in DelayedProduce) does not.
    if (out.error !== null && out.error !== 'NOT_LEADER_OR_FOLLOWER') countFailedProduce(sim);
    resp.push(out);
    required.push(out.error === null ? out.baseOffset + part.ids.length : -1);
    if (out.error === null) pending++;
    if (appended) maybeIncrementHw(sim, b, br, r!); // a leader alone in the ISR commits on append (appendRecordsToLeader)
  }
  for (let i = 0; i < parts.length; i++) wakeParked(sim, b, br, parts[i].p, 'replica');
  if (req.acks === '0') return;
  if (req.acks === '1' || pending === 0) return void sim.send(b, env.src, { type: 'produceResp', rid: req.rid, parts: resp });
  const d: DelayedProduce = { rid: req.rid, producer: env.src, resp, required, pending, expiresAt: sim.now + req.timeoutMs };
  br.delayed.push(d);
  arm(sim, b, br.sweeps, SWEEP.delayedProduceExpire, d.expiresAt);
  for (let i = 0; i < parts.length; i++) {
    const r = replicaOf(br, parts[i].p);
    if (r && r.role === 'leader') completeDelayed(sim, b, br, r);
  }
}

function countFailedProduce(sim: Sim<KafkaState>): void {
  const c = sim.state.counters;
  c.FailedProduceRequestsPerSec = (c.FailedProduceRequestsPerSec ?? 0) + 1;
}

function refuse(out: ProduceRespPart, error: string): false {
  out.error = error;
  return false;
}

/** Partition.appendRecordsToLeader for one partition's batch; fills `out`, true if records were appended. */
function appendPart(sim: Sim<KafkaState>, b: string, r: ReplicaState | undefined, req: Produce, part: ProducePart, out: ProduceRespPart): boolean {
  const k = sim.scenario.kafka;
  if (!r || r.role !== 'leader') return refuse(out, 'NOT_LEADER_OR_FOLLOWER');
  // Partition.appendRecordsToLeader: acks=-1 only, the committed ISR against the (effective) min ISR, before the append.
  if (req.acks === 'all' && r.isr.length < effectiveMinIsr(sim)) {
    kemit(sim, { kind: 'NOT_ENOUGH_REPLICAS', node: b, cat: 'error', code: 'kafka.log.notEnoughReplicas', params: { partition: part.p, isr: r.isr.join(', '), min: k.minInsyncReplicas }, data: { partition: part.p } });
    return refuse(out, 'NOT_ENOUGH_REPLICAS');
  }
  const f = replicaLog(sim, b, r);
  const n = part.ids.length;
  const lastSeq = part.baseSeq + n - 1;
  // A higher producer epoch starts its sequences afresh (KIP-360); a lower one is fenced.
  const known = req.pid >= 0 ? r.producers[req.pid] : undefined;
  if (known && part.pepoch < known.epoch) return refuse(out, 'INVALID_PRODUCER_EPOCH');
  // ProducerAppendInfo.checkSequence: a new producer epoch must start at sequence 0; with no state
  // for the producer at all, any sequence is accepted.
  if (known && part.pepoch > known.epoch && part.baseSeq !== 0) return refuse(out, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
  const entry = known && known.epoch === part.pepoch ? known : undefined;
  const dup = entry ? duplicateOffset(entry, part.baseSeq, lastSeq) : -1;
  if (dup >= 0) {
    out.baseOffset = dup; // a retried batch: the original offsets, nothing appended
    return false;
  }
  if (entry && part.baseSeq !== entry.lastSeq + 1) return refuse(out, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
  const baseOffset = leo(f);
  const bytes = sim.scenario.workload.messageBytes;
  const idempotent = req.pid >= 0;
  const ledger = sim.world.ledger;
  for (let i = 0; i < n; i++) {
    const rec = storeRecord(ledger, part.ids[i], part.keys[i], r.leaderEpoch, req.pid, part.pepoch, idempotent ? part.baseSeq + i : -1);
    appendEntry(f, rec, bytes, sim.now);
  }
  if (idempotent) recordBatch(r.producers, req.pid, part.pepoch, part.baseSeq, lastSeq, baseOffset);
  maybeFlush(sim, b, r, n);
  if (sim.tap) sim.journal(b, 'kafka.appended', part.ids, { partition: part.p, offset: baseOffset, epoch: r.leaderEpoch });
  out.baseOffset = baseOffset;
  return true;
}

/** log.flush.interval.messages: fsync after this many appended messages (never by default). */
export function maybeFlush(sim: Sim<KafkaState>, b: string, r: ReplicaState, appended: number): void {
  const every = sim.scenario.kafka.flushIntervalMessages;
  if (every === null) return;
  r.unflushed += appended;
  if (r.unflushed >= every) {
    fsyncFile(replicaLog(sim, b, r));
    r.unflushed = 0;
  }
}

/**
 * DelayedProduce.tryComplete for the requests waiting on `r` (Partition.checkEnoughReplicasReachOffset):
 * a partition is done once the HW reaches lastOffset + 1 of its batch; min ISR is checked again
 * then against the maximal ISR, NOT_ENOUGH_REPLICAS_AFTER_APPEND if it shrank below; a request
 * answers when none is pending.
 */
function completeDelayed(sim: Sim<KafkaState>, b: string, br: BrokerState, r: ReplicaState): void {
  if (br.delayed.length === 0) return;
  settleDelayed(sim, b, br, r.partition, r);
}

/** For completeDelayed: the part waiting on `r` is done once the HW reaches it, with the min ISR checked again. */
function reachedHw(sim: Sim<KafkaState>, b: string, r: ReplicaState, d: DelayedProduce, i: number): boolean {
  if (d.required[i] > r.hw) return false;
  if (effectiveIsr(r).length < effectiveMinIsr(sim)) {
    d.resp[i].error = 'NOT_ENOUGH_REPLICAS_AFTER_APPEND';
    kemit(sim, { kind: d.resp[i].error!, node: b, cat: 'error', code: 'kafka.log.notEnoughReplicasAfterAppend', params: { partition: r.partition }, data: { partition: r.partition } });
  }
  return true;
}

/**
 * Settles the pending parts for `partition`: with `r`, those whose offset the HW reached (see
 * reachedHw); without, all of them, as NOT_LEADER_OR_FOLLOWER. Answers and forgets each request
 * with nothing left pending. (No callback: this runs on every HW advance.)
 */
function settleDelayed(sim: Sim<KafkaState>, b: string, br: BrokerState, partition: string, r: ReplicaState | null): void {
  let kept = 0;
  for (const d of br.delayed) {
    for (let i = 0; i < d.resp.length; i++) {
      if (d.required[i] < 0 || d.resp[i].p !== partition) continue;
      if (r) {
        if (!reachedHw(sim, b, r, d, i)) continue;
      } else {
        d.resp[i].error = 'NOT_LEADER_OR_FOLLOWER';
        d.resp[i].baseOffset = -1;
      }
      d.required[i] = -1;
      d.pending--;
    }
    if (d.pending > 0) br.delayed[kept++] = d;
    else sim.send(b, d.producer, { type: 'produceResp', rid: d.rid, parts: d.resp });
  }
  keepFirst(br.delayed, kept);
}

/** DelayedProduce expiry: partitions still short of the HW after the timeout get REQUEST_TIMED_OUT. */
export function expireDelayed(sim: Sim<KafkaState>, b: string, at: number): void {
  const br = sim.state.brokers[b];
  if (!fire(br.sweeps, SWEEP.delayedProduceExpire, at)) return;
  let next = Infinity;
  let kept = 0;
  for (const d of br.delayed) {
    if (d.expiresAt > sim.now) {
      next = Math.min(next, d.expiresAt);
      br.delayed[kept++] = d;
      continue;
    }
    for (let i = 0; i < d.resp.length; i++) {
      if (d.required[i] < 0) continue;
      d.resp[i].error = 'REQUEST_TIMED_OUT';
      d.resp[i].baseOffset = -1;
    }
    sim.send(b, d.producer, { type: 'produceResp', rid: d.rid, parts: d.resp });
  }
  keepFirst(br.delayed, kept);
  if (next < Infinity) arm(sim, b, br.sweeps, SWEEP.delayedProduceExpire, next);
}

/** A leader that steps down answers its waiting acks=all partitions with NOT_LEADER_OR_FOLLOWER. */
export function failDelayedFor(sim: Sim<KafkaState>, b: string, partition: string): void {
  settleDelayed(sim, b, sim.state.brokers[b], partition, null);
  respondParked(sim, b, (p) => asksFor(p, partition));
}

/** The leader's view of follower `broker`, if it has one. */
export function followerView(r: ReplicaState, broker: string): FollowerView | undefined {
  const followers = r.followers;
  for (let i = 0; i < followers.length; i++) if (followers[i].broker === broker) return followers[i];
  return undefined;
}

/**
 * Partition.updateFollowerFetchState / Replica.updateFetchStateOrThrow: the fetch offset is the
 * follower's LEO; lastCaughtUpTimeMs moves to now if it reached the leader's LEO, else to the time
 * of its previous fetch if it reached the LEO the leader had then (the largest t such that a fetch
 * offset >= the leader's LEO at t).
 */
export function updateFollower(sim: Sim<KafkaState>, b: string, br: BrokerState, r: ReplicaState, follower: string, offset: number, leaderLeo: number, file?: FileState<StoredRecord>): void {
  let fv = followerView(r, follower);
  if (fv === undefined) r.followers.push((fv = { broker: follower, leo: -1, lastCaughtUpAt: 0, lastFetchAt: 0, lastFetchLeaderLeo: -1 }));
  if (offset >= leaderLeo) fv.lastCaughtUpAt = sim.now;
  else if (offset >= fv.lastFetchLeaderLeo) fv.lastCaughtUpAt = Math.max(fv.lastCaughtUpAt, fv.lastFetchAt);
  fv.lastFetchLeaderLeo = Math.max(leaderLeo, fv.lastFetchLeaderLeo);
  fv.lastFetchAt = sim.now;
  fv.leo = offset;
  maybeExpandIsr(sim, b, br, r, follower, offset);
  maybeIncrementHw(sim, b, br, r, file);
}

/**
 * Partition.maybeExpandIsr: a follower rejoins once its LEO reaches the HW and (since 2.1,
 * KAFKA-7128) the start offset of the leader's current epoch, if it may join (isReplicaIsrEligible:
 * not fenced and, KIP-841, not in controlled shutdown), with no ISR change already in flight.
 */
function maybeExpandIsr(sim: Sim<KafkaState>, b: string, br: BrokerState, r: ReplicaState, follower: string, offset: number): void {
  if (r.pendingIsr === null && !r.isr.includes(follower)) expandIsr(sim, b, br, r, follower, offset);
}

/** maybeExpandIsr for a follower outside the ISR with no change in flight (apart: see producer.ts startsNewEpoch). */
function expandIsr(sim: Sim<KafkaState>, b: string, br: BrokerState, r: ReplicaState, follower: string, offset: number): void {
  const release = sim.scenario.kafka.release;
  const epochRule = release === '4.x' || release === '2.x';
  const epochStart = epochRule && r.epochs.length > 0 ? r.epochs[r.epochs.length - 1][1] : 0;
  if (offset < r.hw || offset < epochStart) return;
  const meta = br.meta;
  if (meta && (meta.fenced.includes(follower) || meta.shuttingDown.includes(follower))) return;
  r.pendingIsr = r.isr.concat([follower]);
  kemit(sim, { kind: 'IsrExpandsPerSec', node: b, cat: 'isr', code: 'kafka.log.isrExpand', params: { partition: r.partition, broker: follower, isr: r.pendingIsr.join(', ') }, data: { partition: r.partition, broker: follower } });
  sim.send(b, CONTROLLER, { type: 'alterPartition', partition: r.partition, leaderEpoch: r.leaderEpoch, partitionEpoch: r.partitionEpoch, isr: r.pendingIsr });
}

/**
 * The controller refused an AlterPartition (Partition.handleAlterPartitionError). INELIGIBLE_REPLICA
 * says the request was not applied and the partition epoch is current: the leader goes back to its
 * committed ISR and may propose again. Other errors (FENCED_LEADER_EPOCH, INVALID_UPDATE_VERSION)
 * mean its metadata is old: it keeps the change pending until the newer metadata arrives.
 */
export function onAlterPartitionRefused(sim: Sim<KafkaState>, b: string, partition: string, error: string, isr: string[]): void {
  const r = sim.state.brokers[b].replicas[partition];
  if (!r || r.role !== 'leader' || error !== 'INELIGIBLE_REPLICA' || r.pendingIsr === null) return;
  if (r.pendingIsr.length === isr.length && r.pendingIsr.every((m) => isr.includes(m))) r.pendingIsr = null;
}

/**
 * The isr-expiration task (ReplicaManager.startup): every replica.lag.time.max.ms / 2 in 0.11+ (0.9.0 still ran it every lag)
 * (a follower is removed between 1 and 1.5 times the lag), every replica.lag.time.max.ms in 0.8.
 */
export function isrCheckPeriodMs(sim: Sim<KafkaState>): number {
  const k = sim.scenario.kafka;
  return k.release === '0.8' ? k.replicaLagTimeMaxMs : Math.floor(k.replicaLagTimeMaxMs / 2);
}

/** 0.8's replica.lag.max.messages: a follower this many messages behind the leader's LEO is "slow". */
const REPLICA_LAG_MAX_MESSAGES_08 = 4_000;

/**
 * Partition.getOutOfSyncReplicas. Since 0.9 (KIP-16): a follower is out of sync unless its LEO
 * equals the leader's or its lastCaughtUpTimeMs is within replica.lag.time.max.ms
 * (Replica.isCaughtUp). 0.8.2: "stuck" (no fetch for the lag time) or "slow" (more than
 * replica.lag.max.messages behind the leader's LEO).
 */
function outOfSync(sim: Sim<KafkaState>, r: ReplicaState, m: string, leaderLeo: number): boolean {
  const k = sim.scenario.kafka;
  const fv = followerView(r, m);
  if (!fv) return true;
  if (k.release === '0.8') return sim.now - fv.lastFetchAt > k.replicaLagTimeMaxMs || (fv.leo >= 0 && leaderLeo - fv.leo > REPLICA_LAG_MAX_MESSAGES_08);
  return fv.leo !== leaderLeo && sim.now - fv.lastCaughtUpAt > k.replicaLagTimeMaxMs;
}

/** Partition.maybeShrinkIsr on every led partition with no ISR change in flight. */
export function checkIsr(sim: Sim<KafkaState>, b: string): void {
  const lag = sim.scenario.kafka.replicaLagTimeMaxMs;
  for (const r of Object.values(sim.state.brokers[b].replicas)) {
    if (r.role !== 'leader' || r.pendingIsr) continue;
    const leaderLeo = leo(replicaLog(sim, b, r));
    const out = r.isr.filter((m) => m !== b && outOfSync(sim, r, m, leaderLeo));
    if (out.length === 0) continue;
    r.pendingIsr = r.isr.filter((m) => !out.includes(m));
    kemit(sim, { kind: 'IsrShrinksPerSec', node: b, cat: 'isr', code: 'kafka.log.isrShrink', params: { partition: r.partition, from: r.isr.join(', '), to: r.pendingIsr.join(', '), removed: out.join(', '), ms: lag }, data: { partition: r.partition, removed: out.join(',') } });
    sim.send(b, CONTROLLER, { type: 'alterPartition', partition: r.partition, leaderEpoch: r.leaderEpoch, partitionEpoch: r.partitionEpoch, isr: r.pendingIsr });
  }
  sim.setTimer(b, isrCheckPeriodMs(sim), { type: 'isrCheck' });
}

/** Divergence check for a follower's fetch (KIP-279 via the fetch's lastFetchedEpoch, KIP-595). */
export function divergence(r: ReplicaState, lastEpoch: number, offset: number, logEnd: number): { epoch: number; endOffset: number } | null {
  if (lastEpoch < 0 || offset === 0) return null;
  // The common case, the follower's last epoch is the leader's latest: it ends at the LEO (no tuple built).
  if (lastEpoch === latestEpoch(r)) return logEnd >= offset ? null : { epoch: lastEpoch, endOffset: logEnd };
  return olderEpochDivergence(r, lastEpoch, offset, logEnd);
}

/** divergence for a follower whose last epoch is not the leader's latest (apart: see producer.ts startsNewEpoch). */
function olderEpochDivergence(r: ReplicaState, lastEpoch: number, offset: number, logEnd: number): { epoch: number; endOffset: number } | null {
  const [epoch, end] = endOffsetFor(r, lastEpoch, logEnd);
  if (epoch === lastEpoch && end >= offset) return null;
  return { epoch, endOffset: end };
}

export { endOffsetFor011 };

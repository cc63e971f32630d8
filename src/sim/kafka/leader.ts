import type { Sim } from '../core/engine';
import { kemit } from './emit';
import type { Envelope } from '../core/types';
import { appendEntry, fsyncFile } from '../core/storage';
import { CONTROLLER } from './controller';
import { endOffsetFor, endOffsetFor011, leo } from './log';
import { logFile } from './broker';
import { duplicateOffset, recordBatch } from './producer-state';
import { respondParked, wakeParked } from './fetch-serve';
import { arm, fire } from './sweep';
import type { DelayedProduce, KafkaBody, KafkaState, ReplicaState } from './types';

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
 * HW = min LEO over the ISR (the larger of the committed and the pending ISR, KIP-497); it never
 * moves back. Since 3.7 (KAFKA-15583, release "4.x") it does not move while the ISR is smaller
 * than min(min.insync.replicas, replication factor).
 */
export function maybeIncrementHw(sim: Sim<KafkaState>, b: string, r: ReplicaState): void {
  if (r.role !== 'leader') return;
  const k = sim.scenario.kafka;
  const isr = effectiveIsr(r);
  if (k.release === '4.x' && isr.length < Math.min(k.minInsyncReplicas, k.replicationFactor)) return;
  const f = logFile(sim, b, r.partition);
  let hw = leo(f);
  for (const m of isr) if (m !== b) hw = Math.min(hw, r.followers[m]?.leo ?? -1);
  if (hw <= r.hw) return;
  if (sim.tap) sim.journal(b, 'kafka.committed', f.entries.toArray(r.hw, hw).map((rec) => rec.id), { partition: r.partition, hw });
  r.hw = hw;
  completeDelayed(sim, b, r);
  wakeParked(sim, b, r.partition, 'consumer');
}

export function handleProduce(sim: Sim<KafkaState>, env: Envelope<Produce>): void {
  const b = env.dest;
  const req = env.body;
  const k = sim.scenario.kafka;
  const reply = (error: string | null, baseOffset: number) => {
    if (req.acks !== '0') sim.send(b, env.src, { type: 'produceResp', rid: req.rid, p: req.p, error, baseOffset });
  };
  const r = sim.state.brokers[b].replicas[req.p];
  if (!r || r.role !== 'leader') return reply('NOT_LEADER_OR_FOLLOWER', -1);
  if (req.acks === 'all' && r.isr.length < k.minInsyncReplicas) {
    kemit(sim, { kind: 'NOT_ENOUGH_REPLICAS', node: b, cat: 'error', text: `${req.p}: ISR ${r.isr.join(', ')} is smaller than min.insync.replicas=${k.minInsyncReplicas}; produce rejected`, data: { partition: req.p } });
    return reply('NOT_ENOUGH_REPLICAS', -1);
  }
  const f = logFile(sim, b, req.p);
  const lastSeq = req.baseSeq + req.ids.length - 1;
  let baseOffset: number;
  // A higher producer epoch starts its sequences afresh (KIP-360); a lower one is fenced.
  const known = req.pid >= 0 ? r.producers[req.pid] : undefined;
  if (known && req.pepoch < known.epoch) return reply('INVALID_PRODUCER_EPOCH', -1);
  const entry = known && known.epoch === req.pepoch ? known : undefined;
  const dup = entry ? duplicateOffset(entry, req.baseSeq, lastSeq) : -1;
  if (dup >= 0) {
    baseOffset = dup; // a retried batch: the original offsets, nothing appended
  } else if (entry && req.baseSeq !== entry.lastSeq + 1) {
    return reply('OUT_OF_ORDER_SEQUENCE_NUMBER', -1);
  } else {
    baseOffset = leo(f);
    for (let i = 0; i < req.ids.length; i++) {
      const rec = { id: req.ids[i], key: req.keys[i], epoch: r.leaderEpoch, pid: req.pid, pe: req.pepoch, seq: req.pid >= 0 ? req.baseSeq + i : -1 };
      appendEntry(f, rec, sim.scenario.workload.messageBytes, sim.now);
    }
    if (req.pid >= 0) recordBatch(r.producers, req.pid, req.pepoch, req.baseSeq, lastSeq, baseOffset);
    maybeFlush(sim, b, r, req.ids.length);
    sim.journal(b, 'kafka.appended', req.ids, { partition: req.p, offset: baseOffset, epoch: r.leaderEpoch });
    wakeParked(sim, b, req.p, 'replica');
    maybeIncrementHw(sim, b, r); // a leader alone in the ISR commits on append (appendRecordsToLeader)
  }
  if (req.acks === '1') return reply(null, baseOffset);
  if (req.acks === '0') return;
  const d: DelayedProduce = {
    rid: req.rid, producer: env.src, partition: req.p, leaderEpoch: r.leaderEpoch,
    requiredOffset: baseOffset + req.ids.length, baseOffset, expiresAt: sim.now + req.timeoutMs,
  };
  sim.state.brokers[b].delayed.push(d);
  arm(sim, b, sim.state.brokers[b].sweeps, 'delayedProduceExpire', d.expiresAt);
  completeDelayed(sim, b, r);
}

/** log.flush.interval.messages: fsync after this many appended messages (never by default). */
export function maybeFlush(sim: Sim<KafkaState>, b: string, r: ReplicaState, appended: number): void {
  const every = sim.scenario.kafka.flushIntervalMessages;
  if (every === null) return;
  r.unflushed += appended;
  if (r.unflushed >= every) {
    fsyncFile(logFile(sim, b, r.partition));
    r.unflushed = 0;
  }
}

/** DelayedProduce.tryComplete: done once HW covers the batch; then min ISR is checked again. */
function completeDelayed(sim: Sim<KafkaState>, b: string, r: ReplicaState): void {
  const br = sim.state.brokers[b];
  if (br.delayed.length === 0) return;
  const minIsr = sim.scenario.kafka.minInsyncReplicas;
  br.delayed = br.delayed.filter((d) => {
    if (d.partition !== r.partition || d.requiredOffset > r.hw) return true;
    const error = r.isr.length < minIsr ? 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' : null;
    if (error) kemit(sim, { kind: error, node: b, cat: 'error', text: `${r.partition}: appended and committed but the ISR shrank below min.insync.replicas`, data: { partition: r.partition } });
    sim.send(b, d.producer, { type: 'produceResp', rid: d.rid, p: d.partition, error, baseOffset: d.baseOffset });
    return false;
  });
}

/** DelayedProduce expiry: requests still short of the HW after their timeout get REQUEST_TIMED_OUT. */
export function expireDelayed(sim: Sim<KafkaState>, b: string, at: number): void {
  const br = sim.state.brokers[b];
  if (!fire(br.sweeps, 'delayedProduceExpire', at)) return;
  let next = Infinity;
  br.delayed = br.delayed.filter((d) => {
    if (d.expiresAt > sim.now) {
      next = Math.min(next, d.expiresAt);
      return true;
    }
    sim.send(b, d.producer, { type: 'produceResp', rid: d.rid, p: d.partition, error: 'REQUEST_TIMED_OUT', baseOffset: -1 });
    return false;
  });
  if (next < Infinity) arm(sim, b, br.sweeps, 'delayedProduceExpire', next);
}

/** A leader that steps down answers its waiting acks=all requests with NOT_LEADER_OR_FOLLOWER. */
export function failDelayedFor(sim: Sim<KafkaState>, b: string, partition: string): void {
  const br = sim.state.brokers[b];
  br.delayed = br.delayed.filter((d) => {
    if (d.partition !== partition) return true;
    sim.send(b, d.producer, { type: 'produceResp', rid: d.rid, p: d.partition, error: 'NOT_LEADER_OR_FOLLOWER', baseOffset: -1 });
    return false;
  });
  respondParked(sim, b, (p) => p.parts.includes(partition));
}

/**
 * Partition.updateFollowerFetchState: the fetch offset is the follower's LEO; it is caught up if
 * it reached the leader's LEO now, or the LEO the leader had at its previous fetch.
 */
export function updateFollower(sim: Sim<KafkaState>, b: string, r: ReplicaState, follower: string, offset: number): void {
  const leaderLeo = leo(logFile(sim, b, r.partition));
  const fv = (r.followers[follower] ??= { leo: -1, lastCaughtUpAt: 0, lastFetchAt: 0, lastFetchLeaderLeo: -1 });
  if (offset >= leaderLeo) fv.lastCaughtUpAt = sim.now;
  else if (offset >= fv.lastFetchLeaderLeo) fv.lastCaughtUpAt = Math.max(fv.lastCaughtUpAt, fv.lastFetchAt);
  fv.lastFetchLeaderLeo = leaderLeo;
  fv.lastFetchAt = sim.now;
  fv.leo = offset;
  maybeExpandIsr(sim, b, r, follower, offset);
  maybeIncrementHw(sim, b, r);
}

/** A follower rejoins once its LEO reaches the HW and the start of the leader's current epoch. */
function maybeExpandIsr(sim: Sim<KafkaState>, b: string, r: ReplicaState, follower: string, offset: number): void {
  if (r.pendingIsr || r.isr.includes(follower)) return;
  const epochStart = r.epochs.length > 0 ? r.epochs[r.epochs.length - 1][1] : 0;
  if (offset < r.hw || offset < epochStart) return;
  if (sim.state.brokers[b].meta?.fenced.includes(follower)) return;
  r.pendingIsr = r.isr.concat([follower]);
  kemit(sim, { kind: 'IsrExpandsPerSec', node: b, cat: 'isr', text: `${r.partition}: ${follower} caught up; ISR expands to ${r.pendingIsr.join(', ')}`, data: { partition: r.partition, broker: follower } });
  sim.send(b, CONTROLLER, { type: 'alterPartition', partition: r.partition, leaderEpoch: r.leaderEpoch, isr: r.pendingIsr });
}

/** The isr-expiration task, every replica.lag.time.max.ms / 2: drop followers that fell behind. */
export function checkIsr(sim: Sim<KafkaState>, b: string): void {
  const lag = sim.scenario.kafka.replicaLagTimeMaxMs;
  for (const r of Object.values(sim.state.brokers[b].replicas)) {
    if (r.role !== 'leader' || r.pendingIsr) continue;
    const leaderLeo = leo(logFile(sim, b, r.partition));
    const out = r.isr.filter((m) => m !== b && (r.followers[m]?.leo ?? -1) < leaderLeo && sim.now - (r.followers[m]?.lastCaughtUpAt ?? 0) > lag);
    if (out.length === 0) continue;
    r.pendingIsr = r.isr.filter((m) => !out.includes(m));
    kemit(sim, { kind: 'IsrShrinksPerSec', node: b, cat: 'isr', text: `${r.partition}: ISR shrinks from ${r.isr.join(', ')} to ${r.pendingIsr.join(', ')} (${out.join(', ')} behind for over ${lag} ms)`, data: { partition: r.partition, removed: out.join(',') } });
    sim.send(b, CONTROLLER, { type: 'alterPartition', partition: r.partition, leaderEpoch: r.leaderEpoch, isr: r.pendingIsr });
  }
  sim.setTimer(b, Math.floor(lag / 2), { type: 'isrCheck' });
}

/** Divergence check for a follower's fetch (KIP-279 via the fetch's lastFetchedEpoch, KIP-595). */
export function divergence(r: ReplicaState, lastEpoch: number, offset: number, logEnd: number): { epoch: number; endOffset: number } | null {
  if (lastEpoch < 0 || offset === 0) return null;
  const [epoch, end] = endOffsetFor(r, lastEpoch, logEnd);
  if (epoch === lastEpoch && end >= offset) return null;
  return { epoch, endOffset: end };
}

export { endOffsetFor011 };

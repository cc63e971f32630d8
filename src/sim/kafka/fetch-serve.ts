import type { Sim } from '../core/engine';
import type { Envelope } from '../core/types';
import { FETCH_MAX_WAIT_MS, MAX_PARTITION_FETCH_BYTES, REPLICA_FETCH_MAX_BYTES } from './constants';
import { endOffsetFor, leo } from './log';
import { logFile, replicaLog } from './broker';
import { brokerOf, replicaOf } from './lookup';
import { divergence, endOffsetFor011, updateFollower } from './leader';
import { arm, fire, SWEEP } from './sweep';
import { keepFirst } from '../core/arrays';
import type { CowList } from '../core/cowlist';
import type { LedgerState } from '../accounting/ledger';
import { recordEpoch, recordId, recordPid, recordSeq, type StoredRecord } from './record';
import type { BrokerState, EpochAnswer, FetchPart, FetchRespPart, KafkaBody, KafkaState, ParkedFetch } from './types';

/**
 * The leader answering fetches: followers read up to its LEO, consumers only below the HW. With
 * nothing to return, a fetch waits (DelayedFetch) up to replica.fetch.wait.max.ms or
 * fetch.max.wait.ms for new data; fetch.min.bytes = 1, so one new record answers it.
 */
type ReplicaFetch = Extract<KafkaBody, { type: 'replicaFetch' }>;
type ConsumerFetch = Extract<KafkaBody, { type: 'fetch' }>;
type EpochQueryReq = Extract<KafkaBody, { type: 'offsetsForLeaderEpoch' }>;

function maxRecords(sim: Sim<KafkaState>, bytes: number): number {
  return Math.max(1, Math.floor(bytes / sim.scenario.workload.messageBytes));
}

/**
 * How far a read from `from` may go: up to `upTo`, at most `cap` records, but never splitting an
 * idempotent batch (a run of one producer's sequences).
 */
function readEnd(l: LedgerState, entries: CowList<StoredRecord>, from: number, upTo: number, cap: number): number {
  let end = Math.min(upTo, from + cap);
  if (end <= from) return from;
  if (end >= upTo) return end;
  const last = entries.get(end - 1);
  const pid = recordPid(l, last);
  if (pid < 0) return end;
  let seq = recordSeq(last);
  while (end < upTo) {
    const next = entries.get(end);
    if (recordPid(l, next) !== pid || recordSeq(next) !== seq + 1) break;
    seq++;
    end++;
  }
  return end;
}

const NO_RECORDS: StoredRecord[] = [];

/** Every part has the same fields (undefined when absent), so the code reading parts sees one shape. */
function respPart(fp: FetchPart, error: string | null, hw: number, leo: number): FetchRespPart {
  return { p: fp.p, epoch: fp.epoch, error, records: NO_RECORDS, hw, leo, diverging: undefined, epochEnd: undefined };
}

/**
 * One partition of a follower's fetch: an error, a truncation hint, or the records from its
 * offset (a copy: the leader's log may be truncated and rewritten while the response travels).
 * `br` is the leader broker's state and `cap` the most records one read returns. The follower's
 * fetch state (its LEO, lastCaughtUpTimeMs) is updated only when the request arrives, not when a
 * parked one is answered later (Partition.fetchRecords' updateFetchState = !readFromPurgatory):
 * the follower's position is that of its fetch, at the time it was made.
 */
function replicaPart(
  sim: Sim<KafkaState>, b: string, br: BrokerState, from: string, fp: FetchPart, modern: boolean, cap: number, updateFetchState: boolean,
): FetchRespPart {
  const p = fp.p;
  const r = replicaOf(br, p);
  const f = r === undefined ? logFile(sim, b, p) : replicaLog(sim, b, r);
  const end = leo(f);
  if (r === undefined || r.role !== 'leader') return respPart(fp, 'NOT_LEADER_OR_FOLLOWER', r ? r.hw : 0, end);
  // The fetch carries the follower's current leader epoch since 2.1 (KIP-320, Partition.localLogWithEpochOrThrow);
  // a 0.8 or 0.11 fetch has none, and any replica that is the leader serves it.
  if (modern && fp.epoch < r.leaderEpoch) return respPart(fp, 'FENCED_LEADER_EPOCH', r.hw, end);
  if (modern && fp.epoch > r.leaderEpoch) return respPart(fp, 'UNKNOWN_LEADER_EPOCH', r.hw, end);
  if (fp.epochCheck) {
    const part = respPart(fp, null, r.hw, end);
    part.epochEnd = endOffsetFor011(r, fp.lastEpoch, end);
    return part;
  }
  const div = modern ? divergence(r, fp.lastEpoch, fp.offset, end) : null;
  if (div) {
    const part = respPart(fp, null, r.hw, end);
    part.diverging = div;
    return part;
  }
  if (fp.offset > end) return respPart(fp, 'OFFSET_OUT_OF_RANGE', r.hw, end);
  if (updateFetchState) updateFollower(sim, b, br, r, from, fp.offset, end, f);
  const part = respPart(fp, null, r.hw, end);
  const to = readEnd(sim.world.ledger, f.entries, fp.offset, end, cap);
  if (to > fp.offset) part.records = f.entries.slice(fp.offset, to);
  return part;
}

/**
 * Answers a follower's fetch if there is something to say, or anyway when `final`; false if it
 * should wait. `fromPurgatory`: a parked fetch answered now (DelayedFetch.onComplete).
 */
function answerReplicaFetch(
  sim: Sim<KafkaState>, b: string, br: BrokerState, from: string, body: ReplicaFetch, final: boolean, fromPurgatory: boolean,
): boolean {
  const release = sim.scenario.kafka.release;
  const modern = release === '4.x' || release === '2.x';
  const cap = maxRecords(sim, REPLICA_FETCH_MAX_BYTES);
  const req = body.parts;
  const parts: FetchRespPart[] = [];
  let any = false;
  for (let i = 0; i < req.length; i++) {
    const part = replicaPart(sim, b, br, from, req[i], modern, cap, !fromPurgatory);
    // Anything but an empty read answers at once: an error, a truncation hint, or records.
    if (part.records.length > 0 || part.error !== null || part.epochEnd !== undefined || part.diverging) any = true;
    parts.push(part);
  }
  if (!any && !final) return false;
  sim.send(b, from, { type: 'replicaFetchResp', fid: body.fid, parts });
  return true;
}

export function handleReplicaFetch(sim: Sim<KafkaState>, env: Envelope<ReplicaFetch>): void {
  const b = env.dest;
  const br = brokerOf(sim, b);
  if (answerReplicaFetch(sim, b, br, env.src, env.body, false, false)) return;
  park(sim, b, br, { kind: 'replica', deadline: 0, from: env.src, fid: env.body.fid, body: env.body }, sim.scenario.kafka.replicaFetchWaitMaxMs);
}

type ConsumerRespPart = Extract<KafkaBody, { type: 'fetchResp' }>['parts'][number];

/**
 * One partition of a consumer's fetch: the ids below the HW from its offset, or where to reset.
 * `epoch` is the fetch's currentLeaderEpoch (KIP-320, -1 when none is sent): the leader refuses a
 * fetch made for another epoch, as it does a follower's (Partition.localLogWithEpochOrThrow:
 * FENCED_LEADER_EPOCH for an older one, UNKNOWN_LEADER_EPOCH for a newer one). An offset past the
 * log end is OFFSET_OUT_OF_RANGE, and the consumer goes to auto.offset.reset on every release
 * (Fetcher.initializeCompletedFetch in 2.x, FetchCollector.handleInitializeErrors in 4.x:
 * requestOffsetReset); a 2.x/4.x consumer whose position carries an epoch finds a truncation
 * before it fetches, by validating the position (consumer.ts). The reset is the ListOffsets answer
 * (the HW for latest, 0 for earliest) and, like a reset position, has no epoch.
 */
function consumerPart(sim: Sim<KafkaState>, b: string, br: BrokerState, p: string, offset: number, epoch: number): ConsumerRespPart {
  const k = sim.scenario.kafka;
  const r = replicaOf(br, p);
  if (!r || r.role !== 'leader') return { p, base: offset, ids: NO_IDS, resetTo: -1, error: 'NOT_LEADER_OR_FOLLOWER', epoch: -1 };
  if (epoch >= 0 && epoch !== r.leaderEpoch) {
    return { p, base: offset, ids: NO_IDS, resetTo: -1, error: epoch < r.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH', epoch: -1 };
  }
  if (offset < 0) return { p, base: offset, ids: NO_IDS, resetTo: k.autoOffsetReset === 'latest' ? r.hw : 0, error: null, epoch: -1 };
  const f = replicaLog(sim, b, r);
  if (offset > leo(f)) return { p, base: offset, ids: NO_IDS, resetTo: k.autoOffsetReset === 'latest' ? r.hw : 0, error: 'OFFSET_OUT_OF_RANGE', epoch: -1 };
  const to = readEnd(sim.world.ledger, f.entries, offset, r.hw, maxRecords(sim, MAX_PARTITION_FETCH_BYTES));
  if (to <= offset) return { p, base: offset, ids: NO_IDS, resetTo: -1, error: null, epoch: -1 };
  const ids: number[] = [];
  for (let i = offset; i < to; i++) ids.push(recordId(f.entries.get(i)));
  return { p, base: offset, ids, resetTo: -1, error: null, epoch: recordEpoch(f.entries.get(to - 1)) };
}

/**
 * The leader answering a consumer's OffsetsForLeaderEpoch (2.3+, KIP-320: the consumer validating
 * its position after a leader change). Partition.lastOffsetForLeaderEpoch with fetchOnlyFromLeader:
 * the same leader and epoch checks as a fetch, then LeaderEpochFileCache.endOffsetFor (the LEO for
 * the current epoch).
 */
export function handleOffsetsForLeaderEpoch(sim: Sim<KafkaState>, env: Envelope<EpochQueryReq>): void {
  const b = env.dest;
  const br = brokerOf(sim, b);
  const parts: EpochAnswer[] = [];
  for (const q of env.body.parts) {
    const r = br.replicas[q.p];
    let error: string | null = null;
    if (!r || r.role !== 'leader') error = 'NOT_LEADER_OR_FOLLOWER';
    else if (q.currentLeaderEpoch >= 0 && q.currentLeaderEpoch < r.leaderEpoch) error = 'FENCED_LEADER_EPOCH';
    else if (q.currentLeaderEpoch > r.leaderEpoch) error = 'UNKNOWN_LEADER_EPOCH';
    if (error !== null) {
      parts.push({ q, error, leaderEpoch: -1, endOffset: -1 });
      continue;
    }
    const [leaderEpoch, endOffset] = endOffsetFor(r!, q.leaderEpoch, leo(logFile(sim, b, q.p)));
    parts.push({ q, error: null, leaderEpoch, endOffset });
  }
  sim.send(b, env.src, { type: 'offsetsForLeaderEpochResp', vid: env.body.vid, parts });
}

const NO_IDS: number[] = [];

function answerConsumerFetch(sim: Sim<KafkaState>, b: string, br: BrokerState, from: string, body: ConsumerFetch, final: boolean): boolean {
  let any = false;
  const parts: ConsumerRespPart[] = [];
  const req = body.parts;
  for (let i = 0; i < req.length; i++) {
    const part = consumerPart(sim, b, br, req[i].p, req[i].offset, req[i].epoch);
    if (part.ids.length > 0 || part.error !== null || part.resetTo >= 0) any = true;
    parts.push(part);
  }
  if (!any && !final) return false;
  sim.send(b, from, { type: 'fetchResp', fid: body.fid, parts });
  return true;
}

export function handleConsumerFetch(sim: Sim<KafkaState>, env: Envelope<ConsumerFetch>): void {
  const b = env.dest;
  const br = brokerOf(sim, b);
  if (answerConsumerFetch(sim, b, br, env.src, env.body, false)) return;
  park(sim, b, br, { kind: 'consumer', deadline: 0, from: env.src, fid: env.body.fid, body: env.body }, FETCH_MAX_WAIT_MS);
}

function park(sim: Sim<KafkaState>, b: string, br: BrokerState, p: ParkedFetch, waitMs: number): void {
  p.deadline = sim.now + waitMs;
  br.parked.push(p);
  arm(sim, b, br.sweeps, SWEEP.fetchWait, p.deadline);
}

function answer(sim: Sim<KafkaState>, b: string, br: BrokerState, p: ParkedFetch, final: boolean): boolean {
  return p.kind === 'replica'
    ? answerReplicaFetch(sim, b, br, p.from, p.body as ReplicaFetch, final, true)
    : answerConsumerFetch(sim, b, br, p.from, p.body as ConsumerFetch, final);
}

/** True when the parked fetch asks for `partition` (read from its request: no copy of the names is kept). */
export function asksFor(p: ParkedFetch, partition: string): boolean {
  const parts = (p.body as ReplicaFetch | ConsumerFetch).parts;
  for (let i = 0; i < parts.length; i++) if (parts[i].p === partition) return true;
  return false;
}

function waitsOn(p: ParkedFetch, kind: ParkedFetch['kind'], partition: string): boolean {
  return p.kind === kind && asksFor(p, partition);
}

/** New data (replica fetches) or a higher HW (consumer fetches) on `partition` answers waiting fetches. */
export function wakeParked(sim: Sim<KafkaState>, b: string, br: BrokerState, partition: string, kind: ParkedFetch['kind']): void {
  const parked = br.parked;
  let first = -1;
  for (let i = 0; i < parked.length; i++) {
    if (waitsOn(parked[i], kind, partition)) {
      first = i;
      break;
    }
  }
  if (first < 0) return;
  // Answering may wake other fetches (a follower's offset moves the HW): detach the ready ones first.
  let only: ParkedFetch | null = parked[first];
  let ready: ParkedFetch[] | null = null;
  let kept = first;
  for (let i = first + 1; i < parked.length; i++) {
    const p = parked[i];
    if (!waitsOn(p, kind, partition)) parked[kept++] = p;
    else if (ready === null) {
      ready = [only!, p];
      only = null;
    } else ready.push(p);
  }
  keepFirst(parked, kept);
  if (only !== null) {
    if (!answer(sim, b, br, only, false)) br.parked.push(only);
    return;
  }
  for (let i = 0; i < ready!.length; i++) if (!answer(sim, b, br, ready![i], false)) br.parked.push(ready![i]);
}

/** Answers the waiting fetches that `match` selects now, with whatever there is. */
export function respondParked(sim: Sim<KafkaState>, b: string, match: (p: ParkedFetch) => boolean): void {
  const br = sim.state.brokers[b];
  const ready = br.parked.filter(match);
  if (ready.length === 0) return;
  br.parked = br.parked.filter((p) => !match(p));
  for (const p of ready) answer(sim, b, br, p, true);
}

/** The long-poll sweep: answers the fetches whose wait is over, then waits for the next one. */
export function onFetchWait(sim: Sim<KafkaState>, b: string, at: number): void {
  const br = sim.state.brokers[b];
  if (!fire(br.sweeps, SWEEP.fetchWait, at)) return;
  respondParked(sim, b, (p) => p.deadline <= sim.now);
  let next = Infinity;
  for (const p of br.parked) next = Math.min(next, p.deadline);
  if (next < Infinity) arm(sim, b, br.sweeps, SWEEP.fetchWait, next);
}

import type { Sim } from '../core/engine';
import type { Envelope } from '../core/types';
import { FETCH_MAX_WAIT_MS, MAX_PARTITION_FETCH_BYTES, REPLICA_FETCH_MAX_BYTES } from './constants';
import { leo } from './log';
import { logFile } from './broker';
import { divergence, endOffsetFor011, updateFollower } from './leader';
import { arm, fire } from './sweep';
import type { FetchRespPart, KafkaBody, KafkaState, KRecord, ParkedFetch } from './types';

/**
 * The leader answering fetches: followers read up to its LEO, consumers only below the HW. With
 * nothing to return, a fetch waits (DelayedFetch) up to replica.fetch.wait.max.ms or
 * fetch.max.wait.ms for new data; fetch.min.bytes = 1, so one new record answers it.
 */
type ReplicaFetch = Extract<KafkaBody, { type: 'replicaFetch' }>;
type ConsumerFetch = Extract<KafkaBody, { type: 'fetch' }>;

function maxRecords(sim: Sim<KafkaState>, bytes: number): number {
  return Math.max(1, Math.floor(bytes / sim.scenario.workload.messageBytes));
}

/** Reads [from, upTo) but never splits an idempotent batch (a run of one producer's sequences). */
function readRecords(sim: Sim<KafkaState>, b: string, p: string, from: number, upTo: number, cap: number): KRecord[] {
  const f = logFile(sim, b, p);
  let end = Math.min(upTo, from + cap);
  while (end < upTo) {
    const prev = f.entries.get(end - 1);
    const next = f.entries.get(end);
    if (prev.pid < 0 || next.pid !== prev.pid || next.seq !== prev.seq + 1) break;
    end++;
  }
  return from < end ? f.entries.toArray(from, end) : [];
}

function answerReplicaFetch(sim: Sim<KafkaState>, b: string, from: string, body: ReplicaFetch, final: boolean): boolean {
  const release = sim.scenario.kafka.release;
  const parts: FetchRespPart[] = [];
  let any = false;
  for (const fp of body.parts) {
    const r = sim.state.brokers[b].replicas[fp.p];
    const f = logFile(sim, b, fp.p);
    const end = leo(f);
    const base = { p: fp.p, records: [] as KRecord[], hw: r?.hw ?? 0, leo: end };
    if (!r || r.role !== 'leader') parts.push({ ...base, error: 'NOT_LEADER_OR_FOLLOWER' });
    else if (fp.epoch < r.leaderEpoch) parts.push({ ...base, error: 'FENCED_LEADER_EPOCH' });
    else if (fp.epoch > r.leaderEpoch) parts.push({ ...base, error: 'UNKNOWN_LEADER_EPOCH' });
    else if (fp.epochCheck) parts.push({ ...base, error: null, epochEnd: endOffsetFor011(r, fp.lastEpoch, end) });
    else {
      const div = release === '4.x' || release === '2.x' ? divergence(r, fp.lastEpoch, fp.offset, end) : null;
      if (div) parts.push({ ...base, error: null, diverging: div });
      else if (fp.offset > end) parts.push({ ...base, error: 'OFFSET_OUT_OF_RANGE' });
      else {
        updateFollower(sim, b, r, from, fp.offset);
        const records = readRecords(sim, b, fp.p, fp.offset, end, maxRecords(sim, REPLICA_FETCH_MAX_BYTES));
        parts.push({ ...base, hw: r.hw, error: null, records });
        if (records.length > 0) any = true;
        continue;
      }
    }
    any = true;
  }
  if (!any && !final) return false;
  sim.send(b, from, { type: 'replicaFetchResp', fid: body.fid, parts });
  return true;
}

export function handleReplicaFetch(sim: Sim<KafkaState>, env: Envelope<ReplicaFetch>): void {
  const b = env.dest;
  if (answerReplicaFetch(sim, b, env.src, env.body, false)) return;
  park(sim, b, { kind: 'replica', deadline: 0, from: env.src, fid: env.body.fid, parts: env.body.parts.map((p) => p.p), body: env.body }, sim.scenario.kafka.replicaFetchWaitMaxMs);
}

function answerConsumerFetch(sim: Sim<KafkaState>, b: string, from: string, body: ConsumerFetch, final: boolean): boolean {
  const k = sim.scenario.kafka;
  let any = false;
  const parts = body.parts.map((fp) => {
    const r = sim.state.brokers[b].replicas[fp.p];
    const none = { p: fp.p, base: fp.offset, ids: [] as number[], resetTo: -1 };
    if (!r || r.role !== 'leader') return (any = true), { ...none, error: 'NOT_LEADER_OR_FOLLOWER' };
    const end = leo(logFile(sim, b, fp.p));
    if (fp.offset < 0) return (any = true), { ...none, error: null, resetTo: k.autoOffsetReset === 'latest' ? r.hw : 0 };
    if (fp.offset > end) {
      // KIP-320 (2.1+): the consumer finds the divergence and resumes at the new leader's end;
      // before that, OFFSET_OUT_OF_RANGE sends it to auto.offset.reset.
      const modern = k.release === '4.x' || k.release === '2.x';
      const resetTo = modern ? end : k.autoOffsetReset === 'latest' ? r.hw : 0;
      return (any = true), { ...none, error: 'OFFSET_OUT_OF_RANGE', resetTo };
    }
    const ids = readRecords(sim, b, fp.p, fp.offset, r.hw, maxRecords(sim, MAX_PARTITION_FETCH_BYTES)).map((rec) => rec.id);
    if (ids.length > 0) any = true;
    return { ...none, error: null, ids };
  });
  if (!any && !final) return false;
  sim.send(b, from, { type: 'fetchResp', fid: body.fid, parts });
  return true;
}

export function handleConsumerFetch(sim: Sim<KafkaState>, env: Envelope<ConsumerFetch>): void {
  const b = env.dest;
  if (answerConsumerFetch(sim, b, env.src, env.body, false)) return;
  park(sim, b, { kind: 'consumer', deadline: 0, from: env.src, fid: env.body.fid, parts: env.body.parts.map((p) => p.p), body: env.body }, FETCH_MAX_WAIT_MS);
}

function park(sim: Sim<KafkaState>, b: string, p: ParkedFetch, waitMs: number): void {
  const br = sim.state.brokers[b];
  p.deadline = sim.now + waitMs;
  br.parked.push(p);
  arm(sim, b, br.sweeps, 'fetchWait', p.deadline);
}

function answer(sim: Sim<KafkaState>, b: string, p: ParkedFetch, final: boolean): boolean {
  return p.kind === 'replica'
    ? answerReplicaFetch(sim, b, p.from, p.body as ReplicaFetch, final)
    : answerConsumerFetch(sim, b, p.from, p.body as ConsumerFetch, final);
}

/** New data (replica fetches) or a higher HW (consumer fetches) on `partition` answers waiting fetches. */
export function wakeParked(sim: Sim<KafkaState>, b: string, partition: string, kind: ParkedFetch['kind']): void {
  const br = sim.state.brokers[b];
  if (br.parked.length === 0) return;
  const keep: ParkedFetch[] = [];
  const ready: ParkedFetch[] = [];
  for (const p of br.parked) (p.kind === kind && p.parts.includes(partition) ? ready : keep).push(p);
  if (ready.length === 0) return;
  br.parked = keep;
  for (const p of ready) if (!answer(sim, b, p, false)) br.parked.push(p);
}

/** Answers the waiting fetches that `match` selects now, with whatever there is. */
export function respondParked(sim: Sim<KafkaState>, b: string, match: (p: ParkedFetch) => boolean): void {
  const br = sim.state.brokers[b];
  const ready = br.parked.filter(match);
  if (ready.length === 0) return;
  br.parked = br.parked.filter((p) => !match(p));
  for (const p of ready) answer(sim, b, p, true);
}

/** The long-poll sweep: answers the fetches whose wait is over, then waits for the next one. */
export function onFetchWait(sim: Sim<KafkaState>, b: string, at: number): void {
  const br = sim.state.brokers[b];
  if (!fire(br.sweeps, 'fetchWait', at)) return;
  respondParked(sim, b, (p) => p.deadline <= sim.now);
  let next = Infinity;
  for (const p of br.parked) next = Math.min(next, p.deadline);
  if (next < Infinity) arm(sim, b, br.sweeps, 'fetchWait', next);
}

import type { Sim } from '../core/engine';
import { appendEntry } from '../core/storage';
import { REPLICA_FETCH_BACKOFF_MS, REPLICA_SOCKET_TIMEOUT_MS } from './constants';
import { assignEpoch, endOffsetFor, lastRecordEpoch, leo } from './log';
import { replicaLog, truncateWithCause } from './broker';
import { kemit } from './emit';
import { brokerOf, fetcherTo, replicaOf, setFetcher } from './lookup';
import { maybeFlush } from './leader';
import { trackAppended } from './producer-state';
import { recordEpoch, recordId } from './record';
import { arm, fire, SWEEP } from './sweep';
import type { BrokerState, FetcherState, FetchPart, FetchRespPart, KafkaBody, KafkaState, ReplicaState } from './types';

/**
 * The follower's side (ReplicaFetcherThread): one fetcher per leader broker, fetching all the
 * partitions it follows there in one request, again as soon as a response arrives. Divergence
 * (KIP-279), the epoch end offset (KIP-101) or OFFSET_OUT_OF_RANGE tell it to truncate first.
 */
type FetchResp = Extract<KafkaBody, { type: 'replicaFetchResp' }>;

/**
 * After roles changed: records which partitions each fetcher fetches, then starts a fetch to every
 * leader this broker follows partitions on, unless one is in flight.
 */
export function kickFetchers(sim: Sim<KafkaState>, b: string): void {
  const br = sim.state.brokers[b];
  for (const leader in br.fetchers) br.fetchers[leader].parts = [];
  const leaders: string[] = [];
  // ReplicaManager.applyLocalFollowersDelta: in controlled shutdown, a replica with no leader or
  // outside the ISR stops fetching (the controller removed this broker from every ISR).
  const stopping = br.shuttingDown && br.meta ? br.meta.parts : null;
  for (const p in br.replicas) {
    const r = br.replicas[p];
    if (r.role !== 'follower' || !r.leader) continue;
    if (stopping && !stopping.some((part) => part.name === p && part.isr.includes(b))) continue;
    fetcherFor(br, r.leader).parts.push(p);
    if (!leaders.includes(r.leader)) leaders.push(r.leader);
  }
  for (const leader of leaders) kickFetcher(sim, b, leader);
}

/** The fetcher to `leader`, made on first use. */
function fetcherFor(br: BrokerState, leader: string): FetcherState {
  return fetcherTo(br, leader) ?? setFetcher(br, leader, { fid: 0, inFlight: false, deadline: 0, parts: [], wakeAt: -1 });
}

export function kickFetcher(sim: Sim<KafkaState>, b: string, leader: string, br = brokerOf(sim, b)): void {
  fetchFrom(sim, b, br, leader, fetcherFor(br, leader));
}

/** kickFetcher with the fetcher in hand (the response path has just looked it up). */
function fetchFrom(sim: Sim<KafkaState>, b: string, br: BrokerState, leader: string, f: FetcherState): void {
  if (f.inFlight) return;
  const parts: FetchPart[] = [];
  const now = sim.now;
  let delayed = false;
  for (let i = 0; i < f.parts.length; i++) {
    const p = f.parts[i];
    const r = replicaOf(br, p)!;
    // A partition delayed after an error (or failed, waiting for metadata) is left out of the request.
    if (r.fetchDelayUntil > now) {
      if (r.fetchDelayUntil !== Infinity) delayed = true;
      continue;
    }
    const file = replicaLog(sim, b, r);
    // epochCheck is present on every part (false in the common case): one shape for the leader's reads.
    const part: FetchPart = r.epochCheck
      ? { p, offset: leo(file), epoch: r.leaderEpoch, lastEpoch: r.epochs.length > 0 ? r.epochs[r.epochs.length - 1][0] : -1, epochCheck: true }
      : { p, offset: leo(file), epoch: r.leaderEpoch, lastEpoch: lastRecordEpoch(file), epochCheck: false };
    parts.push(part);
  }
  if (parts.length === 0) {
    // AbstractFetcherThread.maybeFetch: no partition ready, wait replica.fetch.backoff.ms and build again.
    if (delayed) backOff(sim, b, leader, f, REPLICA_FETCH_BACKOFF_MS);
    return;
  }
  f.fid = sim.state.nextId++;
  f.inFlight = true;
  sim.send(b, leader, { type: 'replicaFetch', fid: f.fid, parts });
  f.deadline = sim.now + REPLICA_SOCKET_TIMEOUT_MS;
  arm(sim, b, br.sweeps, SWEEP.replicaFetchTimeout, f.deadline);
}

/** replica.socket.timeout.ms sweep: fetchers that got no answer in time fail and back off. */
export function sweepFetchers(sim: Sim<KafkaState>, b: string, at: number): void {
  const br = sim.state.brokers[b];
  if (!fire(br.sweeps, SWEEP.replicaFetchTimeout, at)) return;
  let next = Infinity;
  for (const [leader, f] of Object.entries(br.fetchers)) {
    if (!f.inFlight) continue;
    if (f.deadline <= sim.now) fetcherFailed(sim, b, leader, f.fid);
    else next = Math.min(next, f.deadline);
  }
  if (next < Infinity) arm(sim, b, br.sweeps, SWEEP.replicaFetchTimeout, next);
}

/** Arms the timer that builds the next fetch at now + `ms`, unless one is pending. */
function backOff(sim: Sim<KafkaState>, b: string, leader: string, f: FetcherState, ms: number): void {
  if (f.wakeAt > sim.now) return;
  f.wakeAt = sim.now + ms;
  sim.setTimer(b, ms, { type: 'fetcherBackoff', leader, at: f.wakeAt });
}

/** The backoff timer: builds the next fetch (a newer metadata may have started one already). */
export function onFetcherBackoff(sim: Sim<KafkaState>, b: string, leader: string, at: number): void {
  const f = sim.state.brokers[b].fetchers[leader];
  if (!f || f.wakeAt !== at) return;
  f.wakeAt = -1;
  kickFetcher(sim, b, leader);
}

/**
 * No answer (timeout) or a reset connection: every partition has an error. 4.x delays them all by
 * replica.fetch.backoff.ms (processFetchRequest, then maybeFetch waits as none is ready). 0.11 and
 * 2.x also sleep replica.fetch.backoff.ms in processFetchRequest's catch before delaying them, so
 * the next fetch goes after twice the backoff (the source says so: "effectively doubling the
 * delay"). 0.8.2 had no backoff at all (KAFKA-1461, added in 0.9); the model waits 1 s there too.
 */
export function fetcherFailed(sim: Sim<KafkaState>, b: string, leader: string, fid: number): void {
  const f = sim.state.brokers[b].fetchers[leader];
  if (!f || f.fid !== fid || !f.inFlight) return;
  f.inFlight = false;
  const release = sim.scenario.kafka.release;
  const doubled = release === '2.x' || release === '0.11';
  backOff(sim, b, leader, f, doubled ? 2 * REPLICA_FETCH_BACKOFF_MS : REPLICA_FETCH_BACKOFF_MS);
}

export function handleReplicaFetchResp(sim: Sim<KafkaState>, b: string, leader: string, body: FetchResp): void {
  const br = brokerOf(sim, b);
  const f = fetcherTo(br, leader);
  if (!f || f.fid !== body.fid || !f.inFlight) return;
  f.inFlight = false;
  const parts = body.parts;
  for (let i = 0; i < parts.length; i++) if (!applyPart(sim, b, br, leader, parts[i])) return;
  fetchFrom(sim, b, br, leader, f);
}

/**
 * AbstractFetcherThread.getOffsetTruncationState for the leader's diverging epoch: an undefined end
 * offset keeps the log; if this log does not know the leader's epoch, truncate to the end of its
 * own largest earlier epoch (the next fetch carries that epoch and asks again); otherwise to the
 * smaller of the two ends of that epoch; with no epoch at or below it, to the leader's end offset.
 */
export function truncationOffset(r: ReplicaState, diverging: { epoch: number; endOffset: number }, logEnd: number): number {
  const { epoch, endOffset } = diverging;
  if (endOffset < 0) return logEnd;
  if (epoch < 0) return Math.min(endOffset, logEnd);
  const [mine, myEnd] = endOffsetFor(r, epoch, logEnd);
  if (myEnd < 0) return Math.min(endOffset, logEnd);
  if (mine !== epoch) return Math.min(myEnd, logEnd);
  return Math.min(myEnd, endOffset, logEnd);
}

/**
 * Applies one partition of a fetch response. A partition error delays that partition alone by
 * replica.fetch.backoff.ms (AbstractFetcherThread.handlePartitionsWithErrors -> delayPartitions;
 * 0.11's ReplicaFetcherThread the same): the others go on fetching. FENCED_LEADER_EPOCH for the
 * epoch this replica still has (onPartitionFenced) removes the partition from the fetcher
 * (markPartitionFailed) until metadata with a new leader epoch adds it back (becomeFollower).
 * NOT_LEADER_OR_FOLLOWER, UNKNOWN_LEADER_EPOCH and a FENCED_LEADER_EPOCH for an epoch this
 * replica has already left are retried after the backoff. False if the broker is going down
 * over it (exitRatherThanTruncate): nothing more of the response is applied.
 */
function applyPart(sim: Sim<KafkaState>, b: string, br: BrokerState, leader: string, part: FetchRespPart): boolean {
  const r = replicaOf(br, part.p);
  if (!r || r.role !== 'follower' || r.leader !== leader) return true;
  const file = replicaLog(sim, b, r);
  if (part.error) {
    if (part.error === 'OFFSET_OUT_OF_RANGE' && leo(file) > part.leo) {
      if (refusesTruncation(sim)) return exitRatherThanTruncate(sim, b, r, leader, part.leo, leo(file));
      // Before epochs, a follower ahead of the leader truncates to the leader's LEO.
      truncateWithCause(sim, b, r, part.leo, 'kafka.truncatedToLeaderLeo');
      return true;
    }
    const failed = part.error === 'FENCED_LEADER_EPOCH' && part.epoch === r.leaderEpoch;
    r.fetchDelayUntil = failed ? Infinity : sim.now + REPLICA_FETCH_BACKOFF_MS;
    return true;
  }
  if (part.epochEnd !== undefined) {
    // 0.11 ReplicaFetcherThread.maybeTruncate: an undefined end offset falls back to the HW.
    r.epochCheck = false;
    const target = part.epochEnd < 0 ? r.hw : Math.min(part.epochEnd, leo(file));
    truncateWithCause(sim, b, r, target, part.epochEnd < 0 ? 'kafka.truncatedToHw' : 'kafka.truncatedByEpoch');
    return true;
  }
  if (part.diverging) {
    truncateWithCause(sim, b, r, truncationOffset(r, part.diverging, leo(file)), 'kafka.truncatedOnRejoin');
    return true;
  }
  const records = part.records;
  let end = leo(file);
  if (records.length > 0) {
    const start = end;
    const bytes = sim.scenario.workload.messageBytes;
    const now = sim.now;
    // A record of the same epoch as the one before cannot add an epoch boundary: skip the check.
    let lastEpoch = -2;
    for (let i = 0; i < records.length; i++) {
      const epoch = recordEpoch(records[i]);
      if (epoch !== lastEpoch) {
        assignEpoch(r, epoch, end);
        lastEpoch = epoch;
      }
      appendEntry(file, records[i], bytes, now);
      end++;
    }
    trackAppended(sim.world.ledger, r.producers, records, start);
    maybeFlush(sim, b, r, records.length);
    if (sim.tap) sim.journal(b, 'kafka.replicated', records.map(recordId), { partition: part.p, offset: start, broker: b });
  }
  // The follower's HW is min(leader HW, own LEO): it learns an advance one fetch later.
  r.hw = Math.min(part.hw, end);
  return true;
}

/**
 * Before 2.1 a follower ahead of its leader did not truncate when unclean leader election was off:
 * ReplicaFetcherThread.handleOffsetOutOfRange took it for data loss it must not cause and stopped
 * the broker (KAFKA-7414 made it truncate in 2.1, "Out of range errors should never be fatal for
 * follower").
 */
function refusesTruncation(sim: Sim<KafkaState>): boolean {
  const k = sim.scenario.kafka;
  return (k.release === '0.8' || k.release === '0.11') && !k.uncleanLeaderElection;
}

/**
 * 0.8.2 logs "Halting because log truncation is not allowed" and calls Runtime.halt(1): the process
 * dies at once, like a crash. 0.11 logs "Exiting because ..." and throws FatalExitError, whose
 * System.exit runs the shutdown hook (KafkaServer.shutdown): a graceful stop. Nothing of the
 * response is applied after it. Returns false.
 */
function exitRatherThanTruncate(sim: Sim<KafkaState>, b: string, r: ReplicaState, leader: string, leaderLeo: number, ownLeo: number): false {
  const release = sim.scenario.kafka.release;
  kemit(sim, {
    kind: 'FatalExit', node: b, cat: 'error', code: release === '0.8' ? 'kafka.log.haltNoTruncation' : 'kafka.log.exitNoTruncation',
    params: { broker: b, partition: r.partition, leader, leaderLeo, leo: ownLeo }, data: { partition: r.partition },
  });
  sim.scheduleInternalFault({ atMs: sim.now, system: 'kafka', action: release === '0.8' ? 'crash' : 'stop', target: b }, sim.now);
  return false;
}

import type { Sim } from '../core/engine';
import { recordAcked } from '../accounting/ledger';
import { MAX_REQUEST_SIZE, RETRY_BACKOFF_MS } from './constants';
import { kemit } from './emit';
import { canDrainNew, failBatch, requestMetadata, retryOrFail } from './producer';
import { arm, fire, SWEEP } from './sweep';
import { blockedSends, releaseBuffer, serveWaiters } from './buffer';
import { closeIfDone } from './close';
import { connectionLost, connectionReady } from './producer-conn';
import { removeAt } from '../core/arrays';
import { partitionIndex } from './partitioner';
import { nameNumber } from '../core/numbered';
import { expiryBase, hasDeliveryTimeout, queuedExpiryAt, type ExpiryReason } from './batch-expiry';
import type { Batch, InFlightProduce, KafkaBody, KafkaState, ProducePart, ProducerState } from './types';

/**
 * The producer's Sender thread. A broker is ready when the first batch of any partition it leads
 * is sendable (full, linger.ms over, or its retry backoff over); one ProduceRequest then carries
 * the first batch of every partition that broker leads (RecordAccumulator.drain takes them whether
 * or not their own linger is over), up to max.request.size, and another follows while batches stay
 * ready and the connection has room (max.in.flight.requests.per.connection).
 */
type ProduceResp = Extract<KafkaBody, { type: 'produceResp' }>;

/**
 * The Sender loop (Sender.runOnce): expires overdue batches, sends to every ready broker, then
 * sleeps until the next deadline of the batches now at the head of each partition. A loop that
 * sent something runs again at once (sendProducerData's pollTimeout = 0 when a node was ready), so
 * a batch that moved up to the head by that send is counted, with its own linger.ms.
 */
export function drain(sim: Sim<KafkaState>, producer: string): void {
  const s = sim.state.producers[producer];
  const k = sim.scenario.kafka;
  const now = sim.now;
  const deques = s.deques;
  let ready: string[] | null = null;
  let leaderless = false;
  if (blockedSends(s) > 0) {
    // Expired batches give their memory back first, and the sends blocked on it take it in turn.
    for (let i = 0; i < deques.length; i++) expireQueued(sim, producer, s, i, now);
    serveWaiters(sim, producer);
  }
  for (let i = 0; i < deques.length; i++) {
    const deque = deques[i];
    if (deque.length === 0) continue;
    expireQueued(sim, producer, s, i, now);
    if (deque.length === 0 || readyTime(sim, s, i, deque[0]) > now || muted(sim, s, i)) continue;
    const leader = leaderOf(s, i);
    if (!leader) leaderless = true;
    else if (ready === null) ready = [leader];
    else if (!ready.includes(leader)) ready.push(leader);
  }
  if (leaderless) requestMetadata(sim, producer);
  if (ready !== null) {
    for (const broker of ready) {
      if (!connectionReady(sim, producer, s, broker)) continue;
      const n = nameNumber(broker);
      while ((s.perBroker[n] ?? 0) < k.maxInFlight && sendTo(sim, producer, s, broker));
    }
  }
  // Sender.runOnce ends by sleeping in client.poll(pollTimeout), the timeout worked out afresh on
  // every pass: a pass that sent the batch an earlier sleep was waiting for sleeps until the next
  // batch's time instead, and one with nothing left sleeps until it is woken. The wake-up it
  // replaces is ignored when it comes (model.ts, 'drain').
  const wake = nextWake(sim, s, now);
  if (wake === Infinity) s.wakeAt = -1;
  else if (wake !== s.wakeAt) {
    s.wakeAt = wake;
    sim.setTimer(producer, wake - now, { type: 'drain', at: wake });
  }
  if (s.closing) closeIfDone(sim, producer, s);
}

/**
 * Expires the batches at the head of partition `i`'s deque that are past their time (batch-expiry.ts).
 * Before 2.1 a muted partition's batches wait (RecordAccumulator.expiredBatches: "We only check if
 * the batch should be expired if the partition does not have a batch in flight").
 */
function expireQueued(sim: Sim<KafkaState>, producer: string, s: ProducerState, i: number, now: number): void {
  const k = sim.scenario.kafka;
  const deque = s.deques[i];
  if (deque.length === 0 || now < queuedExpiryAt(k, deque[0])) return;
  if (!hasDeliveryTimeout(k.release) && muted(sim, s, i)) return;
  while (deque.length > 0 && now >= queuedExpiryAt(k, deque[0])) expire(sim, producer, deque.shift()!);
}

/**
 * max.in.flight.requests.per.connection = 1 guarantees order (Sender's guaranteeMessageOrder, every
 * release): a partition with a request in flight is muted, neither ready nor drained, until that
 * request completes (RecordAccumulator.mutePartition / unmutePartition), so a later batch cannot
 * reach a new leader while an earlier one may still be retried. acks=0 requests complete at once.
 */
function muted(sim: Sim<KafkaState>, s: ProducerState, i: number): boolean {
  return sim.scenario.kafka.maxInFlight === 1 && s.inFlight.length > 0 && hasInFlight(sim, s, i);
}

/** Partition `i` has a batch in a request in flight (apart from muted, see producer.ts startsNewEpoch). */
function hasInFlight(sim: Sim<KafkaState>, s: ProducerState, i: number): boolean {
  const name = sim.state.partitions[i];
  for (const inf of s.inFlight) for (const b of inf.batches) if (b.partition === name) return true;
  return false;
}

/**
 * When a head batch may be sent: once linger.ms is over or it is full, or after its retry backoff.
 * A closed accumulator (KafkaProducer.close, close.ts) sends every batch at once
 * (RecordAccumulator.ready's `closed`), except one backing off before a retry.
 */
function readyTime(sim: Sim<KafkaState>, s: ProducerState, i: number, batch: Batch): number {
  if (s.closing && batch.attempts === 0) return 0;
  return skipsBackoff(sim, s, i, batch) ? 0 : batch.readyAt;
}

/**
 * 3.7+ (KAFKA-15415, KIP-951): a retry goes without waiting out its backoff when the partition's
 * leader changed since its last attempt (RecordAccumulator.shouldBackoff with
 * ProducerBatch.hasLeaderChangedForTheOngoingRetry: the metadata's leader epoch is newer than the
 * one the batch was last sent under). Older clients wait out retry.backoff.ms regardless.
 */
function skipsBackoff(sim: Sim<KafkaState>, s: ProducerState, i: number, batch: Batch): boolean {
  return batch.attempts > 0 && sim.scenario.kafka.release === '4.x' && s.meta !== null && s.meta.parts[i].leaderEpoch > batch.leaderEpoch;
}

/**
 * When the Sender must look again: the earliest head batch's linger.ms or retry backoff end
 * (RecordAccumulator.ready's nextReadyCheckDelayMs), its expiry (batch-expiry.ts) even when it is
 * ready but held back by max.in.flight.requests.per.connection (nextExpiryTimeMs), and the retry
 * backoff for a partition with no known leader.
 */
function nextWake(sim: Sim<KafkaState>, s: ProducerState, now: number): number {
  const k = sim.scenario.kafka;
  let wake = Infinity;
  const deques = s.deques;
  for (let i = 0; i < deques.length; i++) {
    const deque = deques[i];
    if (deque.length === 0) continue;
    const head = deque[0];
    // A muted partition is looked at again when its request completes (handleProduceResp drains);
    // from 2.1 its queued batches still expire meanwhile.
    const isMuted = muted(sim, s, i);
    if (!isMuted || hasDeliveryTimeout(k.release)) {
      const expiry = queuedExpiryAt(k, head);
      if (expiry < wake) wake = expiry;
    }
    if (isMuted) continue;
    const readyAt = readyTime(sim, s, i, head);
    if (readyAt > now) {
      if (readyAt < wake) wake = readyAt;
    } else if (!leaderOf(s, i) && now + RETRY_BACKOFF_MS < wake) wake = now + RETRY_BACKOFF_MS;
  }
  return wake;
}

function leaderOf(s: ProducerState, index: number): string | null {
  return s.meta ? s.meta.parts[index].leader : null;
}

/** A batch waiting out its retry backoff is not drained, even beside a ready one. */
function inBackoff(sim: Sim<KafkaState>, s: ProducerState, i: number, batch: Batch, now: number): boolean {
  return batch.attempts > 0 && batch.readyAt > now && !skipsBackoff(sim, s, i, batch);
}

/** Builds and sends one ProduceRequest to `broker` if one of its partitions is ready; false if none. */
function sendTo(sim: Sim<KafkaState>, producer: string, s: ProducerState, broker: string): boolean {
  const now = sim.now;
  const parts = sim.state.partitions;
  let isReady = false;
  for (let i = 0; i < parts.length && !isReady; i++) {
    const d = s.deques[i];
    isReady = d.length > 0 && readyTime(sim, s, i, d[0]) <= now && leaderOf(s, i) === broker && !muted(sim, s, i);
  }
  if (!isReady) return false;
  const batches: Batch[] = [];
  let bytes = 0;
  for (let i = 0; i < parts.length; i++) {
    const d = s.deques[i];
    if (d.length === 0 || inBackoff(sim, s, i, d[0], now) || leaderOf(s, i) !== broker || muted(sim, s, i)) continue;
    if (batches.length > 0 && bytes + d[0].bytes > MAX_REQUEST_SIZE) break;
    if (s.pid >= 0 && d[0].baseSeq >= 0 && retryWaitsForEarlier(s, d[0])) break;
    if (s.pid >= 0 && d[0].baseSeq < 0 && !canDrainNew(s, d[0].partition)) continue;
    bytes += d[0].bytes;
    batches.push(d.shift()!);
  }
  if (batches.length === 0) return false;
  send(sim, producer, s, batches, broker);
  return true;
}

/**
 * RecordAccumulator.shouldStopDrainBatchesForPartition (idempotent producer, 1.0+): a retried
 * batch, which keeps its sequence, is drained only when it is the partition's first batch in
 * flight by sequence (TransactionManager.firstInFlightSequence; a re-enqueued batch still counts as
 * in flight). So after a failure the partition's retries go one at a time, each once the one
 * before it is answered ("This effectively reduces our in flight request count to 1"), instead of
 * all at once, when every one behind a failing retry would fail too with OUT_OF_ORDER_SEQUENCE_NUMBER.
 * drainBatchesForOneNode then stops (`break`) and the request carries no further partition.
 */
function retryWaitsForEarlier(s: ProducerState, head: Batch): boolean {
  const inFlight = s.inFlight;
  for (let r = 0; r < inFlight.length; r++) {
    const batches = inFlight[r].batches;
    for (let j = 0; j < batches.length; j++) {
      const b = batches[j];
      if (b.partition === head.partition && !b.done && b.baseSeq < head.baseSeq) return true;
    }
  }
  return false;
}

function send(sim: Sim<KafkaState>, producer: string, s: ProducerState, batches: Batch[], leader: string): void {
  const k = sim.scenario.kafka;
  const parts: ProducePart[] = [];
  for (const batch of batches) {
    batch.sealed = true;
    batch.attempts++;
    if (s.pid >= 0 && batch.baseSeq < 0) {
      const p = partitionIndex(batch.partition);
      batch.baseSeq = s.nextSeq[p] ?? 0;
      batch.pepoch = s.epoch;
      s.nextSeq[p] = batch.baseSeq + batch.ids.length;
    }
    batch.sentEpoch = batch.pepoch;
    batch.leaderEpoch = s.meta !== null ? s.meta.parts[partitionIndex(batch.partition)].leaderEpoch : -1;
    parts.push({ p: batch.partition, ids: batch.ids, keys: batch.keys, pepoch: batch.pepoch, baseSeq: s.pid >= 0 ? batch.baseSeq : -1 });
  }
  const rid = sim.state.nextId++;
  sim.send(producer, leader, { type: 'produce', rid, acks: k.acks, pid: s.pid, timeoutMs: k.requestTimeoutMs, parts });
  if (k.acks === '0') {
    // acks=0: success as soon as the request is on the wire; no response, no retry.
    for (const batch of batches) {
      batch.done = true;
      releaseBuffer(s, batch);
      for (const id of batch.ids) recordAcked(sim.world.ledger, id, sim.now);
      if (sim.tap) sim.journal(producer, 'kafka.ackedAcks0', batch.ids, { partition: batch.partition });
    }
    return;
  }
  s.inFlight.push({ rid, batches, broker: leader, deadline: sim.now + k.requestTimeoutMs });
  const n = nameNumber(leader);
  s.perBroker[n] = (s.perBroker[n] ?? 0) + 1;
  arm(sim, producer, s.sweeps, SWEEP.requestTimeout, sim.now + k.requestTimeoutMs);
  // The Sender also wakes when a batch in flight reaches delivery.timeout.ms (nextBatchExpiryTimeMs);
  // before 2.1 a batch in flight does not expire (batch-expiry.ts).
  if (hasDeliveryTimeout(k.release)) arm(sim, producer, s.sweeps, SWEEP.inflightExpiry, batches[0].createdAt + k.deliveryTimeoutMs);
}

/** The event-log sentences of a pre-2.1 expiry, by what ProducerBatch.maybeExpire counted from. */
const EXPIRED_CODES: Record<ExpiryReason, string> = {
  sinceAttempt: 'kafka.log.expiredSinceAttempt',
  sinceAppend: 'kafka.log.expiredSinceAppend',
  sinceCreation: 'kafka.log.expiredSinceCreation',
};

/**
 * delivery.timeout.ms passed for a batch (RecordAccumulator.expiredBatches for queued ones,
 * Sender.getExpiredInflightBatches for ones in flight): Sender.sendProducerData fails it with a
 * TimeoutException "Expiring N record(s) for topic-p:M ms has passed since batch creation",
 * whatever error its earlier attempts got; a response arriving later is ignored. Before 2.1, the
 * same for a queued batch past request.timeout.ms, with maybeExpire's reason (batch-expiry.ts).
 */
function expire(sim: Sim<KafkaState>, producer: string, batch: Batch): void {
  const k = sim.scenario.kafka;
  const params = { producer, partition: batch.partition, count: batch.ids.length, ms: sim.now - batch.createdAt };
  let code = 'kafka.log.expired';
  if (!hasDeliveryTimeout(k.release)) {
    // 0.11-2.0 ProducerBatch.maybeExpire: "Expiring N record(s) for topic-p: M ms has passed since ..."
    const { since, reason } = expiryBase(k, batch);
    code = EXPIRED_CODES[reason];
    params.ms = sim.now - since;
  }
  kemit(sim, { kind: 'TimeoutException', node: producer, cat: 'error', code, params, data: { partition: batch.partition } });
  failBatch(sim, producer, batch, 'TimeoutException');
}

/** The in-flight expiry sweep: expires overdue batches of requests still in flight (their requests stay open). */
export function expireInFlight(sim: Sim<KafkaState>, producer: string, at: number): void {
  const s = sim.state.producers[producer];
  if (!fire(s.sweeps, SWEEP.inflightExpiry, at)) return;
  const timeout = sim.scenario.kafka.deliveryTimeoutMs;
  let next = Infinity;
  for (const inf of s.inFlight) {
    for (const batch of inf.batches) {
      if (batch.done) continue;
      if (sim.now >= batch.createdAt + timeout) expire(sim, producer, batch);
      else next = Math.min(next, batch.createdAt + timeout);
    }
  }
  if (next < Infinity) arm(sim, producer, s.sweeps, SWEEP.inflightExpiry, next);
  if (blockedSends(s) > 0) drain(sim, producer); // memory given back: the blocked sends take it
}

export function handleProduceResp(sim: Sim<KafkaState>, producer: string, body: ProduceResp): void {
  const s = sim.state.producers[producer];
  const inf = takeInFlight(s, body.rid);
  if (!inf) return;
  s.perBroker[nameNumber(inf.broker)]--;
  // The response lists the partitions in the request's order.
  for (let i = 0; i < inf.batches.length; i++) {
    const batch = inf.batches[i];
    const part = body.parts[i];
    if (batch.done) continue; // expired while in flight (Sender.getExpiredInflightBatches)
    if (part.error === null) {
      batch.done = true;
      releaseBuffer(s, batch);
      for (const id of batch.ids) recordAcked(sim.world.ledger, id, sim.now);
      if (sim.tap) sim.journal(producer, 'kafka.acked', batch.ids, { partition: part.p, offset: part.baseOffset });
    } else retryOrFail(sim, producer, batch, part.error);
  }
  drain(sim, producer);
}

/** Removes and returns the request in flight with id `rid` (a short list: at most max.in.flight per broker). */
function takeInFlight(s: ProducerState, rid: number): InFlightProduce | undefined {
  const list = s.inFlight;
  for (let i = 0; i < list.length; i++) {
    if (list[i].rid !== rid) continue;
    const inf = list[i];
    removeAt(list, i);
    return inf;
  }
  return undefined;
}

/** request.timeout.ms passed: the client closes the connection and fails all its in-flight requests. */
export function requestTimedOut(sim: Sim<KafkaState>, producer: string, at: number): void {
  const s = sim.state.producers[producer];
  if (!fire(s.sweeps, SWEEP.requestTimeout, at)) return;
  for (const inf of s.inFlight.slice()) {
    if (s.inFlight.includes(inf) && inf.deadline <= sim.now) disconnect(sim, producer, inf.broker, 'REQUEST_TIMED_OUT');
  }
  let next = Infinity;
  for (const inf of s.inFlight) next = Math.min(next, inf.deadline);
  if (next < Infinity) arm(sim, producer, s.sweeps, SWEEP.requestTimeout, next);
}

/** The connection to `broker` is gone (reset or timed out): every request in flight on it fails. */
export function disconnect(sim: Sim<KafkaState>, producer: string, broker: string, error: string): void {
  const s = sim.state.producers[producer];
  // Newest first, each re-enqueued at the front: the oldest ends up first again (Sender.handleDisconnections).
  for (const inf of s.inFlight.slice().reverse()) {
    if (inf.broker !== broker) continue;
    takeInFlight(s, inf.rid);
    for (const batch of inf.batches) retryOrFail(sim, producer, batch, error);
  }
  s.perBroker[nameNumber(broker)] = 0;
  connectionLost(sim, producer, s, broker);
  // NetworkClient asks for a metadata update whenever a connection drops.
  requestMetadata(sim, producer);
  drain(sim, producer);
}

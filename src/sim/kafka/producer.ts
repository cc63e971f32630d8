import { newSweeps } from './sweep';
import type { Sim } from '../core/engine';
import { kemit } from './emit';
import type { AppMessage } from '../core/model';
import { recordFailed } from '../accounting/ledger';
import { kafkaBrokerName } from '../scenario/topology';
import { BATCH_SIZE, RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MS } from './constants';
import { builtInNextPartition, nextSticky, partitionForKey, partitionIndex, roundRobinPartition } from './partitioner';
import { nextU32 } from '../core/prng';
import type { KafkaRelease } from '../scenario/defaults';
import { drain } from './sender';
import { hasDeliveryTimeout } from './batch-expiry';
import { batchAlloc, blockedSends, releaseBuffer, waitForBuffer } from './buffer';
import type { Batch, KafkaState, Metadata, ProducerState } from './types';

/**
 * The producer (KafkaProducer, RecordAccumulator; the Sender is in sender.ts): records join a
 * batch per partition, ready once linger.ms has passed or it is full; retriable errors re-enqueue
 * it at the front until retries or delivery.timeout.ms run out. A request timeout closes the connection, failing every request
 * in flight on it (NetworkClient), which is how a lost request lets later batches overtake it.
 */
const RETRIABLE = new Set([
  'NOT_LEADER_OR_FOLLOWER', 'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION', 'UNKNOWN_LEADER_EPOCH', 'OUT_OF_ORDER_SEQUENCE_NUMBER',
]);
const REFRESH = new Set(['NOT_LEADER_OR_FOLLOWER', 'NETWORK_EXCEPTION', 'REQUEST_TIMED_OUT', 'UNKNOWN_LEADER_EPOCH']);

/**
 * InitProducerId gives every new KafkaProducer instance a fresh producer id (KIP-98), so a
 * restarted producer's sequences, starting at 0 again, are never taken for retries of the batches
 * its previous instance wrote. Here the id is the producer's number in its first instance and is
 * offset by the node's incarnation after that: unique per instance and the same on every replay.
 */
const PIDS_PER_INCARNATION = 1_000; // more than LIMITS.producersMax

/** Null-key records stick to a partition from 2.4 (KIP-480); before, they went round-robin. */
function stickyNullKeys(release: KafkaRelease): boolean {
  return release === '4.x' || release === '2.x';
}

export function newProducer(sim: Sim<KafkaState>, name: string, meta: Metadata): ProducerState {
  const index = Number(name.slice('producer-'.length));
  const rng = sim.fork(`sticky:${name}`);
  // The round-robin counter starts at a random int (new Random().nextInt(), 0.8.2;
  // ThreadLocalRandom.current().nextInt(), 0.9-2.3); drawn only where it is used.
  const nullKeyCounter = stickyNullKeys(sim.scenario.kafka.release) ? 0 : nextU32(rng) | 0;
  const deques: Batch[][] = [];
  for (let p = 0; p < meta.parts.length; p++) deques.push([]);
  return {
    pid: sim.scenario.kafka.idempotence ? index + PIDS_PER_INCARNATION * sim.node(name).inc : -1,
    epoch: 0,
    meta, metaInFlight: false, metaBroker: index - 1, deques, nextSeq: [], inFlight: [], perBroker: [], conns: {},
    sticky: -1, stickyBytes: 0, nullKeyCounter, partEpoch: [], rng, wakeAt: -1, retries: 0, sweeps: newSweeps(), bufferUsed: 0, waiting: [], waitHead: 0,
    closing: false,
  };
}

/**
 * KafkaProducer.send: picks the partition, then appends, or waits for buffer memory (buffer.ts),
 * behind any send already waiting: the workload's sends come in order, as from one application
 * thread, so none overtakes a blocked one (per-key order is kept; a send that fails leaves a gap).
 */
export function produce(sim: Sim<KafkaState>, producer: string, msg: AppMessage): void {
  const s = sim.state.producers[producer];
  const p = choosePartition(sim, s, msg);
  if (blockedSends(s) > 0 || !append(sim, producer, p, msg, false)) waitForBuffer(sim, producer, p, msg);
}

function choosePartition(sim: Sim<KafkaState>, s: ProducerState, msg: AppMessage): number {
  return msg.key >= 0 ? partitionForKey(msg.key, sim.state.partitions.length) : nullKeyPartition(sim, s, msg);
}

/** choosePartition for a record without a key (apart: see startsNewEpoch). */
function nullKeyPartition(sim: Sim<KafkaState>, s: ProducerState, msg: AppMessage): number {
  const parts = sim.state.partitions;
  if (!stickyNullKeys(sim.scenario.kafka.release)) {
    const p = roundRobinPartition(s.nullKeyCounter, s.meta ? s.meta.parts : null, parts.length);
    s.nullKeyCounter = (s.nullKeyCounter + 1) | 0; // AtomicInteger.getAndIncrement wraps the same way
    return p;
  }
  if (sim.scenario.kafka.release === '4.x') {
    if (s.sticky < 0) s.sticky = builtInNextPartition(s.rng, s.meta ? s.meta.parts : null, s.deques);
    return s.sticky;
  }
  const cur = s.sticky >= 0 ? s.deques[s.sticky] : null;
  const tail = cur && cur.length > 0 ? cur[cur.length - 1] : null;
  if (s.sticky < 0 || !tail || tail.sealed || tail.bytes + msg.bytes > BATCH_SIZE) s.sticky = nextSticky(s.rng, s.sticky, parts.length);
  return s.sticky;
}

/**
 * RecordAccumulator.append: the record joins partition `p`'s open batch, or starts a new one with
 * buffer memory from the pool (BufferPool.allocate). False, with nothing changed, when a new batch
 * is needed and the pool has no room. A send that `waited` (served in its turn, buffer.ts) does
 * not wake the Sender itself: the Sender loop serving it (drain) goes on to send.
 */
export function append(sim: Sim<KafkaState>, producer: string, p: number, msg: AppMessage, waited: boolean): boolean {
  const s = sim.state.producers[producer];
  const deque = s.deques[p];
  let batch = deque.length > 0 ? deque[deque.length - 1] : null;
  const fresh = !batch || batch.sealed || batch.bytes + msg.bytes > BATCH_SIZE;
  if (!batch || fresh) {
    const alloc = batchAlloc(msg.bytes);
    if (s.bufferUsed + alloc > sim.scenario.kafka.bufferMemory) return false;
    s.bufferUsed += alloc;
    batch = {
      partition: sim.state.partitions[p], ids: [], keys: [], bytes: 0, createdAt: sim.now, baseSeq: -1, pepoch: 0, attempts: 0,
      sealed: false, readyAt: sim.now + sim.scenario.kafka.lingerMs, lastError: null, sentEpoch: 0, done: false, alloc, leaderEpoch: -1,
    };
    deque.push(batch);
  }
  batch.ids.push(msg.id);
  batch.keys.push(msg.key);
  batch.bytes += msg.bytes;
  const full = batch.bytes + msg.bytes > BATCH_SIZE;
  if (full) batch.readyAt = sim.now; // full: send without waiting for linger
  if (sim.scenario.kafka.release === '4.x' && msg.key < 0) {
    // BuiltInPartitioner.updatePartitionInfo: switch once batch.size bytes went to the sticky
    // partition and its last batch is full (RecordAccumulator.allBatchesFull), or at twice that
    // regardless; a batch sent by linger.ms does not move it (unlike KIP-480's onNewBatch).
    s.stickyBytes += msg.bytes;
    if ((s.stickyBytes >= BATCH_SIZE && full) || s.stickyBytes >= 2 * BATCH_SIZE) {
      s.sticky = builtInNextPartition(s.rng, s.meta ? s.meta.parts : null, s.deques);
      s.stickyBytes = 0;
    }
  }
  // KafkaProducer.doSend wakes the Sender only for a new or a full batch; a record joining a
  // lingering batch changes nothing the Sender is waiting for.
  if ((fresh || full) && !waited) drain(sim, producer);
  return true;
}

/**
 * retry.backoff.ms = 100; since 3.7 (KIP-580) it doubles per attempt up to retry.backoff.max.ms =
 * 1000 (the real client adds 20% jitter, left out here to keep integer time without a draw).
 */
function retryBackoffMs(release: string, attempts: number): number {
  if (release !== '4.x') return RETRY_BACKOFF_MS;
  let b = RETRY_BACKOFF_MS;
  for (let i = 1; i < attempts && b < RETRY_BACKOFF_MAX_MS; i++) b *= 2;
  return Math.min(b, RETRY_BACKOFF_MAX_MS);
}

export function retryOrFail(sim: Sim<KafkaState>, producer: string, batch: Batch, error: string): void {
  const s = sim.state.producers[producer];
  const k = sim.scenario.kafka;
  if (batch.done) return; // already expired by delivery.timeout.ms (Sender.getExpiredInflightBatches)
  kemit(sim, { kind: error, node: producer, cat: 'error', code: 'kafka.log.batchError', params: { producer, partition: batch.partition, count: batch.ids.length, error }, data: { partition: batch.partition, attempt: batch.attempts } });
  const oos = error === 'OUT_OF_ORDER_SEQUENCE_NUMBER' && s.pid >= 0;
  if (oos && k.release !== '4.x') {
    if (batch.pepoch < s.epoch) batch.baseSeq = -1; // re-sequenced in the new epoch
    else if (!hasEarlierBatch(s, batch)) {
      // 2.0-2.4 TransactionManager.handleFailedBatch: a gap at the next expected sequence fails the
      // batch and resets the producer id (resetProducerId), every partition's sequences starting afresh;
      // modelled as an epoch bump, which the broker treats alike (a new epoch starts at sequence 0).
      failBatch(sim, producer, batch, error);
      s.epoch++;
      s.nextSeq = [];
      s.partEpoch = [];
      for (const d of s.deques) for (const b of d) if (b.sealed) b.baseSeq = -1;
      return;
    }
  }
  // 4.x (KIP-360, 2.5+) TransactionManager.canRetry: the idempotent producer retries every
  // OUT_OF_ORDER_SEQUENCE_NUMBER; when the batch is the next expected one (no earlier batch of the
  // partition unacknowledged) and its sequence was not reset since it was sent, the gap is real:
  // bump the epoch for the partition (requestEpochBumpForPartition) and retry from sequence 0.
  const bump = oos && k.release === '4.x' && batch.sentEpoch === batch.pepoch && !hasEarlierBatch(s, batch);
  // Sender.canRetry: not past delivery.timeout.ms (2.1+; none before, batch-expiry.ts), attempts < retries, a RetriableException.
  const pastDeliveryTimeout = hasDeliveryTimeout(k.release) && sim.now >= batch.createdAt + k.deliveryTimeoutMs;
  if (!RETRIABLE.has(error) || batch.attempts > k.retries || pastDeliveryTimeout) {
    failBatch(sim, producer, batch, error);
    // TransactionManager.handleFailedBatch (4.x): OutOfOrderSequenceException requests an epoch bump too.
    if (bump) bumpEpochFor(sim, producer, batch.partition);
    return;
  }
  batch.lastError = error;
  batch.readyAt = sim.now + retryBackoffMs(k.release, batch.attempts);
  s.retries++;
  reenqueue(s, batch);
  if (bump) bumpEpochFor(sim, producer, batch.partition);
  if (REFRESH.has(error)) requestMetadata(sim, producer);
}

/**
 * TransactionManager.bumpIdempotentProducerEpoch + TxnPartitionEntry.startSequencesAtBeginning:
 * the producer epoch goes up by one and the partition's unfinished batches (queued retries and
 * requests in flight) are re-sequenced from 0 in sequence order under the new epoch. Other
 * partitions move to the new epoch once their own batches in flight are done (canDrain below).
 */
function bumpEpochFor(sim: Sim<KafkaState>, producer: string, partition: string): void {
  const s = sim.state.producers[producer];
  s.epoch++;
  const open: Batch[] = [];
  for (const b of s.deques[partitionIndex(partition)]) if (!b.done && b.baseSeq >= 0) open.push(b);
  for (const inf of s.inFlight) for (const b of inf.batches) if (b.partition === partition && !b.done && !open.includes(b)) open.push(b);
  open.sort((a, b) => a.baseSeq - b.baseSeq);
  let seq = 0;
  for (const b of open) {
    b.baseSeq = seq;
    b.pepoch = s.epoch;
    seq += b.ids.length;
  }
  s.nextSeq[partitionIndex(partition)] = seq;
  s.partEpoch[partitionIndex(partition)] = s.epoch;
  kemit(sim, { kind: 'epochBump', node: producer, cat: 'info', code: 'kafka.log.epochBump', params: { producer, partition, epoch: s.epoch }, data: { partition } });
}

/**
 * RecordAccumulator.shouldStopDrainBatchesForPartition + TransactionManager.maybeUpdateProducerIdAndEpoch:
 * a new batch of a partition whose sequences belong to an older epoch waits until none of its
 * batches is in flight, then the partition starts at sequence 0 under the current epoch.
 */
export function canDrainNew(s: ProducerState, partition: string): boolean {
  return (s.partEpoch[partitionIndex(partition)] ?? 0) === s.epoch || startsNewEpoch(s, partition);
}

/**
 * canDrainNew's rare case, apart so that the common one stays small enough for V8 to inline
 * everywhere (a function's size counts against its callers' inlining budget even when the part
 * that runs is one comparison).
 */
function startsNewEpoch(s: ProducerState, partition: string): boolean {
  for (const inf of s.inFlight) for (const b of inf.batches) if (b.partition === partition && !b.done) return false;
  s.partEpoch[partitionIndex(partition)] = s.epoch;
  s.nextSeq[partitionIndex(partition)] = 0;
  return true;
}

/** Another unacknowledged batch of the partition has a lower sequence (it is being retried). */
function hasEarlierBatch(s: ProducerState, batch: Batch): boolean {
  if (s.deques[partitionIndex(batch.partition)].some((b) => b.sealed && b.baseSeq < batch.baseSeq)) return true;
  for (const inf of s.inFlight) for (const b of inf.batches) if (b !== batch && !b.done && b.partition === batch.partition && b.baseSeq < batch.baseSeq) return true;
  return false;
}

/** At the front of its deque; an idempotent producer keeps retried batches in sequence order. */
function reenqueue(s: ProducerState, batch: Batch): void {
  const deque = s.deques[partitionIndex(batch.partition)];
  let i = 0;
  if (s.pid >= 0) while (i < deque.length && deque[i].sealed && deque[i].baseSeq < batch.baseSeq) i++;
  deque.splice(i, 0, batch);
}

/**
 * The application's callback gets the error. Counted as the producer's record-error-total
 * (Sender.SenderMetrics.recordErrors, per record); FailedProduceRequestsPerSec is the broker's
 * metric, counted where an append fails (leader.ts).
 */
export function failBatch(sim: Sim<KafkaState>, producer: string, batch: Batch, status: string): void {
  batch.done = true;
  releaseBuffer(sim.state.producers[producer], batch);
  for (const id of batch.ids) recordFailed(sim.world.ledger, id, sim.now, status);
  const c = sim.state.counters;
  c['record-error-total'] = (c['record-error-total'] ?? 0) + batch.ids.length - 1;
  kemit(sim, { kind: 'record-error-total', node: producer, cat: 'error', code: 'kafka.log.sendFailed', params: { producer, partition: batch.partition, count: batch.ids.length, status }, data: { partition: batch.partition, status } });
  sim.journal(producer, 'kafka.sendFailed', batch.ids, { partition: batch.partition, error: status });
}

export function requestMetadata(sim: Sim<KafkaState>, client: string): void {
  const s = sim.state.producers[client] ?? sim.state.consumers[client];
  if (!s || s.metaInFlight) return;
  s.metaInFlight = true;
  s.metaBroker = (s.metaBroker + 1) % sim.scenario.kafka.brokers;
  const broker = kafkaBrokerName(s.metaBroker + 1);
  sim.send(client, broker, { type: 'metadataReq' });
  sim.setTimer(client, sim.scenario.kafka.requestTimeoutMs, { type: 'metadataTimeout', broker });
}

/** A metadata answer (or its failure) for a producer or consumer. */
export function metadataDone(sim: Sim<KafkaState>, client: string, meta: Metadata | null): void {
  const s = sim.state.producers[client] ?? sim.state.consumers[client];
  if (!s || !s.metaInFlight) return;
  s.metaInFlight = false;
  if (meta && (!s.meta || meta.version > s.meta.version)) s.meta = meta;
  if (!meta) {
    sim.setTimer(client, RETRY_BACKOFF_MS, { type: 'metadataRetry' });
    return;
  }
  if (sim.state.producers[client]) drain(sim, client);
}

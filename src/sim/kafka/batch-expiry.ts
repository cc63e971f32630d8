import type { KafkaConfig, KafkaRelease } from '../scenario/defaults';
import type { Batch } from './types';

/**
 * When the producer gives up on a batch, which changed twice:
 * - 2.1+ (KIP-91): delivery.timeout.ms after the batch's creation, whether it waits in the
 *   accumulator (RecordAccumulator.expiredBatches) or is in flight (Sender.getExpiredInflightBatches).
 * - 0.9-2.0 (KIP-19): only a batch waiting in the accumulator expires, request.timeout.ms after
 *   it became sendable (ProducerBatch.maybeExpire, below), and not while its partition is muted
 *   (one request in flight with max.in.flight.requests.per.connection = 1). A batch in flight ends
 *   only with its request: answered, or failed by request.timeout.ms and retried while retries
 *   (default 0 before 2.1) last.
 * - 0.8.2: never; a batch waits in the accumulator until its partition has a leader again, however
 *   long (KAFKA-1788, fixed by KIP-19 in 0.9).
 * The scenario's deliveryTimeoutMs is ignored by the releases without it ("0.11", "0.8").
 */
export function hasDeliveryTimeout(release: KafkaRelease): boolean {
  return release === '4.x' || release === '2.x';
}

/** The first time at which a batch waiting in the accumulator has expired; Infinity if it never does. */
export function queuedExpiryAt(k: KafkaConfig, batch: Batch): number {
  if (hasDeliveryTimeout(k.release)) return batch.createdAt + k.deliveryTimeoutMs;
  if (k.release === '0.8') return Infinity;
  // maybeExpire compares with a strict "<": expired once more than request.timeout.ms has passed.
  return expiryBase(k, batch).since + k.requestTimeoutMs + 1;
}

export type ExpiryReason = 'sinceAttempt' | 'sinceAppend' | 'sinceCreation';

/**
 * ProducerBatch.maybeExpire (0.11-2.0), whose reason names the time it counts from:
 * - in retry: the end of its retry backoff ("since last attempt plus backoff time"); here readyAt,
 *   set to the re-enqueue time plus retry.backoff.ms;
 * - full (or followed by another batch): its last append ("since last append"), when that comes
 *   before creation + linger.ms; here readyAt, which a full batch sets at the append that filled it;
 * - otherwise: creation + linger.ms ("since batch creation plus linger time").
 */
export function expiryBase(k: KafkaConfig, batch: Batch): { since: number; reason: ExpiryReason } {
  if (batch.attempts > 0) return { since: batch.readyAt, reason: 'sinceAttempt' };
  const lingerEnd = batch.createdAt + k.lingerMs;
  if (batch.readyAt < lingerEnd) return { since: batch.readyAt, reason: 'sinceAppend' };
  return { since: lingerEnd, reason: 'sinceCreation' };
}

import type { Sim } from '../core/engine';
import { recordFailed } from '../accounting/ledger';
import { kemit } from './emit';
import { blockedSends } from './buffer';
import { drain } from './sender';
import type { KafkaState, ProducerState } from './types';

/**
 * A graceful stop of a producer is KafkaProducer.close() with its default timeout, which is none
 * (Duration.ofMillis(Long.MAX_VALUE)). Sender.initiateClose closes the accumulator and its buffer
 * pool:
 * - every queued batch is sendable at once (RecordAccumulator.ready counts `closed` like a full
 *   batch: linger.ms is no longer waited for; a retry still waits out its backoff);
 * - a send blocked for buffer memory fails with KafkaException "Producer closed while allocating
 *   memory" (BufferPool.close wakes the waiters).
 * The Sender then runs until no batch is left undrained and no request is in flight (the close loop
 * in Sender.run), with retries, request.timeout.ms and delivery.timeout.ms as before, so a close
 * ends within delivery.timeout.ms (2.1+; before it, a batch waiting for a leader holds a close up
 * until it expires, or for ever in 0.8: batch-expiry.ts). Only then does the process go. Taking it down at once would drop
 * buffered records that the real client delivers.
 */
export function closeProducer(sim: Sim<KafkaState>, producer: string): 'now' | 'later' {
  const s = sim.state.producers[producer];
  s.closing = true;
  failBlockedSends(sim, producer, s);
  if (drained(s)) return 'now';
  const batches = queuedBatches(s);
  const requests = s.inFlight.length;
  kemit(sim, { kind: 'close', node: producer, cat: 'info', code: 'kafka.log.producerClosing', params: { producer, batches, requests }, data: { batches, requests } });
  drain(sim, producer);
  return 'later';
}

/** Nothing left to send or to wait for: the close is over (checked after every Sender pass). */
export function closeIfDone(sim: Sim<KafkaState>, producer: string, s: ProducerState): void {
  if (s.closing && drained(s)) sim.setTimer(producer, 0, { type: 'producerClosed' });
}

/** The timer closeIfDone set: the process goes, unless something was queued again meanwhile. */
export function onProducerClosed(sim: Sim<KafkaState>, producer: string): void {
  const s = sim.state.producers[producer];
  if (s && s.closing && drained(s)) sim.finishStop(producer);
}

/** Sender.run's close loop ends: no batch undrained, no request in flight. */
function drained(s: ProducerState): boolean {
  return queuedBatches(s) === 0 && s.inFlight.length === 0;
}

function queuedBatches(s: ProducerState): number {
  let n = 0;
  for (const deque of s.deques) n += deque.length;
  return n;
}

/** BufferPool.close: each send blocked in allocate throws; its record was never sent. */
function failBlockedSends(sim: Sim<KafkaState>, producer: string, s: ProducerState): void {
  if (blockedSends(s) === 0) return;
  const ids: number[] = [];
  for (let i = s.waitHead; i < s.waiting.length; i++) {
    recordFailed(sim.world.ledger, s.waiting[i].id, sim.now, 'KafkaException');
    ids.push(s.waiting[i].id);
  }
  s.waiting.length = 0;
  s.waitHead = 0;
  kemit(sim, { kind: 'KafkaException', node: producer, cat: 'error', code: 'kafka.log.closedWhileAllocating', params: { producer, count: ids.length }, data: { count: ids.length } });
  sim.journal(producer, 'kafka.closedWhileAllocating', ids);
}

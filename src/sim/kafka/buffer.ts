import type { Sim } from '../core/engine';
import type { AppMessage } from '../core/model';
import { recordFailed } from '../accounting/ledger';
import { BATCH_SIZE } from './constants';
import { kemit } from './emit';
import { append } from './producer';
import { arm, fire, SWEEP } from './sweep';
import type { Batch, KafkaState, ProducerState } from './types';

/**
 * The producer's buffer pool (BufferPool, buffer.memory = 32 MB): every batch holds at least
 * batch.size bytes of it from its first record until it is acknowledged or failed. When a record
 * needs a new batch and the pool is spent, send() blocks for up to max.block.ms; then it fails
 * with BufferExhaustedException and the record is never sent. Later sends queue behind a blocked
 * one and are served in order (see produce), but each waits on its own clock from its own send,
 * as if the workload's fixed-rate sends came from an application that queues them. Without this
 * pool a stalled producer would buffer without limit and deliver everything once the stall ended:
 * safer than the real client.
 */

/**
 * RecordAccumulator.append allocates max(batch.size, the record's upper-bound size): the record
 * plus DefaultRecordBatch.RECORD_BATCH_OVERHEAD (61) and DefaultRecord.MAX_RECORD_OVERHEAD (21).
 */
export function batchAlloc(messageBytes: number): number {
  return Math.max(BATCH_SIZE, messageBytes + 61 + 21);
}

/** A done batch gives its memory back (RecordAccumulator.deallocate); waiting sends get it in Sender.drain. */
export function releaseBuffer(s: ProducerState, batch: Batch): void {
  s.bufferUsed -= batch.alloc;
  batch.alloc = 0;
}

/** How many sends are blocked waiting for buffer memory. */
export function blockedSends(s: ProducerState): number {
  return s.waiting.length - s.waitHead;
}

/** send() blocks in BufferPool.allocate, behind the sends already waiting. */
export function waitForBuffer(sim: Sim<KafkaState>, producer: string, p: number, msg: AppMessage): void {
  const s = sim.state.producers[producer];
  const deadline = sim.now + sim.scenario.kafka.maxBlockMs;
  s.waiting.push({ id: msg.id, key: msg.key, seq: msg.seq, bytes: msg.bytes, p, deadline });
  arm(sim, producer, s.sweeps, SWEEP.bufferWait, deadline);
}

/**
 * Takes the first `n` blocked sends off the line. The line moves by its head index, one send a
 * millisecond at a busy rate, and is compacted only now and then: removing from the front of a
 * long array each time cost more than the rest of a stalled run.
 */
function dequeue(s: ProducerState, n: number): void {
  s.waitHead += n;
  if (s.waitHead === s.waiting.length) {
    s.waiting.length = 0;
    s.waitHead = 0;
  } else if (s.waitHead >= 1_024 && s.waitHead * 2 >= s.waiting.length) {
    s.waiting.splice(0, s.waitHead);
    s.waitHead = 0;
  }
}

/** The blocked sends, oldest first, take the memory given back, as far as it goes (the Sender then sends). */
export function serveWaiters(sim: Sim<KafkaState>, producer: string): void {
  const s = sim.state.producers[producer];
  let n = 0;
  while (s.waitHead + n < s.waiting.length) {
    const w = s.waiting[s.waitHead + n];
    if (!append(sim, producer, w.p, w, true)) break;
    n++;
  }
  if (n > 0) dequeue(s, n);
}

/** max.block.ms ran out for the sends at the head of the line: BufferExhaustedException, never sent. */
export function expireWaiters(sim: Sim<KafkaState>, producer: string, at: number): void {
  const s = sim.state.producers[producer];
  if (!fire(s.sweeps, SWEEP.bufferWait, at)) return;
  const ids: number[] = [];
  while (s.waitHead + ids.length < s.waiting.length && s.waiting[s.waitHead + ids.length].deadline <= sim.now) {
    const id = s.waiting[s.waitHead + ids.length].id;
    recordFailed(sim.world.ledger, id, sim.now, 'BufferExhaustedException');
    ids.push(id);
  }
  if (ids.length > 0) {
    dequeue(s, ids.length);
    const c = sim.state.counters;
    c['buffer-exhausted-total'] = (c['buffer-exhausted-total'] ?? 0) + ids.length;
    const k = sim.scenario.kafka;
    kemit(sim, { kind: 'BufferExhaustedException', node: producer, cat: 'error', code: 'kafka.log.bufferExhausted', params: { producer, count: ids.length, ms: k.maxBlockMs, memory: k.bufferMemory }, data: { count: ids.length } });
    sim.journal(producer, 'kafka.bufferExhausted', ids, { ms: k.maxBlockMs, memory: k.bufferMemory });
  }
  if (blockedSends(s) > 0) arm(sim, producer, s.sweeps, SWEEP.bufferWait, s.waiting[s.waitHead].deadline);
}

import type { KRecord } from './types';
import { keyOf, producerOf, ledgerSize, type LedgerState } from '../accounting/ledger';

/**
 * A record as stored in a partition log file and carried in replica fetch responses: one packed
 * number in the common case, the KRecord object otherwise. Every message lives in each replica's
 * log (three copies by default); as objects the records were most of the Kafka model's memory, as
 * numbers a copy costs 8 bytes.
 *
 * Packed: id + 2^25 * (seq1 + 2^19 * (epoch + 128 * pe)) < 2^53, where seq1 = seq + 1 for an
 * idempotent producer's record and 0 for a non-idempotent one (pid = seq = -1). Two fields are not
 * packed because the ledger holds them per id: the key (the producer's key for the message) and
 * the producer id, which this model gives as the producer's index (producer.ts). A record keeps the
 * object form whenever a field does not fit or differs from what the ledger says, so decoding
 * always gives back exactly the record that was written.
 */
export type StoredRecord = number | KRecord;

const ID_SPAN = 2 ** 25; // ids below 33.5 M (LIMITS.messagesMax: 4 M per run)
const SEQ_SPAN = 2 ** 19; // producer sequences below 524,287 per producer and partition
const EPOCH_SPAN = 128; // leader epochs 0..127
const PE_SPAN = 4; // producer epochs 0..3 (bumped only after a fatal sequence error, KIP-360)
const HIGH_SPAN = SEQ_SPAN * EPOCH_SPAN; // the multiplier of pe in the high part

/** The stored form of the record a leader appends (Partition.appendRecordsToLeader). */
export function storeRecord(l: LedgerState, id: number, key: number, epoch: number, pid: number, pe: number, seq: number): StoredRecord {
  const seq1 = pid < 0 ? (seq === -1 ? 0 : -1) : seq + 1;
  if (
    id < 0 || id >= ID_SPAN || id >= ledgerSize(l) || seq1 < 0 || (pid >= 0 && seq1 === 0) || seq1 >= SEQ_SPAN ||
    epoch < 0 || epoch >= EPOCH_SPAN || pe < 0 || pe >= PE_SPAN ||
    key !== keyOf(l, id) || (pid >= 0 && pid !== producerOf(l, id))
  ) {
    return { id, key, epoch, pid, pe, seq };
  }
  return (seq1 + SEQ_SPAN * (epoch + EPOCH_SPAN * pe)) * ID_SPAN + id;
}

/**
 * x mod span for a non-negative integer x < 2^53 and a power-of-two span: exact (dividing by a
 * power of two only moves the exponent), and much cheaper than `%`, which is a floating-point
 * remainder for numbers beyond 32 bits.
 */
function low(x: number, span: number): number {
  return x - Math.floor(x / span) * span;
}

export function recordId(v: StoredRecord): number {
  return typeof v === 'number' ? low(v, ID_SPAN) : v.id;
}

/** The leader epoch of the leader that appended it. */
export function recordEpoch(v: StoredRecord): number {
  return typeof v === 'number' ? low(Math.floor(v / (ID_SPAN * SEQ_SPAN)), EPOCH_SPAN) : v.epoch;
}

/** Producer sequence, -1 for a non-idempotent producer. */
export function recordSeq(v: StoredRecord): number {
  return typeof v === 'number' ? low(Math.floor(v / ID_SPAN), SEQ_SPAN) - 1 : v.seq;
}

/** Producer epoch. */
export function recordPe(v: StoredRecord): number {
  return typeof v === 'number' ? Math.floor(v / (ID_SPAN * HIGH_SPAN)) : v.pe;
}

/** Producer id, -1 for a non-idempotent producer. */
export function recordPid(l: LedgerState, v: StoredRecord): number {
  if (typeof v !== 'number') return v.pid;
  return low(Math.floor(v / ID_SPAN), SEQ_SPAN) === 0 ? -1 : producerOf(l, low(v, ID_SPAN));
}

export function recordKey(l: LedgerState, v: StoredRecord): number {
  return typeof v === 'number' ? keyOf(l, low(v, ID_SPAN)) : v.key;
}

/** The full record (for the rare paths: views, tests). */
export function toRecord(l: LedgerState, v: StoredRecord): KRecord {
  if (typeof v !== 'number') return v;
  return { id: recordId(v), key: recordKey(l, v), epoch: recordEpoch(v), pid: recordPid(l, v), pe: recordPe(v), seq: recordSeq(v) };
}

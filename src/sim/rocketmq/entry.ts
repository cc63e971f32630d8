import type { RSim } from './store';
import { TOPIC_SCHEDULE } from './constants';
import type { CLEntry } from './state';
import { keyOf } from '../accounting/ledger';

/**
 * A CommitLog entry as stored in the file, the HA and DLedger streams and pull results: one packed
 * number in the common case, the full CLEntry object otherwise. Every message of a run lives in at
 * least two CommitLogs (master and slave); as objects they were most of the model's memory and of
 * the garbage collector's copying, as numbers they cost 8 bytes per copy.
 *
 * Packed: id + 2^25 * (q + 32 * (t + 4 * (r + 64 * term))) < 2^53. The key is not packed: every
 * copy of a message carries its producer's key, which the ledger holds per id. An entry keeps the
 * object form when a field does not fit, and always in SCHEDULE_TOPIC_XXXX, whose storeTimestamp
 * decides when it is due.
 */
export type StoredEntry = number | CLEntry;

const ID_SPAN = 2 ** 25; // ids below 33.5 M (LIMITS.messagesMax: 4 M per run)
const Q_SPAN = 32; // queue ids 0..15, delay levels 0..17
const T_SPAN = 4; // TOPIC_MAIN, TOPIC_RETRY, TOPIC_DLQ, TOPIC_SCHEDULE
const R_SPAN = 64; // reconsumeTimes 0..17 (maxReconsumeTimes <= 16, plus the DLQ copy)
const TERM_SPAN = 2 ** 15; // DLedger terms

export function storeEntry(e: CLEntry): StoredEntry {
  if (e.t === TOPIC_SCHEDULE || e.id < 0 || e.id >= ID_SPAN || e.q >= Q_SPAN || e.r >= R_SPAN || e.term >= TERM_SPAN) return e;
  return (e.q + Q_SPAN * (e.t + T_SPAN * (e.r + R_SPAN * e.term))) * ID_SPAN + e.id;
}

/** The packed form of a workload message as a master stores it: the allocation-free common case. */
export function storeMain(id: number, q: number, k: number, at: number, term: number): StoredEntry {
  if (id >= ID_SPAN || q >= Q_SPAN || term >= TERM_SPAN) return { id, t: 0, q, k, r: 0, at, term };
  return (q + Q_SPAN * T_SPAN * R_SPAN * term) * ID_SPAN + id;
}

/** Topic, queue and message id of an entry. */
export interface EntryHead {
  t: number;
  q: number;
  id: number;
}

/** Fills `out` with the entry's topic, queue and id in one decode: for scans over a whole CommitLog. */
export function decodeHead(v: StoredEntry, out: EntryHead): void {
  if (typeof v !== 'number') {
    out.t = v.t;
    out.q = v.q;
    out.id = v.id;
    return;
  }
  const high = Math.floor(v / ID_SPAN);
  out.id = v - high * ID_SPAN;
  out.q = high & (Q_SPAN - 1);
  out.t = (high >> 5) & (T_SPAN - 1);
}

export function entryId(v: StoredEntry): number {
  return typeof v === 'number' ? packedId(v) : v.id;
}

/**
 * v % ID_SPAN, computed without a floating-point remainder (a call out to C in V8; a packed entry is
 * above 2^31, so it is a double): exact here, as v is a non-negative integer below 2^53 and ID_SPAN a
 * power of two.
 */
function packedId(v: number): number {
  return v - Math.floor(v / ID_SPAN) * ID_SPAN;
}

export function entryTopic(v: StoredEntry): number {
  return typeof v === 'number' ? (Math.floor(v / ID_SPAN) >> 5) & 3 : v.t;
}

export function entryQueue(v: StoredEntry): number {
  return typeof v === 'number' ? Math.floor(v / ID_SPAN) & 31 : v.q;
}

/** reconsumeTimes. */
export function entryTimes(v: StoredEntry): number {
  return typeof v === 'number' ? (Math.floor(v / ID_SPAN) >> 7) & 63 : v.r;
}

export function entryTerm(v: StoredEntry): number {
  return typeof v === 'number' ? Math.floor(v / ID_SPAN) >> 13 : v.term;
}

export function entryKey(sim: RSim, v: StoredEntry): number {
  return typeof v === 'number' ? keyOf(sim.world.ledger, packedId(v)) : v.k;
}

/** The full entry (for the rare paths: retries, views). A packed entry has no storeTimestamp (at = -1). */
export function toEntry(sim: RSim, v: StoredEntry): CLEntry {
  if (typeof v !== 'number') return v;
  return { id: entryId(v), t: entryTopic(v), q: entryQueue(v), k: entryKey(sim, v), r: entryTimes(v), at: -1, term: entryTerm(v) };
}

import { CHUNK, CowList } from '../core/cowlist';
import { CowTable } from '../core/cowtable';

/**
 * The delivery ledger: one row per application message, in a table that checkpoints share
 * copy-on-write (core/cowtable.ts). The workload writes `sent`; models report acks, failures and deliveries;
 * the report reads it at the end. Times are simulated ms; -1 means "not yet".
 */
export interface LedgerState {
  /** A row per message, id = row; the columns are PRODUCER .. DELIVERIES below (read with the functions named after them). */
  rows: CowTable;
  /** Final send status by name, for messages that did not get a plain success (sparse). */
  status: Map<number, string>;
  /** The model's explanation for a message that went wrong, as a cause code and params (sparse). */
  notes: Map<number, Cause>;
  /** When each note was written: for a lost message, when its last copy was removed (sparse). */
  notedAt: Map<number, number>;
  /** Highest sequence delivered so far per (producer, key) slot (see keySlot), for the out-of-order checker. */
  maxSeqDelivered: Map<number, number>;
  /**
   * For BROADCASTING: each consumer's deliveries of each message, by consumer then message id
   * (every consumer gets nearly every message, so a dense list: 8 bytes a delivery, where a map
   * keyed by "id:consumer" strings took about 100).
   */
  perConsumer: Map<string, CowList<number>> | null;
  duplicates: number;
  outOfOrder: number;
  anomalies: Anomaly[];
  anomaliesOmitted: number;
}

/** A translated-later explanation: the code names a sentence in the cause catalogue. */
export interface Cause {
  code: string;
  params?: Record<string, string | number>;
}

export interface Anomaly {
  kind: 'lost' | 'duplicate' | 'outOfOrder';
  id: number;
  key: string | null;
  at: number;
  cause: Cause;
}

export const ANOMALIES_MAX = 5_000;

/** One number per (producer, key) pair: producers are numbered from 1, keys from -1 (no key). */
export function keySlot(producer: number, key: number): number {
  return producer * 4096 + key + 1;
}

/** The ledger's columns: who sent it, its key (-1: none), its per (producer, key) sequence, then times in ms (-1: not yet) and a count. */
export const PRODUCER = 0;
export const KEY = 1;
export const SEQ = 2;
export const SENT_AT = 3;
export const ACKED_AT = 4;
export const FAILED_AT = 5;
export const FIRST_DELIVERED_AT = 6;
export const DELIVERIES = 7;
const COLUMNS = 8;

export function newLedger(broadcast = false): LedgerState {
  return {
    rows: new CowTable(COLUMNS),
    status: new Map(),
    notes: new Map(),
    notedAt: new Map(),
    maxSeqDelivered: new Map(),
    perConsumer: broadcast ? new Map() : null,
    duplicates: 0,
    outOfOrder: 0,
    anomalies: [],
    anomaliesOmitted: 0,
  };
}

/** Acknowledged and never delivered: the messages a model's locate is asked about. */
export function isUnconsumedAcked(l: LedgerState, id: number): boolean {
  return id >= 0 && id < l.rows.length && l.rows.get(id, ACKED_AT) >= 0 && l.rows.get(id, FIRST_DELIVERED_AT) < 0;
}

/**
 * isUnconsumedAcked for every message at once, as flags by id: read chunk by chunk, for scans
 * that ask once per stored record.
 */
export function unconsumedAckedFlags(l: LedgerState): Uint8Array {
  const n = l.rows.length;
  const chunks = l.rows.readChunks();
  const out = new Uint8Array(n);
  for (let id = 0; id < n; id++) {
    const c = (id / CHUNK) | 0;
    const at = (id - c * CHUNK) * COLUMNS;
    if (chunks[c][at + ACKED_AT] >= 0 && chunks[c][at + FIRST_DELIVERED_AT] < 0) out[id] = 1;
  }
  return out;
}

/** Message `id`'s producer, numbered from 1. */
export function producerOf(l: LedgerState, id: number): number {
  return l.rows.get(id, PRODUCER);
}

/** Message `id`'s key number, -1 when it has none. */
export function keyOf(l: LedgerState, id: number): number {
  return l.rows.get(id, KEY);
}

/** Message `id`'s sequence among its producer's messages with its key. */
export function seqOf(l: LedgerState, id: number): number {
  return l.rows.get(id, SEQ);
}

export function sentAtOf(l: LedgerState, id: number): number {
  return l.rows.get(id, SENT_AT);
}

/** When the application was told the send succeeded, or -1. */
export function ackedAtOf(l: LedgerState, id: number): number {
  return l.rows.get(id, ACKED_AT);
}

/** When the application got an error for the send, or -1. */
export function failedAtOf(l: LedgerState, id: number): number {
  return l.rows.get(id, FAILED_AT);
}

/** When a consumer first processed message `id`, or -1. */
export function firstDeliveredAtOf(l: LedgerState, id: number): number {
  return l.rows.get(id, FIRST_DELIVERED_AT);
}

/** How many times consumers processed message `id`. */
export function deliveriesOf(l: LedgerState, id: number): number {
  return l.rows.get(id, DELIVERIES);
}

export function ledgerSize(l: LedgerState): number {
  return l.rows.length;
}

/** Each message's row is filled through this scratch row: one append of all eight cells. */
const NEW_ROW = new Int32Array(COLUMNS);

export function recordSent(l: LedgerState, producer: number, key: number, seq: number, at: number): number {
  const row = NEW_ROW;
  row[PRODUCER] = producer;
  row[KEY] = key;
  row[SEQ] = seq;
  row[SENT_AT] = at;
  row[ACKED_AT] = -1;
  row[FAILED_AT] = -1;
  row[FIRST_DELIVERED_AT] = -1;
  row[DELIVERIES] = 0;
  if (producer !== row[PRODUCER] || key !== row[KEY] || seq !== row[SEQ] || at !== row[SENT_AT]) {
    throw new RangeError(`recordSent: ${[producer, key, seq, at].join(', ')} are not all 32-bit integers`);
  }
  return l.rows.push(row);
}

/** The application was told the send fully succeeded. Only the first outcome counts. */
export function recordAcked(l: LedgerState, id: number, at: number): void {
  if (l.rows.get(id, ACKED_AT) >= 0 || l.rows.get(id, FAILED_AT) >= 0) return;
  l.rows.set(id, ACKED_AT, at);
}

/** The application got an error or a non-OK status (named, e.g. FLUSH_SLAVE_TIMEOUT). */
export function recordFailed(l: LedgerState, id: number, at: number, status: string): void {
  if (l.rows.get(id, ACKED_AT) >= 0 || l.rows.get(id, FAILED_AT) >= 0) return;
  l.rows.set(id, FAILED_AT, at);
  l.status.set(id, status);
}

export function noteCause(l: LedgerState, id: number, cause: Cause, at: number): void {
  l.notes.set(id, cause);
  l.notedAt.set(id, at);
}

export function keyLabel(l: LedgerState, id: number): string | null {
  const k = l.rows.get(id, KEY);
  return k < 0 ? null : `k${k}`;
}

function addAnomaly(l: LedgerState, a: Anomaly): void {
  if (l.anomalies.length < ANOMALIES_MAX) l.anomalies.push(a);
  else l.anomaliesOmitted++;
}

/**
 * A consumer processed message `id`. Counts duplicates (deliveries beyond the first, per consumer
 * in BROADCASTING) and out-of-order first deliveries (a lower sequence than one already delivered
 * for the same producer and key).
 */
export function recordDelivered(l: LedgerState, id: number, consumer: string, at: number, cause?: Cause): void {
  const count = l.rows.get(id, DELIVERIES);
  l.rows.set(id, DELIVERIES, count + 1);
  let duplicate = count > 0;
  if (l.perConsumer) {
    let mine = l.perConsumer.get(consumer);
    if (mine === undefined) l.perConsumer.set(consumer, (mine = new CowList<number>()));
    while (mine.length <= id) mine.push(0);
    const times = mine.get(id);
    mine.set(id, times + 1);
    duplicate = times > 0;
  }
  if (duplicate) {
    l.duplicates++;
    addAnomaly(l, {
      kind: 'duplicate', id, key: keyLabel(l, id), at,
      cause: cause ?? l.notes.get(id) ?? { code: 'core.redelivered', params: { consumer } },
    });
  }
  if (count > 0) return;
  l.rows.set(id, FIRST_DELIVERED_AT, at);
  const k = l.rows.get(id, KEY);
  if (k < 0) return;
  const slot = keySlot(l.rows.get(id, PRODUCER), k);
  const seq = l.rows.get(id, SEQ);
  const max = l.maxSeqDelivered.get(slot);
  if (max !== undefined && seq < max) {
    l.outOfOrder++;
    addAnomaly(l, {
      kind: 'outOfOrder', id, key: keyLabel(l, id), at,
      cause: l.notes.get(id) ?? { code: 'core.deliveredAfterLater', params: { seq, max } },
    });
  } else l.maxSeqDelivered.set(slot, seq);
}

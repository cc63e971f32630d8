import { CHUNK, CowList } from '../core/cowlist';
import { CowInts } from '../core/cowints';

/**
 * The delivery ledger: one row per application message, in columns that checkpoints share
 * copy-on-write. The workload writes `sent`; models report acks, failures and deliveries;
 * the report reads it at the end. Times are simulated ms; -1 means "not yet".
 */
export interface LedgerState {
  producer: CowInts;
  key: CowInts; // -1 for records without a key
  seq: CowInts; // per (producer, key) sequence number
  sentAt: CowInts;
  ackedAt: CowInts;
  failedAt: CowInts;
  firstDeliveredAt: CowInts;
  deliveries: CowInts;
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

export function newLedger(broadcast = false): LedgerState {
  return {
    producer: new CowInts(),
    key: new CowInts(),
    seq: new CowInts(),
    sentAt: new CowInts(),
    ackedAt: new CowInts(),
    failedAt: new CowInts(),
    firstDeliveredAt: new CowInts(),
    deliveries: new CowInts(),
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
  return id >= 0 && id < l.ackedAt.length && l.ackedAt.get(id) >= 0 && l.firstDeliveredAt.get(id) < 0;
}

/**
 * isUnconsumedAcked for every message at once, as flags by id: read chunk by chunk, for scans
 * that ask once per stored record.
 */
export function unconsumedAckedFlags(l: LedgerState): Uint8Array {
  const n = l.ackedAt.length;
  const acked = l.ackedAt.readChunks();
  const first = l.firstDeliveredAt.readChunks();
  const out = new Uint8Array(n);
  for (let id = 0; id < n; id++) {
    const c = (id / CHUNK) | 0;
    const i = id - c * CHUNK;
    if (acked[c][i] >= 0 && first[c][i] < 0) out[id] = 1;
  }
  return out;
}

export function ledgerSize(l: LedgerState): number {
  return l.sentAt.length;
}

export function recordSent(l: LedgerState, producer: number, key: number, seq: number, at: number): number {
  l.producer.push(producer);
  l.key.push(key);
  l.seq.push(seq);
  l.sentAt.push(at);
  l.ackedAt.push(-1);
  l.failedAt.push(-1);
  l.firstDeliveredAt.push(-1);
  l.deliveries.push(0);
  return l.sentAt.length - 1;
}

/** The application was told the send fully succeeded. Only the first outcome counts. */
export function recordAcked(l: LedgerState, id: number, at: number): void {
  if (l.ackedAt.get(id) >= 0 || l.failedAt.get(id) >= 0) return;
  l.ackedAt.set(id, at);
}

/** The application got an error or a non-OK status (named, e.g. FLUSH_SLAVE_TIMEOUT). */
export function recordFailed(l: LedgerState, id: number, at: number, status: string): void {
  if (l.ackedAt.get(id) >= 0 || l.failedAt.get(id) >= 0) return;
  l.failedAt.set(id, at);
  l.status.set(id, status);
}

export function noteCause(l: LedgerState, id: number, cause: Cause, at: number): void {
  l.notes.set(id, cause);
  l.notedAt.set(id, at);
}

export function keyLabel(l: LedgerState, id: number): string | null {
  const k = l.key.get(id);
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
  const count = l.deliveries.get(id);
  l.deliveries.set(id, count + 1);
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
  l.firstDeliveredAt.set(id, at);
  const k = l.key.get(id);
  if (k < 0) return;
  const slot = keySlot(l.producer.get(id), k);
  const seq = l.seq.get(id);
  const max = l.maxSeqDelivered.get(slot);
  if (max !== undefined && seq < max) {
    l.outOfOrder++;
    addAnomaly(l, {
      kind: 'outOfOrder', id, key: keyLabel(l, id), at,
      cause: l.notes.get(id) ?? { code: 'core.deliveredAfterLater', params: { seq, max } },
    });
  } else l.maxSeqDelivered.set(slot, seq);
}

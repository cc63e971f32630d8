import type { FileState } from '../core/storage';
import { PRODUCER_BATCHES_RETAINED } from './constants';
import type { LedgerState } from '../accounting/ledger';
import { recordPe, recordPid, recordSeq, type StoredRecord } from './record';
import type { ProducerEntry } from './types';

/**
 * The broker's idempotent-producer state (ProducerStateManager): per producer id, the last
 * sequence and the last 5 batches with their offsets. Leaders and followers both keep it, from
 * the records they append, so a new leader recognises a retried batch.
 * 0.11.0 retained only the last batch; the count is not made per release because on 0.11 only the
 * last batch can come back (max.in.flight.requests.per.connection = 1 and partition muting), and
 * passing the release down would touch the broker's append and replication paths (constants.ts).
 */
export function recordBatch(producers: Record<string, ProducerEntry>, pid: number, epoch: number, baseSeq: number, lastSeq: number, baseOffset: number): void {
  let e = producers[pid];
  if (!e || e.epoch < epoch) e = producers[pid] = { epoch, lastSeq: -1, batches: [] };
  e.lastSeq = lastSeq;
  const b = e.batches;
  if (b.length < 3 * PRODUCER_BATCHES_RETAINED) {
    b.push(baseSeq, lastSeq, baseOffset);
    return;
  }
  // Full: forget the oldest by moving the others down in place (no new array, no length change).
  const last = b.length - 3;
  for (let i = 0; i < last; i++) b[i] = b[i + 3];
  b[last] = baseSeq;
  b[last + 1] = lastSeq;
  b[last + 2] = baseOffset;
}

/** The offset the batch [baseSeq, lastSeq] was first written at, or -1 if it is not a retained duplicate. */
export function duplicateOffset(e: ProducerEntry, baseSeq: number, lastSeq: number): number {
  const b = e.batches;
  for (let i = 0; i < b.length; i += 3) if (baseSeq >= b[i] && lastSeq <= b[i + 1]) return b[i + 2] + (baseSeq - b[i]);
  return -1;
}

/** Rebuilds producer state from a log: runs of one producer id with consecutive sequences are batches. */
export function rebuildProducers(l: LedgerState, f: FileState<StoredRecord>): Record<string, ProducerEntry> {
  const out: Record<string, ProducerEntry> = {};
  let runPid = -1, runEpoch = 0, runBase = -1, runLast = -1, runOffset = -1;
  const close = () => {
    if (runPid >= 0) recordBatch(out, runPid, runEpoch, runBase, runLast, runOffset);
  };
  f.entries.forEachRange(0, f.entries.length, (rec, i) => {
    const pid = recordPid(l, rec), pe = recordPe(rec), seq = recordSeq(rec);
    if (pid >= 0 && pid === runPid && pe === runEpoch && seq === runLast + 1) {
      runLast = seq;
      return;
    }
    close();
    runPid = pid;
    runEpoch = pe;
    runBase = runLast = seq;
    runOffset = i;
  });
  close();
  return out;
}

/** Follower side: records appended from a fetch, grouped into runs, update the producer state. */
export function trackAppended(l: LedgerState, producers: Record<string, ProducerEntry>, records: StoredRecord[], firstOffset: number): void {
  let i = 0;
  while (i < records.length) {
    const pid = recordPid(l, records[i]);
    if (pid < 0) {
      i++;
      continue;
    }
    const pe = recordPe(records[i]), baseSeq = recordSeq(records[i]);
    let j = i, lastSeq = baseSeq;
    // The cheap checks first (sequence, producer epoch); the producer id needs the ledger.
    while (j + 1 < records.length && recordSeq(records[j + 1]) === lastSeq + 1 && recordPe(records[j + 1]) === pe && recordPid(l, records[j + 1]) === pid) {
      j++;
      lastSeq++;
    }
    recordBatch(producers, pid, pe, baseSeq, lastSeq, firstOffset + i);
    i = j + 1;
  }
}

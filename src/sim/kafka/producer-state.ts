import type { FileState } from '../core/storage';
import { PRODUCER_BATCHES_RETAINED } from './constants';
import type { KRecord, ProducerEntry } from './types';

/**
 * The broker's idempotent-producer state (ProducerStateManager): per producer id, the last
 * sequence and the last 5 batches with their offsets. Leaders and followers both keep it, from
 * the records they append, so a new leader recognises a retried batch.
 */
export function recordBatch(producers: Record<string, ProducerEntry>, pid: number, epoch: number, baseSeq: number, lastSeq: number, baseOffset: number): void {
  let e = producers[pid];
  if (!e || e.epoch < epoch) e = producers[pid] = { epoch, lastSeq: -1, batches: [] };
  e.lastSeq = lastSeq;
  e.batches.push([baseSeq, lastSeq, baseOffset]);
  if (e.batches.length > PRODUCER_BATCHES_RETAINED) e.batches.shift();
}

/** The offset the batch [baseSeq, lastSeq] was first written at, or -1 if it is not a retained duplicate. */
export function duplicateOffset(e: ProducerEntry, baseSeq: number, lastSeq: number): number {
  for (const [b, l, off] of e.batches) if (baseSeq >= b && lastSeq <= l) return off + (baseSeq - b);
  return -1;
}

/** Rebuilds producer state from a log: runs of one producer id with consecutive sequences are batches. */
export function rebuildProducers(f: FileState<KRecord>): Record<string, ProducerEntry> {
  const out: Record<string, ProducerEntry> = {};
  let runPid = -1, runEpoch = 0, runBase = -1, runLast = -1, runOffset = -1;
  const close = () => {
    if (runPid >= 0) recordBatch(out, runPid, runEpoch, runBase, runLast, runOffset);
  };
  f.entries.forEachRange(0, f.entries.length, (rec, i) => {
    if (rec.pid >= 0 && rec.pid === runPid && rec.pe === runEpoch && rec.seq === runLast + 1) {
      runLast = rec.seq;
      return;
    }
    close();
    runPid = rec.pid;
    runEpoch = rec.pe;
    runBase = runLast = rec.seq;
    runOffset = i;
  });
  close();
  return out;
}

/** Follower side: records appended from a fetch, grouped into runs, update the producer state. */
export function trackAppended(producers: Record<string, ProducerEntry>, records: KRecord[], firstOffset: number): void {
  let i = 0;
  while (i < records.length) {
    const rec = records[i];
    let j = i;
    while (j + 1 < records.length && rec.pid >= 0 && records[j + 1].pid === rec.pid && records[j + 1].pe === rec.pe && records[j + 1].seq === records[j].seq + 1) j++;
    if (rec.pid >= 0) recordBatch(producers, rec.pid, rec.pe, rec.seq, records[j].seq, firstOffset + i);
    i = j + 1;
  }
}

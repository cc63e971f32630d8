import type { FileState } from '../core/storage';
import { fileLength, truncateFile } from '../core/storage';
import { recordEpoch, type StoredRecord } from './record';
import type { ReplicaState } from './types';

/**
 * A replica's log is a file of records; LEO = file length. The leader epoch cache
 * (LeaderEpochFileCache) maps each epoch to its start offset, and answers "where does epoch E end
 * in this log?", the question both KIP-101 and KIP-279 truncation ask.
 */
export function leo(f: FileState<StoredRecord>): number {
  return fileLength(f);
}

export function latestEpoch(r: ReplicaState): number {
  return r.epochs.length === 0 ? -1 : r.epochs[r.epochs.length - 1][0];
}

/** Adds an epoch boundary if `epoch` is newer than the cache's latest (maybeAssignEpochStartOffset). */
export function assignEpoch(r: ReplicaState, epoch: number, start: number): void {
  if (epoch > latestEpoch(r)) r.epochs.push([epoch, start]);
}

/**
 * LeaderEpochFileCache.endOffsetFor (KIP-279): for the requested epoch, the largest epoch <= it
 * this log knows and where that epoch ends (the start of the next epoch; the LEO for the latest
 * epoch). A requested epoch older than every cached one answers (requested, start of the first
 * epoch); an undefined (-1) or too new one answers [-1, -1] (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET).
 */
export function endOffsetFor(r: ReplicaState, requested: number, logEnd: number): [number, number] {
  if (requested < 0 || r.epochs.length === 0) return [-1, -1];
  if (requested === latestEpoch(r)) return [requested, logEnd];
  let higher = -1;
  for (let i = 0; i < r.epochs.length && higher < 0; i++) if (r.epochs[i][0] > requested) higher = i;
  if (higher < 0) return [-1, -1];
  if (higher === 0) return [requested, r.epochs[0][1]];
  return [r.epochs[higher - 1][0], r.epochs[higher][1]];
}

/**
 * 0.11 endOffsetFor (KIP-101, 0.11.0 LeaderEpochFileCache): the LEO for the latest epoch, else the
 * start offset of the first epoch greater than the one requested; -1 (UNDEFINED_EPOCH_OFFSET) if
 * the requested epoch is older than the first cached one or no later epoch exists. It does not say
 * which epoch it matched, which is the hole KIP-279 closes: a follower whose last epoch the leader
 * never had truncates too little.
 */
export function endOffsetFor011(r: ReplicaState, requested: number, logEnd: number): number {
  if (requested === latestEpoch(r)) return logEnd;
  if (r.epochs.length === 0 || requested < r.epochs[0][0]) return -1;
  for (const [epoch, start] of r.epochs) if (epoch > requested) return start;
  return -1;
}

/** Truncates the log to `length` and forgets epochs that began at or after it. */
export function truncateLog(f: FileState<StoredRecord>, r: ReplicaState, length: number): void {
  truncateFile(f, length);
  while (r.epochs.length > 0 && r.epochs[r.epochs.length - 1][1] >= length) r.epochs.pop();
  if (r.hw > length) r.hw = length;
}

/** Rebuilds the epoch cache from the records (after a restart). */
export function rebuildEpochs(f: FileState<StoredRecord>): [number, number][] {
  const out: [number, number][] = [];
  let last = -1;
  f.entries.forEachRange(0, f.entries.length, (rec, i) => {
    const epoch = recordEpoch(rec);
    if (epoch > last) {
      out.push([epoch, i]);
      last = epoch;
    }
  });
  return out;
}

/** Epoch of the last record, -1 for an empty log (the fetch's lastFetchedEpoch). */
export function lastRecordEpoch(f: FileState<StoredRecord>): number {
  const last = f.entries.last();
  return last === undefined ? -1 : recordEpoch(last);
}

export function newReplica(partition: string): ReplicaState {
  return {
    partition, role: 'none', leader: null, leaderEpoch: -1, partitionEpoch: -1, hw: 0, epochs: [], isr: [], pendingIsr: null,
    followers: [], epochCheck: false, fetchDelayUntil: 0, producers: {}, unflushed: 0,
  };
}

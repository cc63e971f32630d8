import type { Sim } from '../core/engine';
import { CowList } from '../core/cowlist';
import { appendEntry, fileBytes, durableBytes, fsyncFile, newFile, type FileState } from '../core/storage';
import { DLEDGER_FLUSH_FILE_INTERVAL_MS, GROUP_COMMIT_FSYNC_MS, MSG_OVERHEAD_BYTES, OS_PAGE_SIZE } from './constants';
import { mqKey, type BrokerState, type RmqState } from './state';
import { entryId, entryQueue, entryTopic, type StoredEntry } from './entry';
import { answerHeldPulls } from './pull';
import { ctlDispatch } from './replicas';
import { stateIsMaster } from './roles';

/**
 * The broker's store: one CommitLog file holding every topic's messages in arrival order, and the
 * ConsumeQueues (queue offset -> CommitLog position) that the reput service derives from it. The
 * ConsumeQueues are kept in memory and rebuilt from the CommitLog on restart, as recovery does
 * (DefaultMessageStore.recover + ReputMessageService), so they can never hold what the CommitLog lost.
 */
export type RSim = Sim<RmqState>;

/**
 * The broker's CommitLog, created on first use as `sim.file` would, but as a file of equal-sized
 * entries (every message is entryBytes long), so that it keeps no byte offset per entry.
 */
export function commitLog(sim: RSim, node: string): FileState<StoredEntry> {
  const disk = sim.world.disks[node];
  const f = disk?.commitlog;
  if (f !== undefined) return f as FileState<StoredEntry>;
  if (!disk) throw new Error(`unknown node ${node}`);
  return (disk.commitlog = newFile<StoredEntry>(entryBytes(sim))) as FileState<StoredEntry>;
}

export function entryBytes(sim: RSim): number {
  return sim.scenario.workload.messageBytes + MSG_OVERHEAD_BYTES;
}

/**
 * Appends to the CommitLog (page cache) and returns the entry's index. Outside DLedger the reput
 * service dispatches it to its ConsumeQueue at once and wakes the pulls held there; DLedger
 * dispatches only committed entries (DLedgerCommitLog confirmOffset), see dispatchUpTo. `b` is the
 * broker's state, passed by callers that already hold it.
 */
export function appendToStore(sim: RSim, node: string, e: StoredEntry, b: BrokerState = sim.state.brokers[node]): number {
  const cfg = sim.scenario.rocketmq;
  const f = commitLog(sim, node);
  const idx = appendEntry(f, e, entryBytes(sim), sim.now);
  b.puts++;
  if (cfg.dledger) {
    armDledgerFlush(sim, node);
    return idx;
  }
  if (b.ctl !== null && cfg.allAckInSyncStateSet) {
    // Controller mode: dispatched up to the confirmOffset (replicas.ts ctlDispatch); a slave after the transfer.
    if (cfg.flushDiskType === 'SYNC_FLUSH') armGroupCommit(sim, node);
    if (b.brokerId === 0) ctlDispatch(sim, node);
    return idx;
  }
  if (cfg.flushDiskType === 'SYNC_FLUSH') {
    armGroupCommit(sim, node);
    if (dispatchesFlushedOnly(sim)) return idx; // dispatched by onGroupCommit
  }
  dispatch(sim, node, b, f, e, idx);
  return idx;
}

/**
 * 5.3.0+ (apache/rocketmq #8240): ReputMessageService dispatches only up to getReputEndOffset =
 * CommitLog.getConfirmOffset unless readUnCommitted (default false), and outside controller mode and
 * duplicationEnable getConfirmOffset is getFlushedWhere() under SYNC_FLUSH: a consumer sees a message only
 * once it is on disk, so a power loss cannot take back a message already consumed. 4.9.8 dispatches up to
 * getMaxOffset (the page cache), flushed or not. Controller mode has its own confirmOffset (replicas.ts).
 */
export function dispatchesFlushedOnly(sim: RSim): boolean {
  const cfg = sim.scenario.rocketmq;
  return cfg.release === '5.x' && cfg.flushDiskType === 'SYNC_FLUSH' && !cfg.dledger && !cfg.enableControllerMode;
}

/**
 * The queue offset a message appended now to queue t:q gets: the ConsumeQueue's length plus the entries
 * of that queue stored but not yet dispatched (DLedger before the quorum, 5.x SYNC_FLUSH before the flush).
 * The broker assigns it at put time (CommitLog's topicQueueTable), not at dispatch.
 */
export function nextQueueOffset(sim: RSim, node: string, b: BrokerState, t: number, q: number): number {
  const cq = b.cq[mqKey(t, q)];
  let off = cq === undefined ? 0 : cq.length;
  const f = commitLog(sim, node);
  for (let i = b.dispatched; i < f.entries.length; i++) {
    const e = f.entries.get(i);
    if (entryTopic(e) === t && entryQueue(e) === q) off++;
  }
  return off;
}

/** Adds one CommitLog entry (at `idx` of `f`, broker `b`'s CommitLog) to its ConsumeQueue and wakes the pulls held on that queue. */
function dispatch(sim: RSim, node: string, b: BrokerState, f: FileState<StoredEntry>, e: StoredEntry, idx: number): void {
  const t = entryTopic(e);
  const q = entryQueue(e);
  const key = mqKey(t, q);
  const cq = (b.cq[key] ??= new CowList<number>());
  cq.push(idx);
  b.dispatched = idx + 1;
  const held = b.held[key];
  // ReputMessageService wakes held pulls (MessageArrivingListener); 4.9.8 only when the role is not SLAVE: a
  // slave's wait for PullRequestHoldService's 5 s check (pull.ts expireHeldPulls). 5.3.3 wakes them on every role.
  if (held !== undefined && held.length > 0 && (sim.scenario.rocketmq.release !== '4.x' || stateIsMaster(sim, b))) {
    answerHeldPulls(sim, node, b, f, held, t, q, cq);
  }
}

/** DLedger: dispatch the entries that became committed. */
export function dispatchUpTo(sim: RSim, node: string, length: number): void {
  const b = sim.state.brokers[node];
  const f = commitLog(sim, node);
  const end = Math.min(length, f.entries.length);
  for (let i = b.dispatched; i < end; i++) dispatch(sim, node, b, f, f.entries.get(i), i);
}

/** Recovery: the ConsumeQueues are rebuilt from whatever the CommitLog still holds. */
export function rebuildConsumeQueues(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  b.cq = {};
  b.dispatched = 0;
  // DLedger dispatches again as the commit index is learnt from the leader.
  if (sim.scenario.rocketmq.dledger) return;
  const f = commitLog(sim, node);
  f.entries.forEachRange(0, f.entries.length, (e, idx) => {
    const key = mqKey(entryTopic(e), entryQueue(e));
    (b.cq[key] ??= new CowList<number>()).push(idx);
  });
  b.dispatched = f.entries.length;
}

/**
 * FlushRealTimeService.isAbleToFlush: flush only when at least `leastPages` whole OS pages are
 * pending, unless the thorough interval has passed (then leastPages = 0: flush anything pending).
 */
export function shouldFlush(
  writtenBytes: number, flushedBytes: number, leastPages: number, thorough: boolean,
): boolean {
  if (writtenBytes <= flushedBytes) return false;
  if (thorough || leastPages <= 0) return true;
  return Math.floor(writtenBytes / OS_PAGE_SIZE) - Math.floor(flushedBytes / OS_PAGE_SIZE) >= leastPages;
}

/**
 * ASYNC_FLUSH, CommitLog.FlushRealTimeService.run (4.9.8, flushCommitLogTimed = true): each pass first
 * decides whether it is a thorough one (now >= lastFlushTimestamp + flushCommitLogThoroughInterval, then
 * leastPages = 0; lastFlushTimestamp starts at 0, so the first pass is thorough), then sleeps
 * flushIntervalCommitLog and flushes. The timer fires at the end of the sleep, so the decision is taken
 * for the pass that began one interval earlier.
 */
export function onFlushTimer(sim: RSim, node: string): void {
  const cfg = sim.scenario.rocketmq;
  const b = sim.state.brokers[node];
  const f = commitLog(sim, node);
  const passStart = sim.now - cfg.flushIntervalCommitLogMs;
  const thorough = passStart >= b.lastThoroughFlushAt + cfg.flushCommitLogThoroughIntervalMs;
  if (thorough) b.lastThoroughFlushAt = passStart;
  if (shouldFlush(fileBytes(f), durableBytes(f), cfg.flushCommitLogLeastPages, thorough)) flushNow(sim, node);
  sim.setTimer(node, cfg.flushIntervalCommitLogMs, { type: 'flush' });
}

/**
 * DLedger: DLedgerMmapFileStore.FlushDataService flushes everything every flushFileInterval (10 ms). A
 * pass with nothing pending does nothing, so the timer is armed only while something is unflushed, for
 * the next 10 ms tick.
 */
export function armDledgerFlush(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  if (b.groupCommitArmed) return;
  b.groupCommitArmed = true;
  sim.setTimer(node, DLEDGER_FLUSH_FILE_INTERVAL_MS - (sim.now % DLEDGER_FLUSH_FILE_INTERVAL_MS), { type: 'dledgerFlush' });
}

export function onDledgerFlush(sim: RSim, node: string): void {
  sim.state.brokers[node].groupCommitArmed = false;
  flushNow(sim, node);
}

export function flushNow(sim: RSim, node: string): void {
  const f = commitLog(sim, node);
  if (sim.tap && f.durableLength < f.entries.length) {
    const ids = f.entries.toArray(f.durableLength, f.entries.length).map(entryId);
    sim.journal(node, 'rocketmq.flushed', ids, { broker: node });
  }
  fsyncFile(f);
}

/** SYNC_FLUSH: CommitLog.GroupCommitService batches every request pending at its next pass into one fsync;
 * a request not flushed within syncFlushTimeout is answered FLUSH_DISK_TIMEOUT (FlushDiskWatcher, 4.9.x). */
export function armGroupCommit(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  if (b.groupCommitArmed) return;
  b.groupCommitArmed = true;
  sim.setTimer(node, GROUP_COMMIT_FSYNC_MS, { type: 'groupCommit' });
}

export function onGroupCommit(sim: RSim, node: string): void {
  sim.state.brokers[node].groupCommitArmed = false;
  flushNow(sim, node);
  if (dispatchesFlushedOnly(sim)) dispatchUpTo(sim, node, commitLog(sim, node).durableLength);
}

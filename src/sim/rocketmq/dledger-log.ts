import type { Envelope } from '../core/types';
import { truncateFile } from '../core/storage';
import { appendToStore, commitLog, dispatchUpTo, type RSim } from './store';
import { groupNodes } from './roles';
import { settleWaiters } from './send';
import { entryId, entryTerm, type StoredEntry } from './entry';

/**
 * DLedger's log replication (openmessaging/dledger 0.3.1.2 DLedgerEntryPusher): the leader's
 * EntryDispatcher pushes entries to each follower, the follower's EntryHandler appends them (only
 * while it is a FOLLOWER), and the QuorumAckChecker commits what a majority holds. The new leader's
 * COMPARE/TRUNCATE handshake is folded into one rule: a follower whose entry at a position differs
 * from the leader's cuts its log there. The election lives in dledger.ts.
 * Checked against DLedgerEntryPusher: QuorumAckChecker takes the (n/2)-th highest of this term's
 * peerWaterMarksByTerm including the leader's own ledgerEndIndex (match is reset per term in dledger.ts);
 * a follower commits min(its ledgerEndIndex, the leader's commitIndex) (handleDoAppend). Approximated: a push
 * past a follower's end is answered at once here; the real EntryHandler parks it in writeRequestMap and only
 * checkAbnormalFuture (at most once a second) answers INCONSISTENT_STATE, and the leader's dispatcher resends
 * a pending push after maxPushTimeOutMs (1 s), so recovery after a dropped push is up to about 1 s later for
 * real. maxPendingRequestsNum (10000 appends in flight, LEADER_PENDING_FULL) is not modelled: entries time out
 * after maxWaitAckTimeMs (2500 ms), so it is only reached above about 4000 appends per second per group.
 */
export interface PushBody {
  type: 'raftAppend';
  term: number;
  /** The heartbeat round this push answers for (HeartBeatRequest), 0 for a plain push. */
  beat: number;
  prevLen: number;
  prevTerm: number;
  entries: StoredEntry[];
  commit: number;
}

export interface PushResult {
  type: 'raftAppendResult';
  term: number;
  beat: number;
  /** DLedgerResponseCode of the heartbeat part: SUCCESS, EXPIRED_TERM, TERM_NOT_READY, INCONSISTENT_LEADER. */
  code: string;
  ok: boolean;
  len: number;
}

export function peers(sim: RSim, node: string): string[] {
  return groupNodes(sim, sim.state.brokers[node].g).filter((n) => n !== node);
}

/** MemberState.getLedgerEndTerm: the last entry's term, -1 for an empty ledger. */
export function ledgerEndTerm(sim: RSim, node: string): number {
  const last = commitLog(sim, node).entries.last();
  return last === undefined ? -1 : entryTerm(last);
}

/** Called after the leader appended: push soon (one push per millisecond of appends). */
export function dledgerAppend(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  if (r.pushArmed) return;
  r.pushArmed = true;
  sim.setTimer(node, 0, { type: 'raftPush' });
}

export function onRaftPushTimer(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  r.pushArmed = false;
  if (r.role === 'leader') pushEntries(sim, node, 0);
}

/** Sends each follower what it lacks; a heartbeat (beat > 0) goes to every follower, empty or not. */
export function pushEntries(sim: RSim, node: string, beat: number): void {
  const r = sim.state.brokers[node].raft!;
  const f = commitLog(sim, node);
  const len = f.entries.length;
  for (const p of peers(sim, node)) {
    const next = Math.min(r.next[p] ?? len, len);
    if (beat === 0 && next >= len) continue;
    const prevTerm = next > 0 ? entryTerm(f.entries.get(next - 1)) : 0;
    const body: PushBody = { type: 'raftAppend', term: r.term, beat, prevLen: next, prevTerm, entries: f.entries.toArray(next, len), commit: r.committed };
    sim.send(node, p, body);
    r.next[p] = len;
  }
}

/**
 * EntryHandler.handlePush: a FOLLOWER of this leader in this term appends; anyone else answers
 * NOT_FOLLOWER and the leader's dispatcher tries again later. Returns the reply's ok/len.
 */
export function acceptPush(sim: RSim, node: string, src: string, body: PushBody): { ok: boolean; len: number } {
  const r = sim.state.brokers[node].raft!;
  const f = commitLog(sim, node);
  if (r.role !== 'follower' || r.leader !== src || r.term !== body.term) return { ok: false, len: -1 };
  const okPrev = body.prevLen <= f.entries.length && (body.prevLen === 0 || entryTerm(f.entries.get(body.prevLen - 1)) === body.prevTerm);
  if (!okPrev) {
    // The COMPARE step: skip back over the whole conflicting term at once, not one entry per round trip.
    let hint = Math.min(f.entries.length, body.prevLen - 1);
    if (hint >= 0 && body.prevLen <= f.entries.length) {
      const conflict = entryTerm(f.entries.get(body.prevLen - 1));
      while (hint > 0 && entryTerm(f.entries.get(hint - 1)) === conflict) hint--;
    }
    return { ok: false, len: Math.max(0, hint) };
  }
  let i = 0;
  // Entries the follower already holds identically are kept; the first difference is the TRUNCATE point.
  while (i < body.entries.length && body.prevLen + i < f.entries.length && sameEntry(f.entries.get(body.prevLen + i), body.entries[i])) i++;
  if (body.prevLen + i < f.entries.length && i < body.entries.length) truncateTail(sim, node, body.prevLen + i);
  for (; i < body.entries.length; i++) appendToStore(sim, node, body.entries[i]);
  r.committed = Math.min(Math.max(r.committed, body.commit), f.entries.length);
  dispatchUpTo(sim, node, r.committed);
  return { ok: true, len: f.entries.length };
}

function sameEntry(a: StoredEntry, b: StoredEntry): boolean {
  return a === b || (entryId(a) === entryId(b) && entryTerm(a) === entryTerm(b));
}

/** The entries after `keep` were never committed by this leader's term: they are cut off. */
function truncateTail(sim: RSim, node: string, keep: number): void {
  const f = commitLog(sim, node);
  const cut = f.entries.toArray(keep, f.entries.length);
  for (const e of cut) sim.state.truncated.set(entryId(e), node);
  sim.journal(node, 'rocketmq.dledgerTruncated', cut.map(entryId), { broker: node, from: keep });
  sim.emit({ kind: 'DLEDGER_TRUNCATE', node, cat: 'loss', code: 'rocketmq.log.dledgerTruncate', params: { node, count: cut.length }, data: { count: cut.length } });
  truncateFile(f, keep);
}

/** Leader: a follower's answer to a push. QuorumAckChecker: commit what a majority holds. */
export function onPushAck(sim: RSim, env: Envelope, body: PushResult): void {
  const node = env.dest;
  const r = sim.state.brokers[node].raft!;
  if (r.role !== 'leader' || body.term !== r.term || body.len < 0) return;
  if (!body.ok) {
    r.next[env.src] = body.len;
    return pushEntries(sim, node, 0);
  }
  r.match[env.src] = Math.max(r.match[env.src] ?? 0, body.len);
  const len = commitLog(sim, node).entries.length;
  const acks = [len, ...peers(sim, node).map((p) => r.match[p] ?? 0)].sort((a, b) => b - a);
  const quorum = acks[Math.floor(groupNodes(sim, sim.state.brokers[node].g).length / 2)];
  if (quorum > r.committed) {
    r.committed = quorum;
    dispatchUpTo(sim, node, quorum);
    settleWaiters(sim, node);
  }
}

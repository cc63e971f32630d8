import type { Envelope } from '../core/types';
import { nextInt } from '../core/prng';
import { appendEntry, truncateFile, fsyncFile } from '../core/storage';
import {
  DLEDGER_HEARTBEAT_MS, DLEDGER_MAX_HEARTBEAT_LEAK, DLEDGER_MAX_VOTE_INTERVAL_MS, DLEDGER_MIN_VOTE_INTERVAL_MS,
} from './constants';
import { appendToStore, commitLog, dispatchUpTo, type RSim } from './store';
import { groupNodes } from './roles';
import { settleWaiters } from './send';
import { registerEverywhere } from './namesrv';
import type { RaftState } from './state';
import { entryId, entryTerm, type StoredEntry } from './entry';

/**
 * DLedger (openmessaging/dledger) as RocketMQ 4.5+ uses it: the CommitLog is a Raft log. The
 * leader heartbeats every 2 s; a follower that misses 3 beats stands for election, retrying every
 * 300-1000 ms; a majority elects. An append is acknowledged once a majority holds it; a rejoining
 * old leader's uncommitted tail is truncated to match the new leader. Only committed entries reach
 * the ConsumeQueues. The leader registers as the group's master (brokerId 0).
 */
interface RaftMeta { term: number; votedFor: string | null }

function peers(sim: RSim, node: string): string[] {
  return groupNodes(sim, sim.state.brokers[node].g).filter((n) => n !== node);
}

function persistMeta(sim: RSim, node: string, r: RaftState): void {
  const f = sim.file<RaftMeta>(node, 'currterm');
  truncateFile(f, 0);
  appendEntry(f, { term: r.term, votedFor: r.votedFor }, 32, sim.now);
  fsyncFile(f); // DLedger MemberState.persistTerm writes the term file synchronously
}

export function startDledger(sim: RSim, node: string): void {
  const f = sim.file<RaftMeta>(node, 'currterm');
  const meta = f.entries.length ? f.entries.get(f.entries.length - 1) : { term: 0, votedFor: null };
  sim.state.brokers[node].raft = {
    term: meta.term, votedFor: meta.votedFor, role: 'candidate', leader: null, lastHeartbeatAt: sim.now,
    votes: [], match: {}, next: {}, ackAt: {}, pushArmed: false, committed: 0, electSeq: 0, needIncrease: false,
  };
  armVote(sim, node);
  sim.setTimer(node, 500, { type: 'raftTick' });
}

function armVote(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  r.electSeq++;
  const wait = DLEDGER_MIN_VOTE_INTERVAL_MS + nextInt(sim.state.raftRng, DLEDGER_MAX_VOTE_INTERVAL_MS - DLEDGER_MIN_VOTE_INTERVAL_MS + 1);
  sim.setTimer(node, wait, { type: 'raftVote', seq: r.electSeq });
}

function lastTerm(sim: RSim, node: string): number {
  const last = commitLog(sim, node).entries.last();
  return last === undefined ? 0 : entryTerm(last);
}

/** maintainAsFollower: 3 missed heartbeats (about 6 s) make a candidate. */
export function onRaftTick(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  sim.setTimer(node, 500, { type: 'raftTick' });
  const leak = DLEDGER_MAX_HEARTBEAT_LEAK * DLEDGER_HEARTBEAT_MS;
  if (r.role === 'leader') {
    // maintainAsLeader: a leader that has not heard a majority for the leak window steps down.
    const heard = 1 + peers(sim, node).filter((p) => sim.now - (r.ackAt[p] ?? -Infinity) <= leak).length;
    if (heard * 2 <= groupNodes(sim, sim.state.brokers[node].g).length) {
      sim.emit({ kind: 'DLEDGER_STEP_DOWN', node, cat: 'election', text: `${node}: no majority answered for ${leak} ms; stepping down, the group is unwritable`, data: { term: r.term } });
      stepDown(sim, node, r.term);
    }
    return;
  }
  if (r.role === 'follower' && sim.now - r.lastHeartbeatAt > leak) {
    r.role = 'candidate';
    r.leader = null;
    sim.emit({ kind: 'DLEDGER_CANDIDATE', node, cat: 'election', text: `${node}: no heartbeat from the leader for ${sim.now - r.lastHeartbeatAt} ms; standing for election`, data: { term: r.term } });
    armVote(sim, node);
  }
}

export function onRaftVoteTimer(sim: RSim, node: string, seq: number): void {
  const r = sim.state.brokers[node].raft!;
  if (seq !== r.electSeq || r.role !== 'candidate') return;
  // The first round after a (re)start asks in the persisted term; later rounds move to the next term.
  if (r.needIncrease) r.term++;
  r.needIncrease = true;
  r.votedFor = node;
  r.votes = [node];
  persistMeta(sim, node, r);
  const len = commitLog(sim, node).entries.length;
  for (const p of peers(sim, node)) sim.send(node, p, { type: 'raftVote', term: r.term, lastTerm: lastTerm(sim, node), lastLen: len });
  armVote(sim, node);
}

export function onRaftVote(sim: RSim, env: Envelope, body: { term: number; lastTerm: number; lastLen: number }): void {
  const node = env.dest;
  const r = sim.state.brokers[node].raft!;
  const reply = (granted: boolean): void => void sim.send(node, env.src, { type: 'raftVoteResult', term: r.term, granted });
  if (body.term < r.term) return reply(false);
  // REJECT_ALREADY_HAS_LEADER: a leader, or a follower that heard its leader within the heartbeat
  // leak window, does not vote. (Approximation: DLedger lets a higher term unsettle a follower; here
  // a live leader is kept, as Raft's leader stickiness does, so a restarted node cannot unseat it.)
  if (r.role === 'leader' || (r.role === 'follower' && sim.now - r.lastHeartbeatAt <= DLEDGER_MAX_HEARTBEAT_LEAK * DLEDGER_HEARTBEAT_MS)) return reply(false);
  if (body.term > r.term) {
    r.term = body.term;
    r.votedFor = null;
    persistMeta(sim, node, r);
  }
  const myLast = lastTerm(sim, node);
  const myLen = commitLog(sim, node).entries.length;
  const upToDate = body.lastTerm > myLast || (body.lastTerm === myLast && body.lastLen >= myLen);
  if (!upToDate || (r.votedFor !== null && r.votedFor !== env.src)) return reply(false);
  r.votedFor = env.src;
  persistMeta(sim, node, r);
  reply(true);
}

function stepDown(sim: RSim, node: string, term: number): void {
  const r = sim.state.brokers[node].raft!;
  if (term > r.term) r.votedFor = null;
  r.term = term;
  r.role = 'candidate';
  r.leader = null;
  persistMeta(sim, node, r);
  armVote(sim, node);
  registerEverywhere(sim, node);
}

export function onRaftVoteResult(sim: RSim, env: Envelope, body: { term: number; granted: boolean }): void {
  const node = env.dest;
  const r = sim.state.brokers[node].raft!;
  if (body.term > r.term && r.role !== 'follower') {
    // A higher term in a rejection: adopt it and vote in it next round.
    if (r.role === 'candidate') {
      r.term = body.term;
      r.needIncrease = false;
      r.votedFor = null;
      persistMeta(sim, node, r);
      return;
    }
    return stepDown(sim, node, body.term);
  }
  if (r.role !== 'candidate' || body.term !== r.term || !body.granted || r.votes.includes(env.src)) return;
  r.votes.push(env.src);
  if (r.votes.length * 2 <= groupNodes(sim, sim.state.brokers[node].g).length) return;
  r.role = 'leader';
  r.leader = node;
  r.electSeq++;
  const len = commitLog(sim, node).entries.length;
  r.match = {};
  r.next = {};
  for (const p of peers(sim, node)) {
    r.match[p] = 0;
    r.next[p] = len;
    r.ackAt[p] = sim.now;
  }
  sim.emit({ kind: 'DLEDGER_LEADER', node, cat: 'election', text: `${node}: elected DLedger leader for term ${r.term}; now the master`, data: { term: r.term } });
  registerEverywhere(sim, node);
  heartbeat(sim, node);
}

function heartbeat(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  if (r.role !== 'leader') return;
  pushEntries(sim, node, true);
  sim.setTimer(node, DLEDGER_HEARTBEAT_MS, { type: 'raftHeartbeat', term: r.term });
}

export function onRaftHeartbeatTimer(sim: RSim, node: string, term: number): void {
  const r = sim.state.brokers[node].raft!;
  if (r.role === 'leader' && r.term === term) heartbeat(sim, node);
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
  if (r.role === 'leader') pushEntries(sim, node, false);
}

function pushEntries(sim: RSim, node: string, always: boolean): void {
  const r = sim.state.brokers[node].raft!;
  const f = commitLog(sim, node);
  const len = f.entries.length;
  for (const p of peers(sim, node)) {
    const next = Math.min(r.next[p] ?? len, len);
    if (!always && next >= len) continue;
    const prevTerm = next > 0 ? entryTerm(f.entries.get(next - 1)) : 0;
    sim.send(node, p, { type: 'raftAppend', term: r.term, prevLen: next, prevTerm, entries: f.entries.toArray(next, len), commit: r.committed });
    r.next[p] = len;
  }
}

/** Follower: accept the leader, truncate a diverging tail, append, report the matched length. */
export function onRaftAppend(sim: RSim, env: Envelope, body: { term: number; prevLen: number; prevTerm: number; entries: StoredEntry[]; commit: number }): void {
  const node = env.dest;
  const r = sim.state.brokers[node].raft!;
  if (body.term < r.term) return void sim.send(node, env.src, { type: 'raftAppendResult', term: r.term, ok: false, len: 0 });
  const wasFollowing = r.role === 'follower' && r.leader === env.src;
  if (body.term > r.term) r.votedFor = null;
  r.term = body.term;
  r.role = 'follower';
  r.leader = env.src;
  r.lastHeartbeatAt = sim.now;
  if (!wasFollowing) {
    persistMeta(sim, node, r);
    registerEverywhere(sim, node);
  }
  const f = commitLog(sim, node);
  const okPrev = body.prevLen <= f.entries.length && (body.prevLen === 0 || entryTerm(f.entries.get(body.prevLen - 1)) === body.prevTerm);
  if (!okPrev) {
    // Skip back over the whole conflicting term at once, not one entry per round trip.
    let hint = Math.min(f.entries.length, body.prevLen - 1);
    if (hint >= 0 && body.prevLen <= f.entries.length) {
      const conflict = entryTerm(f.entries.get(body.prevLen - 1));
      while (hint > 0 && entryTerm(f.entries.get(hint - 1)) === conflict) hint--;
    }
    return void sim.send(node, env.src, { type: 'raftAppendResult', term: r.term, ok: false, len: hint });
  }
  if (f.entries.length > body.prevLen) truncateTail(sim, node, body.prevLen);
  for (const e of body.entries) appendToStore(sim, node, e);
  r.committed = Math.min(Math.max(r.committed, body.commit), f.entries.length);
  dispatchUpTo(sim, node, r.committed);
  sim.send(node, env.src, { type: 'raftAppendResult', term: r.term, ok: true, len: f.entries.length });
}

/** The entries after `keep` were never committed by this leader's term: they are cut off. */
function truncateTail(sim: RSim, node: string, keep: number): void {
  const f = commitLog(sim, node);
  const cut = f.entries.toArray(keep, f.entries.length);
  for (const e of cut) sim.state.truncated.set(entryId(e), node);
  sim.journal(node, 'rocketmq.dledgerTruncated', cut.map(entryId), { broker: node, from: keep });
  sim.emit({ kind: 'DLEDGER_TRUNCATE', node, cat: 'loss', text: `${node}: truncated ${cut.length} uncommitted entries to match the leader`, data: { count: cut.length } });
  truncateFile(f, keep);
}

export function onRaftAppendResult(sim: RSim, env: Envelope, body: { term: number; ok: boolean; len: number }): void {
  const node = env.dest;
  const r = sim.state.brokers[node].raft!;
  if (body.term > r.term) return stepDown(sim, node, body.term);
  if (r.role !== 'leader' || body.term !== r.term) return;
  r.ackAt[env.src] = sim.now;
  if (!body.ok) {
    r.next[env.src] = body.len;
    return pushEntries(sim, node, false);
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

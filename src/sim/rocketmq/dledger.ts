import type { Envelope } from '../core/types';
import { nextInt } from '../core/prng';
import { appendEntry, truncateFile, fsyncFile } from '../core/storage';
import {
  DLEDGER_HEARTBEAT_MS, DLEDGER_MAX_HEARTBEAT_LEAK, DLEDGER_MAX_VOTE_INTERVAL_MS, DLEDGER_MIN_VOTE_INTERVAL_MS,
  DLEDGER_MAINTAIN_SLEEP_MS,
} from './constants';
import { commitLog, type RSim } from './store';
import { groupNodes } from './roles';
import { registerEverywhere } from './namesrv';
import type { ParseResult, RaftState, VoteResult } from './state';
import { acceptPush, ledgerEndTerm, onPushAck, peers, pushEntries, type PushBody, type PushResult } from './dledger-log';

export { dledgerAppend, onRaftPushTimer } from './dledger-log';

/**
 * DLedger's leader election as openmessaging/dledger 0.3.1.2 (shipped with RocketMQ 4.9.8) has it,
 * DLedgerLeaderElector and MemberState. Unlike textbook Raft:
 * - currTerm moves only in MemberState.nextTerm (a candidate's next round); a higher term seen in a
 *   vote or heartbeat makes the node a CANDIDATE (changeRoleToCandidate, even a live leader) and the
 *   term is adopted in its next maintainAsCandidate pass;
 * - handleVote checks the log before the term: a candidate with an older log is turned away without
 *   touching the voter, so a stale node cannot unseat anybody;
 * - a candidate raises its term only after a round that heard a majority and won nothing
 *   (WAIT_TO_VOTE_NEXT): an isolated node hears nobody and keeps its term.
 * The leader registers as the group's master (brokerId 0), see DLedgerRoleChangeHandler.
 */
interface RaftMeta { term: number; votedFor: string | null }

/** "Long ago" for lastSendHeartBeatTime / lastSuccHeartBeatTime = -1 (epoch ms in the real code). */
const NEVER = -1e15;
const LEAK_MS = DLEDGER_MAX_HEARTBEAT_LEAK * DLEDGER_HEARTBEAT_MS;

function groupSize(sim: RSim, node: string): number {
  return groupNodes(sim, sim.state.brokers[node].g).length;
}

/** MemberState.isQuorum: num >= peerSize / 2 + 1. */
function isQuorum(sim: RSim, node: string, num: number): boolean {
  return num >= Math.floor(groupSize(sim, node) / 2) + 1;
}

/** MemberState.persistTerm: currterm holds currTerm and voteLeader. */
function persistMeta(sim: RSim, node: string, r: RaftState): void {
  const f = sim.file<RaftMeta>(node, 'currterm');
  truncateFile(f, 0);
  appendEntry(f, { term: r.term, votedFor: r.votedFor }, 32, sim.now);
  fsyncFile(f); // IOUtils.string2File writes the file and forces it
}

/** DLedgerLeaderElector.startup: MemberState.loadTerm, role CANDIDATE, the StateMaintainer starts. */
export function startDledger(sim: RSim, node: string): void {
  const f = sim.file<RaftMeta>(node, 'currterm');
  const meta = f.entries.length ? f.entries.get(f.entries.length - 1) : { term: 0, votedFor: null };
  sim.state.brokers[node].raft = {
    term: meta.term, votedFor: meta.votedFor, role: 'candidate', leader: null, knownMaxTerm: -1,
    lastHeartbeatAt: sim.now, lastSendBeatAt: NEVER, lastSuccBeatAt: NEVER,
    lastParse: 'WAIT_TO_REVOTE', nextVoteAt: NEVER, needIncrease: false, round: null, beat: null, rpcSeq: 0,
    match: {}, next: {}, pushArmed: false, committed: 0, electSeq: 0,
  };
  wake(sim, node, 0);
  sim.setTimer(node, DLEDGER_HEARTBEAT_MS, { type: 'raftTick' });
}

/** The StateMaintainer thread runs maintainState, then sleeps 10 ms; one pending wake-up per node. */
function wake(sim: RSim, node: string, delayMs: number): void {
  const r = sim.state.brokers[node].raft!;
  r.electSeq++;
  sim.setTimer(node, delayMs, { type: 'raftVote', seq: r.electSeq });
}

/** maintainState. While a vote or heartbeat round is out the thread waits on its latch. */
export function onRaftVoteTimer(sim: RSim, node: string, seq: number): void {
  const r = sim.state.brokers[node].raft!;
  if (seq !== r.electSeq || r.round || r.beat) return;
  if (r.role === 'leader') return maintainAsLeader(sim, node);
  if (r.role === 'candidate') maintainAsCandidate(sim, node);
}

/** getNextTimeToRequestVote: now + minVoteIntervalMs + random.nextInt(max - min). */
function nextVoteTime(sim: RSim): number {
  return sim.now + DLEDGER_MIN_VOTE_INTERVAL_MS + nextInt(sim.state.raftRng, DLEDGER_MAX_VOTE_INTERVAL_MS - DLEDGER_MIN_VOTE_INTERVAL_MS);
}

/** maintainAsFollower: no heartbeat for more than maxHeartBeatLeak * heartBeatTimeIntervalMs. */
export function onRaftTick(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  if (r.role !== 'follower') return void sim.setTimer(node, DLEDGER_HEARTBEAT_MS, { type: 'raftTick' });
  const deadline = r.lastHeartbeatAt + LEAK_MS + 1;
  if (sim.now < deadline) return void sim.setTimer(node, deadline - sim.now, { type: 'raftTick' });
  sim.setTimer(node, DLEDGER_HEARTBEAT_MS, { type: 'raftTick' });
  sim.emit({ kind: 'DLEDGER_CANDIDATE', node, cat: 'election', code: 'rocketmq.log.dledgerCandidate.timeout', params: { node, ms: sim.now - r.lastHeartbeatAt }, data: { term: r.term } });
  changeRoleToCandidate(sim, node, r.term, 'timeout');
}

/** MemberState.nextTerm: jump to the highest term heard, else one up; forget the vote. */
function nextTerm(sim: RSim, node: string, r: RaftState): number {
  r.term = r.knownMaxTerm > r.term ? r.knownMaxTerm : r.term + 1;
  r.votedFor = null;
  persistMeta(sim, node, r);
  return r.term;
}

function maintainAsCandidate(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  if (sim.now < r.nextVoteAt && !r.needIncrease) return wake(sim, node, r.nextVoteAt - sim.now);
  let term = r.term;
  if (r.lastParse === 'WAIT_TO_VOTE_NEXT' || r.needIncrease) {
    term = nextTerm(sim, node, r);
    r.lastParse = 'WAIT_TO_REVOTE';
  }
  if (r.needIncrease) {
    // Only the term moves now; the vote waits a random interval.
    r.nextVoteAt = nextVoteTime(sim);
    r.needIncrease = false;
    return wake(sim, node, r.nextVoteAt - sim.now);
  }
  const seq = ++r.rpcSeq;
  r.round = { seq, term, all: 0, valid: 0, accepted: 0, notReady: 0, bigger: 0, hasLeader: false, knownMax: term };
  const endTerm = ledgerEndTerm(sim, node);
  const len = commitLog(sim, node).entries.length;
  // voteForQuorumResponses asks every member, itself included (handleVote(request, true)).
  countVote(sim, node, seq, handleVote(sim, node, node, { term, lastTerm: endTerm, lastLen: len }));
  for (const p of peers(sim, node)) sim.send(node, p, { type: 'raftVote', seq, term, lastTerm: endTerm, lastLen: len });
  // voteLatch.await(2000 + random.nextInt(maxVoteIntervalMs)): the RPC timeout is 3 s, so a silent peer waits this out.
  if (r.round) sim.setTimer(node, 2000 + nextInt(sim.state.raftRng, DLEDGER_MAX_VOTE_INTERVAL_MS), { type: 'raftVoteWait', seq });
}

interface VoteRequest { term: number; lastTerm: number; lastLen: number }

/** handleVote: log freshness first, then the term, then the vote already given. */
function handleVote(sim: RSim, node: string, cand: string, req: VoteRequest): { result: VoteResult; term: number } {
  const r = sim.state.brokers[node].raft!;
  const myEndTerm = ledgerEndTerm(sim, node);
  const myLen = commitLog(sim, node).entries.length;
  if (req.lastTerm < myEndTerm) return { result: 'REJECT_EXPIRED_LEDGER_TERM', term: r.term };
  if (req.lastTerm === myEndTerm && req.lastLen < myLen) return { result: 'REJECT_SMALL_LEDGER_END_INDEX', term: r.term };
  if (req.term < r.term) return { result: 'REJECT_EXPIRED_VOTE_TERM', term: r.term };
  if (req.term > r.term) {
    // "stepped down by larger term": even a leader with a live majority becomes a candidate.
    changeRoleToCandidate(sim, node, req.term, 'vote', cand);
    r.needIncrease = true;
    return { result: 'REJECT_TERM_NOT_READY', term: r.term };
  }
  if (r.votedFor !== null && r.votedFor !== cand) {
    return { result: r.leader !== null ? 'REJECT_ALREADY_HAS_LEADER' : 'REJECT_ALREADY_VOTED', term: r.term };
  }
  if (req.term < myEndTerm) return { result: 'REJECT_TERM_SMALL_THAN_LEDGER', term: myEndTerm };
  // REJECT_TAKING_LEADERSHIP needs preferredLeaderIds, unset in RocketMQ by default (preferredLeaderId = null).
  r.votedFor = cand;
  persistMeta(sim, node, r);
  return { result: 'ACCEPT', term: r.term };
}

export function onRaftVote(sim: RSim, env: Envelope, body: VoteRequest & { seq: number }): void {
  const v = handleVote(sim, env.dest, env.src, body);
  sim.send(env.dest, env.src, { type: 'raftVoteResult', seq: body.seq, term: v.term, result: v.result });
}

export function onRaftVoteResult(sim: RSim, env: Envelope, body: { seq: number; term: number; result: VoteResult }): void {
  countVote(sim, env.dest, body.seq, body);
}

/** A vote RPC that failed (connection refused) completes as an UNKNOWN VoteResponse. */
export function onRaftVoteRefused(sim: RSim, node: string, seq: number): void {
  countVote(sim, node, seq, { result: 'UNKNOWN', term: -1 });
}

/** maintainAsCandidate's whenComplete: tally one answer; the latch opens early on a clear outcome. */
function countVote(sim: RSim, node: string, seq: number, v: { result: VoteResult; term: number }): void {
  const round = sim.state.brokers[node].raft?.round;
  if (!round || round.seq !== seq) return;
  round.all++;
  if (v.result !== 'UNKNOWN') round.valid++;
  if (v.result === 'ACCEPT') round.accepted++;
  else if (v.result === 'REJECT_ALREADY_HAS_LEADER') round.hasLeader = true;
  else if (v.result === 'REJECT_TERM_SMALL_THAN_LEDGER' || v.result === 'REJECT_EXPIRED_VOTE_TERM') round.knownMax = Math.max(round.knownMax, v.term);
  else if (v.result === 'REJECT_EXPIRED_LEDGER_TERM' || v.result === 'REJECT_SMALL_LEDGER_END_INDEX') round.bigger++;
  else if (v.result === 'REJECT_TERM_NOT_READY') round.notReady++;
  if (round.hasLeader || isQuorum(sim, node, round.accepted) || isQuorum(sim, node, round.accepted + round.notReady) || round.all === groupSize(sim, node)) {
    parseVotes(sim, node);
  }
}

export function onRaftVoteWait(sim: RSim, node: string, seq: number): void {
  if (sim.state.brokers[node].raft?.round?.seq === seq) parseVotes(sim, node);
}

/** The end of maintainAsCandidate: PARSE_VOTE_RESULT. */
function parseVotes(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  const v = r.round!;
  r.round = null;
  let result: ParseResult;
  if (v.knownMax > v.term) {
    result = 'WAIT_TO_VOTE_NEXT';
    r.nextVoteAt = nextVoteTime(sim);
    changeRoleToCandidate(sim, node, v.knownMax, 'knownMax');
  } else if (v.hasLeader) {
    result = 'WAIT_TO_REVOTE';
    r.nextVoteAt = nextVoteTime(sim) + LEAK_MS;
  } else if (!isQuorum(sim, node, v.valid)) {
    result = 'WAIT_TO_REVOTE';
    r.nextVoteAt = nextVoteTime(sim);
  } else if (!isQuorum(sim, node, v.valid - v.bigger)) {
    result = 'WAIT_TO_REVOTE';
    r.nextVoteAt = nextVoteTime(sim) + DLEDGER_MAX_VOTE_INTERVAL_MS;
  } else if (isQuorum(sim, node, v.accepted)) {
    result = 'PASSED';
  } else if (isQuorum(sim, node, v.accepted + v.notReady)) {
    result = 'REVOTE_IMMEDIATELY';
  } else {
    result = 'WAIT_TO_VOTE_NEXT';
    r.nextVoteAt = nextVoteTime(sim);
  }
  r.lastParse = result;
  if (result === 'PASSED') changeRoleToLeader(sim, node, v.term);
  wake(sim, node, DLEDGER_MAINTAIN_SLEEP_MS);
}

/** changeRoleToLeader: only if the term has not moved on meanwhile. */
function changeRoleToLeader(sim: RSim, node: string, term: number): void {
  const r = sim.state.brokers[node].raft!;
  if (r.term !== term) return;
  r.role = 'leader';
  r.leader = node;
  r.lastSendBeatAt = NEVER;
  const len = commitLog(sim, node).entries.length;
  r.match = {};
  r.next = {};
  for (const p of peers(sim, node)) {
    r.match[p] = 0;
    r.next[p] = len;
  }
  sim.emit({ kind: 'DLEDGER_LEADER', node, cat: 'election', code: 'rocketmq.log.dledgerLeader', params: { node, term }, data: { term } });
  registerEverywhere(sim, node);
}

/** Why a node turned candidate; each has its own log sentence (rocketmq.log.dledgerCandidate.* / dledgerStepDown.*). */
export const CANDIDATE_WHY = ['timeout', 'vote', 'heartbeat', 'expiredTerm', 'inconsistentLeader', 'noQuorum', 'knownMax'] as const;
type CandidateWhy = (typeof CANDIDATE_WHY)[number];

/**
 * changeRoleToCandidate(term): MemberState.changeToCandidate records the term as knownMaxTermInGroup
 * and drops the leader; currTerm itself waits for nextTerm. `by` names the node that told it.
 */
function changeRoleToCandidate(sim: RSim, node: string, term: number, why: CandidateWhy, by = ''): void {
  const r = sim.state.brokers[node].raft!;
  if (term < r.term) return;
  if (term > r.knownMaxTerm) r.knownMaxTerm = term;
  const was = r.role;
  r.role = 'candidate';
  r.leader = null;
  if (was === 'leader') {
    sim.emit({ kind: 'DLEDGER_STEP_DOWN', node, cat: 'election', code: `rocketmq.log.dledgerStepDown.${why}`, params: { node, term, by, ms: LEAK_MS }, data: { term } });
  } else if (was === 'follower' && why !== 'timeout') {
    sim.emit({ kind: 'DLEDGER_CANDIDATE', node, cat: 'election', code: `rocketmq.log.dledgerCandidate.${why}`, params: { node, term, by }, data: { term } });
  }
  if (was !== 'candidate') registerEverywhere(sim, node);
  wake(sim, node, DLEDGER_MAINTAIN_SLEEP_MS);
}

/** changeRoleToFollower: lastParseResult back to WAIT_TO_REVOTE; the vote record is left alone. */
function changeRoleToFollower(sim: RSim, node: string, leader: string): void {
  const r = sim.state.brokers[node].raft!;
  r.lastParse = 'WAIT_TO_REVOTE';
  r.role = 'follower';
  r.leader = leader;
  r.lastHeartbeatAt = sim.now;
  registerEverywhere(sim, node);
}

/** maintainAsLeader: a heartbeat round once heartBeatTimeIntervalMs has passed since the last. */
function maintainAsLeader(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  if (sim.now - r.lastSendBeatAt <= DLEDGER_HEARTBEAT_MS) return wake(sim, node, r.lastSendBeatAt + DLEDGER_HEARTBEAT_MS + 1 - sim.now);
  r.lastSendBeatAt = sim.now;
  const seq = ++r.rpcSeq;
  r.beat = { seq, term: r.term, all: 1, succ: 1, notReady: 0, maxTerm: -1, inconsistent: false };
  pushEntries(sim, node, seq);
  // beatLatch.await(heartBeatTimeIntervalMs)
  sim.setTimer(node, DLEDGER_HEARTBEAT_MS, { type: 'raftBeatWait', seq });
}

/** The follower side of a heartbeat: handleHeartBeat. */
function handleHeartbeat(sim: RSim, node: string, leader: string, term: number): string {
  const r = sim.state.brokers[node].raft!;
  if (term < r.term) return 'EXPIRED_TERM';
  if (term > r.term) {
    // "for larger term, do not change to follower immediately; first change to candidate"
    changeRoleToCandidate(sim, node, term, 'heartbeat', leader);
    r.needIncrease = true;
    return 'TERM_NOT_READY';
  }
  if (r.leader === null) changeRoleToFollower(sim, node, leader);
  else if (r.leader !== leader) return 'INCONSISTENT_LEADER';
  r.lastHeartbeatAt = sim.now;
  return 'SUCCESS';
}

/** A push, with the heartbeat it may carry (the model sends the heartbeat and the push together). */
export function onRaftAppend(sim: RSim, env: Envelope, body: PushBody): void {
  const node = env.dest;
  const r = sim.state.brokers[node].raft!;
  const code = body.beat > 0 ? handleHeartbeat(sim, node, env.src, body.term) : 'SUCCESS';
  const res = code === 'SUCCESS' ? acceptPush(sim, node, env.src, body) : { ok: false, len: -1 };
  const reply: PushResult = { type: 'raftAppendResult', term: code === 'SUCCESS' ? body.term : r.term, beat: body.beat, code, ok: res.ok, len: res.len };
  sim.send(node, env.src, reply);
}

export function onRaftAppendResult(sim: RSim, env: Envelope, body: PushResult): void {
  if (body.beat > 0) countBeat(sim, env.dest, body.beat, body.code, body.term);
  if (body.code === 'SUCCESS') onPushAck(sim, env, body);
}

/** A heartbeat to a dead process: NETWORK_ERROR. */
export function onRaftAppendRefused(sim: RSim, node: string, beat: number): void {
  if (beat > 0) countBeat(sim, node, beat, 'NETWORK_ERROR', -1);
}

/** sendHeartbeats' whenComplete: the latch opens on a quorum of SUCCESS (or with TERM_NOT_READY) or all answers. */
function countBeat(sim: RSim, node: string, seq: number, code: string, term: number): void {
  const b = sim.state.brokers[node].raft?.beat;
  if (!b || b.seq !== seq) return;
  b.all++;
  if (code === 'SUCCESS') b.succ++;
  else if (code === 'EXPIRED_TERM') b.maxTerm = term;
  else if (code === 'INCONSISTENT_LEADER') b.inconsistent = true;
  else if (code === 'TERM_NOT_READY') b.notReady++;
  if (isQuorum(sim, node, b.succ) || isQuorum(sim, node, b.succ + b.notReady) || b.all === groupSize(sim, node)) parseBeats(sim, node);
}

export function onRaftBeatWait(sim: RSim, node: string, seq: number): void {
  if (sim.state.brokers[node].raft?.beat?.seq === seq) parseBeats(sim, node);
}

/** The end of sendHeartbeats: without a quorum of SUCCESS the leader may step down. */
function parseBeats(sim: RSim, node: string): void {
  const r = sim.state.brokers[node].raft!;
  const b = r.beat!;
  r.beat = null;
  if (isQuorum(sim, node, b.succ)) r.lastSuccBeatAt = sim.now;
  else if (isQuorum(sim, node, b.succ + b.notReady)) r.lastSendBeatAt = NEVER;
  else if (b.maxTerm > b.term) changeRoleToCandidate(sim, node, b.maxTerm, 'expiredTerm');
  else if (b.inconsistent) changeRoleToCandidate(sim, node, b.term, 'inconsistentLeader');
  else if (sim.now - r.lastSuccBeatAt > LEAK_MS) changeRoleToCandidate(sim, node, b.term, 'noQuorum');
  wake(sim, node, DLEDGER_MAINTAIN_SLEEP_MS);
}

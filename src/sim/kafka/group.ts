import type { Sim } from '../core/engine';
import { kemit } from './emit';
import type { Envelope } from '../core/types';
import { GROUP_ID, MAX_POLL_INTERVAL_MS, NEW_MEMBER_JOIN_TIMEOUT_MS, OFFSETS_TOPIC_PARTITIONS } from './constants';
import { replicasFor } from './controller';
import { assign, cooperativeAssign, isCooperative } from './assignors';
import { memberNode } from './consumer';
import type { GroupState, KafkaBody, KafkaState, Metadata } from './types';

/**
 * The group coordinator (GroupCoordinator, classic protocol) for the workload's one group. It lives
 * on the broker that leads the group's __consumer_offsets partition: partitionFor(group.id) =
 * abs(hashCode) % offsets.topic.num.partitions, placed like any partition with replication
 * factor min(3, brokers); we take its first unfenced replica as the leader. The group's members
 * generation and committed offsets are treated as safely replicated (__consumer_offsets is written
 * with acks=all), so they survive a coordinator move; the new coordinator restarts the sessions.
 *
 * Simplification: JoinGroup and SyncGroup are one round trip (the assignment is computed where the
 * real group leader would compute it, with the same assignor).
 * Rebalance protocols: range, roundrobin and sticky are EAGER (members give up everything before
 * they rejoin); cooperative-sticky is COOPERATIVE (KIP-429): members rejoin with what they own and
 * keep consuming it, a partition that moves is first revoked by its owner, which rejoins at once
 * (JoinGroup reason "need to revoke partitions and re-join"), and only a second rebalance gives it
 * to its new owner (ConsumerCoordinator.onJoinComplete, CooperativeStickyAssignor.adjustAssignment).
 * What the folding changes, from GroupCoordinator/ClassicGroup and ConsumerCoordinator: in the real
 * protocol the JoinGroup responses go out when the join completes, the leader then sends SyncGroup
 * with the assignment (followers send theirs at once and are parked) and every member gets its
 * partitions when the leader's SyncGroup arrives: one leader round trip later, i.e. 2x link latency
 * (4-6 ms with the default 2 +/- 1 ms network, more on a slowed link). In that window (CompletingRebalance)
 * an offset commit gets REBALANCE_IN_PROGRESS (ClassicGroup.validateOffsetCommit); no consumer here
 * commits then, since members commit before JoinGroup (onJoinPrepare). Not modelled: a group leader
 * that dies or is cut off between JoinGroup and SyncGroup, which stalls the others until its
 * session.timeout.ms removes it and the group rebalances again (here the rebalance already completed).
 */
type Join = Extract<KafkaBody, { type: 'joinGroup' }>;
type Hb = Extract<KafkaBody, { type: 'groupHeartbeat' }>;
type Commit = Extract<KafkaBody, { type: 'offsetCommit' }>;

export function newGroup(): GroupState {
  return { coordinator: null, state: 'Empty', generation: 0, members: {}, rebalanceDeadline: 0, delayUntil: 0, newMemberAdded: false, delayRemaining: 0, committed: {}, committedEpochs: {}, processedMax: [], previous: {} };
}

/** Java String.hashCode, for partitionFor(group.id). */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

export function coordinatorFor(meta: Metadata, brokers: number): string | null {
  const q = Math.abs(javaHash(GROUP_ID)) % OFFSETS_TOPIC_PARTITIONS;
  return replicasFor(q, brokers, Math.min(3, brokers)).find((b) => !meta.fenced.includes(b)) ?? null;
}

export function handleGroupRequest(sim: Sim<KafkaState>, env: Envelope<KafkaBody>): void {
  const b = env.dest;
  const body = env.body;
  const meta = sim.state.brokers[b].meta;
  if (body.type === 'findCoordinator') {
    sim.send(b, env.src, { type: 'findCoordinatorResp', coordinator: meta ? coordinatorFor(meta, sim.scenario.kafka.brokers) : null });
    return;
  }
  const g = sim.state.group;
  const mine = meta !== null && coordinatorFor(meta, sim.scenario.kafka.brokers) === b;
  if (!mine) return notCoordinator(sim, env);
  if (g.coordinator !== b) {
    // This broker becomes the coordinator and loads the group from __consumer_offsets: members,
    // generation and offsets carry over, and every member's session starts afresh.
    g.coordinator = b;
    for (const [name, m] of Object.entries(g.members)) {
      m.lastHeartbeatAt = sim.now;
      sim.setTimer(b, sim.scenario.kafka.sessionTimeoutMs, { type: 'memberExpiry', member: name });
    }
    kemit(sim, { kind: 'GroupCoordinator', node: b, cat: 'info', code: 'kafka.log.coordinator', params: { broker: b, group: GROUP_ID } });
  }
  if (body.type === 'joinGroup') join(sim, b, body);
  else if (body.type === 'groupHeartbeat') heartbeat(sim, b, env.src, body);
  else if (body.type === 'offsetCommit') commit(sim, b, env.src, body);
  else if (body.type === 'leaveGroup') removeMember(sim, b, body.member, 'left');
}

function notCoordinator(sim: Sim<KafkaState>, env: Envelope<KafkaBody>): void {
  const t = env.body.type;
  const reply: KafkaBody | null =
    t === 'joinGroup' ? { type: 'joinResp', error: 'NOT_COORDINATOR', generation: -1, assignment: [], committed: {}, committedEpochs: {} }
    : t === 'groupHeartbeat' ? { type: 'groupHeartbeatResp', error: 'NOT_COORDINATOR' }
    : t === 'offsetCommit' ? { type: 'offsetCommitResp', error: 'NOT_COORDINATOR', generation: (env.body as Commit).generation, auto: (env.body as Commit).auto } : null;
  if (reply) sim.send(env.dest, env.src, reply);
}

function join(sim: Sim<KafkaState>, b: string, body: Join): void {
  const g = sim.state.group;
  const k = sim.scenario.kafka;
  const known = g.members[body.member];
  // An unknown member (new, or expired and back) owns nothing: its client reset its generation and gave its partitions up as lost.
  const owned = known ? body.owned.slice() : [];
  const isNew = known ? known.isNew : true;
  g.members[body.member] = { lastHeartbeatAt: sim.now, joined: true, isNew, assignment: known?.assignment ?? [], owned };
  sim.setTimer(b, isNew && newMembersTimeOut(sim) ? NEW_MEMBER_JOIN_TIMEOUT_MS : k.sessionTimeoutMs, { type: 'memberExpiry', member: body.member });
  if (g.state === 'Empty') {
    // GroupCoordinator.prepareRebalance: an Empty group waits group.initial.rebalance.delay.ms
    // (InitialDelayedJoin), extended by another delay while new members keep joining generation 0,
    // for at most the rebalance timeout (max.poll.interval.ms) minus the first delay.
    g.state = 'PreparingRebalance';
    g.rebalanceDeadline = sim.now + MAX_POLL_INTERVAL_MS;
    g.delayUntil = sim.now + k.groupInitialRebalanceDelayMs;
    g.newMemberAdded = false;
    g.delayRemaining = Math.max(MAX_POLL_INTERVAL_MS - k.groupInitialRebalanceDelayMs, 0);
    sim.setTimer(b, k.groupInitialRebalanceDelayMs, { type: 'initialRebalanceDelay' });
    return;
  }
  // GroupCoordinator.addMemberAndRebalance: newMemberAdded only while generation 0 is forming.
  if (!known && g.state === 'PreparingRebalance' && g.generation === 0) g.newMemberAdded = true;
  // A join outside a rebalance starts one: every other member must rejoin.
  if (g.state !== 'PreparingRebalance') prepareRebalance(sim, b, body.reason === 'revoked' ? 'kafka.log.rebalanceRevoked' : 'kafka.log.rebalanceJoined', body.member);
  g.members[body.member].joined = true;
  maybeCompleteJoin(sim, b);
}

/** Why a rebalance starts, as its event-log sentence: which member joined, left or expired. */
export type RebalanceWhy = 'kafka.log.rebalanceJoined' | 'kafka.log.rebalanceRevoked' | 'kafka.log.rebalanceLeft' | 'kafka.log.rebalanceExpired';

export function prepareRebalance(sim: Sim<KafkaState>, b: string, why: RebalanceWhy, member: string): void {
  const g = sim.state.group;
  g.state = 'PreparingRebalance';
  g.rebalanceDeadline = sim.now + MAX_POLL_INTERVAL_MS;
  for (const m of Object.values(g.members)) m.joined = false;
  // Only the expiry sentence shows `ms`; the others ignore it.
  kemit(sim, { kind: 'PreparingRebalance', node: b, cat: 'info', code: why, params: { group: GROUP_ID, member, ms: sim.scenario.kafka.sessionTimeoutMs } });
  maybeCompleteJoin(sim, b);
}

/** InitialDelayedJoin.onComplete: extend while new members arrived, else complete the join. */
export function onInitialDelay(sim: Sim<KafkaState>, b: string): void {
  const g = sim.state.group;
  if (g.coordinator !== b || g.state !== 'PreparingRebalance' || sim.now < g.delayUntil) return;
  const configured = sim.scenario.kafka.groupInitialRebalanceDelayMs;
  if (g.newMemberAdded && g.delayRemaining > 0) {
    g.newMemberAdded = false;
    const delay = Math.min(configured, g.delayRemaining);
    g.delayRemaining = Math.max(g.delayRemaining - configured, 0);
    g.delayUntil = sim.now + delay;
    sim.setTimer(b, delay, { type: 'initialRebalanceDelay' });
    return;
  }
  maybeCompleteJoin(sim, b);
}

/** Completes the join once every known member has rejoined: new generation, new assignment. */
function maybeCompleteJoin(sim: Sim<KafkaState>, b: string): void {
  const g = sim.state.group;
  const members = Object.keys(g.members);
  if (members.length === 0) {
    g.state = 'Empty';
    return;
  }
  if (!members.every((m) => g.members[m].joined)) return;
  if (sim.now < g.delayUntil) return;
  g.generation++;
  const assignor = sim.scenario.kafka.assignor;
  const assignment = isCooperative(assignor)
    ? cooperativeAssign(members, sim.state.partitions, Object.fromEntries(members.map((m) => [m, g.members[m].owned])))
    : assign(assignor, members, sim.state.partitions, g.previous);
  g.previous = assignment;
  g.state = 'Stable';
  const idle = members.filter((m) => assignment[m].length === 0);
  // The assignment is node and partition names only, the same in every language.
  const shown = members.map((m) => `${m} <- [${assignment[m].join(', ')}]`).join('; ');
  kemit(sim, {
    kind: 'RebalanceCompleted', node: b, cat: 'rebalance',
    ...(idle.length
      ? { code: 'kafka.log.rebalanceCompletedIdle', params: { generation: g.generation, assignment: shown, idle: idle.join(', ') } }
      : { code: 'kafka.log.rebalanceCompleted', params: { generation: g.generation, assignment: shown } }),
    data: { generation: g.generation },
  });
  for (const m of members) {
    const member = g.members[m];
    member.assignment = assignment[m];
    // The join answered, every member's session starts now (completeAndScheduleNextHeartbeatExpiration,
    // rescheduleClassicGroupMemberHeartbeat): no heartbeat could come while it waited in JoinGroup.
    member.isNew = false;
    member.lastHeartbeatAt = sim.now;
    sim.setTimer(b, sim.scenario.kafka.sessionTimeoutMs, { type: 'memberExpiry', member: m });
    const committed: Record<string, number> = {};
    const committedEpochs: Record<string, number> = {};
    for (const p of assignment[m]) {
      if (g.committed[p] === undefined) continue;
      committed[p] = g.committed[p];
      committedEpochs[p] = g.committedEpochs[p] ?? -1;
    }
    sim.send(b, memberNode(m), { type: 'joinResp', error: null, generation: g.generation, assignment: assignment[m], committed, committedEpochs });
  }
}

function heartbeat(sim: Sim<KafkaState>, b: string, from: string, body: Hb): void {
  const g = sim.state.group;
  const m = g.members[body.member];
  let error: string | null = null;
  if (!m) error = 'UNKNOWN_MEMBER_ID';
  else if (g.state === 'PreparingRebalance') error = 'REBALANCE_IN_PROGRESS';
  else if (body.generation !== g.generation) error = 'ILLEGAL_GENERATION';
  if (m) {
    m.lastHeartbeatAt = sim.now;
    sim.setTimer(b, sim.scenario.kafka.sessionTimeoutMs, { type: 'memberExpiry', member: body.member });
  }
  sim.send(b, from, { type: 'groupHeartbeatResp', error });
}

function commit(sim: Sim<KafkaState>, b: string, from: string, body: Commit): void {
  const g = sim.state.group;
  const m = g.members[body.member];
  let error: string | null = null;
  if (!m) error = 'UNKNOWN_MEMBER_ID';
  else if (body.generation !== g.generation) error = 'ILLEGAL_GENERATION';
  else {
    for (const [p, off] of Object.entries(body.offsets)) {
      g.committed[p] = off;
      g.committedEpochs[p] = body.epochs[p] ?? -1;
    }
  }
  sim.send(b, from, { type: 'offsetCommitResp', error, generation: body.generation, auto: body.auto });
}

/**
 * session.timeout.ms without a heartbeat: the member is removed and the group rebalances. A member
 * waiting in JoinGroup sends none and is kept alive (ClassicGroupMember.hasSatisfiedHeartbeat), except
 * a new one, since 2.2 dropped NEW_MEMBER_JOIN_TIMEOUT_MS after its join (it will retry if it is alive).
 */
export function onMemberExpiry(sim: Sim<KafkaState>, b: string, member: string): void {
  const g = sim.state.group;
  const m = g.members[member];
  if (g.coordinator !== b || !m) return;
  if (g.state === 'PreparingRebalance' && m.joined) {
    if (!m.isNew || !newMembersTimeOut(sim) || sim.now - m.lastHeartbeatAt < NEW_MEMBER_JOIN_TIMEOUT_MS) return;
  } else if (sim.now - m.lastHeartbeatAt < sim.scenario.kafka.sessionTimeoutMs) return;
  removeMember(sim, b, member, 'expired');
}

/** KAFKA-7610 (2.2): a new member waiting in JoinGroup times out; before, only the rebalance ended its wait. */
function newMembersTimeOut(sim: Sim<KafkaState>): boolean {
  const release = sim.scenario.kafka.release;
  return release === '4.x' || release === '2.x';
}

/** LeaveGroup (`left`) or session.timeout.ms without a heartbeat (`expired`). */
function removeMember(sim: Sim<KafkaState>, b: string, member: string, why: 'left' | 'expired'): void {
  const g = sim.state.group;
  if (!g.members[member]) return;
  delete g.members[member];
  if (why === 'left') kemit(sim, { kind: 'MemberRemoved', node: b, cat: 'info', code: 'kafka.log.memberLeft', params: { member, group: GROUP_ID } });
  else kemit(sim, { kind: 'MemberRemoved', node: b, cat: 'info', code: 'kafka.log.memberExpired', params: { member, group: GROUP_ID, ms: sim.scenario.kafka.sessionTimeoutMs } });
  if (Object.keys(g.members).length === 0) g.state = 'Empty';
  else if (g.state === 'PreparingRebalance') maybeCompleteJoin(sim, b);
  else prepareRebalance(sim, b, why === 'left' ? 'kafka.log.rebalanceLeft' : 'kafka.log.rebalanceExpired', member);
}

import type { Sim } from '../core/engine';
import { kemit } from './emit';
import { recordDelivered, type Cause, deliveriesOf } from '../accounting/ledger';
import { kafkaBrokerName } from '../scenario/topology';
import { CONSUMER_REQUEST_TIMEOUT_MS, JOIN_GROUP_TIMEOUT_LAPSE_MS, MAX_POLL_INTERVAL_MS, RETRY_BACKOFF_MS } from './constants';
import { requestMetadata } from './producer';
import { partitionIndex } from './partitioner';
import { nameNumber } from '../core/numbered';
import { consumerOf } from './lookup';
import { arm, fire, newSweeps, SWEEP } from './sweep';
import { isCooperative } from './assignors';
import type { ConsumerState, EpochQuery, KafkaBody, KafkaState, Metadata } from './types';

/**
 * The consumer (KafkaConsumer, ConsumerCoordinator, Fetcher): finds the coordinator, joins the
 * group, heartbeats every heartbeat.interval.ms, fetches its partitions from their leaders (one
 * request per broker), processes each record when the fetch response arrives, and with
 * enable.auto.commit commits its positions every auto.commit.interval.ms and before rejoining.
 * Without a committed offset it starts where auto.offset.reset says.
 * Processing takes no simulated time, so max.poll.records = 500 (KafkaConsumer.poll returning the
 * buffered records of one fetch over several polls, Fetcher fetching a partition again only once its
 * buffer is drained) changes nothing observable: every poll of one response happens at the same
 * instant, and auto-commit sees the same positions. max.poll.interval.ms is never exceeded for the
 * same reason. Heartbeats run on their own timer (the KIP-62 heartbeat thread, 0.10.1+); a member
 * that hears no heartbeat answer for session.timeout.ms marks the coordinator unknown
 * (AbstractCoordinator.HeartbeatThread, heartbeat.sessionTimeoutExpired).
 */
type JoinResp = Extract<KafkaBody, { type: 'joinResp' }>;
type FetchResp = Extract<KafkaBody, { type: 'fetchResp' }>;
type EpochQueryReq = Extract<KafkaBody, { type: 'offsetsForLeaderEpoch' }>;
type EpochQueryResp = Extract<KafkaBody, { type: 'offsetsForLeaderEpochResp' }>;
type CommitResp = Extract<KafkaBody, { type: 'offsetCommitResp' }>;

/**
 * Each KafkaConsumer instance joins with no member id and is given a new one (classic protocol,
 * KIP-394), so a restarted consumer is a new member: the coordinator keeps the old instance's
 * membership until its session.timeout.ms runs out, and an eager rebalance waits for it. Here the
 * first instance's member id is the node name and later ones add their count: consumer-1#2.
 */
export function newMemberId(sim: Sim<KafkaState>, node: string): string {
  const n = (sim.state.consumerInstances[node] ?? 0) + 1;
  sim.state.consumerInstances[node] = n;
  return n === 1 ? node : `${node}#${n}`;
}

/** The consumer node behind a member id (the coordinator answers the node). */
export function memberNode(memberId: string): string {
  const hash = memberId.indexOf('#');
  return hash < 0 ? memberId : memberId.slice(0, hash);
}

export function newConsumer(memberId: string, meta: Metadata | null, index: number): ConsumerState {
  return {
    memberId, phase: 'unjoined', finding: false, coordinator: null, generation: -1, assigned: [], positions: [],
    offsetEpochs: [], leaderEpochs: [], validateAt: [], validating: 0, checkedMeta: -1, meta, metaInFlight: false, metaBroker: index - 1, fetching: [], fetchDeadline: [], sweeps: newSweeps(), hbPendingSince: -1, lastHbReplyAt: 0, autoCommitAt: 0,
  };
}

export function startConsumer(sim: Sim<KafkaState>, c: string): void {
  const k = sim.scenario.kafka;
  findCoordinator(sim, c);
  sim.setTimer(c, k.heartbeatIntervalMs, { type: 'groupHeartbeat' });
  // ConsumerCoordinator's constructor: nextAutoCommitTimer = time.timer(auto.commit.interval.ms).
  if (k.autoCommit) resetAutoCommit(sim, c, k.autoCommitIntervalMs);
}

/** nextAutoCommitTimer.reset(ms): the auto-commit is due `ms` from now. */
function resetAutoCommit(sim: Sim<KafkaState>, c: string, ms: number): void {
  const s = consumerOf(sim, c);
  s.autoCommitAt = sim.now + ms;
  sim.setTimer(c, ms, { type: 'autoCommit', at: s.autoCommitAt });
}

/**
 * ConsumerCoordinator.maybeAutoCommitOffsetsAsync, at the end of ConsumerCoordinator.poll: once the
 * timer has expired, it is reset to auto.commit.interval.ms and the consumed positions are committed
 * asynchronously. poll returns before it while the coordinator is unknown or a join is pending, so an
 * expiry then waits for the first poll after (the coordinator found, or the join complete).
 */
function maybeAutoCommit(sim: Sim<KafkaState>, c: string): void {
  const s = consumerOf(sim, c);
  const k = sim.scenario.kafka;
  if (!k.autoCommit || s.phase !== 'stable' || !s.coordinator || s.finding || sim.now < s.autoCommitAt) return;
  resetAutoCommit(sim, c, k.autoCommitIntervalMs);
  commitPositions(sim, c, true);
}

/** FindCoordinator to the next bootstrap broker; the answer (or its absence) moves us on. */
export function findCoordinator(sim: Sim<KafkaState>, c: string): void {
  const s = consumerOf(sim, c);
  s.finding = true;
  s.coordinator = null;
  s.metaBroker = (s.metaBroker + 1) % sim.scenario.kafka.brokers;
  const broker = kafkaBrokerName(s.metaBroker + 1);
  sim.send(c, broker, { type: 'findCoordinator' });
  sim.setTimer(c, CONSUMER_REQUEST_TIMEOUT_MS, { type: 'groupTimeout', phase: 'finding', generation: s.generation, at: sim.now });
}

export function onCoordinatorFound(sim: Sim<KafkaState>, c: string, coordinator: string | null): void {
  const s = consumerOf(sim, c);
  if (!s.finding) return;
  if (!coordinator) return void sim.setTimer(c, RETRY_BACKOFF_MS, { type: 'findCoordinator' });
  s.finding = false;
  s.coordinator = coordinator;
  // FindCoordinatorResponseHandler: heartbeat.resetSessionTimeout(); a new connection has nothing pending.
  s.lastHbReplyAt = sim.now;
  s.hbPendingSince = -1;
  // A member keeps its generation across a coordinator move: the group is reloaded from
  // __consumer_offsets; only a consumer not yet in the group joins.
  if (s.phase !== 'stable') rejoin(sim, c);
  else maybeAutoCommit(sim, c);
}

/**
 * ConsumerCoordinator.onJoinPrepare, then JoinGroup. With enable.auto.commit the consumed positions
 * are committed first. EAGER: every partition is given up (and no fetched record is processed after
 * that commit: markPendingRevocation). COOPERATIVE: the member keeps what it owns, keeps fetching
 * and processing it during the rebalance (KafkaConsumer.poll does not wait for the join), and
 * names it in the JoinGroup. `lost`: the generation was reset (UNKNOWN_MEMBER_ID,
 * ILLEGAL_GENERATION), so everything is given up whatever the protocol (invokePartitionsLost).
 */
export function rejoin(sim: Sim<KafkaState>, c: string, lost = false, reason: 'revoked' | null = null): void {
  const s = consumerOf(sim, c);
  if (!s.coordinator) return findCoordinator(sim, c);
  if (s.phase === 'stable' && sim.scenario.kafka.autoCommit && !lost) commitPositions(sim, c, false);
  s.phase = 'joining';
  if (lost || !isCooperative(sim.scenario.kafka.assignor)) {
    s.assigned = [];
    s.positions = [];
    s.offsetEpochs = [];
    s.leaderEpochs = [];
    s.validateAt = [];
    s.validating = 0;
    s.fetching = [];
  }
  sim.send(c, s.coordinator, { type: 'joinGroup', member: s.memberId, owned: s.assigned.slice(), reason });
  sim.setTimer(c, joinGroupTimeoutMs(sim), { type: 'groupTimeout', phase: 'joining', generation: s.generation });
}

/**
 * ConsumerCoordinator.onJoinComplete. A partition newly assigned starts at the committed offset
 * (or auto.offset.reset); under COOPERATIVE one kept keeps its position, and one owned but no longer
 * assigned is revoked, after which the member rejoins at once. Its offsets are not committed on the
 * way out: the auto-commit ran when the rebalance began, so records of a revoked partition
 * processed during the rebalance are delivered again to its next owner.
 */
/**
 * How long a JoinGroup may wait (AbstractCoordinator.sendJoinGroupRequest): the rebalance timeout
 * plus JOIN_GROUP_TIMEOUT_LAPSE, at least request.timeout.ms. The rebalance timeout is
 * max.poll.interval.ms since 0.10.1 (KIP-62); the 0.8 preset's group protocol is 0.9's, where it was
 * session.timeout.ms.
 */
function joinGroupTimeoutMs(sim: Sim<KafkaState>): number {
  const k = sim.scenario.kafka;
  const rebalanceTimeout = k.release === '0.8' ? k.sessionTimeoutMs : MAX_POLL_INTERVAL_MS;
  return Math.max(CONSUMER_REQUEST_TIMEOUT_MS, rebalanceTimeout + JOIN_GROUP_TIMEOUT_LAPSE_MS);
}

export function onJoined(sim: Sim<KafkaState>, c: string, body: JoinResp): void {
  const s = consumerOf(sim, c);
  if (s.phase !== 'joining') return;
  if (body.error) return findCoordinator(sim, c);
  const cooperative = isCooperative(sim.scenario.kafka.assignor);
  const revoked = cooperative ? s.assigned.filter((p) => !body.assignment.includes(p)) : [];
  const owned = cooperative ? s.assigned : [];
  const positions: number[] = [];
  // KIP-320: a committed offset comes with its leader epoch, and the position starts unvalidated
  // (ConsumerCoordinator.refreshCommittedOffsetsIfNeeded -> SubscriptionState.seekUnvalidated): it
  // is checked against the current leader before the first fetch (checkPositions).
  const offsetEpochs: number[] = [];
  const leaderEpochs: number[] = [];
  const validateAt: number[] = [];
  let validating = 0;
  for (const p of body.assignment) {
    const kept = cooperative && s.assigned.includes(p);
    const i = partitionIndex(p);
    positions[i] = kept ? s.positions[i] : body.committed[p] ?? -1;
    offsetEpochs[i] = kept ? s.offsetEpochs[i] : body.committedEpochs[p] ?? -1;
    leaderEpochs[i] = kept ? s.leaderEpochs[i] : -1;
    validateAt[i] = kept ? s.validateAt[i] : -1;
    if (validateAt[i] >= 0) validating++;
  }
  s.phase = 'stable';
  s.generation = body.generation;
  s.assigned = body.assignment;
  s.positions = positions;
  s.offsetEpochs = offsetEpochs;
  s.leaderEpochs = leaderEpochs;
  s.validateAt = validateAt;
  s.validating = validating;
  s.checkedMeta = -1;
  s.lastHbReplyAt = sim.now;
  s.hbPendingSince = -1;
  const k = sim.scenario.kafka;
  if (k.autoCommit) {
    // 2.8+ (KAFKA-9620; the 4.x preset): onJoinComplete reschedules the auto-commit from now
    // (nextAutoCommitTimer.updateAndReset). Before, the timer ran on, and one that expired during the
    // rebalance fired at the first poll after it: positions of newly assigned partitions are not
    // initialized yet then (SubscriptionState.allConsumed leaves them out), so only partitions kept
    // under COOPERATIVE are committed, and the next commit is auto.commit.interval.ms later.
    if (k.release === '4.x') resetAutoCommit(sim, c, k.autoCommitIntervalMs);
    else if (sim.now >= s.autoCommitAt) {
      resetAutoCommit(sim, c, k.autoCommitIntervalMs);
      if (cooperative) commitPositions(sim, c, true, body.assignment.filter((p) => owned.includes(p)));
    }
  }
  if (revoked.length > 0) {
    kemit(sim, { kind: 'PartitionsRevoked', node: c, cat: 'info', code: 'kafka.log.partitionsRevoked', params: { consumer: c, partitions: revoked.join(', ') }, data: { partitions: revoked.join(',') } });
    return rejoin(sim, c, false, 'revoked');
  }
  fetchAll(sim, c);
}

export function onGroupTimer(sim: Sim<KafkaState>, c: string, type: string, phase?: string, generation?: number, at?: number): void {
  const s = consumerOf(sim, c);
  const k = sim.scenario.kafka;
  if (type === 'findCoordinator') return findCoordinator(sim, c);
  if (type === 'groupTimeout') {
    const stuck = phase === 'finding' ? s.finding : s.phase === phase && !s.finding;
    if (stuck && s.generation === generation) findCoordinator(sim, c);
    return;
  }
  if (type === 'autoCommit') {
    if (at === s.autoCommitAt) maybeAutoCommit(sim, c);
    return;
  }
  if (type === 'heartbeatTimeout') {
    // request.timeout.ms with no answer to a heartbeat: NetworkClient drops the connection and the
    // request fails with a DisconnectException, on which CoordinatorResponseHandler marks the
    // coordinator unknown. With 4.x defaults (30 s < session.timeout.ms 45 s) this comes first.
    if (at === s.hbPendingSince && s.phase === 'stable' && s.coordinator && !s.finding) findCoordinator(sim, c);
    return;
  }
  // groupHeartbeat: the coordinator is presumed dead once it has been silent for session.timeout.ms
  // (HeartbeatThread: heartbeat.sessionTimeoutExpired -> markCoordinatorUnknown).
  sim.setTimer(c, k.heartbeatIntervalMs, { type: 'groupHeartbeat' });
  if (s.phase !== 'stable' || !s.coordinator || s.finding) return;
  if (sim.now - s.lastHbReplyAt >= k.sessionTimeoutMs) return findCoordinator(sim, c);
  if (s.hbPendingSince < 0) {
    s.hbPendingSince = sim.now;
    sim.setTimer(c, CONSUMER_REQUEST_TIMEOUT_MS, { type: 'heartbeatTimeout', at: sim.now });
  }
  sim.send(c, s.coordinator, { type: 'groupHeartbeat', member: s.memberId, generation: s.generation });
}

export function onHeartbeatResp(sim: Sim<KafkaState>, c: string, error: string | null): void {
  const s = consumerOf(sim, c);
  if (s.phase !== 'stable') return;
  s.lastHbReplyAt = sim.now;
  s.hbPendingSince = -1;
  if (error === 'NOT_COORDINATOR') findCoordinator(sim, c);
  else if (error === 'REBALANCE_IN_PROGRESS') rejoin(sim, c);
  else if (error) rejoin(sim, c, true);
}

/** The coordinator's connection was refused (its broker crashed): look for the new one. */
export function coordinatorLost(sim: Sim<KafkaState>, c: string): void {
  const s = consumerOf(sim, c);
  if (s.finding) sim.setTimer(c, RETRY_BACKOFF_MS, { type: 'findCoordinator' });
  else {
    if (s.phase === 'joining') s.phase = 'unjoined';
    findCoordinator(sim, c);
  }
}

/**
 * ConsumerCoordinator's commit of SubscriptionState.allConsumed: each partition with a valid
 * position, offset and (KIP-320, OffsetCommit v6+) the position's leader epoch. A partition
 * awaiting validation has no valid position and is left out.
 */
export function commitPositions(sim: Sim<KafkaState>, c: string, auto: boolean, only: string[] = consumerOf(sim, c).assigned): void {
  const s = consumerOf(sim, c);
  if (!s.coordinator) return;
  const offsets: Record<string, number> = {};
  const epochs: Record<string, number> = {};
  for (const p of only) {
    const i = partitionIndex(p);
    if (s.positions[i] < 0 || s.validateAt[i] >= 0) continue;
    offsets[p] = s.positions[i];
    epochs[p] = s.offsetEpochs[i];
  }
  if (Object.keys(offsets).length > 0) sim.send(c, s.coordinator, { type: 'offsetCommit', member: s.memberId, generation: s.generation, offsets, epochs, auto });
}

/**
 * ConsumerCoordinator.OffsetCommitResponseHandler. NOT_COORDINATOR: the coordinator is marked
 * unknown, and a failed auto-commit is retriable: its timer is reset to retry.backoff.ms
 * (autoCommitOffsetsAsync's callback). UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION: the member's state is
 * reset and it rejoins, its partitions lost (resetStateOnResponseError), unless it has rejoined since
 * the commit went out. A failed commit's offsets are simply not committed; the next commit sends the
 * positions of that moment.
 */
export function onCommitResp(sim: Sim<KafkaState>, c: string, body: CommitResp): void {
  const s = consumerOf(sim, c);
  if (body.error === null || body.generation !== s.generation) return;
  if (body.error === 'NOT_COORDINATOR') {
    if (!s.finding && s.coordinator) findCoordinator(sim, c);
    if (body.auto && sim.scenario.kafka.autoCommit) resetAutoCommit(sim, c, RETRY_BACKOFF_MS);
  } else if (s.phase === 'stable') rejoin(sim, c, true);
}

/** KIP-320 on this release: fetches carry currentLeaderEpoch from 2.1, positions are validated from 2.3 (KAFKA-7747); both presets are later. */
function kip320(sim: Sim<KafkaState>): boolean {
  const release = sim.scenario.kafka.release;
  return release === '4.x' || release === '2.x';
}

/**
 * SubscriptionState.maybeValidatePositionForCurrentLeader for every assigned partition, which the
 * real consumer runs on each poll (Fetcher.validateOffsetsIfNeeded in 2.x,
 * OffsetFetcher.validatePositionsIfNeeded in 4.x); here only when the metadata or the positions
 * changed, which is when it can find something. A partition whose leader epoch moved on takes the
 * new one (FetchPosition.currentLeader); if its position has an epoch it goes to AWAIT_VALIDATION
 * and is not fetched until the leader has answered (TopicPartitionState.validatePosition). Without
 * a leader nothing changes. A position being reset (AWAIT_RESET) is not validated; its ListOffsets
 * goes to the current leader with its epoch.
 */
function checkPositions(sim: Sim<KafkaState>, s: ConsumerState): void {
  const meta = s.meta!;
  s.checkedMeta = meta.version;
  if (!kip320(sim)) return;
  for (const p of s.assigned) {
    const i = partitionIndex(p);
    const part = meta.parts[i];
    if (!part || part.name !== p || part.leader === null || s.leaderEpochs[i] === part.leaderEpoch) continue;
    s.leaderEpochs[i] = part.leaderEpoch;
    if (s.positions[i] < 0 || s.offsetEpochs[i] < 0) continue;
    if (s.validateAt[i] < 0) s.validating++;
    s.validateAt[i] = sim.now;
  }
}

/**
 * Fetcher.validateOffsetsAsync (2.x) / OffsetFetcher.validatePositionsAsync (4.x): one
 * OffsetsForLeaderEpoch per leader for the partitions awaiting validation whose retry time has
 * come; each waits request.timeout.ms for the answer before it is asked again (setNextAllowedRetry).
 */
function sendValidations(sim: Sim<KafkaState>, c: string, s: ConsumerState): void {
  for (let i = 0; i < s.assigned.length; i++) {
    const first = s.assigned[i];
    const due = s.validateAt[partitionIndex(first)];
    if (due < 0 || due > sim.now) continue;
    const leader = leaderOf(s, first);
    if (!leader) {
      requestMetadata(sim, c);
      continue;
    }
    const parts: EpochQuery[] = [];
    for (let j = i; j < s.assigned.length; j++) {
      const p = s.assigned[j];
      const k = partitionIndex(p);
      if (s.validateAt[k] < 0 || s.validateAt[k] > sim.now || leaderOf(s, p) !== leader) continue;
      parts.push({ p, offset: s.positions[k], leaderEpoch: s.offsetEpochs[k], currentLeaderEpoch: s.leaderEpochs[k] });
      s.validateAt[k] = sim.now + CONSUMER_REQUEST_TIMEOUT_MS;
    }
    sim.send(c, leader, { type: 'offsetsForLeaderEpoch', vid: sim.state.nextId++, parts });
    sim.setTimer(c, CONSUMER_REQUEST_TIMEOUT_MS, { type: 'validateAgain' });
  }
}

/** Partitions whose validation failed (an error answer or a refused connection) are asked again after retry.backoff.ms. */
function retryValidation(sim: Sim<KafkaState>, c: string, s: ConsumerState, p: string): void {
  s.validateAt[partitionIndex(p)] = sim.now + RETRY_BACKOFF_MS;
  requestMetadata(sim, c);
  sim.setTimer(c, RETRY_BACKOFF_MS, { type: 'validateAgain' });
}

/** The timer of a validation to ask again: the poll loop picks it up. */
export function onValidateAgain(sim: Sim<KafkaState>, c: string): void {
  if (consumerOf(sim, c).validating > 0) fetchAll(sim, c);
}

/** The leader could not be reached: OffsetsForLeaderEpochClient's request failed (requestFailed). */
export function validationFailed(sim: Sim<KafkaState>, c: string, body: EpochQueryReq): void {
  const s = consumerOf(sim, c);
  for (const q of body.parts) if (s.validateAt[partitionIndex(q.p)] >= 0 && samePosition(s, q)) retryValidation(sim, c, s, q.p);
}

function samePosition(s: ConsumerState, q: EpochQuery): boolean {
  const i = partitionIndex(q.p);
  return s.positions[i] === q.offset && s.offsetEpochs[i] === q.leaderEpoch && s.leaderEpochs[i] === q.currentLeaderEpoch;
}

/**
 * SubscriptionState.maybeCompleteValidation, for each answer that still matches the partition's
 * position. The leader's end offset for the position's epoch below the position means its log
 * diverged there: with a reset policy (auto.offset.reset is always earliest or latest here) the
 * position moves back to that end offset, with the epoch the leader answered, and fetching resumes
 * (seekValidated; "Truncation detected ... resetting offset to the first offset known to diverge").
 * Otherwise the position stands (completeValidation). An undefined answer (UNDEFINED_EPOCH_OFFSET)
 * resets by auto.offset.reset (4.x: requestOffsetReset; 2.x took the -1 as the new position, whose
 * fetch is out of range and resets the same way); it needs a leader without the epoch cache, which
 * the model never has. FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER: metadata
 * refresh and retry (OffsetsForLeaderEpochClient.handleResponse: partitionsToRetry).
 */
export function onValidated(sim: Sim<KafkaState>, c: string, body: EpochQueryResp): void {
  const s = consumerOf(sim, c);
  for (const a of body.parts) {
    const q = a.q;
    const p = q.p;
    const i = partitionIndex(p);
    if (!(s.validateAt[i] >= 0) || !samePosition(s, q)) continue;
    if (a.error !== null) {
      retryValidation(sim, c, s, p);
      continue;
    }
    s.validateAt[i] = -1;
    s.validating--;
    if (a.endOffset < 0 || a.leaderEpoch < 0) {
      s.positions[i] = -1;
      s.offsetEpochs[i] = -1;
    } else if (a.endOffset < q.offset) {
      kemit(sim, { kind: 'TruncationDetected', node: c, cat: 'error', code: 'kafka.log.truncationDetected', params: { consumer: c, partition: p, offset: q.offset, epoch: q.leaderEpoch, reset: a.endOffset }, data: { partition: p } });
      s.positions[i] = a.endOffset;
      s.offsetEpochs[i] = a.leaderEpoch;
      // Offsets from here on name other records now: reading one of them is not a redelivery.
      const g = sim.state.group;
      if ((g.processedMax[i] ?? -1) >= a.endOffset) g.processedMax[i] = a.endOffset - 1;
    }
  }
  fetchAll(sim, c);
}

/** One fetch per leader broker covering the assigned partitions it leads, unless one is in flight there. */
/**
 * `fetching[n]` is the id of the fetch in flight to broker-n, NO_FETCH when none (absent: never
 * fetched from it since the last rejoin).
 */
const NO_FETCH = -1;

export function fetchAll(sim: Sim<KafkaState>, c: string): void {
  const s = consumerOf(sim, c);
  // A member fetches what it owns: in a rebalance, nothing under EAGER (it gave everything up),
  // its kept partitions under COOPERATIVE.
  if (s.assigned.length === 0) return;
  if (s.meta !== null && s.checkedMeta !== s.meta.version) checkPositions(sim, s);
  // A partition awaiting validation is not fetchable (FetchStates.AWAIT_VALIDATION.hasValidPosition).
  const validating = s.validating > 0;
  if (validating) sendValidations(sim, c, s);
  for (let i = 0; i < s.assigned.length; i++) {
    if (validating && s.validateAt[partitionIndex(s.assigned[i])] >= 0) continue;
    const leader = leaderOf(s, s.assigned[i]);
    if (!leader) {
      requestMetadata(sim, c);
      continue;
    }
    const n = nameNumber(leader);
    if ((s.fetching[n] ?? NO_FETCH) !== NO_FETCH) continue;
    // The first partition of a leader builds its request with all later ones on the same leader.
    const parts: { p: string; offset: number; epoch: number }[] = [];
    for (let j = i; j < s.assigned.length; j++) {
      const p = s.assigned[j];
      const k = partitionIndex(p);
      if (leaderOf(s, p) === leader && !(validating && s.validateAt[k] >= 0)) parts.push({ p, offset: s.positions[k], epoch: s.leaderEpochs[k] });
    }
    const fid = sim.state.nextId++;
    s.fetching[n] = fid;
    sim.send(c, leader, { type: 'fetch', fid, parts });
    s.fetchDeadline[n] = sim.now + CONSUMER_REQUEST_TIMEOUT_MS;
    arm(sim, c, s.sweeps, SWEEP.fetchTimeout, s.fetchDeadline[n]);
  }
}

function leaderOf(s: ConsumerState, partition: string): string | null {
  if (!s.meta) return null;
  const part = s.meta.parts[partitionIndex(partition)];
  return part && part.name === partition ? part.leader : null;
}

/** request.timeout.ms sweep over the fetches in flight. */
export function sweepFetches(sim: Sim<KafkaState>, c: string, at: number): void {
  const s = consumerOf(sim, c);
  if (!fire(s.sweeps, SWEEP.fetchTimeout, at)) return;
  let next = Infinity;
  for (let n = 0; n < s.fetching.length; n++) {
    const fid = s.fetching[n];
    if (fid === undefined || fid === NO_FETCH) continue;
    if (s.fetchDeadline[n] <= sim.now) fetchFailed(sim, c, kafkaBrokerName(n), fid);
    else next = Math.min(next, s.fetchDeadline[n]);
  }
  if (next < Infinity) arm(sim, c, s.sweeps, SWEEP.fetchTimeout, next);
}

export function fetchFailed(sim: Sim<KafkaState>, c: string, leader: string, fid: number): void {
  const s = consumerOf(sim, c);
  const n = nameNumber(leader);
  if (s.fetching[n] !== fid) return;
  s.fetching[n] = NO_FETCH;
  requestMetadata(sim, c);
  sim.setTimer(c, RETRY_BACKOFF_MS, { type: 'fetchAgain' });
}

export function onFetchResp(sim: Sim<KafkaState>, c: string, leader: string, body: FetchResp): void {
  const s = consumerOf(sim, c);
  const n = nameNumber(leader);
  if (s.fetching[n] !== body.fid) return;
  s.fetching[n] = NO_FETCH;
  const g = sim.state.group;
  const l = sim.world.ledger;
  const epochs = kip320(sim);
  let backoff = false;
  const positions = s.positions;
  for (const part of body.parts) {
    const p = part.p;
    const pi = partitionIndex(p);
    if (positions[pi] !== part.base || !s.assigned.includes(p)) continue;
    // Fetched while the position was being validated: not fetchable, dropped (Fetcher.fetchRecords).
    if (s.validating > 0 && s.validateAt[pi] >= 0) continue;
    // NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH: refresh the metadata. UNKNOWN_LEADER_EPOCH (the
    // leader has not heard of our epoch yet): the real consumer only logs it and fetches again on
    // its next poll; here, as for the others, after retry.backoff.ms.
    if (part.error !== null && part.resetTo < 0) {
      if (part.error !== 'UNKNOWN_LEADER_EPOCH') requestMetadata(sim, c);
      backoff = true;
      continue;
    }
    if (part.resetTo >= 0) {
      if (part.error) kemit(sim, { kind: part.error, node: c, cat: 'error', code: 'kafka.log.offsetReset', params: { consumer: c, partition: part.p, offset: part.base, reset: part.resetTo }, data: { partition: part.p } });
      positions[pi] = part.resetTo;
      s.offsetEpochs[pi] = -1;
      continue;
    }
    const ids = part.ids;
    if (ids.length === 0) continue;
    const max = g.processedMax[pi] ?? -1;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const offset = part.base + i;
      const again = deliveriesOf(l, id) > 0;
      const cause: Cause | undefined = !again ? undefined
        : offset <= max ? { code: 'kafka.redeliveredAfterRebalance', params: { consumer: c, partition: p, offset } }
        : { code: 'kafka.duplicateInLog', params: { partition: p, offset } };
      recordDelivered(l, id, c, sim.now, cause);
    }
    if (sim.tap) sim.journal(c, 'kafka.consumed', ids, { consumer: c, partition: p, offset: part.base });
    const position = part.base + ids.length;
    positions[pi] = position;
    if (epochs) s.offsetEpochs[pi] = part.epoch;
    g.processedMax[pi] = Math.max(max, position - 1);
  }
  if (backoff) sim.setTimer(c, RETRY_BACKOFF_MS, { type: 'fetchAgain' });
  else fetchAll(sim, c);
}

import {
  LOCK_BATCH_MQ_TIMEOUT_MS, MQ_ADMIN_TIMEOUT_MS, QUERY_CONSUMER_OFFSET_TIMEOUT_MS, REBALANCE_LATER_5X_MS, REBALANCE_MIN_INTERVAL_5X_MS,
  TOPIC_MAIN, TOPIC_RETRY,
} from './constants';
import { allocateAveragely, allocateAveragelyByCircle } from './allocate';
import { masterOf, readBroker, routeGroups, selectBrokerAddr } from './roles';
import type { RSim } from './store';
import { mqName, type ConsumerState, type ProcessQueue } from './state';
import { commitOffset, pull } from './consumer';
import { unlockDropped } from './orderly';
import { nextInt } from '../core/prng';

/**
 * The push consumer's RebalanceImpl: every 20 s (rebalanceIntervalMs), on NOTIFY_CONSUMER_IDS_CHANGED
 * and when a queue's offset moved, the consumer works out which message queues are its own, drops
 * the others (committing their offsets first) and starts pulling the new ones from their stored
 * offsets (BROADCASTING: the local offset store, else the master's max offset).
 */
/**
 * RebalanceImpl.doRebalance: CLUSTERING asks a broker for the member list; BROADCASTING takes every
 * queue. MQClientInstance.findConsumerIdList asks the broker findBrokerAddrByTopic picks: a random
 * group of the topic's route, its master, or a random slave without one (BrokerData.selectBrokerAddr).
 * A broker that restarted knows only the consumers that have heartbeated to it since, so consumers
 * asking different brokers can allocate from different lists. (Real clients ask once per topic; here
 * one list serves the topic and its %RETRY% topic.)
 */
export function rebalance(sim: RSim, node: string): void {
  const c = sim.state.consumers[node];
  if (!c.route) return;
  if (sim.scenario.rocketmq.messageModel === 'BROADCASTING') return applyAllocation(sim, node, subscribed(sim, c, false));
  const groups = routeGroups(c.route);
  if (groups.length === 0) return;
  const broker = selectBrokerAddr(c.route, groups[nextInt(c.rng, groups.length)], c.rng);
  if (broker) sim.send(node, broker, { type: 'getMembers', seq: ++c.rebalanceSeq });
}

interface MQ { t: number; g: number; q: number }

/** Queues of the subscribed topics, sorted by topic, brokerName, queueId; plus %RETRY%<group> in CLUSTERING. */
function subscribed(sim: RSim, c: ConsumerState, withRetry: boolean): MQ[][] {
  const groups = routeGroups(c.route);
  const main: MQ[] = [];
  for (const g of groups) for (let q = 0; q < sim.scenario.rocketmq.queuesPerBroker; q++) main.push({ t: TOPIC_MAIN, g, q });
  return withRetry ? [main, groups.map((g) => ({ t: TOPIC_RETRY, g, q: 0 }))] : [main];
}

export function onMembers(sim: RSim, node: string, seq: number, members: string[]): void {
  const c = sim.state.consumers[node];
  if (seq !== c.rebalanceSeq) return;
  // AllocateMessageQueueStrategy throws on an empty member list ("cidAll is null or cidAll empty"):
  // the rebalance is abandoned and the current queues are kept. A list without us drops them all.
  if (members.length === 0) return;
  const strategy = sim.scenario.rocketmq.allocateStrategy === 'AllocateMessageQueueAveragely' ? allocateAveragely : allocateAveragelyByCircle;
  const mine = subscribed(sim, c, true).map((mqs) => strategy(mqs, members, node));
  applyAllocation(sim, node, mine);
}

/** updateProcessQueueTableInRebalance: drop queues no longer ours (committing first), add new ones. */
function applyAllocation(sim: RSim, node: string, perTopic: MQ[][]): void {
  const c = sim.state.consumers[node];
  const cfg = sim.scenario.rocketmq;
  const want = new Map<string, MQ>();
  for (const list of perTopic) for (const mq of list) want.set(mqName(mq.t, mq.g, mq.q), mq);
  let changed = false;
  for (const [key, pq] of Object.entries(c.pqs)) {
    if (want.has(key)) continue;
    commitOffset(sim, node, pq);
    // RebalancePushImpl.removeUnnecessaryMessageQueue unlocks orderly queues in CLUSTERING only (4.9.8, 5.3.3).
    if (cfg.consumeMode === 'orderly' && cfg.messageModel === 'CLUSTERING') unlockDropped(sim, node, pq);
    delete c.pqs[key];
    changed = true;
  }
  for (const [key, mq] of want) {
    if (c.pqs[key]) continue;
    c.pqs[key] = newPq(mq);
    changed = true;
    if (cfg.messageModel === 'BROADCASTING') {
      if (!locksBroadcastQueues(sim)) startBroadcastQueue(sim, node, c, key, mq);
      else if (masterOf(c.route, mq.g)) {
        armAdd(sim, node, c, key, LOCK_BATCH_MQ_TIMEOUT_MS);
        sim.send(node, masterOf(c.route, mq.g)!, { type: 'lock', t: mq.t, q: mq.q });
      } else notAdded(sim, node, c, key); // RebalanceImpl.lock: no master (findBrokerAddressInSubscribe onlyThisBroker) -> false
      continue;
    }
    const orderly = cfg.consumeMode === 'orderly';
    const broker = orderly ? masterOf(c.route, mq.g) : readBroker(c.route, mq.g);
    // Orderly: the lock (lockBatchMQ, 1 s) comes first and is carried by the same request here.
    if (broker) sim.send(node, broker, { type: 'queryOffset', seq: armAdd(sim, node, c, key, orderly ? LOCK_BATCH_MQ_TIMEOUT_MS : QUERY_CONSUMER_OFFSET_TIMEOUT_MS), t: mq.t, q: mq.q, lock: orderly });
    else notAdded(sim, node, c, key); // fetchConsumeOffsetFromBroker: "The broker[..] not exist" -> readOffset -2
  }
  if (changed) {
    const queues = Object.keys(c.pqs).sort();
    sim.emit(queues.length === 0
      ? { kind: 'REBALANCE', node, cat: 'rebalance', code: 'rocketmq.log.rebalanceNone', params: { node }, data: { queues: '' } }
      : { kind: 'REBALANCE', node, cat: 'rebalance', code: 'rocketmq.log.rebalance', params: { node, queues: queues.join(', ') }, data: { queues: queues.join(',') } });
  }
}

/**
 * rocketmq-all-4.9.8 RebalanceImpl.rebalanceByTopic, BROADCASTING: updateProcessQueueTableInRebalance(topic,
 * mqSet, isOrder), so an orderly broadcasting consumer locks each new queue on its master for the group like a
 * CLUSTERING one (RebalanceImpl.lock -> lockBatchMQ, 60 s on the broker). Every member wants every queue, so
 * only the first to lock a queue adds it; the others try again at each rebalance and get it once that lock
 * expires, 60 s on (nothing renews it: lockMQPeriodically runs in CLUSTERING only), starting from the queue's
 * max offset then. 5.3.2+ passes needLockMq = false there (ISSUE #8772): no lock, as for concurrent consumers.
 */
function locksBroadcastQueues(sim: RSim): boolean {
  return sim.scenario.rocketmq.consumeMode === 'orderly' && sim.scenario.rocketmq.release === '4.x';
}

/**
 * RebalancePushImpl.computePullFromWhere (CONSUME_FROM_LAST_OFFSET) for a BROADCASTING queue: the
 * LocalFileOffsetStore's offset, or with none (-1) MQAdminImpl.maxOffset(mq), asked of the master
 * (findBrokerAddressInPublish); with no master it throws, the queue is not added and the next rebalance
 * tries again.
 */
function startBroadcastQueue(sim: RSim, node: string, c: ConsumerState, key: string, mq: MQ): void {
  const local = c.localOffsets[key];
  const master = masterOf(c.route, mq.g);
  if (local !== undefined) startPq(sim, node, c.pqs[key], local, true);
  else if (master) {
    sim.send(node, master, { type: 'getMaxOffset', seq: armAdd(sim, node, c, key, MQ_ADMIN_TIMEOUT_MS), t: mq.t, q: mq.q });
  } else notAdded(sim, node, c, key);
}

/**
 * RebalanceImpl.updateProcessQueueTableInRebalance adds a new queue only after its synchronous requests answer:
 * the lock (orderly, lockBatchMQ 1 s), the stored offset (queryConsumerOffset 5 s) or, BROADCASTING with no
 * local offset, the max offset (MQAdminImpl 6 s). Here they are asynchronous and the ProcessQueue waits, not
 * ready; this is the attempt's id (kept in pullSeq until the first pull) and its deadline (in pullDeadline, found
 * by the consumer's 1 s pull scan, so up to 1 s late). Unanswered (a silent or cut-off broker), the queue is not
 * added and a later rebalance tries again; before this the waiting queue was kept, never pulled and never asked
 * for again, so it stayed unconsumed while the consumer held it.
 */
function armAdd(sim: RSim, node: string, c: ConsumerState, key: string, timeoutMs: number): number {
  const pq = c.pqs[key];
  pq.pullSeq = ++c.seq;
  pq.pullDeadline = sim.now + timeoutMs;
  return pq.pullSeq;
}

/** onPullScan: a queue being added whose request is past its deadline. */
export function addTimedOut(sim: RSim, node: string, pq: ProcessQueue): void {
  notAdded(sim, node, sim.state.consumers[node], mqName(pq.t, pq.g, pq.q));
}

/** The broker refused the connection: the request of a queue being added failed at once. */
export function onAddRefused(sim: RSim, node: string, seq: number): void {
  const c = sim.state.consumers[node];
  for (const [key, pq] of Object.entries(c.pqs)) if (!pq.ready && pq.pullSeq === seq) return notAdded(sim, node, c, key);
}

/**
 * A new queue could not be added (lock refused or failed, offset unknown): it is left out until a later
 * rebalance. 4.9.8: the next periodic one (20 s). 5.3.3: the rebalance is not balanced (allocateResultSet !=
 * getWorkingMessageQueue), so RebalanceService waits only minInterval (1 s) before the next; a failed orderly
 * lock also calls rebalanceLater(500), which comes to the same (see REBALANCE_LATER_5X_MS).
 */
function notAdded(sim: RSim, node: string, c: ConsumerState, key: string): void {
  delete c.pqs[key];
  const cfg = sim.scenario.rocketmq;
  if (cfg.release !== '5.x') return;
  if (cfg.consumeMode === 'orderly' && cfg.messageModel === 'CLUSTERING') {
    if (c.rebalanceLaterArmed) return;
    c.rebalanceLaterArmed = true;
    return void sim.setTimer(node, REBALANCE_LATER_5X_MS, { type: 'rebalanceLater' });
  }
  sim.setTimer(node, REBALANCE_MIN_INTERVAL_5X_MS, { type: 'rebalance', seq: ++c.rebalanceTimerSeq });
}

/** 4.9.8 orderly BROADCASTING: the answer to the lock of a queue being added (see locksBroadcastQueues).
 * Refused, the lock failed: the queue is left for the next rebalance (4.9.8 has no rebalanceLater). */
export function onBroadcastLockResult(sim: RSim, node: string, body: { t: number; g: number; q: number; ok: boolean }): void {
  const c = sim.state.consumers[node];
  const key = mqName(body.t, body.g, body.q);
  const pq = c.pqs[key];
  if (!pq || pq.ready) return;
  if (body.ok) startBroadcastQueue(sim, node, c, key, pq);
  else notAdded(sim, node, c, key);
}

function newPq(mq: MQ): ProcessQueue {
  return {
    t: mq.t, g: mq.g, q: mq.q, next: 0, committed: 0, ready: false, pulling: false, pullSeq: 0, pullDeadline: 0,
    pullBroker: '', locked: false, lockAt: 0, buffer: [], blocked: false, relocking: false, relockSeq: 0, inFlight: [],
  };
}

export function onRebalanceLater(sim: RSim, node: string): void {
  sim.state.consumers[node].rebalanceLaterArmed = false;
  rebalanceImmediately(sim, node);
}

/** BROADCASTING first start: the master's max offset for the queue (MQAdminImpl.maxOffset). */
export function onMaxOffset(sim: RSim, node: string, body: { t: number; g: number; q: number; offset: number }): void {
  const pq = sim.state.consumers[node].pqs[mqName(body.t, body.g, body.q)];
  if (pq && !pq.ready) startPq(sim, node, pq, body.offset, true);
}

export function onOffset(sim: RSim, node: string, body: { t: number; q: number; g: number; offset: number; locked: boolean }): void {
  const c = sim.state.consumers[node];
  const key = mqName(body.t, body.g, body.q);
  const pq = c.pqs[key];
  if (!pq || pq.ready) return;
  if (sim.scenario.rocketmq.consumeMode === 'orderly' && !body.locked) {
    // RebalanceImpl.updateProcessQueueTableInRebalance: an orderly queue is taken only once locked. 4.9.8
    // tries again at the next rebalance (20 s); 5.x calls rebalanceLater(500) (about 1 s, see the constant).
    return notAdded(sim, node, c, key);
  }
  // No stored offset: the broker answers 0 while the queue's first message is still in memory.
  startPq(sim, node, pq, body.offset >= 0 ? body.offset : 0, body.locked);
}

function startPq(sim: RSim, node: string, pq: ProcessQueue, offset: number, locked: boolean): void {
  pq.next = pq.committed = offset;
  pq.ready = true;
  pq.locked = locked;
  pq.lockAt = sim.now;
  pull(sim, node, pq);
}

/**
 * MQClientInstance.rebalanceImmediately -> RebalanceService.wakeup (a NOTIFY_CONSUMER_IDS_CHANGED, the
 * consumer's start, 5.x rebalanceLater): the service's wait ends, it rebalances, then waits the whole
 * rebalanceIntervalMs again, so the periodic rebalances now run 20 s after this one (4.9.8 and 5.3.3
 * RebalanceService.run). 5.3.3 lets at most one rebalance run per minInterval (1 s): a wakeup sooner
 * after the last one runs that long after it.
 */
export function rebalanceImmediately(sim: RSim, node: string): void {
  const c = sim.state.consumers[node];
  const seq = ++c.rebalanceTimerSeq;
  const wait = sim.scenario.rocketmq.release === '5.x' ? c.lastRebalanceAt + REBALANCE_MIN_INTERVAL_5X_MS - sim.now : 0;
  if (wait > 0) return void sim.setTimer(node, wait, { type: 'rebalance', seq });
  periodicRebalance(sim, node, c);
}

/** RebalanceService's wait of rebalanceIntervalMs ran out, unless a wakeup restarted it since. */
export function onRebalanceTimer(sim: RSim, node: string, seq: number): void {
  const c = sim.state.consumers[node];
  if (seq === c.rebalanceTimerSeq) periodicRebalance(sim, node, c);
}

function periodicRebalance(sim: RSim, node: string, c: ConsumerState): void {
  const seq = c.rebalanceTimerSeq;
  c.lastRebalanceAt = sim.now;
  rebalance(sim, node);
  // A BROADCASTING rebalance that left a queue out (notAdded, 5.x) has already set the next one 1 s on.
  if (c.rebalanceTimerSeq === seq) sim.setTimer(node, sim.scenario.rocketmq.rebalanceIntervalMs, { type: 'rebalance', seq });
}

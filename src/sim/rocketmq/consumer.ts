import type { Envelope } from '../core/types';
import { chancePercent, nextInt } from '../core/prng';
import { appendEntry, truncateFile } from '../core/storage';
import { recordConsumed } from './consumed';
import {
  CONSUME_LATER_MS, CONSUMER_TIMEOUT_WHEN_SUSPEND_MS, DEFAULT_MAX_RECONSUME_TIMES, HEARTBEAT_BROKER_INTERVAL_MS, INNER_PRODUCER_ATTEMPTS,
  INNER_PRODUCER_SEND_TIMEOUT_MS, LOCK_ALL_FIRST_DELAY_MS, PERSIST_OFFSET_FIRST_DELAY_MS, PULL_DELAY_WHEN_EXCEPTION_MS,
  ROUTE_FIRST_POLL_MS, SEND_BACK_TIMEOUT_MS,
} from './constants';
import { consumeOrderly, orderlyBackDone, orderlyBackFailed, sendUnlock } from './orderly';
import { firstNameServer, requestRoute, sameRoute } from './namesrv';
import { masterOf, readBroker, routeGroups } from './roles';
import { addTimedOut, rebalanceImmediately } from './rebalance';
import type { RSim } from './store';
import { mqName, type ClientRoute, type ConsumerState, type PendingSendBack, type ProcessQueue } from './state';
import { entryId, entryKey, entryTimes, type StoredEntry } from './entry';

/**
 * DefaultMQPushConsumer: route polling, heartbeats to every broker, pulls with long polling, offsets
 * committed every 5 s and piggy-backed on pulls, concurrent consumption with sendBack retries,
 * orderly consumption under queue locks. Rebalancing (which queues are ours) is in rebalance.ts.
 */
export function startConsumer(sim: RSim, node: string): void {
  const cfg = sim.scenario.rocketmq;
  const f = sim.file<Record<string, number>>(node, 'offsets');
  const local = cfg.messageModel === 'BROADCASTING' && f.entries.length ? { ...f.entries.get(f.entries.length - 1) } : {};
  sim.state.consumers[node] = {
    route: null, nsIndex: firstNameServer(sim, node), routeSeq: 0, routeAwait: false, routeTries: 0, pqs: {}, seq: 0, rebalanceSeq: 0, localOffsets: local, rebalanceLaterArmed: false,
    rebalanceTimerSeq: 0, lastRebalanceAt: -Infinity,
    rng: sim.fork(`rocketmq.consumer.${node}`), sendBacks: {}, innerSendWhich: 0,
  };
  sim.setTimer(node, ROUTE_FIRST_POLL_MS, { type: 'pollRoute' });
  // RebalanceService's first wait; the rebalanceImmediately at the end of start (here: when the route comes) cuts it short.
  sim.setTimer(node, cfg.rebalanceIntervalMs, { type: 'rebalance', seq: 0 });
  sim.setTimer(node, PERSIST_OFFSET_FIRST_DELAY_MS, { type: 'persistOffsets' });
  sim.setTimer(node, 1_000, { type: 'pullScan' });
  sim.setTimer(node, HEARTBEAT_BROKER_INTERVAL_MS, { type: 'heartbeat' });
  // ConsumeMessageOrderlyService.start schedules lockMQPeriodically only in CLUSTERING.
  if (cfg.consumeMode === 'orderly' && cfg.messageModel === 'CLUSTERING') sim.setTimer(node, LOCK_ALL_FIRST_DELAY_MS, { type: 'lockAll' });
}

export function onConsumerRouteTimer(sim: RSim, node: string): void {
  const c = sim.state.consumers[node];
  c.routeTries = 0;
  requestRoute(sim, node, c);
  sim.setTimer(node, sim.scenario.rocketmq.pollNameServerIntervalMs, { type: 'pollRoute' });
}

export function onConsumerRoute(sim: RSim, node: string, route: ClientRoute | null): void {
  const c = sim.state.consumers[node];
  if (!route || sameRoute(route, c.route)) return;
  const first = c.route === null;
  c.route = route;
  if (first) {
    heartbeat(sim, node);
    rebalanceImmediately(sim, node); // DefaultMQPushConsumerImpl.start ends with rebalanceImmediately
  }
}

export function heartbeat(sim: RSim, node: string): void {
  const c = sim.state.consumers[node];
  for (const g of routeGroups(c.route)) for (const b of Object.values(c.route![g])) sim.send(node, b, { type: 'heartbeat' });
}

/** Sends the next pull of `pq`; `c` is the consumer's state, passed by callers that already hold it. */
export function pull(sim: RSim, node: string, pq: ProcessQueue, c: ConsumerState = sim.state.consumers[node]): void {
  if (!pq.ready || pq.pulling) return;
  const broker = readBroker(c.route, pq.g);
  if (!broker) return pullLater(sim, node, pq);
  const clustering = sim.scenario.rocketmq.messageModel === 'CLUSTERING';
  // DefaultMQPushConsumerImpl.pullMessage: an orderly CLUSTERING queue not locked is pulled again 1 s later
  // ("pull message later because not locked in broker"); ProcessQueue.isLocked only, not its expiry.
  if (clustering && !pq.locked && sim.scenario.rocketmq.consumeMode === 'orderly') return pullLater(sim, node, pq);
  pq.pulling = true;
  pq.pullSeq++;
  pq.pullDeadline = sim.now + CONSUMER_TIMEOUT_WHEN_SUSPEND_MS;
  pq.pullBroker = broker;
  sim.send(node, broker, { type: 'pull', seq: pq.pullSeq, t: pq.t, q: pq.q, offset: pq.next, commit: clustering && pq.committed > 0 ? pq.committed : -1 });
}

function pullLater(sim: RSim, node: string, pq: ProcessQueue): void {
  pq.pulling = false;
  sim.setTimer(node, PULL_DELAY_WHEN_EXCEPTION_MS, { type: 'pullLater', key: mqName(pq.t, pq.g, pq.q), seq: pq.pullSeq });
}

export function onPullLater(sim: RSim, node: string, key: string, seq: number): void {
  const pq = sim.state.consumers[node].pqs[key];
  if (pq && pq.pullSeq === seq && !pq.pulling) pull(sim, node, pq);
}

export function onPullFailed(sim: RSim, node: string, broker: string | null, t: number, q: number, seq: number | null): void {
  for (const pq of Object.values(sim.state.consumers[node].pqs)) {
    if (!pq.pulling) continue;
    if (broker !== null ? pq.pullBroker === broker : pq.t === t && pq.q === q && pq.pullSeq === seq) pullLater(sim, node, pq);
  }
}

/** A pull answered SYSTEM_BUSY (a 5.x slave, pull.ts): PullCallback.onException, pulled again after 1 s. */
export function onPullRejected(sim: RSim, node: string, body: { seq: number; t: number; g: number; q: number }): void {
  const pq = sim.state.consumers[node].pqs[mqName(body.t, body.g, body.q)];
  if (pq && pq.pulling && pq.pullSeq === body.seq) pullLater(sim, node, pq);
}

/** Pulls unanswered for CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND (30 s: a silent broker) fail and are retried
 * after pullTimeDelayMillsWhenException (1 s). */
export function onPullScan(sim: RSim, node: string): void {
  for (const pq of Object.values(sim.state.consumers[node].pqs)) {
    if (pq.pulling && pq.pullDeadline <= sim.now) pullLater(sim, node, pq);
    else if (!pq.ready && pq.pullDeadline <= sim.now) addTimedOut(sim, node, pq); // rebalance.ts armAdd
  }
  sim.setTimer(node, 1_000, { type: 'pullScan' });
}

export function onPulled(
  sim: RSim, node: string, body: { seq: number; t: number; q: number; g: number; entries: StoredEntry[]; next: number; moved?: boolean },
): void {
  const c = sim.state.consumers[node];
  const pq = c.pqs[mqName(body.t, body.g, body.q)];
  if (!pq || pq.pullSeq !== body.seq || !pq.pulling) return;
  pq.pulling = false;
  if (body.moved) return offsetIllegal(sim, node, pq, body.next);
  const from = pq.next;
  pq.next = Math.max(pq.next, body.next);
  // The next pull leaves before this batch is consumed, so it carries the offset from before it.
  pull(sim, node, pq, c);
  if (body.entries.length === 0) return;
  if (sim.scenario.rocketmq.consumeMode === 'orderly') {
    body.entries.forEach((e, i) => pq.buffer.push({ e, off: from + i, r: entryTimes(e) }));
    return consumeOrderly(sim, node, pq);
  }
  consumeConcurrently(sim, node, pq, body.entries, from);
}

/** ConsumeMessageConcurrentlyService: a pool of threads; within a batch, messages finish in any order. */
function consumeConcurrently(sim: RSim, node: string, pq: ProcessQueue, entries: StoredEntry[], from: number): void {
  if (entries.length === 1) consumeOne(sim, node, pq, entries[0], from);
  else {
    const rng = sim.state.consumeRng;
    const order = entries.map((e, i) => ({ e, off: from + i, done: nextInt(rng, 20) }));
    order.sort((a, b) => a.done - b.done || a.off - b.off);
    for (const { e, off } of order) consumeOne(sim, node, pq, e, off);
  }
  updateCommitted(pq);
}

/** The offset the consumer may commit: the smallest still in flight (ProcessQueue.getMinOffset). */
function updateCommitted(pq: ProcessQueue): void {
  let min = pq.next;
  const inFlight = pq.inFlight;
  for (let i = 0; i < inFlight.length; i++) if (inFlight[i] < min) min = inFlight[i];
  pq.committed = min;
}

function consumeOne(sim: RSim, node: string, pq: ProcessQueue, e: StoredEntry, off: number, times = entryTimes(e)): void {
  const pct = sim.scenario.workload.consumeFailurePercent;
  if (!(pct > 0 && chancePercent(sim.state.consumeRng, pct))) {
    recordConsumed(sim, node, pq, e, off);
    if (sim.tap) sim.journal(node, 'rocketmq.consumed', entryId(e), { consumer: node, queue: mqName(pq.t, pq.g, pq.q), offset: off, times });
    return;
  }
  if (sim.scenario.rocketmq.messageModel === 'BROADCASTING') {
    sim.journal(node, 'rocketmq.droppedBroadcast', entryId(e), { consumer: node });
    return;
  }
  // RECONSUME_LATER: processConsumeResult sends the message back before the ProcessQueue lets its offset go.
  sim.journal(node, 'rocketmq.consumeFailed', entryId(e), { consumer: node, times });
  pq.inFlight.push(off);
  trySendBack(sim, node, { key: mqName(pq.t, pq.g, pq.q), off, entry: e, r: times, stage: 0, t0: sim.now, g: pq.g, ord: false });
}

/**
 * DefaultMQPushConsumerImpl.sendMessageBack (4.9.8 and 5.3.3). Stage 0: CONSUMER_SEND_MSG_BACK to the master of
 * the message's broker (findBrokerAddressInPublish), timeout 5 s. If that throws (no master in the route, a
 * refused connection, a non-master's error, the timeout), the client's inner producer sends the message to
 * %RETRY%<group> itself, with reconsumeTimes + 1 and delay level 3 + reconsumeTimes: stages 1..3, round-robin
 * over the retry topic's queues (one per group with a master), each retry on another group, all within one
 * 3 s sendMsgTimeout (a silent broker uses it all). If that fails too, sendMessageBack returns false: the
 * message's reconsumeTimes goes up by one and it is consumed again locally 5 s later (submitConsumeRequestLater),
 * its offset held in the ProcessQueue meanwhile.
 */
export function trySendBack(sim: RSim, node: string, p: PendingSendBack): void {
  const c = sim.state.consumers[node];
  let target: string | null;
  if (p.stage === 0) target = masterOf(c.route, p.g);
  else {
    p.g = innerProducerGroup(c, p.stage === 1 ? -1 : p.g);
    target = p.g < 0 ? null : masterOf(c.route, p.g);
  }
  const seq = ++c.seq;
  c.sendBacks[seq] = p;
  if (!target) return sendBackFailed(sim, node, seq, false);
  const id = entryId(p.entry);
  const hdr = p.stage === 0 ? -1 : p.ord ? p.r : p.r + 1;
  sim.send(node, target, { type: 'sendBack', seq, id, k: entryKey(sim, p.entry), r: p.r, max: maxReconsumeTimes(sim, p.ord), hdr });
  const wait = p.stage === 0 ? SEND_BACK_TIMEOUT_MS : INNER_PRODUCER_SEND_TIMEOUT_MS - (sim.now - p.t0);
  sim.setTimer(node, wait, { type: 'sendBackTimeout', seq });
}

/** The inner producer's selectOneMessageQueue over %RETRY%<group> (one queue per group with a master): the next
 * queue round-robin, on a retry the next one of another group than the last (`last`, -1 on the first attempt). */
function innerProducerGroup(c: ConsumerState, last: number): number {
  const groups = routeGroups(c.route).filter((g) => masterOf(c.route, g) !== null);
  if (groups.length === 0) return -1;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[c.innerSendWhich++ % groups.length];
    if (g !== last) return g;
  }
  return groups[c.innerSendWhich++ % groups.length];
}

/** A sendBack attempt failed (`timedOut`: no answer in time): the next stage, or the local re-consume. */
function sendBackFailed(sim: RSim, node: string, seq: number, timedOut: boolean): void {
  const c = sim.state.consumers[node];
  const p = c.sendBacks[seq];
  if (p === undefined) return;
  delete c.sendBacks[seq];
  if (p.stage === 0) return trySendBack(sim, node, { ...p, stage: 1, t0: sim.now });
  if (!timedOut && p.stage < INNER_PRODUCER_ATTEMPTS && sim.now - p.t0 < INNER_PRODUCER_SEND_TIMEOUT_MS) {
    return trySendBack(sim, node, { ...p, stage: p.stage + 1 });
  }
  if (!c.pqs[p.key]) return;
  if (p.ord) return orderlyBackFailed(sim, node, p.key, p.off);
  sim.journal(node, 'rocketmq.consumeLater', entryId(p.entry), { consumer: node, times: p.r + 1 });
  sim.setTimer(node, CONSUME_LATER_MS, { type: 'consumeLater', key: p.key, off: p.off, entry: p.entry, r: p.r + 1 });
}

export function onSendBackResult(sim: RSim, node: string, body: { seq: number; ok: boolean }): void {
  const c = sim.state.consumers[node];
  const p = c.sendBacks[body.seq];
  if (p === undefined) return;
  if (!body.ok) return sendBackFailed(sim, node, body.seq, false);
  delete c.sendBacks[body.seq];
  if (p.ord) return orderlyBackDone(sim, node, p.key, p.off);
  const pq = c.pqs[p.key];
  if (!pq) return;
  const i = pq.inFlight.indexOf(p.off);
  if (i >= 0) pq.inFlight.splice(i, 1);
  updateCommitted(pq);
}

/** getMaxReconsumeTimes: the scenario's maxReconsumeTimes, or for -1 16 (concurrent) or Integer.MAX_VALUE (orderly). */
export function maxReconsumeTimes(sim: RSim, orderly: boolean): number {
  const max = sim.scenario.rocketmq.maxReconsumeTimes;
  return max !== -1 ? max : orderly ? 2_147_483_647 : DEFAULT_MAX_RECONSUME_TIMES;
}

export function onSendBackTimeout(sim: RSim, node: string, seq: number): void {
  sendBackFailed(sim, node, seq, true);
}

/** sendBack failed: consume the same message again locally after 5 s (submitConsumeRequestLater), reconsumeTimes + 1. */
export function onConsumeLater(sim: RSim, node: string, key: string, off: number, entry: StoredEntry, r: number): void {
  const pq = sim.state.consumers[node].pqs[key];
  if (!pq) return;
  const i = pq.inFlight.indexOf(off);
  if (i >= 0) pq.inFlight.splice(i, 1);
  consumeOne(sim, node, pq, entry, off, r);
  updateCommitted(pq);
}

/**
 * PullStatus.OFFSET_ILLEGAL (PULL_OFFSET_MOVED), DefaultMQPushConsumerImpl.pullMessage: the ProcessQueue is
 * dropped, updateAndFreezeOffset(mq, nextBeginOffset) and persist it to the broker, removeProcessQueue
 * (orderly: persist and unlock) and rebalanceImmediately, which adds the queue again from that offset.
 * Messages already at queue offsets below nextBeginOffset on this broker are never pulled.
 */
function offsetIllegal(sim: RSim, node: string, pq: ProcessQueue, next: number): void {
  const c = sim.state.consumers[node];
  const key = mqName(pq.t, pq.g, pq.q);
  pq.committed = next;
  pq.inFlight.length = 0;
  commitOffset(sim, node, pq);
  if (sim.scenario.rocketmq.consumeMode === 'orderly' && sim.scenario.rocketmq.messageModel === 'CLUSTERING') {
    const master = masterOf(c.route, pq.g);
    if (master) sim.send(node, master, { type: 'unlock', t: pq.t, q: pq.q });
  }
  delete c.pqs[key];
  sim.emit({ kind: 'OFFSET_MOVED', node, cat: 'rebalance', code: 'rocketmq.log.offsetMoved', params: { node, queue: key, offset: next }, data: { queue: key, offset: next } });
  rebalanceImmediately(sim, node);
}

export function commitOffset(sim: RSim, node: string, pq: ProcessQueue): void {
  if (!pq.ready) return;
  const c = sim.state.consumers[node];
  if (sim.scenario.rocketmq.messageModel === 'BROADCASTING') {
    c.localOffsets[mqName(pq.t, pq.g, pq.q)] = pq.committed;
    return;
  }
  const broker = readBroker(c.route, pq.g);
  if (broker) sim.send(node, broker, { type: 'updateOffset', t: pq.t, q: pq.q, offset: pq.committed });
}

/** persistConsumerOffset every 5 s: to the broker (CLUSTERING) or a local file (BROADCASTING). */
export function onPersistOffsets(sim: RSim, node: string): void {
  const c = sim.state.consumers[node];
  for (const pq of Object.values(c.pqs)) commitOffset(sim, node, pq);
  if (sim.scenario.rocketmq.messageModel === 'BROADCASTING') writeLocalOffsets(sim, node, c);
  sim.setTimer(node, sim.scenario.rocketmq.persistConsumerOffsetIntervalMs, { type: 'persistOffsets' });
}

/**
 * DefaultMQPushConsumerImpl.shutdown (4.9.8 and 5.3.3), the graceful stop: consumeMessageService.shutdown (an
 * orderly CLUSTERING consumer unlocks all its queues on their masters: RebalanceImpl.unlockAll), then
 * persistConsumerOffset (every queue's offset to its broker, or the local file in BROADCASTING), then
 * unregisterConsumer: UNREGISTER_CLIENT to every broker it knows, master and slaves (MQClientInstance.unregisterClient),
 * each of which notifies the rest of the group (ConsumerManager.unregisterConsumer -> CHANGE). Only then are the
 * channels closed. So the queue's next owner starts where this consumer stopped: no duplicates.
 */
export function shutdownConsumer(sim: RSim, node: string): void {
  const c = sim.state.consumers[node];
  if (!c) return;
  const cfg = sim.scenario.rocketmq;
  if (cfg.consumeMode === 'orderly' && cfg.messageModel === 'CLUSTERING') {
    for (const pq of Object.values(c.pqs)) sendUnlock(sim, node, pq.t, pq.g, pq.q);
  }
  for (const pq of Object.values(c.pqs)) commitOffset(sim, node, pq);
  if (cfg.messageModel === 'BROADCASTING') writeLocalOffsets(sim, node, c);
  for (const g of routeGroups(c.route)) for (const b of Object.values(c.route![g])) sim.send(node, b, { type: 'unregister' });
}

/** LocalFileOffsetStore.persistAll: the offsets file (BROADCASTING). */
function writeLocalOffsets(sim: RSim, node: string, c: ConsumerState): void {
  const f = sim.file<Record<string, number>>(node, 'offsets');
  truncateFile(f, 0);
  appendEntry(f, { ...c.localOffsets }, 64, sim.now);
}

export function onHeartbeatTimer(sim: RSim, node: string): void {
  heartbeat(sim, node);
  sim.setTimer(node, HEARTBEAT_BROKER_INTERVAL_MS, { type: 'heartbeat' });
}

export function consumerChannelClosed(sim: RSim, node: string, broker: string): void {
  onPullFailed(sim, node, broker, -1, -1, null);
}

export type { Envelope };

import type { Envelope } from '../core/types';
import { chancePercent, nextInt } from '../core/prng';
import { appendEntry, truncateFile } from '../core/storage';
import { recordConsumed } from './consumed';
import {
  CONSUME_LATER_MS, CONSUMER_TIMEOUT_WHEN_SUSPEND_MS, HEARTBEAT_BROKER_INTERVAL_MS, LOCK_ALL_FIRST_DELAY_MS,
  PERSIST_OFFSET_FIRST_DELAY_MS, PULL_DELAY_WHEN_EXCEPTION_MS, ROUTE_FIRST_POLL_MS,
} from './constants';
import { consumeOrderly } from './orderly';
import { firstNameServer, requestRoute, sameRoute } from './namesrv';
import { masterOf, readBroker, routeGroups } from './roles';
import { rebalanceImmediately } from './rebalance';
import type { RSim } from './store';
import { mqName, type ClientRoute, type ConsumerState, type ProcessQueue } from './state';
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
    rng: sim.fork(`rocketmq.consumer.${node}`),
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

/** Pulls unanswered for CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND (30 s: a silent broker) fail and are retried
 * after pullTimeDelayMillsWhenException (1 s). */
export function onPullScan(sim: RSim, node: string): void {
  for (const pq of Object.values(sim.state.consumers[node].pqs)) if (pq.pulling && pq.pullDeadline <= sim.now) pullLater(sim, node, pq);
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
    body.entries.forEach((e, i) => pq.buffer.push({ e, off: from + i }));
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

function consumeOne(sim: RSim, node: string, pq: ProcessQueue, e: StoredEntry, off: number): void {
  const cfg = sim.scenario.rocketmq;
  const pct = sim.scenario.workload.consumeFailurePercent;
  if (!(pct > 0 && chancePercent(sim.state.consumeRng, pct))) {
    recordConsumed(sim, node, pq, e, off);
    if (sim.tap) sim.journal(node, 'rocketmq.consumed', entryId(e), { consumer: node, queue: mqName(pq.t, pq.g, pq.q), offset: off, times: entryTimes(e) });
    return;
  }
  if (cfg.messageModel === 'BROADCASTING') {
    sim.journal(node, 'rocketmq.droppedBroadcast', entryId(e), { consumer: node });
    return;
  }
  // RECONSUME_LATER: send the message back to the broker it came from, which schedules the retry.
  const c = sim.state.consumers[node];
  const broker = masterOf(c.route, pq.g) ?? routeGroups(c.route).map((g) => masterOf(c.route, g)).find((b) => b) ?? null;
  sim.journal(node, 'rocketmq.consumeFailed', entryId(e), { consumer: node, times: entryTimes(e) });
  pq.inFlight.push(off);
  const seq = ++c.seq;
  if (broker) sim.send(node, broker, { type: 'sendBack', seq, id: entryId(e), k: entryKey(sim, e), r: entryTimes(e), max: cfg.maxReconsumeTimes, key: mqName(pq.t, pq.g, pq.q), off, entry: e });
  else sim.setTimer(node, CONSUME_LATER_MS, { type: 'consumeLater', key: mqName(pq.t, pq.g, pq.q), off, entry: e });
}

export function onSendBackResult(sim: RSim, node: string, body: { ok: boolean; key: string; off: number; entry: StoredEntry }): void {
  const pq = sim.state.consumers[node].pqs[body.key];
  if (!pq) return;
  if (!body.ok) {
    sim.setTimer(node, CONSUME_LATER_MS, { type: 'consumeLater', key: body.key, off: body.off, entry: body.entry });
    return;
  }
  const i = pq.inFlight.indexOf(body.off);
  if (i >= 0) pq.inFlight.splice(i, 1);
  updateCommitted(pq);
}

/** sendBack failed: consume the same message again locally after 5 s (submitConsumeRequestLater). */
export function onConsumeLater(sim: RSim, node: string, key: string, off: number, entry: StoredEntry): void {
  const pq = sim.state.consumers[node].pqs[key];
  if (!pq) return;
  const i = pq.inFlight.indexOf(off);
  if (i >= 0) pq.inFlight.splice(i, 1);
  consumeOne(sim, node, pq, entry, off);
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
  if (sim.scenario.rocketmq.messageModel === 'BROADCASTING') {
    const f = sim.file<Record<string, number>>(node, 'offsets');
    truncateFile(f, 0);
    appendEntry(f, { ...c.localOffsets }, 64, sim.now);
  }
  sim.setTimer(node, sim.scenario.rocketmq.persistConsumerOffsetIntervalMs, { type: 'persistOffsets' });
}

export function onHeartbeatTimer(sim: RSim, node: string): void {
  heartbeat(sim, node);
  sim.setTimer(node, HEARTBEAT_BROKER_INTERVAL_MS, { type: 'heartbeat' });
}

export function consumerChannelClosed(sim: RSim, node: string, broker: string): void {
  onPullFailed(sim, node, broker, -1, -1, null);
}

export type { Envelope };

import type { Envelope } from '../core/types';
import type { AppMessage } from '../core/model';
import { nextInt } from '../core/prng';
import { recordAcked, recordFailed } from '../accounting/ledger';
import { ROUTE_FIRST_POLL_MS, TOPIC_MAIN } from './constants';
import { avoidDurationMs, selectByHash, updateFaultItem } from './faults';
import { firstNameServer, requestRoute, sameRoute } from './namesrv';
import { groupLabel, masterOf, routeGroups } from './roles';
import type { RSim } from './store';
import { mqName, type ClientRoute, type PendingSend, type ProducerState } from './state';
import { pendingAdd, pendingGet, pendingRemove } from './pending';

/**
 * DefaultMQProducerImpl.sendDefaultImpl / sendSelectImpl. One overall sendMsgTimeout per send;
 * each attempt picks a queue by the sendWhichQueue counter (avoiding the last broker on a retry,
 * and with sendLatencyFaultEnable the brokers MQFaultStrategy has marked unavailable).
 */
const SEND_STATUSES = new Set(['SEND_OK', 'FLUSH_DISK_TIMEOUT', 'FLUSH_SLAVE_TIMEOUT', 'SLAVE_NOT_AVAILABLE']);
/** DefaultMQProducer.retryResponseCodes (4.9.8): the MQBrokerException codes sendDefaultImpl retries. 5.3.3 adds
 * SYSTEM_BUSY and GO_AWAY, which no modelled broker answers. */
const RETRY_CODES = new Set(['TOPIC_NOT_EXIST', 'SERVICE_NOT_AVAILABLE', 'SYSTEM_ERROR', 'NO_PERMISSION', 'NO_BUYER_ID', 'NOT_IN_CURRENT_UNIT']);
/** ThreadLocalIndex.POSITIVE_MASK. */
const POSITIVE_MASK = 0x7fffffff;

/** ThreadLocalIndex.incrementAndGet: ++index & POSITIVE_MASK (a Java int wraps; the mask keeps it >= 0). */
function nextWhichQueue(p: ProducerState): number {
  p.sendWhichQueue = (p.sendWhichQueue + 1) & POSITIVE_MASK;
  return p.sendWhichQueue;
}

export function startProducer(sim: RSim, node: string): void {
  const rng = sim.fork(`rocketmq.producer.${node}`);
  sim.state.producers[node] = {
    route: null, nsIndex: firstNameServer(sim, node), routeSeq: 0, routeAwait: false, routeTries: 0, publish: [], sendWhichQueue: nextInt(rng, POSITIVE_MASK), rng, faultUntil: {},
    faultLatency: {}, faultUnreachable: {}, whichItemWorst: nextInt(rng, POSITIVE_MASK), closed: [], pending: [], waitingRoute: [],
    scanArmedAt: -1, reqSeq: 0,
  };
  sim.setTimer(node, ROUTE_FIRST_POLL_MS, { type: 'pollRoute' });
}

/** topicRouteData2TopicPublishInfo: only groups with a master (brokerId 0) take writes. */
export function publishGroups(route: ClientRoute | null): number[] {
  return routeGroups(route).filter((g) => masterOf(route, g) !== null);
}

export function onProducerRoute(sim: RSim, node: string, route: ClientRoute | null): void {
  const p = sim.state.producers[node];
  if (route && !sameRoute(route, p.route)) {
    p.route = route;
    // MQClientInstance.updateTopicRouteInfoFromNameServer: a changed route builds a new TopicPublishInfo
    // (topicRouteData2TopicPublishInfo), whose sendWhichQueue starts again at a random index.
    p.sendWhichQueue = nextInt(p.rng, POSITIVE_MASK);
    const before = p.publish.join(',');
    p.publish = publishGroups(route);
    if (before !== p.publish.join(','))
      sim.emit(p.publish.length === 0
        ? { kind: 'ROUTE_CHANGED', node, cat: 'route', code: 'rocketmq.log.publishListEmpty', params: { node }, data: { publish: '' } }
        : { kind: 'ROUTE_CHANGED', node, cat: 'route', code: 'rocketmq.log.publishList', params: { node, groups: p.publish.map(groupLabel).join(', ') }, data: { publish: p.publish.map(groupLabel).join(',') } });
  }
  const waiting = p.waitingRoute;
  p.waitingRoute = [];
  for (const id of waiting) {
    const ps = pendingGet(p.pending, id);
    if (ps) attempt(sim, node, ps);
  }
}

export function produce(sim: RSim, node: string, msg: AppMessage): void {
  const p = sim.state.producers[node];
  const cfg = sim.scenario.rocketmq;
  sim.state.storedAt.push(-1);
  const selector = cfg.orderSelector === 'hash';
  const retries = cfg.sendMode === 'sync' ? cfg.retryTimesWhenSendFailed : cfg.sendMode === 'async' ? cfg.retryTimesWhenSendAsyncFailed : 0;
  const ps: PendingSend = {
    id: msg.id, k: msg.key, deadline: sim.now + cfg.sendMsgTimeoutMs, attempts: 0,
    maxAttempts: selector ? 1 : 1 + retries, lastGroup: -1, attemptStart: sim.now, req: 0, broker: '', selector,
    lastError: 'MQClientException', notOk: '', q: -1,
  };
  pendingAdd(p.pending, ps);
  armScan(sim, node);
  if (p.publish.length > 0) return attempt(sim, node, ps, p);
  // tryToFindTopicPublishInfo: without a writable route, every send asks the NameServer first.
  p.waitingRoute.push(msg.id);
  if (!p.routeAwait) {
    p.routeTries = 0;
    requestRoute(sim, node, p);
  }
}

/*
 * The publish list flattened to (group, queueId), sorted by brokerName then queueId: position `pos`
 * is group publish[floor(pos / queuesPerBroker)], queue pos % queuesPerBroker. Queues are passed
 * around as positions so that choosing one allocates nothing.
 */
function groupAt(sim: RSim, p: ProducerState, pos: number): number {
  return p.publish[Math.floor(pos / sim.scenario.rocketmq.queuesPerBroker)];
}

/**
 * The position of the queue this attempt uses in the flattened publish list, or -1 when it is empty.
 * 4.9.8 MQFaultStrategy.selectOneMessageQueue: with sendLatencyFaultEnable, the first queue from the
 * sendWhichQueue counter whose broker is available (lastBrokerName is not looked at), else
 * pickOneAtLeast; without it, TopicPublishInfo.selectOneMessageQueue(lastBrokerName).
 * 5.3.3: see selectQueue5x.
 */
export function selectQueue(sim: RSim, p: ProducerState, ps: PendingSend): number {
  const size = p.publish.length * sim.scenario.rocketmq.queuesPerBroker;
  if (size === 0) return -1;
  if (ps.selector) return selectByHash(ps.k < 0 ? '' : `k${ps.k}`, size);
  const cfg = sim.scenario.rocketmq;
  if (cfg.release === '5.x') return selectQueue5x(sim, p, ps, size);
  if (cfg.sendLatencyFaultEnable) {
    let index = nextWhichQueue(p);
    for (let i = 0; i < size; i++) {
      const pos = index++ % size; // Math.abs(index++) % size: index++ on a Java int may wrap negative
      if ((p.faultUntil[groupAt(sim, p, pos)] ?? 0) <= sim.now) return pos;
    }
    return pickOneAtLeast(sim, p, size);
  }
  if (ps.lastGroup >= 0) {
    for (let i = 0; i < size; i++) {
      const pos = nextWhichQueue(p) % size;
      if (groupAt(sim, p, pos) !== ps.lastGroup) return pos;
    }
  }
  return nextWhichQueue(p) % size;
}

/** Queue filters of 5.x MQFaultStrategy: BrokerFilter alone, with availableFilter, with reachableFilter. */
const ANY = 0;
const AVAILABLE = 1;
const REACHABLE = 2;

/**
 * 5.3.3 MQFaultStrategy.selectOneMessageQueue. Each pass walks the sendWhichQueue counter over the list once
 * (TopicPublishInfo.selectOneMessageQueue(filters...)), leaving out the last attempt's broker (BrokerFilter).
 * With sendLatencyFaultEnable: a sync retry first restarts the counter at random (resetIndex, sendDefaultImpl
 * times > 0; an async retry, MQClientAPIImpl.onExceptionImpl, does not), then the first available broker;
 * if none, the first reachable one (LatencyFaultToleranceImpl.isReachable: no fault item, or reachableFlag);
 * then any queue. Without it: BrokerFilter, then any queue. pickOneAtLeast is not used in 5.x.
 * Reachability comes from the send's outcome (see onSendResult); the detector that sets it back
 * (startDetectorEnable, default false) is not modelled.
 */
function selectQueue5x(sim: RSim, p: ProducerState, ps: PendingSend, size: number): number {
  if (sim.scenario.rocketmq.sendLatencyFaultEnable) {
    // ThreadLocalIndex.reset: Math.abs(random.nextInt(Integer.MAX_VALUE)).
    if (ps.attempts > 0 && sim.scenario.rocketmq.sendMode === 'sync') p.sendWhichQueue = nextInt(p.rng, POSITIVE_MASK);
    const available = firstQueue(sim, p, ps, size, AVAILABLE);
    if (available >= 0) return available;
    const reachable = firstQueue(sim, p, ps, size, REACHABLE);
    if (reachable >= 0) return reachable;
  } else if (ps.lastGroup >= 0) {
    const other = firstQueue(sim, p, ps, size, ANY);
    if (other >= 0) return other;
  }
  return nextWhichQueue(p) % size;
}

/** One pass of TopicPublishInfo.selectOneMessageQueue(filters...): -1 when no queue passes. */
function firstQueue(sim: RSim, p: ProducerState, ps: PendingSend, size: number, filter: number): number {
  for (let i = 0; i < size; i++) {
    const pos = nextWhichQueue(p) % size;
    const g = groupAt(sim, p, pos);
    if (g === ps.lastGroup) continue;
    if (filter === AVAILABLE && (p.faultUntil[g] ?? 0) > sim.now) continue;
    if (filter === REACHABLE && p.faultUnreachable[g] === true) continue;
    return pos;
  }
  return -1;
}

/**
 * Every broker is marked unavailable: LatencyFaultToleranceImpl.pickOneAtLeast sorts the fault items
 * (available first, then currentLatency, then startTimestamp) and takes one from the better half
 * (whichItemWorst % half); the queue is then sendWhichQueue % writeQueueNums on that broker, after
 * an extra tpInfo.selectOneMessageQueue() that only advances the counter.
 */
function pickOneAtLeast(sim: RSim, p: ProducerState, size: number): number {
  const items = Object.keys(p.faultUntil).map(Number);
  items.sort((a, b) => {
    const av = p.faultUntil[a] <= sim.now;
    const bv = p.faultUntil[b] <= sim.now;
    if (av !== bv) return av ? -1 : 1;
    return (p.faultLatency[a] ?? 0) - (p.faultLatency[b] ?? 0) || p.faultUntil[a] - p.faultUntil[b];
  });
  if (items.length > 0) {
    const half = Math.floor(items.length / 2);
    let i = 0;
    if (half > 0) {
      p.whichItemWorst = (p.whichItemWorst + 1) & POSITIVE_MASK;
      i = p.whichItemWorst % half;
    }
    const g = items[i];
    const at = p.publish.indexOf(g);
    if (at >= 0) {
      nextWhichQueue(p);
      const qn = sim.scenario.rocketmq.queuesPerBroker;
      return at * qn + (nextWhichQueue(p) % qn);
    }
    delete p.faultUntil[g]; // latencyFaultTolerance.remove(notBestBroker): no longer in the publish list
    delete p.faultLatency[g];
  }
  return nextWhichQueue(p) % size;
}

/** One attempt of send `ps`; `p` is the producer's state, passed by callers that already hold it. */
function attempt(sim: RSim, node: string, ps: PendingSend, p: ProducerState = sim.state.producers[node]): void {
  // Not sent yet: sendDefaultImpl's (sendSelectImpl's) "call timeout"; a retry: what the spent budget ends in.
  if (sim.now >= ps.deadline) return fail(sim, node, ps, ps.attempts === 0 ? 'RemotingTooMuchRequestException' : thrownStatus(sim, ps, ps.lastError));
  // | 0: the queue counters run up to 2^31 and a position computed from one is a heap number until
  // optimised; kept, it made every send's and sendResult's queue id a boxed number (prng.ts).
  const pos = selectQueue(sim, p, ps) | 0;
  const g = pos < 0 ? -1 : groupAt(sim, p, pos);
  const broker = pos < 0 ? null : masterOf(p.route, g);
  if (broker === null) return fail(sim, node, ps, 'MQClientException'); // "No route info of this topic"
  // An async retry (MQClientAPIImpl.onExceptionImpl) picks only the broker: it resends the same request, whose
  // header keeps the first attempt's queueId.
  const q = ps.attempts > 0 && sim.scenario.rocketmq.sendMode === 'async' ? ps.q : pos % sim.scenario.rocketmq.queuesPerBroker;
  ps.q = q;
  ps.attempts++;
  ps.lastGroup = g;
  ps.attemptStart = sim.now;
  ps.req = ++p.reqSeq;
  ps.broker = broker;
  const oneway = sim.scenario.rocketmq.sendMode === 'oneway';
  const probe = oneway && p.closed.includes(broker);
  sim.send(node, broker, { type: 'send', req: ps.req, id: ps.id, k: ps.k, q, oneway, probe });
  if (sim.tap) sim.journal(node, 'rocketmq.sent', ps.id, { producer: node, queue: mqName(TOPIC_MAIN, g, q), attempt: ps.attempts });
  if (oneway && !probe) {
    // Fire-and-forget: the application is told nothing more once the bytes are handed to the socket.
    recordAcked(sim.world.ledger, ps.id, sim.now);
    pendingRemove(p.pending, ps.id);
  }
}

/**
 * What the application is told when send `ps` ends with no attempt left after the failure `cause` (a connection
 * error, or RemotingTimeoutException for an unanswered attempt), checked in 4.9.8 and 5.3.3:
 * - sync/oneway via sendDefaultImpl: a stored but not SEND_OK SendResult it resent, if any (it returns
 *   sendResult when no later attempt succeeds); else RemotingTooMuchRequestException ("sendDefaultImpl call
 *   timeout") when sendMsgTimeout was spent with attempts left; else, the attempts used up, MQClientException
 *   ("Send [n] times, still failed", the cause inside). A oneway send has one attempt: a refused connection is
 *   an MQClientException.
 * - sync through a selector (sendSelectImpl): the cause itself.
 * - async (MQClientAPIImpl.onExceptionImpl hands the last exception to onException): 4.9.8 retries a timed-out
 *   request with the time left (negative), which NettyRemotingClient.invokeAsync refuses with
 *   RemotingTooMuchRequestException; a refused connection is passed on as RemotingConnectException. 5.3.3 wraps
 *   every failure in MQClientException ("wait response timeout", "unknown reason") and retries none once the time
 *   is spent. (The async answer comes up to 1-2 s later in the real client: scanResponseTable runs every 1 s and
 *   adds 1 s of grace; approximated as the deadline itself.)
 */
function thrownStatus(sim: RSim, ps: PendingSend, cause: string): string {
  const cfg = sim.scenario.rocketmq;
  if (cfg.sendMode === 'async') {
    if (cfg.release === '5.x') return 'MQClientException';
    const spent = cause === 'RemotingTimeoutException' || (sim.now >= ps.deadline && ps.attempts < ps.maxAttempts);
    return spent ? 'RemotingTooMuchRequestException' : cause;
  }
  if (ps.selector) return cause;
  if (ps.notOk !== '') return ps.notOk;
  return ps.attempts < ps.maxAttempts ? 'RemotingTooMuchRequestException' : 'MQClientException';
}

/** The send's outcome is `status` (the response code or exception, as reports count it); `shown` adds the broker's remark. */
function fail(sim: RSim, node: string, ps: PendingSend, status: string, shown = status): void {
  recordFailed(sim.world.ledger, ps.id, sim.now, status);
  sim.journal(node, 'rocketmq.sendFailed', ps.id, { producer: node, status: shown, attempts: ps.attempts });
  pendingRemove(sim.state.producers[node].pending, ps.id);
}

/**
 * MQFaultStrategy.updateFaultItem(brokerName, currentLatency, isolation, reachable) (4.9.8 has no reachable):
 * only with sendLatencyFaultEnable.
 */
function updateFault(sim: RSim, p: ProducerState, g: number, latencyMs: number, isolation: boolean, reachable = true): void {
  const cfg = sim.scenario.rocketmq;
  if (!cfg.sendLatencyFaultEnable) return;
  updateFaultItem(p, g, sim.now, latencyMs, avoidDurationMs(latencyMs, isolation, cfg.release), reachable, cfg.release);
}

function canRetry(sim: RSim, ps: PendingSend): boolean {
  return !ps.selector && ps.attempts < ps.maxAttempts && sim.now < ps.deadline;
}

/**
 * A broker answered. Sync (sendDefaultImpl): SEND_OK returns; another SendStatus is retried on another
 * broker only with retryAnotherBrokerWhenNotStoreOK; a broker error (MQBrokerException) is booked as an
 * isolation and retried only for retryResponseCodes. Async (MQClientAPIImpl.sendMessageAsync): any
 * SendStatus goes to onSuccess and a broker error to onExceptionImpl with needRetry = false: an answer
 * is never retried, only a failed request or a timeout.
 */
export function onSendResult(sim: RSim, env: Envelope, body: { req: number; id: number; status: string; remark?: string }): void {
  const node = env.dest;
  const p = sim.state.producers[node];
  markOpen(p, env.src);
  const ps = pendingGet(p.pending, body.id);
  if (ps === undefined || ps.req !== body.req) return;
  const storedOk = SEND_STATUSES.has(body.status);
  const cfg = sim.scenario.rocketmq;
  // 5.3.3: a sync send's MQBrokerException books the broker isolated and unreachable (sendDefaultImpl);
  // an async one's, isolated but reachable (MQClientAPIImpl.sendMessageAsync, operationSucceed's catch).
  updateFault(sim, p, ps.lastGroup, sim.now - ps.attemptStart, !storedOk, storedOk || cfg.sendMode !== 'sync');
  if (body.status === 'SEND_OK') {
    recordAcked(sim.world.ledger, ps.id, sim.now);
    if (sim.tap) sim.journal(node, 'rocketmq.acked', ps.id, { producer: node, status: body.status });
    pendingRemove(p.pending, ps.id);
    return;
  }
  ps.lastError = body.status;
  const sendDefault = cfg.sendMode === 'sync' && !ps.selector;
  if (storedOk && sendDefault) ps.notOk = body.status;
  const retry = cfg.sendMode !== 'sync' ? false : storedOk ? cfg.retryAnotherBrokerWhenNotStoreOK : RETRY_CODES.has(body.status);
  // The MQBrokerException carries the response code and the broker's remark ("CODE: 1  DESC: ...").
  const shown = body.remark === undefined ? body.status : `${body.status} (${body.remark})`;
  if (retry && canRetry(sim, ps)) {
    sim.journal(node, storedOk ? 'rocketmq.retryNotStoreOk' : 'rocketmq.retryBrokerError', ps.id, { producer: node, status: shown });
    return attempt(sim, node, ps);
  }
  // sendDefaultImpl: an earlier not-SEND_OK SendResult is returned rather than this answer's exception; a retry the
  // spent sendMsgTimeout stopped ends in "sendDefaultImpl call timeout"; used-up retries keep the response code
  // (MQClientException.setResponseCode), as a code not retried does (the MQBrokerException itself).
  let status = body.status;
  if (sendDefault && ps.notOk !== '') status = ps.notOk;
  else if (sendDefault && retry && ps.attempts < ps.maxAttempts) status = 'RemotingTooMuchRequestException';
  fail(sim, node, ps, status, status === body.status ? shown : `${status} (${shown})`);
}

/** The kernel closed or refused `broker`'s channel: a oneway send must reconnect first. */
function markClosed(p: ProducerState, broker: string): void {
  if (!p.closed.includes(broker)) p.closed.push(broker);
}

/** `broker` answered: its channel is open again. (Nearly always none is closed: the list is empty.) */
function markOpen(p: ProducerState, broker: string): void {
  if (p.closed.length === 0) return;
  const i = p.closed.indexOf(broker);
  if (i >= 0) p.closed.splice(i, 1);
}

/** A oneway send over a fresh connection: the connect succeeded, the message is on its way. */
export function onConnected(sim: RSim, env: Envelope, body: { req: number; id: number }): void {
  const p = sim.state.producers[env.dest];
  markOpen(p, env.src);
  const ps = pendingGet(p.pending, body.id);
  if (!ps || ps.req !== body.req) return;
  recordAcked(sim.world.ledger, ps.id, sim.now);
  pendingRemove(p.pending, ps.id);
}

/** The connection was refused or reset: RemotingConnectException, retried on another broker. */
export function onSendRefused(sim: RSim, node: string, broker: string, body: { req: number; id: number }): void {
  const p = sim.state.producers[node];
  markClosed(p, broker);
  const ps = pendingGet(p.pending, body.id);
  if (!ps || ps.req !== body.req) return;
  connectionFailed(sim, node, ps, 'RemotingConnectException');
}

function connectionFailed(sim: RSim, node: string, ps: PendingSend, error: string): void {
  const p = sim.state.producers[node];
  // A RemotingException: isolated; 5.3.3 keeps it reachable while startDetectorEnable is false (the default).
  updateFault(sim, p, ps.lastGroup, sim.now - ps.attemptStart, true);
  ps.lastError = error;
  if (canRetry(sim, ps)) {
    sim.journal(node, 'rocketmq.retryConnect', ps.id, { producer: node, broker: ps.broker, error });
    return attempt(sim, node, ps);
  }
  const status = thrownStatus(sim, ps, error);
  fail(sim, node, ps, status, status === error ? error : `${status} (${error})`);
}

/** The kernel closed a broker's channel: requests in flight on it fail at once (failFast). */
export function onProducerChannelClosed(sim: RSim, node: string, broker: string): void {
  const p = sim.state.producers[node];
  markClosed(p, broker);
  const hit: PendingSend[] = [];
  for (const ps of p.pending) if (ps.broker === broker && ps.attempts > 0) hit.push(ps);
  for (const ps of hit) connectionFailed(sim, node, ps, 'RemotingConnectException');
}

function armScan(sim: RSim, node: string): void {
  const p = sim.state.producers[node];
  if (p.scanArmedAt >= 0) return;
  if (p.pending.length === 0) return;
  const first = p.pending[0];
  p.scanArmedAt = first.deadline;
  sim.setTimer(node, Math.max(0, first.deadline - sim.now), { type: 'sendScan' });
}

/** The send's caller gives up at sendMsgTimeout (pending sends are in deadline order). */
export function onSendScan(sim: RSim, node: string): void {
  const p = sim.state.producers[node];
  p.scanArmedAt = -1;
  const expired: PendingSend[] = [];
  for (const ps of p.pending) {
    if (ps.deadline > sim.now) break;
    expired.push(ps);
  }
  for (const ps of expired) {
    // The RemotingTimeoutException is booked against the broker as an isolation (30 s of latency).
    if (ps.attempts > 0) updateFault(sim, p, ps.lastGroup, sim.now - ps.attemptStart, true);
    if (ps.attempts === 0) fail(sim, node, ps, 'MQClientException');
    else {
      const status = thrownStatus(sim, ps, 'RemotingTimeoutException');
      fail(sim, node, ps, status, status === 'RemotingTimeoutException' ? status : `${status} (RemotingTimeoutException)`);
    }
  }
  armScan(sim, node);
}

export function onProducerRouteTimer(sim: RSim, node: string): void {
  const p = sim.state.producers[node];
  p.routeTries = 0;
  requestRoute(sim, node, p);
  sim.setTimer(node, sim.scenario.rocketmq.pollNameServerIntervalMs, { type: 'pollRoute' });
}

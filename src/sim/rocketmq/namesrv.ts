import type { Envelope } from '../core/types';
import { nsScanFirstDelayMs, nsScanIntervalMs, REGISTER_FIRST_DELAY_MS, CLIENT_API_TIMEOUT_MS } from './constants';
import type { RSim } from './store';
import type { ClientRoute, NsState, RouteClient } from './state';
import { isMaster } from './roles';

/**
 * NameServers: independent of each other, each holding the route table brokers register into
 * (RouteInfoManager). A broker whose channel closes is removed at once (onChannelDestroy); a
 * silent one only when scanNotActiveBroker finds it older than BROKER_CHANNEL_EXPIRED_TIME.
 */
export function newNsState(): NsState {
  return { live: {}, groups: {} };
}

export function startNameServer(sim: RSim, node: string): void {
  sim.state.ns[node] = newNsState();
  sim.setTimer(node, nsScanFirstDelayMs(sim.scenario.rocketmq.release), { type: 'nsScan' });
}

/** RouteInfoManager.registerBroker (4.9.8): a master (brokerId 0) creates the topic's queue data; any
 * broker joins its group's BrokerData.brokerAddrs and refreshes BrokerLiveInfo.lastUpdateTimestamp. */
export function nsRegister(sim: RSim, ns: string, broker: string, g: number, brokerId: number): void {
  const s = sim.state.ns[ns];
  const group = (s.groups[g] ??= { addrs: {}, queues: false });
  // "Switch slave to master": the same address under another brokerId is replaced.
  for (const [id, addr] of Object.entries(group.addrs)) if (addr === broker && Number(id) !== brokerId) delete group.addrs[id];
  const before = group.addrs[brokerId];
  group.addrs[brokerId] = broker;
  if (brokerId === 0) group.queues = true;
  s.live[broker] = sim.now;
  if (before !== broker) {
    sim.emit({ kind: 'REGISTER_BROKER', node: ns, cat: 'route', code: 'rocketmq.log.registerBroker', params: { ns, broker, brokerId }, data: { broker, brokerId } });
  }
}

/** RouteInfoManager.onChannelDestroy / scanNotActiveBroker (4.9.8): forget the broker; a brokerName with no
 * address left is removed with its queue data (removeBrokerName); a group left with only a slave keeps it. */
export function nsRemove(sim: RSim, ns: string, broker: string, why: 'closed' | 'expired'): void {
  const s = sim.state.ns[ns];
  if (!s || s.live[broker] === undefined) return;
  delete s.live[broker];
  for (const [g, group] of Object.entries(s.groups)) {
    for (const [id, addr] of Object.entries(group.addrs)) if (addr === broker) delete group.addrs[id];
    if (Object.keys(group.addrs).length === 0) delete s.groups[g];
  }
  sim.emit({
    kind: why === 'closed' ? 'BROKER_CHANNEL_CLOSED' : 'BROKER_CHANNEL_EXPIRED', node: ns, cat: 'route',
    code: why === 'closed' ? 'rocketmq.log.brokerChannelClosed' : 'rocketmq.log.brokerChannelExpired',
    params: { ns, broker, ms: sim.scenario.rocketmq.brokerChannelExpiredTimeMs },
    data: { broker },
  });
}

export function onNsScan(sim: RSim, ns: string): void {
  const s = sim.state.ns[ns];
  const cfg = sim.scenario.rocketmq;
  // scanNotActiveBroker: (last + BROKER_CHANNEL_EXPIRED_TIME) < now, strictly.
  for (const [broker, last] of Object.entries(s.live)) if (last + cfg.brokerChannelExpiredTimeMs < sim.now) nsRemove(sim, ns, broker, 'expired');
  sim.setTimer(ns, nsScanIntervalMs(cfg.release), { type: 'nsScan' });
}

export function routeOf(s: NsState): ClientRoute | null {
  const out: ClientRoute = {};
  let any = false;
  for (const [g, group] of Object.entries(s.groups)) {
    if (!group.queues) continue;
    out[g] = { ...group.addrs };
    any = true;
  }
  // TOPIC_NOT_EXIST: the client keeps whatever route it had.
  return any ? out : null;
}

// ----- broker side: registration -----

/** BrokerController.start (4.9.8 and 5.x): registerBrokerAll at start, then at a fixed rate with an initial
 * delay of 10 s and a period of max(10000, min(registerNameServerPeriod, 60000)). */
export function scheduleRegistration(sim: RSim, broker: string): void {
  registerEverywhere(sim, broker);
  sim.setTimer(broker, REGISTER_FIRST_DELAY_MS, { type: 'register' });
}

export function registerPeriodMs(sim: RSim): number {
  return Math.max(10_000, Math.min(sim.scenario.rocketmq.registerBrokerIntervalMs, 60_000));
}

export function registerEverywhere(sim: RSim, broker: string): void {
  const b = sim.state.brokers[broker];
  if (b.brokerId < 0) return; // controller mode: no role yet
  // DLedger: the leader registers as brokerId 0, a follower under its own id + 1 (DLedgerRoleChangeHandler).
  const brokerId = sim.scenario.rocketmq.dledger ? (isMaster(sim, broker) ? 0 : b.brokerId + 1) : b.brokerId;
  for (const ns of sim.state.nsNodes) sim.send(broker, ns, { type: 'register', g: b.g, id: brokerId });
}

// ----- client side: route polling -----

/**
 * The NameServer a client asks first. A client's state is one object literal with the route
 * fields written out (no spread of a route object): a spread gives it another hidden class than
 * the copy a checkpoint makes of it (see core/clone.ts).
 */
export function firstNameServer(sim: RSim, node: string): number {
  return Number(node.split('-')[1]) % sim.state.nsNodes.length;
}

/** updateTopicRouteInfoFromNameServer (MQClientInstance, first 10 ms after start then every
 * pollNameServerInterval): NettyRemotingClient asks its chosen NameServer; on failure move to the next. */
export function requestRoute(sim: RSim, client: string, c: RouteClient): void {
  const ns = sim.state.nsNodes[c.nsIndex % sim.state.nsNodes.length];
  c.routeSeq++;
  c.routeAwait = true;
  sim.send(client, ns, { type: 'getRoute', seq: c.routeSeq });
  sim.setTimer(client, CLIENT_API_TIMEOUT_MS, { type: 'routeTimeout', seq: c.routeSeq });
}

export function onRouteFailed(sim: RSim, client: string, c: RouteClient, seq: number): void {
  if (!c.routeAwait || seq !== c.routeSeq) return;
  c.routeAwait = false;
  c.nsIndex++;
  // Try each NameServer once per poll; with all of them down, the cached route stays in use.
  if (++c.routeTries < sim.state.nsNodes.length) requestRoute(sim, client, c);
}

export function routeReply(sim: RSim, env: Envelope, seq: number): void {
  const s = sim.state.ns[env.dest];
  sim.send(env.dest, env.src, { type: 'route', seq, route: routeOf(s) });
}

export function sameRoute(a: ClientRoute | null, b: ClientRoute | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

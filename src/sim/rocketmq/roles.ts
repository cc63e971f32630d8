import { rocketmqBrokerName } from '../scenario/topology';
import type { RSim } from './store';
import type { BrokerState, ClientRoute } from './state';
import { nextInt, type PrngState } from '../core/prng';

/** The broker currently acts as master: brokerId 0, or the DLedger leader. */
export function isMaster(sim: RSim, node: string): boolean {
  return stateIsMaster(sim, sim.state.brokers[node]);
}

/** isMaster for a broker whose state the caller already holds (undefined: not a broker). */
export function stateIsMaster(sim: RSim, b: BrokerState | undefined): boolean {
  if (!b || !b.up) return false;
  if (sim.scenario.rocketmq.dledger) return b.raft?.role === 'leader';
  return b.brokerId === 0;
}

export function groupNodes(sim: RSim, g: number): string[] {
  const out: string[] = [];
  for (let id = 0; id < sim.scenario.rocketmq.replicasPerGroup; id++) out.push(rocketmqBrokerName(g, id));
  return out;
}

export function groupLabel(g: number): string {
  return `broker-${String.fromCharCode(97 + g)}`;
}

/** A group's brokerIds in the route, ascending. */
function brokerIds(addrs: Record<string, string>): number[] {
  return Object.keys(addrs).map(Number).sort((a, b) => a - b);
}

/** findBrokerAddressInSubscribe: the master if the route has one, else the slave with the lowest id. */
export function readBroker(route: ClientRoute | null, g: number): string | null {
  const addrs = route?.[g];
  if (!addrs) return null;
  if (addrs[0]) return addrs[0];
  const ids = brokerIds(addrs);
  return ids.length ? addrs[ids[0]] : null;
}

/** BrokerData.selectBrokerAddr: the master (brokerId 0), else a random one of the others. */
export function selectBrokerAddr(route: ClientRoute, g: number, rng: PrngState): string | null {
  const addrs = route[g];
  if (!addrs) return null;
  if (addrs[0]) return addrs[0];
  const ids = brokerIds(addrs);
  return ids.length ? addrs[ids[nextInt(rng, ids.length)]] : null;
}

export function masterOf(route: ClientRoute | null, g: number): string | null {
  return route?.[g]?.[0] ?? null;
}

/** Group indexes in a route, sorted (the route's queue data is sorted by brokerName). */
export function routeGroups(route: ClientRoute | null): number[] {
  return route ? Object.keys(route).map(Number).sort((a, b) => a - b) : [];
}

import type { Scenario } from './defaults';
import { LIMITS } from './limits';

/**
 * Node names are part of the scenario format (faults and notes name them), so they are defined
 * once here and used by both models, the validator and the UI.
 */
export type SystemName = 'kafka' | 'rocketmq';
export const SYSTEMS: readonly SystemName[] = ['kafka', 'rocketmq'];

export type NodeKind = 'broker' | 'producer' | 'consumer' | 'namesrv' | 'controller';

export interface NodeSpec {
  name: string;
  kind: NodeKind;
  /** False for clients that only exist once a `start` fault starts them (consumer-3 when there are 2). */
  startsRunning: boolean;
  /** False for infrastructure the model assumes healthy (Kafka's KRaft controller quorum). */
  faultable: boolean;
}

export function kafkaBrokerName(id: number): string {
  return intern(`broker-${id}`);
}

/**
 * The copy of `name` that V8 keeps for property keys (internalised): names are compared on every
 * message (ISR membership, leaders, routes), and two internalised strings compare by pointer, where
 * two strings built apart compare character by character.
 */
export function intern(name: string): string {
  return Object.keys({ [name]: 0 })[0];
}

/** RocketMQ group names: broker-a, broker-b, ... */
export function rocketmqGroupName(index: number): string {
  return intern(`broker-${String.fromCharCode(97 + index)}`);
}

export function rocketmqBrokerName(groupIndex: number, brokerId: number): string {
  return intern(`${rocketmqGroupName(groupIndex)}-${brokerId}`);
}

/** How many clients of a kind exist: the workload's count plus any a `start` fault names. */
function clientCount(s: Scenario, system: SystemName, prefix: 'producer' | 'consumer', base: number): number {
  let n = base;
  for (const f of s.faults) {
    if (f.system !== system || f.action !== 'start') continue;
    const m = new RegExp(`^${prefix}-(\\d+)$`).exec(f.target);
    if (m) {
      const k = Number(m[1]);
      if (k > base && k <= base + LIMITS.extraClientsMax) n = Math.max(n, k);
    }
  }
  return n;
}

function clients(s: Scenario, system: SystemName): NodeSpec[] {
  const out: NodeSpec[] = [];
  const producers = clientCount(s, system, 'producer', s.workload.producers);
  for (let i = 1; i <= producers; i++)
    out.push({ name: intern(`producer-${i}`), kind: 'producer', startsRunning: i <= s.workload.producers, faultable: true });
  const consumers = clientCount(s, system, 'consumer', s.workload.consumers);
  for (let i = 1; i <= consumers; i++)
    out.push({ name: intern(`consumer-${i}`), kind: 'consumer', startsRunning: i <= s.workload.consumers, faultable: true });
  return out;
}

export function kafkaNodes(s: Scenario): NodeSpec[] {
  const out: NodeSpec[] = [{ name: 'controller', kind: 'controller', startsRunning: true, faultable: false }];
  for (let b = 1; b <= s.kafka.brokers; b++)
    out.push({ name: kafkaBrokerName(b), kind: 'broker', startsRunning: true, faultable: true });
  return out.concat(clients(s, 'kafka'));
}

export function rocketmqNodes(s: Scenario): NodeSpec[] {
  const out: NodeSpec[] = [];
  // 5.x controller mode: the controller (assumed healthy, like Kafka's KRaft quorum here).
  if (s.rocketmq.enableControllerMode) out.push({ name: 'controller', kind: 'controller', startsRunning: true, faultable: false });
  for (let i = 1; i <= s.rocketmq.nameServers; i++)
    out.push({ name: intern(`namesrv-${i}`), kind: 'namesrv', startsRunning: true, faultable: true });
  for (let g = 0; g < s.rocketmq.brokerGroups; g++)
    for (let id = 0; id < s.rocketmq.replicasPerGroup; id++)
      out.push({ name: rocketmqBrokerName(g, id), kind: 'broker', startsRunning: true, faultable: true });
  return out.concat(clients(s, 'rocketmq'));
}

export function nodesOf(s: Scenario, system: SystemName): NodeSpec[] {
  return system === 'kafka' ? kafkaNodes(s) : rocketmqNodes(s);
}

/** Kafka partition names: orders-0, orders-1, ... */
export function kafkaPartitionName(topic: string, p: number): string {
  return intern(`${topic}-${p}`);
}


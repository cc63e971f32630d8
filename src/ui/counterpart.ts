/**
 * The counterpart of a node in the other system, for applying "the same" fault to both: a Kafka
 * broker leading partition p <-> the RocketMQ master of the group holding the same share of the
 * traffic (group p mod groups); consumer-n <-> consumer-n; producer-n <-> producer-n. NameServers
 * and the controller have none (the controller takes no faults in this model).
 */
import type { KafkaView, NodeStatusView, RocketmqView } from '../sim/views';
import type { SystemName } from '../sim/scenario/topology';

export interface Side {
  nodes: readonly NodeStatusView[];
  view: KafkaView | RocketmqView | null;
}

export function counterpartOf(system: SystemName, node: string, self: Side, other: Side): string | null {
  if (/^(consumer|producer)-\d+$/.test(node)) return node;
  if (system === 'kafka') return node.startsWith('broker-') ? rocketmqMasterFor(node, self.view as KafkaView | null, other) : null;
  return kafkaLeaderFor(node, self.view as RocketmqView | null, other);
}

function groupsOf(nodes: readonly NodeStatusView[]): string[] {
  const out: string[] = [];
  for (const n of nodes) if (n.kind === 'broker') {
    const g = n.name.replace(/-\d+$/, '');
    if (!out.includes(g)) out.push(g);
  }
  return out;
}

function rocketmqMasterFor(broker: string, kafka: KafkaView | null, other: Side): string | null {
  const groups = groupsOf(other.nodes);
  if (groups.length === 0) return null;
  let share: number;
  if (kafka) {
    const led = kafka.partitions.findIndex((p) => p.leader === broker);
    if (led < 0) return null; // not a leader now: no traffic share to match
    share = led;
  } else share = Number(broker.slice('broker-'.length)) - 1;
  const group = groups[share % groups.length];
  const rv = other.view as RocketmqView | null;
  const master = rv?.groups.find((g) => g.name === group)?.brokers.find((b) => b.role === 'master' || b.role === 'leader');
  return master ? `${group}-${master.brokerId}` : `${group}-0`;
}

function kafkaLeaderFor(broker: string, rocketmq: RocketmqView | null, other: Side): string | null {
  const m = /^(broker-[a-z])-(\d+)$/.exec(broker);
  if (!m) return null;
  const [, group, id] = m;
  const gv = rocketmq?.groups.find((g) => g.name === group);
  const bv = gv?.brokers.find((b) => b.brokerId === Number(id));
  const isMaster = bv ? bv.role === 'master' || bv.role === 'leader' : id === '0';
  if (!isMaster) return null;
  const index = rocketmq ? rocketmq.groups.findIndex((g) => g.name === group) : group.charCodeAt('broker-'.length) - 97;
  const kafka = other.view as KafkaView | null;
  if (kafka && kafka.partitions.length > 0) return kafka.partitions[index % kafka.partitions.length].leader;
  const brokers = other.nodes.filter((n) => n.kind === 'broker');
  return brokers.length ? brokers[index % brokers.length].name : null;
}

/** An isolate fault's target and the nodes it is cut from (none: from everyone). */
export interface Isolation {
  target: string;
  from: string[];
}

/**
 * The counterpart of "isolate `target` from `from`" in the other system, or null when there is
 * none. Everyone maps to everyone; producer-n and consumer-n to the node of the same name; a Kafka
 * leader's followers (the other replicas of a partition it leads) to the slaves of the RocketMQ
 * master holding the same share, and back. Chosen nodes without a counterpart are left out; if
 * none is left the counterpart would be "from everyone", a different fault, so there is none.
 */
export function counterpartIsolation(system: SystemName, iso: Isolation, self: Side, other: Side): Isolation | null {
  const twin = counterpartOf(system, iso.target, self, other);
  if (!twin) return null;
  if (iso.from.length === 0) return { target: twin, from: [] };
  const names = new Set(other.nodes.map((n) => n.name));
  const out: string[] = [];
  const add = (n: string) => { if (n !== twin && names.has(n) && !out.includes(n)) out.push(n); };
  for (const peer of iso.from) {
    if (/^(consumer|producer)-\d+$/.test(peer)) add(peer);
    else if (system === 'kafka' && isFollowerOf(peer, iso.target, self.view as KafkaView | null)) slavesOf(twin, other).forEach(add);
    else if (system === 'rocketmq' && sameGroup(peer, iso.target)) followersOf(twin, other).forEach(add);
  }
  return out.length ? { target: twin, from: out } : null;
}

function isFollowerOf(peer: string, leader: string, kafka: KafkaView | null): boolean {
  return !!kafka?.partitions.some((p) => p.leader === leader && p.replicas.some((r) => r.broker === peer));
}

const groupOf = (broker: string) => /^(broker-[a-z])-\d+$/.exec(broker)?.[1] ?? null;

function sameGroup(a: string, b: string): boolean {
  const g = groupOf(a);
  return g !== null && g === groupOf(b) && a !== b;
}

/** The other brokers of the RocketMQ master's group: its slaves (or DLedger followers). */
function slavesOf(master: string, rocketmq: Side): string[] {
  return rocketmq.nodes.filter((n) => n.kind === 'broker' && sameGroup(n.name, master)).map((n) => n.name);
}

/** The followers of the partitions the Kafka broker leads now. */
function followersOf(leader: string, kafka: Side): string[] {
  const view = kafka.view as KafkaView | null;
  const out: string[] = [];
  for (const p of view?.partitions ?? [])
    if (p.leader === leader) for (const r of p.replicas) if (r.broker !== leader && !out.includes(r.broker)) out.push(r.broker);
  return out;
}

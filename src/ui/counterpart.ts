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

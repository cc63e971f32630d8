import type { Sim } from '../core/engine';
import { nodeStatusView, type NodeStatusView, type RecordView, type RocketmqBrokerView, type RocketmqGroupView, type RocketmqView, type WireKind } from '../views';
import { commitLog } from './store';
import { groupLabel, groupNodes, isMaster, routeGroups } from './roles';
import { replicatedLength } from './send';
import { mqKey, mqName, type RmqState } from './state';
import { entryId, entryKey, entryQueue, type StoredEntry } from './entry';
import { TOPIC_MAIN } from './constants';
import type { RSim } from './store';

/**
 * What the UI draws for RocketMQ, derived on demand from the model state (plain data, tails only).
 */
export function rocketmqView(sim: Sim<unknown>, tail = 40): RocketmqView {
  const s = sim as RSim;
  const st = s.state;
  const nodes: NodeStatusView[] = s.specs.map((spec) => nodeStatusView(s.world.nodes[spec.name]));
  const nameServers = st.nsNodes.map((name) => ({ name, liveBrokers: Object.keys(st.ns[name]?.live ?? {}).sort() }));
  const groups: RocketmqGroupView[] = [];
  for (let g = 0; g < s.scenario.rocketmq.brokerGroups; g++) groups.push(groupView(s, g, tail));
  const producers = Object.entries(st.producers).map(([name, p]) => ({
    name,
    publishList: p.publish.map(groupLabel),
    sendWhichQueue: p.sendWhichQueue,
    avoided: Object.entries(p.faultUntil).filter(([, until]) => until > s.now).map(([g]) => groupLabel(Number(g))),
  }));
  const consumers = Object.entries(st.consumers).map(([name, c]) => {
    const offsets: Record<string, number> = {};
    const queues: string[] = [];
    for (const pq of Object.values(c.pqs)) {
      if (!pq.ready) continue;
      const q = mqName(pq.t, pq.g, pq.q);
      queues.push(q);
      offsets[q] = pq.committed;
    }
    return { name, queues: queues.sort(), offsets };
  });
  return { system: 'rocketmq', nodes, nameServers, groups, producers, consumers, metrics: metrics(s) };
}

function role(s: RSim, node: string): RocketmqBrokerView['role'] {
  const b = s.state.brokers[node];
  if (s.scenario.rocketmq.dledger) return b.raft?.role ?? 'follower';
  return b.brokerId === 0 ? 'master' : 'slave';
}

function groupView(s: RSim, g: number, tail: number): RocketmqGroupView {
  const members = groupNodes(s, g);
  const ctl = s.state.controller ? s.state.controller.groups[g] ?? { sss: [], masterEpoch: 0 } : null;
  const brokers: RocketmqBrokerView[] = members.map((node) => {
    const f = commitLog(s, node);
    const len = f.entries.length;
    const from = Math.max(0, len - tail);
    const records: RecordView[] = f.entries.toArray(from, len).map((e, i) => ({ offset: from + i, id: entryId(e), key: entryKey(s, e), tag: entryQueue(e) }));
    const b = s.state.brokers[node];
    const replicated = isMaster(s, node) ? replicatedLength(s, node) : b.up ? len : 0;
    const view: RocketmqBrokerView = { name: node, brokerId: b.brokerId, role: role(s, node), commitLog: { length: len, flushed: f.durableLength, records }, replicated };
    if (ctl) {
      view.masterEpoch = b.ctl?.masterEpoch ?? 0;
      view.inSyncStateSet = ctl.sss.includes(node);
    }
    return view;
  });
  // Consumers read the master's ConsumeQueues, or a slave's while the master is missing.
  const reader = members.find((n) => isMaster(s, n)) ?? members.find((n) => s.state.brokers[n].up) ?? null;
  const queues: RocketmqGroupView['queues'] = [];
  for (let q = 0; q < s.scenario.rocketmq.queuesPerBroker; q++) {
    const cq = reader ? s.state.brokers[reader].cq[mqKey(TOPIC_MAIN, q)] : undefined;
    const len = cq ? cq.length : 0;
    queues.push({ name: `${groupLabel(g)}:${q}`, length: len, commitLogIndexes: cq ? cq.toArray(Math.max(0, len - 8), len) : [] });
  }
  const view: RocketmqGroupView = { name: groupLabel(g), brokers, queues, writable: members.some((n) => isMaster(s, n)) };
  if (ctl) {
    view.syncStateSet = [...ctl.sss];
    view.masterEpoch = ctl.masterEpoch;
  }
  return view;
}

/** Dashboard figures: brokers up, consumer diff (messages behind, summed), producers' view of writable groups. */
function metrics(s: RSim): Record<string, number> {
  const st = s.state;
  let diff = 0;
  for (const c of Object.values(st.consumers)) {
    for (const pq of Object.values(c.pqs)) {
      if (!pq.ready) continue;
      const reader = groupNodes(s, pq.g).find((n) => isMaster(s, n)) ?? groupNodes(s, pq.g).find((n) => st.brokers[n].up);
      const max = reader ? st.brokers[reader].cq[mqKey(pq.t, pq.q)]?.length ?? 0 : 0;
      diff += Math.max(0, max - pq.committed);
    }
  }
  const brokersUp = st.brokerNodes.filter((n) => st.brokers[n].up).length;
  const masters = st.brokerNodes.filter((n) => isMaster(s, n)).length;
  const p = Object.values(st.producers)[0];
  return { brokersUp, masters, consumerDiff: diff, publishGroups: p ? p.publish.length : 0, routeGroups: p ? routeGroups(p.route).length : 0 };
}

const KINDS: Record<string, WireKind> = {
  send: 'produce', sendBack: 'produce',
  sendResult: 'ack', connected: 'ack', sendBackResult: 'ack', haAck: 'ack', raftAppendResult: 'ack',
  haData: 'replicate', raftAppend: 'replicate',
  pull: 'fetch', pulled: 'fetch',
};

export function rocketmqWireKind(body: unknown): WireKind {
  const type = (body as { type?: string } | null)?.type ?? '';
  return KINDS[type] ?? 'control';
}

/** Application message ids a wire message carries. */
export function rocketmqMessageIds(body: unknown): number[] {
  const b = body as { type?: string; id?: number; entries?: StoredEntry[] } | null;
  if (!b) return [];
  switch (b.type) {
    case 'send': case 'sendResult': case 'connected': case 'sendBack': case 'sendBackResult':
      return typeof b.id === 'number' ? [b.id] : [];
    case 'haData': case 'pulled': case 'raftAppend':
      return (b.entries ?? []).map(entryId);
    default:
      return [];
  }
}

export type { RmqState };

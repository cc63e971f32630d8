/**
 * The gallery groups the library by topic. A scenario's tags name settings and stories; the first
 * topic (in this order) one of its tags belongs to is where it is listed, so each scenario appears
 * once. Also the thumbnail sketch: pure numbers from the scenario's settings and faults.
 */
import type { Scenario } from '../../sim/scenario/defaults';

export const TOPICS = ['replication', 'durability', 'failover', 'releases', 'producers', 'routing', 'consumers', 'other'] as const;
export type Topic = (typeof TOPICS)[number];

/** Checked in this order: a specific story (a KIP, Jepsen) before the broad replication topic. */
const TOPIC_TAGS: [Topic, string[]][] = [
  ['releases', ['KIP-101', 'KIP-279', 'leader-epoch', 'truncation']],
  ['durability', ['durability', 'fsync', 'power-loss', 'page-cache', 'SYNC_FLUSH', 'ASYNC_FLUSH']],
  ['failover', ['jepsen', 'election', 'failover', 'DLedger', 'unclean.leader.election.enable']],
  ['routing', ['NameServer', 'routing']],
  ['producers', ['producer', 'idempotence', 'ordering', 'orderSelector']],
  ['consumers', ['consumer', 'rebalance', 'DLQ', 'retry']],
  ['replication', ['acks', 'replication', 'min.insync.replicas', 'ASYNC_MASTER', 'SYNC_MASTER', 'ISR']],
];

export function topicOf(tags: readonly string[]): Topic {
  for (const [topic, known] of TOPIC_TAGS) if (tags.some((t) => known.includes(t))) return topic;
  return 'other';
}

export interface ThumbFault {
  /** 0..1 along the run. */
  x: number;
  system: 'kafka' | 'rocketmq';
  action: string;
  target: string;
}

export interface ThumbSketch {
  kafkaBrokers: number;
  rocketmqGroups: number;
  replicasPerGroup: number;
  /** Brokers hit by a fault: 'down' (crash, power loss, destroy, stop) or 'cut' (isolate, slow, pause). */
  hitKafka: Map<number, Hit>;
  hitRocketmq: Map<string, Hit>;
  faults: ThumbFault[];
  notes: number[];
}

export type Hit = 'down' | 'cut';
const HITS: Record<string, Hit> = { crash: 'down', powerLoss: 'down', destroy: 'down', stop: 'down', isolate: 'cut', slow: 'cut', pause: 'cut' };

export function thumbSketch(s: Scenario): ThumbSketch {
  const hitKafka = new Map<number, Hit>();
  const hitRocketmq = new Map<string, Hit>();
  for (const f of s.faults) {
    const hit = HITS[f.action];
    if (!hit) continue;
    const k = /^broker-(\d+)$/.exec(f.target);
    // 'down' outranks 'cut' when a broker suffers both.
    if (f.system === 'kafka' && k && hitKafka.get(Number(k[1])) !== 'down') hitKafka.set(Number(k[1]), hit);
    if (f.system === 'rocketmq' && /^broker-[a-z]+-\d+$/.test(f.target) && hitRocketmq.get(f.target) !== 'down') hitRocketmq.set(f.target, hit);
  }
  const span = Math.max(1, s.durationMs);
  return {
    kafkaBrokers: s.kafka.brokers,
    rocketmqGroups: s.rocketmq.brokerGroups,
    replicasPerGroup: s.rocketmq.replicasPerGroup,
    hitKafka,
    hitRocketmq,
    faults: s.faults.map((f) => ({ x: f.atMs / span, system: f.system, action: f.action, target: f.target })),
    notes: s.notes.map((n) => n.atMs / span),
  };
}

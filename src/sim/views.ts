/**
 * What the UI draws, as plain data each model derives from its state on demand (`view(sim)` in
 * each model's folder). The UI never reads model internals; models never know about the UI.
 * Record windows hold the tail of each log (the last `tail` entries) so drawing stays cheap.
 */
import type { HostState, NodeState, ProcessState } from './core/types';

export interface NodeStatusView {
  name: string;
  kind: 'broker' | 'producer' | 'consumer' | 'namesrv' | 'controller';
  host: HostState;
  proc: ProcessState;
  isolated: boolean;
  slowMs: number;
  /** A graceful stop under way (a Kafka producer closing: it still sends what it buffered). */
  stopping: boolean;
  /** Accepting connections (false: started but its port not open yet, a KRaft broker before it is unfenced). */
  listening: boolean;
}

/** A node's status as the views list it. */
export function nodeStatusView(n: NodeState): NodeStatusView {
  return { name: n.name, kind: n.kind, host: n.host, proc: n.proc, isolated: n.isolated !== null, slowMs: n.slowMs, stopping: n.stopping, listening: n.listening };
}

/** How an in-flight message is drawn: requests, acks, replication and pulls look different. */
export type WireKind = 'produce' | 'ack' | 'replicate' | 'fetch' | 'control';

export interface RecordView {
  offset: number;
  id: number;
  /** Key index, -1 for none (colour by key). */
  key: number;
  /** Kafka: leader epoch of the record. RocketMQ: queue index within the group. */
  tag: number;
}

export interface KafkaReplicaView {
  broker: string;
  leo: number;
  hw: number;
  /** Offsets below this are on disk; the rest only in the page cache. */
  flushed: number;
  inIsr: boolean;
  records: RecordView[];
}

export interface KafkaPartitionView {
  name: string;
  leader: string | null;
  leaderEpoch: number;
  isr: string[];
  offline: boolean;
  replicas: KafkaReplicaView[];
}

/**
 * A producer's connection to a broker that is not up (producer-conn.ts): `connecting` while a
 * connect is on its way; otherwise down, with `retryInMs` until the reconnect backoff is over, or
 * null when it is over and the Sender has had nothing for that broker since (it reconnects only
 * when it has something to send there).
 */
export interface KafkaConnView {
  broker: string;
  connecting: boolean;
  retryInMs: number | null;
}

export interface KafkaView {
  system: 'kafka';
  nodes: NodeStatusView[];
  /** Brokers the controller has fenced (missed heartbeats for broker.session.timeout.ms). */
  fenced: string[];
  partitions: KafkaPartitionView[];
  producers: { name: string; acks: string; inFlight: number; retries: number; producerId: number | null; conns: KafkaConnView[] }[];
  group: {
    generation: number;
    state: string;
    members: { name: string; partitions: string[] }[];
    committed: Record<string, number>;
  };
  /** Real metric names -> values: UnderReplicatedPartitions, OfflinePartitionsCount, ... */
  metrics: Record<string, number>;
}

export interface RocketmqBrokerView {
  name: string;
  brokerId: number;
  role: 'master' | 'slave' | 'leader' | 'follower' | 'candidate';
  /** CommitLog tail in arrival order; `flushed` counts entries on disk. */
  commitLog: { length: number; flushed: number; records: RecordView[] };
  /** Slave: how far it has replicated (entries). Master: the furthest slave ack. */
  replicated: number;
  /** 5.x controller mode: the MasterEpoch this broker acts in, and whether it is in the SyncStateSet. */
  masterEpoch?: number;
  inSyncStateSet?: boolean;
}

export interface RocketmqGroupView {
  name: string;
  brokers: RocketmqBrokerView[];
  /** ConsumeQueues of the master (or of the slave while the master is missing). */
  queues: { name: string; length: number; commitLogIndexes: number[] }[];
  writable: boolean;
  /** 5.x controller mode: the controller's SyncStateSet and MasterEpoch for the group. */
  syncStateSet?: string[];
  masterEpoch?: number;
}

export interface RocketmqView {
  system: 'rocketmq';
  nodes: NodeStatusView[];
  nameServers: { name: string; liveBrokers: string[] }[];
  groups: RocketmqGroupView[];
  producers: { name: string; publishList: string[]; sendWhichQueue: number; avoided: string[] }[];
  consumers: { name: string; queues: string[]; offsets: Record<string, number> }[];
  metrics: Record<string, number>;
}

export type SystemView = KafkaView | RocketmqView;

import { z } from 'zod';
import { LIMITS } from './limits';

/**
 * Scenario format v1. Every field is optional except `version`; omitted settings take the real
 * systems' defaults (see defaults.ts). Unknown fields are rejected so that a typo is an error,
 * not a silently ignored setting.
 */
const int = (min: number, max: number) => z.number().int().min(min).max(max);
const ms = (max: number = LIMITS.timeoutMsMax) => int(0, max);

/** Narration text: plain English, or one string per language. */
export const LocalText = z.union([
  z.string().max(LIMITS.textMax),
  z.strictObject({ en: z.string().max(LIMITS.textMax), 'zh-CN': z.string().max(LIMITS.textMax).optional() }),
]);

export const Workload = z.strictObject({
  topic: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a topic name of letters, digits, ".", "_" or "-"').optional(),
  keys: int(0, LIMITS.keysMax).optional(),
  ratePerSec: int(0, LIMITS.ratePerSecMax).optional(),
  messageBytes: int(1, LIMITS.messageBytesMax).optional(),
  producers: int(1, LIMITS.producersMax).optional(),
  consumers: int(0, LIMITS.consumersMax).optional(),
  stopProducingAtMs: ms(LIMITS.durationMsMax).optional(),
  /** Percentage of consume attempts the application fails (RocketMQ retries them; Kafka has no retry topic). */
  consumeFailurePercent: z.number().min(0).max(100).optional(),
});

export const KafkaSettings = z.strictObject({
  release: z.enum(['4.x', '2.x', '0.11', '0.8']).optional(),
  brokers: int(1, LIMITS.kafkaBrokersMax).optional(),
  partitions: int(1, LIMITS.kafkaPartitionsMax).optional(),
  replicationFactor: int(1, LIMITS.kafkaBrokersMax).optional(),
  acks: z.enum(['0', '1', 'all']).optional(),
  minInsyncReplicas: int(1, LIMITS.kafkaBrokersMax).optional(),
  uncleanLeaderElection: z.boolean().optional(),
  idempotence: z.boolean().optional(),
  maxInFlight: int(1, 100).optional(),
  retries: int(0, 2147483647).optional(),
  deliveryTimeoutMs: ms().optional(),
  requestTimeoutMs: ms().optional(),
  lingerMs: ms(60_000).optional(),
  /** At least batch.size: a smaller pool could never hold a batch (BufferPool.allocate refuses it). */
  bufferMemory: int(16_384, 2147483647).optional(),
  maxBlockMs: ms().optional(),
  replicaLagTimeMaxMs: ms().optional(),
  replicaFetchWaitMaxMs: ms(60_000).optional(),
  brokerHeartbeatIntervalMs: int(1, 60_000).optional(),
  brokerSessionTimeoutMs: ms().optional(),
  sessionTimeoutMs: ms().optional(),
  heartbeatIntervalMs: int(1, 3_600_000).optional(),
  groupInitialRebalanceDelayMs: ms(300_000).optional(),
  autoCommit: z.boolean().optional(),
  autoCommitIntervalMs: int(1, 3_600_000).optional(),
  autoOffsetReset: z.enum(['earliest', 'latest']).optional(),
  assignor: z.enum(['range', 'roundrobin', 'sticky', 'cooperative-sticky']).optional(),
  flushIntervalMessages: int(1, 2147483647).nullable().optional(),
});

export const RocketmqSettings = z.strictObject({
  release: z.enum(['4.x', '5.x']).optional(),
  nameServers: int(1, LIMITS.rocketmqNameServersMax).optional(),
  brokerGroups: int(1, LIMITS.rocketmqBrokerGroupsMax).optional(),
  replicasPerGroup: int(1, LIMITS.rocketmqReplicasPerGroupMax).optional(),
  queuesPerBroker: int(1, LIMITS.rocketmqQueuesPerBrokerMax).optional(),
  brokerRole: z.enum(['ASYNC_MASTER', 'SYNC_MASTER']).optional(),
  flushDiskType: z.enum(['ASYNC_FLUSH', 'SYNC_FLUSH']).optional(),
  dledger: z.boolean().optional(),
  sendMode: z.enum(['sync', 'async', 'oneway']).optional(),
  retryTimesWhenSendFailed: int(0, 16).optional(),
  retryTimesWhenSendAsyncFailed: int(0, 16).optional(),
  retryAnotherBrokerWhenNotStoreOK: z.boolean().optional(),
  sendLatencyFaultEnable: z.boolean().optional(),
  sendMsgTimeoutMs: int(1, 3_600_000).optional(),
  orderSelector: z.enum(['none', 'hash']).optional(),
  consumeMode: z.enum(['concurrently', 'orderly']).optional(),
  messageModel: z.enum(['CLUSTERING', 'BROADCASTING']).optional(),
  allocateStrategy: z.enum(['AllocateMessageQueueAveragely', 'AllocateMessageQueueAveragelyByCircle']).optional(),
  // -1 (the default): 16 for concurrent consumption, Integer.MAX_VALUE for orderly (getMaxReconsumeTimes).
  maxReconsumeTimes: int(-1, 16).optional(),
  pollNameServerIntervalMs: int(1, 3_600_000).optional(),
  registerBrokerIntervalMs: int(1, 3_600_000).optional(),
  brokerChannelExpiredTimeMs: int(1, 3_600_000).optional(),
  persistConsumerOffsetIntervalMs: int(1, 3_600_000).optional(),
  rebalanceIntervalMs: int(1, 3_600_000).optional(),
  flushIntervalCommitLogMs: int(1, 3_600_000).optional(),
  flushCommitLogLeastPages: int(0, 1_000_000).optional(),
  flushCommitLogThoroughIntervalMs: int(1, 3_600_000).optional(),
  syncFlushTimeoutMs: int(1, 3_600_000).optional(),
  slaveTimeoutMs: int(1, 3_600_000).optional(),
  haSendHeartbeatIntervalMs: int(1, 3_600_000).optional(),
  enableControllerMode: z.boolean().optional(),
  enableElectUncleanMaster: z.boolean().optional(),
  inSyncReplicas: int(1, LIMITS.rocketmqReplicasPerGroupMax).optional(),
  minInSyncReplicas: int(1, LIMITS.rocketmqReplicasPerGroupMax).optional(),
  allAckInSyncStateSet: z.boolean().optional(),
});

export const NetworkSettings = z.strictObject({
  /** Base one-way latency of a link; each link draws its own around this. */
  latencyMs: int(0, 10_000).optional(),
  /** Extra random delay per message, 0..jitterMs; per-link FIFO order is kept as TCP keeps it. */
  jitterMs: int(0, 10_000).optional(),
});

export const FAULT_ACTIONS = [
  'crash', 'powerLoss', 'destroy', 'restart', 'isolate', 'heal', 'slow', 'pause', 'resume', 'stop', 'start',
] as const;

export const Fault = z.strictObject({
  atMs: ms(LIMITS.durationMsMax),
  system: z.enum(['kafka', 'rocketmq']),
  action: z.enum(FAULT_ACTIONS),
  target: z.string().max(64),
  /** isolate only: the nodes to cut it off from; omitted means everyone. */
  from: z.array(z.string().max(64)).max(64).optional(),
  /** isolate only: which way the cut goes; "in" drops what reaches the target, "out" what it sends. */
  direction: z.enum(['both', 'in', 'out']).optional(),
  /** slow only: extra one-way delay added to every message to and from the target. */
  delayMs: ms(LIMITS.delayMsMax).optional(),
  /** After this long the fault is undone (crash/powerLoss -> restart, isolate -> heal, ...). */
  durationMs: int(1, LIMITS.durationMsMax).optional(),
});

export const NoteAsk = z.strictObject({
  choices: z.array(LocalText).min(2).max(6),
  answer: int(0, 5),
});

export const Note = z.strictObject({
  atMs: ms(LIMITS.durationMsMax),
  text: LocalText,
  pause: z.boolean().optional(),
  system: z.enum(['kafka', 'rocketmq']).optional(),
  node: z.string().max(64).optional(),
  ask: NoteAsk.optional(),
});

export const ScenarioV1 = z.strictObject({
  version: z.literal(1),
  title: LocalText.optional(),
  question: LocalText.optional(),
  tags: z.array(z.string().max(40)).max(20).optional(),
  seed: int(0, 0xffffffff).optional(),
  durationMs: int(1, LIMITS.durationMsMax).optional(),
  workload: Workload.optional(),
  network: NetworkSettings.optional(),
  kafka: KafkaSettings.optional(),
  rocketmq: RocketmqSettings.optional(),
  faults: z.array(Fault).max(LIMITS.faultsMax).optional(),
  notes: z.array(Note).max(LIMITS.notesMax).optional(),
});

export type ScenarioInput = z.infer<typeof ScenarioV1>;
export type FaultSpec = z.infer<typeof Fault>;
export type NoteSpec = z.infer<typeof Note>;
export type LocalTextValue = z.infer<typeof LocalText>;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

import type { ScenarioInput, FaultSpec, NoteSpec, LocalTextValue } from './schema';

/**
 * The fully resolved scenario: every setting filled with the real default of the chosen release.
 * A setting the scenario names explicitly always wins over the release preset.
 */
/**
 * Kafka release presets. "4.x" follows Kafka 4.0's defaults: Eligible Leader Replicas (KIP-966,
 * eligible.leader.replicas.version) is off there and only on for new clusters from 4.1, and is not
 * modelled, so elections choose from the ISR (or unclean) as before it.
 */
export type KafkaRelease = '4.x' | '2.x' | '0.11' | '0.8';
export type RocketmqRelease = '4.x' | '5.x';

export interface WorkloadSettings {
  topic: string;
  keys: number;
  ratePerSec: number;
  messageBytes: number;
  producers: number;
  consumers: number;
  stopProducingAtMs: number;
  consumeFailurePercent: number;
}

export interface KafkaConfig {
  release: KafkaRelease;
  brokers: number;
  partitions: number;
  replicationFactor: number;
  acks: '0' | '1' | 'all';
  minInsyncReplicas: number;
  uncleanLeaderElection: boolean;
  idempotence: boolean;
  maxInFlight: number;
  retries: number;
  deliveryTimeoutMs: number;
  requestTimeoutMs: number;
  lingerMs: number;
  bufferMemory: number;
  maxBlockMs: number;
  replicaLagTimeMaxMs: number;
  replicaFetchWaitMaxMs: number;
  brokerHeartbeatIntervalMs: number;
  brokerSessionTimeoutMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  groupInitialRebalanceDelayMs: number;
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  autoOffsetReset: 'earliest' | 'latest';
  assignor: 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';
  flushIntervalMessages: number | null;
}

export interface RocketmqConfig {
  release: RocketmqRelease;
  nameServers: number;
  brokerGroups: number;
  replicasPerGroup: number;
  queuesPerBroker: number;
  brokerRole: 'ASYNC_MASTER' | 'SYNC_MASTER';
  flushDiskType: 'ASYNC_FLUSH' | 'SYNC_FLUSH';
  dledger: boolean;
  sendMode: 'sync' | 'async' | 'oneway';
  retryTimesWhenSendFailed: number;
  retryTimesWhenSendAsyncFailed: number;
  retryAnotherBrokerWhenNotStoreOK: boolean;
  sendLatencyFaultEnable: boolean;
  sendMsgTimeoutMs: number;
  orderSelector: 'none' | 'hash';
  consumeMode: 'concurrently' | 'orderly';
  messageModel: 'CLUSTERING' | 'BROADCASTING';
  allocateStrategy: 'AllocateMessageQueueAveragely' | 'AllocateMessageQueueAveragelyByCircle';
  maxReconsumeTimes: number;
  pollNameServerIntervalMs: number;
  registerBrokerIntervalMs: number;
  brokerChannelExpiredTimeMs: number;
  persistConsumerOffsetIntervalMs: number;
  rebalanceIntervalMs: number;
  flushIntervalCommitLogMs: number;
  flushCommitLogLeastPages: number;
  flushCommitLogThoroughIntervalMs: number;
  syncFlushTimeoutMs: number;
  slaveTimeoutMs: number;
  haSendHeartbeatIntervalMs: number;
  /** 5.x controller mode (BrokerConfig.enableControllerMode); not with DLedger. */
  enableControllerMode: boolean;
  enableElectUncleanMaster: boolean;
  inSyncReplicas: number;
  minInSyncReplicas: number;
  allAckInSyncStateSet: boolean;
}

export interface NetworkConfig {
  latencyMs: number;
  jitterMs: number;
}

export interface Scenario {
  version: 1;
  title?: LocalTextValue;
  question?: LocalTextValue;
  tags: string[];
  seed: number;
  durationMs: number;
  workload: WorkloadSettings;
  network: NetworkConfig;
  kafka: KafkaConfig;
  rocketmq: RocketmqConfig;
  faults: FaultSpec[];
  notes: NoteSpec[];
}

export const DEFAULT_SEED = 1;
export const DEFAULT_DURATION_MS = 60_000;

export function workloadDefaults(durationMs: number): WorkloadSettings {
  return {
    topic: 'orders',
    keys: 4,
    ratePerSec: 10,
    messageBytes: 1024,
    producers: 1,
    consumers: 2,
    stopProducingAtMs: durationMs,
    consumeFailurePercent: 0,
  };
}

export const NETWORK_DEFAULTS: NetworkConfig = { latencyMs: 2, jitterMs: 1 };

/** Kafka defaults per release. Sources: ProducerConfig, ConsumerConfig, ReplicationConfigs, KIPs. */
export function kafkaDefaults(release: KafkaRelease): KafkaConfig {
  const modern = release === '4.x';
  const before25 = release !== '4.x'; // replica.lag.time.max.ms was 10000 before 2.5
  return {
    release,
    brokers: 3,
    partitions: 3,
    replicationFactor: 3,
    acks: modern ? 'all' : '1', // acks: "all" since 3.0, "1" before
    minInsyncReplicas: 1, // min.insync.replicas
    // unclean.leader.election.enable: false since 0.11; 0.8.0's controller elected any live replica.
    uncleanLeaderElection: release === '0.8',
    idempotence: modern, // enable.idempotence: true since 3.0
    maxInFlight: 5, // max.in.flight.requests.per.connection (0.11 with enable.idempotence=true: 1, idempotenceOverrides)
    retries: release === '4.x' || release === '2.x' ? 2147483647 : 0, // retries: MAX_INT since 2.1, 0 before
    deliveryTimeoutMs: 120_000, // delivery.timeout.ms (2.1+, KIP-91); unused by 0.8 and 0.11 (kafka/batch-expiry.ts)
    requestTimeoutMs: 30_000, // request.timeout.ms
    lingerMs: modern ? 5 : 0, // linger.ms: 5 from 4.0
    bufferMemory: 33_554_432, // buffer.memory: 32 MB
    // max.block.ms (0.9+): how long send() waits for buffer memory. 0.8.2's producer had
    // block.on.buffer.full = true instead, which waits without a limit (here: as long as any run).
    maxBlockMs: release === '0.8' ? 3_600_000 : 60_000,
    replicaLagTimeMaxMs: before25 ? 10_000 : 30_000, // replica.lag.time.max.ms
    replicaFetchWaitMaxMs: 500, // replica.fetch.wait.max.ms
    brokerHeartbeatIntervalMs: modern ? 2_000 : 2_000, // broker.heartbeat.interval.ms (KRaft)
    // broker.session.timeout.ms (KRaft, 9000); zookeeper.session.timeout.ms (6000) for ZooKeeper-era releases.
    brokerSessionTimeoutMs: modern ? 9_000 : 6_000,
    sessionTimeoutMs: consumerSessionTimeoutMs(release),
    heartbeatIntervalMs: release === '0.8' ? 2_000 : 3_000, // heartbeat.interval.ms (0.9+); 0.8: ZooKeeper's ping, see consumerSessionTimeoutMs
    groupInitialRebalanceDelayMs: release === '0.8' ? 0 : 3_000, // group.initial.rebalance.delay.ms (0.11+)
    autoCommit: true, // enable.auto.commit
    // auto.commit.interval.ms: 5000 in the Java consumer (0.9+); 60 * 1000 in 0.8's ZooKeeper-based
    // consumer (kafka.consumer.ConsumerConfig.AutoCommitInterval, 0.8.2).
    autoCommitIntervalMs: release === '0.8' ? 60_000 : 5_000,
    autoOffsetReset: 'latest', // auto.offset.reset
    assignor: 'range', // partition.assignment.strategy [RangeAssignor, CooperativeStickyAssignor]: range is used
    flushIntervalMessages: null, // log.flush.interval.messages: Long.MAX_VALUE, i.e. never fsync
  };
}

/**
 * How long a silent consumer keeps its group membership. session.timeout.ms: 45000 since 3.0,
 * 10000 in the Java consumer before (0.9-2.8). Kafka 0.8's consumer had no group coordinator: a
 * member was an ephemeral ZooKeeper node under /consumers/<group>/ids, gone when its ZooKeeper
 * session expired after zookeeper.session.timeout.ms = 6000 (0.8.2 ZKConfig), and the watches on
 * that path made the others rebalance. The model keeps the coordinator-based protocol for 0.8 (one
 * group, heartbeats, the coordinator expiring a member), so the 0.8 preset gives it the ZooKeeper
 * session's timing: a 6 s session (ZooKeeper's own minimum with its default tickTime of 3000 is
 * 2 x tickTime = 6000, like group.min.session.timeout.ms), and the ZooKeeper client's ping every
 * third of it (ClientCnxn: readTimeout = 2/3 of the session, a ping when idle for half of that),
 * 2000 ms, as heartbeat.interval.ms. What does not carry over is listed in README.md (Fidelity).
 */
function consumerSessionTimeoutMs(release: KafkaRelease): number {
  if (release === '0.8') return 6_000; // zookeeper.session.timeout.ms (0.8 consumer)
  return release === '4.x' ? 45_000 : 10_000; // session.timeout.ms
}

/** RocketMQ defaults. Sources: MessageStoreConfig, BrokerConfig, ClientConfig, DefaultMQProducer. */
export function rocketmqDefaults(release: RocketmqRelease, dledger: boolean): RocketmqConfig {
  return {
    release,
    nameServers: 2,
    brokerGroups: 2,
    replicasPerGroup: dledger ? 3 : 2,
    queuesPerBroker: 4, // defaultTopicQueueNums (client) = 4
    brokerRole: 'ASYNC_MASTER', // brokerRole
    flushDiskType: 'ASYNC_FLUSH', // flushDiskType
    dledger, // enableDLegerCommitLog
    sendMode: 'sync',
    retryTimesWhenSendFailed: 2, // retryTimesWhenSendFailed
    retryTimesWhenSendAsyncFailed: 2, // retryTimesWhenSendAsyncFailed
    retryAnotherBrokerWhenNotStoreOK: false, // retryAnotherBrokerWhenNotStoreOK
    sendLatencyFaultEnable: false, // sendLatencyFaultEnable
    sendMsgTimeoutMs: 3_000, // sendMsgTimeout
    orderSelector: 'none',
    consumeMode: 'concurrently',
    messageModel: 'CLUSTERING', // messageModel
    allocateStrategy: 'AllocateMessageQueueAveragely', // allocateMessageQueueStrategy
    maxReconsumeTimes: -1, // maxReconsumeTimes: -1 means 16 for concurrent consumption, Integer.MAX_VALUE (no limit) for orderly
    pollNameServerIntervalMs: 30_000, // pollNameServerInterval
    registerBrokerIntervalMs: 30_000, // registerNameServerPeriod
    brokerChannelExpiredTimeMs: 120_000, // BROKER_CHANNEL_EXPIRED_TIME
    persistConsumerOffsetIntervalMs: 5_000, // persistConsumerOffsetInterval
    rebalanceIntervalMs: 20_000, // RebalanceService waitInterval (rocketmq.client.rebalance.waitInterval)
    flushIntervalCommitLogMs: 500, // flushIntervalCommitLog
    flushCommitLogLeastPages: 4, // flushCommitLogLeastPages
    flushCommitLogThoroughIntervalMs: 10_000, // flushCommitLogThoroughInterval
    syncFlushTimeoutMs: 5_000, // syncFlushTimeout
    slaveTimeoutMs: 3_000, // slaveTimeout (4.9.3+)
    haSendHeartbeatIntervalMs: 5_000, // haSendHeartbeatInterval
    enableControllerMode: false, // BrokerConfig.enableControllerMode (5.x)
    enableElectUncleanMaster: false, // ControllerConfig.enableElectUncleanMaster
    inSyncReplicas: 1, // MessageStoreConfig.inSyncReplicas
    minInSyncReplicas: 1, // MessageStoreConfig.minInSyncReplicas
    allAckInSyncStateSet: false, // MessageStoreConfig.allAckInSyncStateSet
  };
}

/** Fills every omitted field; the input has already passed the schema. */
export function fillDefaults(input: ScenarioInput): Scenario {
  const durationMs = input.durationMs ?? DEFAULT_DURATION_MS;
  const kafkaIn = input.kafka ?? {};
  const rocketIn = input.rocketmq ?? {};
  const workload = { ...workloadDefaults(durationMs), ...stripUndefined(input.workload ?? {}) };
  return {
    version: 1,
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.question !== undefined ? { question: input.question } : {}),
    tags: input.tags ?? [],
    seed: input.seed ?? DEFAULT_SEED,
    durationMs,
    workload,
    network: { ...NETWORK_DEFAULTS, ...stripUndefined(input.network ?? {}) },
    kafka: resolveDeliveryTimeout(
      resolveIdempotence(
        idempotenceOverrides({ ...kafkaDefaults(kafkaIn.release ?? '4.x'), ...stripUndefined(kafkaIn) } as KafkaConfig, kafkaIn),
        kafkaIn.idempotence !== undefined,
      ),
      kafkaIn.deliveryTimeoutMs !== undefined,
    ),
    rocketmq: {
      ...rocketmqDefaults(rocketIn.release ?? '4.x', rocketIn.dledger ?? false),
      ...stripUndefined(rocketIn),
    } as RocketmqConfig,
    faults: (input.faults ?? []).map((f) => ({ ...f })),
    notes: (input.notes ?? []).map((n) => ({ ...n })),
  };
}

/**
 * The idempotent producer needs acks=all, retries > 0 and at most 5 requests in flight (exactly 1
 * in 0.11). When the
 * user did not ask for idempotence explicitly, a conflicting setting quietly turns it off, as
 * ProducerConfig.postProcessAndValidateIdempotenceConfigs does (3.2+); an explicit request that
 * conflicts is a ConfigException there and a validation error here (see consistency.ts).
 */
export function idempotenceConflict(k: KafkaConfig): string | null {
  // 0.11.0 KafkaProducer.configureInflightRequests: exactly 1 (the missing space after "order" is
  // in the real message); 1.0 (KAFKA-5494) allowed up to 5.
  if (k.release === '0.11' && k.maxInFlight !== 1)
    return 'Must set max.in.flight.requests.per.connection to 1 in orderto use the idempotent producer. Otherwise we cannot guarantee idempotence.';
  if (k.maxInFlight > 5) return 'Must set max.in.flight.requests.per.connection to at most 5 when using the idempotent producer.';
  if (k.retries === 0) return 'Must set retries to non-zero when using the idempotent producer.';
  if (k.acks !== 'all') return 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.';
  return null;
}

/**
 * KafkaProducer.configureDeliveryTimeout: delivery.timeout.ms must be at least linger.ms +
 * request.timeout.ms. Left at its default, it is raised to that sum (with a warning in the real
 * client); set explicitly below it, it is a ConfigException there and a validation error here.
 */
export function deliveryTimeoutFloor(k: KafkaConfig): number {
  return k.lingerMs + k.requestTimeoutMs;
}

function resolveDeliveryTimeout(k: KafkaConfig, explicit: boolean): KafkaConfig {
  if (!explicit && k.deliveryTimeoutMs < deliveryTimeoutFloor(k)) return { ...k, deliveryTimeoutMs: deliveryTimeoutFloor(k) };
  return k;
}

/**
 * Before 3.0 an explicit enable.idempotence=true set acks to all and retries to Integer.MAX_VALUE
 * where the user had not set them (KafkaProducer.configureAcks and configureRetries, 0.11-2.8);
 * from 3.0 on they are the defaults anyway. 0.11.0 also set max.in.flight.requests.per.connection
 * to 1 where the user had not set it (configureInflightRequests: "Overriding the default
 * max.in.flight.requests.per.connection to 1 since idempontence is enabled.").
 */
function idempotenceOverrides(k: KafkaConfig, input: Partial<KafkaConfig>): KafkaConfig {
  if (k.release === '4.x' || input.idempotence !== true) return k;
  return {
    ...k,
    ...(input.acks === undefined ? { acks: 'all' as const } : {}),
    ...(input.retries === undefined ? { retries: 2147483647 } : {}),
    ...(k.release === '0.11' && input.maxInFlight === undefined ? { maxInFlight: 1 } : {}),
  };
}

function resolveIdempotence(k: KafkaConfig, explicit: boolean): KafkaConfig {
  if (k.idempotence && !explicit && idempotenceConflict(k) !== null) return { ...k, idempotence: false };
  return k;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

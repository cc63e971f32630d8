/**
 * Kafka settings the scenario format does not expose, at their real defaults. Settings the
 * scenario does expose come from `sim.scenario.kafka` (scenario/defaults.ts).
 */
export const REPLICA_FETCH_BACKOFF_MS = 1_000; // replica.fetch.backoff.ms
export const REPLICA_SOCKET_TIMEOUT_MS = 30_000; // replica.socket.timeout.ms
export const REPLICA_FETCH_MAX_BYTES = 1_048_576; // replica.fetch.max.bytes
export const HW_CHECKPOINT_INTERVAL_MS = 5_000; // replica.high.watermark.checkpoint.interval.ms
/** BrokerLifecycleManager.resendExponentialBackoff: the first retry of a refused registration (then doubling, up to broker.session.timeout.ms). */
export const REGISTRATION_BACKOFF_MS = 100;
/** BrokerLifecycleManager: a STARTING broker heartbeats again after 10 ms (not broker.heartbeat.interval.ms). */
export const STARTING_HEARTBEAT_MS = 10;
/** BrokerLifecycleManager: after the first PENDING_CONTROLLED_SHUTDOWN response, the next heartbeat goes after 50 ms. */
export const CONTROLLED_SHUTDOWN_FIRST_RETRY_MS = 50;
/** KafkaBroker.shutdown(): waits at most 5 minutes for the controller to approve the controlled shutdown. */
export const CONTROLLED_SHUTDOWN_TIMEOUT_MS = 300_000;
export const RETRY_BACKOFF_MS = 100; // retry.backoff.ms
export const RETRY_BACKOFF_MAX_MS = 1_000; // retry.backoff.max.ms (3.7+, KIP-580)
export const BATCH_SIZE = 16_384; // batch.size
/** reconnect.backoff.ms (0.9+; 0.8.2's producer: 10 ms, never growing) and reconnect.backoff.max.ms (0.11+, KIP-144). */
export const RECONNECT_BACKOFF_MS = 50;
export const RECONNECT_BACKOFF_MS_08 = 10;
export const RECONNECT_BACKOFF_MAX_MS = 1_000;
/** socket.connection.setup.timeout.ms and .max.ms (2.7+, KIP-601): a connect with no answer fails after this. */
export const SOCKET_CONNECTION_SETUP_TIMEOUT_MS = 10_000;
export const SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS = 30_000;
/** Before KIP-601 the kernel gave up an unanswered connect: net.ipv4.tcp_syn_retries = 6, 1 + 2 + ... + 64 s. */
export const LINUX_TCP_CONNECT_TIMEOUT_MS = 127_000;
/** Linux's first SYN retransmission timeout (TCP_TIMEOUT_INIT, 1 s), doubled at each retransmission. */
export const SYN_RTO_INITIAL_MS = 1_000;
export const MAX_REQUEST_SIZE = 1_048_576; // max.request.size (producer)
export const FETCH_MAX_WAIT_MS = 500; // fetch.max.wait.ms (consumer)
export const MAX_PARTITION_FETCH_BYTES = 1_048_576; // max.partition.fetch.bytes (consumer)
export const CONSUMER_REQUEST_TIMEOUT_MS = 30_000; // request.timeout.ms (consumer)
export const OFFSETS_TOPIC_PARTITIONS = 50; // offsets.topic.num.partitions
export const GROUP_ID = 'brokerscope'; // the workload's consumer group id
/** max.poll.interval.ms (0.10.1+, KIP-62): the rebalance timeout a consumer's JoinGroup carries. */
export const MAX_POLL_INTERVAL_MS = 300_000;
/** AbstractCoordinator.JOIN_GROUP_TIMEOUT_LAPSE: a JoinGroup may wait the rebalance timeout plus this. */
export const JOIN_GROUP_TIMEOUT_LAPSE_MS = 5_000;
/**
 * A member that joined without a member id and waits in JoinGroup sends no heartbeats; the
 * coordinator drops it after this long (GroupCoordinatorConfig.CLASSIC_GROUP_NEW_MEMBER_JOIN_TIMEOUT_MS,
 * GroupCoordinator.NewMemberJoinTimeoutMs since 2.2, KAFKA-7610). Before, it waited indefinitely.
 */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;
export const GROUP_MIN_SESSION_TIMEOUT_MS = 6_000; // group.min.session.timeout.ms (broker)
export const GROUP_MAX_SESSION_TIMEOUT_MS = 1_800_000; // group.max.session.timeout.ms (broker)
/**
 * ProducerStateEntry.NumBatchesToRetain (1.0+, KAFKA-5494): the broker remembers a producer's last
 * 5 batches. 0.11.0 kept only the last one (ProducerIdEntry: a retry is a duplicate only if it
 * matches the last batch's epoch, first and last sequence; Log.analyzeAndValidateProducerState).
 * The model keeps 5 for 0.11 too: there the idempotent producer has exactly one request in flight
 * and its partition is muted until it completes (sender.ts), so a retried batch is always the
 * partition's last one and 1 and 5 give the same answers (see producer-state.ts).
 */
export const PRODUCER_BATCHES_RETAINED = 5;
/** The file that holds a broker's high watermarks (replication-offset-checkpoint). */
export const HW_CHECKPOINT_FILE = 'replication-offset-checkpoint';

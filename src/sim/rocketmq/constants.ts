/**
 * RocketMQ constants that are not scenario settings, each with its real name and source.
 * Scenario settings (sendMsgTimeout, flushIntervalCommitLog, ...) live in scenario/defaults.ts.
 */

/** Topic kinds stored in a CommitLog entry: the workload topic, the consumer group's retry and
 * dead-letter topics, and the delay-level queues of SCHEDULE_TOPIC_XXXX. */
export const TOPIC_MAIN = 0;
export const TOPIC_RETRY = 1; // %RETRY%<group>, one queue per broker group
export const TOPIC_DLQ = 2; // %DLQ%<group>, one queue per broker group, nobody subscribes
export const TOPIC_SCHEDULE = 3; // SCHEDULE_TOPIC_XXXX, queue id = delay level - 1

/** The consumer group every consumer of the workload joins. */
export const CONSUMER_GROUP = 'orders_consumer_group';

/** Fixed part of a CommitLog message (MessageExtEncoder: 4.x header fields, topic, properties). */
export const MSG_OVERHEAD_BYTES = 100;

/** OS page size the flush threshold counts in (MappedFile.OS_PAGE_SIZE = 4 KiB). */
export const OS_PAGE_SIZE = 4096;

/** Time an fsync of the CommitLog tail takes. Not a RocketMQ setting: a fast SSD's fsync. */
export const GROUP_COMMIT_FSYNC_MS = 1;

/** BrokerController: registerBrokerAll runs at start, then after 10 s, then every
 * max(10000, min(registerNameServerPeriod, 60000)) ms. */
export const REGISTER_FIRST_DELAY_MS = 10_000;

/** NamesrvController.initialize (4.9.8): scanNotActiveBroker at a fixed rate of 10 s; 5.x
 * (startScheduleService): NamesrvConfig.scanNotActiveBrokerInterval = 5 s. */
export function nsScanIntervalMs(release: '4.x' | '5.x'): number {
  return release === '4.x' ? 10_000 : 5_000;
}
/** The first scan: initial delay 5 s in 4.9.8 (TimeUnit.SECONDS), 5 ms in 5.x (TimeUnit.MILLISECONDS). */
export function nsScanFirstDelayMs(release: '4.x' | '5.x'): number {
  return release === '4.x' ? 5_000 : 5;
}

/** MQClientInstance: the first route update runs 10 ms after start. */
export const ROUTE_FIRST_POLL_MS = 10;
/** ClientConfig.mqClientApiTimeout: a NameServer request times out after 3 s. */
export const CLIENT_API_TIMEOUT_MS = 3_000;
/** ClientConfig.heartbeatBrokerInterval = 30 s. */
export const HEARTBEAT_BROKER_INTERVAL_MS = 30_000;

/** HAService: the master's WriteSocketService waits up to 100 ms for new data when caught up. */
export const HA_TRANSFER_WAIT_MS = 100;
/** MessageStoreConfig.haHousekeepingInterval: an HA connection idle for 20 s is closed. */
export const HA_HOUSEKEEPING_INTERVAL_MS = 20_000;
/** MessageStoreConfig.haSlaveFallbehindMax = 256 MiB: a slave further behind is "not OK". */
export const HA_SLAVE_FALLBEHIND_MAX_BYTES = 256 * 1024 * 1024;

/** MQFaultStrategy.latencyMax -> notAvailableDuration, per release. 4.9.8: a latency of 550 ms keeps the
 * broker out for 30 s, 15 s for 10 minutes. */
export const LATENCY_MAX_MS_4X = [50, 100, 550, 1000, 2000, 3000, 15000];
export const NOT_AVAILABLE_DURATION_MS_4X = [0, 0, 30000, 60000, 120000, 180000, 600000];
/** 5.1.4 to 5.3.3: much shorter avoidance (550 ms -> 2 s, 15 s -> 30 s). */
export const LATENCY_MAX_MS_5X = [50, 100, 550, 1800, 3000, 5000, 15000];
export const NOT_AVAILABLE_DURATION_MS_5X = [0, 0, 2000, 5000, 6000, 10000, 30000];
/** MQFaultStrategy.updateFaultItem: an exception ("isolation") is booked as this latency: 30 s in 4.9.8
 * (so 10 minutes of avoidance), 10 s in 5.1.4+ (so 10 s). */
export const ISOLATION_LATENCY_MS_4X = 30_000;
export const ISOLATION_LATENCY_MS_5X = 10_000;

/** DefaultMQPushConsumer.pullBatchSize = 32. */
export const PULL_BATCH_SIZE = 32;
/** ClientConfig.pullTimeDelayMillsWhenException = 1 s: DefaultMQPushConsumerImpl's own field says 3000 but
 * its constructor overwrites it with the consumer's ClientConfig value (4.9.8 and 5.x). */
export const PULL_DELAY_WHEN_EXCEPTION_MS = 1_000;
/** MQClientInstance.startScheduledTask: persistAllConsumerOffset first runs 10 s after start, then every
 * persistConsumerOffsetInterval. */
export const PERSIST_OFFSET_FIRST_DELAY_MS = 10_000;
/** BrokerController: ConsumerOffsetManager.persist first after 10 s, then every flushConsumerOffsetInterval = 5 s. */
export const BROKER_OFFSET_FIRST_DELAY_MS = 10_000;
export const FLUSH_CONSUMER_OFFSET_INTERVAL_MS = 5_000;
/** BrokerController.handleSlaveSynchronize: a SLAVE runs SlaveSynchronize.syncAll (topic config, consumer
 * offsets, delay offsets) 3 s after start, then every 10 s. */
export const SLAVE_SYNC_FIRST_DELAY_MS = 3_000;
export const SLAVE_SYNC_INTERVAL_MS = 10_000;
/** DLedgerConfig.flushFileInterval = 10 ms: DLedgerMmapFileStore.FlushDataService flushes everything
 * (flush(0)) and waits 10 ms; under DLedger the CommitLog's own FlushRealTimeService is not started. */
export const DLEDGER_FLUSH_FILE_INTERVAL_MS = 10;
/** BROKER_SUSPEND_MAX_TIME_MILLIS = 15 s; CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND = 30 s. */
export const BROKER_SUSPEND_MAX_MS = 15_000;
export const CONSUMER_TIMEOUT_WHEN_SUSPEND_MS = 30_000;
/** PullRequestHoldService checks held pulls every 5 s with long polling. */
export const HOLD_CHECK_INTERVAL_MS = 5_000;
/** ClientHousekeepingService: scan every 10 s, a channel silent for 120 s is closed. */
export const CLIENT_SCAN_INTERVAL_MS = 10_000;
export const CLIENT_CHANNEL_EXPIRED_MS = 120_000;
/** NettyServerConfig.serverChannelMaxIdleTimeSeconds = 120: the broker's IdleStateHandler(0, 0, 120) closes a
 * client channel with nothing read or written for 120 s (4.9.8 and 5.3.3). */
export const SERVER_CHANNEL_MAX_IDLE_MS = 120_000;
/** RebalanceLockManager: a queue lock expires after 60 s (rocketmq.broker.rebalance.lockMaxLiveTime). */
export const REBALANCE_LOCK_MAX_LIVE_MS = 60_000;
/** ProcessQueue: the client treats its lock as expired after 30 s (rocketmq.client.rebalance.lockMaxLiveTime). */
export const CLIENT_LOCK_MAX_LIVE_MS = 30_000;
/** ConsumeMessageOrderlyService.start (CLUSTERING only): lockMQPeriodically -> RebalanceImpl.lockAll first after
 * 1 s, then every ProcessQueue.REBALANCE_LOCK_INTERVAL = 20 s (rocketmq.client.rebalance.lockInterval), 4.9.8 and 5.x. */
export const LOCK_ALL_FIRST_DELAY_MS = 1_000;
export const REBALANCE_LOCK_INTERVAL_MS = 20_000;
/** ConsumeMessageOrderlyService.ConsumeRequest.run: a queue found unlocked or with an expired lock calls
 * tryLockLaterAndReconsume(10 ms): lockOneMQ (RebalanceImpl.lock, master only, lockBatchMQ timeout 1000 ms),
 * then submitConsumeRequestLater 10 ms if locked, else 3000 ms, which finds it unlocked again. */
export const TRY_LOCK_LATER_MS = 10;
export const LOCK_BATCH_MQ_TIMEOUT_MS = 1_000;
export const CONSUME_LATER_WHEN_LOCK_FAILED_MS = 3_000;
/** 5.x RebalanceImpl.updateProcessQueueTableInRebalance: a new orderly queue whose lock failed makes
 * MQClientInstance.rebalanceLater(500); RebalanceService runs at most once per minInterval = 1 s
 * (rocketmq.client.rebalance.minInterval), so the retry comes about 1 s after the failed rebalance.
 * 4.9.8 has neither: the queue waits for the next 20 s rebalance. */
export const REBALANCE_LATER_5X_MS = 1_000;
/** 5.3.3 RebalanceService.minInterval = 1 s (rocketmq.client.rebalance.minInterval): rebalances at most once a second. */
export const REBALANCE_MIN_INTERVAL_5X_MS = 1_000;
/** RemoteBrokerOffsetStore.fetchConsumeOffsetFromBroker: queryConsumerOffset(addr, header, 1000 * 5), a synchronous
 * call inside the rebalance (4.9.8 and 5.3.3). Unanswered, readOffset returns -2 and the new queue is not added. */
export const QUERY_CONSUMER_OFFSET_TIMEOUT_MS = 5_000;
/** MQAdminImpl.timeoutMillis = 6000: maxOffset (GET_MAX_OFFSET) for a queue with no stored offset (4.9.8, 5.3.3). */
export const MQ_ADMIN_TIMEOUT_MS = 6_000;
/** 4.9.8 RebalancePushImpl.UNLOCK_DELAY_TIME_MILLS = 20 s (rocketmq.client.unlockDelayTimeMills): an orderly queue
 * given up while its ProcessQueue still holds pulled, unconsumed messages is unlocked on the broker only this
 * much later (unlockDelay). 5.3.3 (tryRemoveOrderMessageQueue) unlocks once no message is being consumed. */
export const UNLOCK_DELAY_4X_MS = 20_000;
/** DefaultMQPushConsumer.suspendCurrentQueueTimeMillis: orderly failure retries after 1 s. */
export const SUSPEND_CURRENT_QUEUE_MS = 1_000;
/** DefaultMQPushConsumerImpl.getMaxReconsumeTimes: maxReconsumeTimes = -1 (the default) means 16 for concurrent
 * consumption; ConsumeMessageOrderlyService.getMaxReconsumeTimes makes it Integer.MAX_VALUE (4.9.8 and 5.3.3). */
export const DEFAULT_MAX_RECONSUME_TIMES = 16;
/** A message whose sendBack failed is consumed again locally after 5 s (submitConsumeRequestLater). */
export const CONSUME_LATER_MS = 5_000;
/** DefaultMQPushConsumerImpl.sendMessageBack: consumerSendMessageBack(..., timeoutMillis = 5000, ...). */
export const SEND_BACK_TIMEOUT_MS = 5_000;
/** MQClientInstance's inner producer (CLIENT_INNER_PRODUCER_GROUP), which sends a message to %RETRY%<group> when
 * consumerSendMessageBack fails: DefaultMQProducer defaults, sendMsgTimeout = 3000 ms for all attempts together,
 * retryTimesWhenSendFailed = 2 (3 attempts, each retry on another broker than the last). */
export const INNER_PRODUCER_SEND_TIMEOUT_MS = 3_000;
export const INNER_PRODUCER_ATTEMPTS = 3;

/** MessageStoreConfig.messageDelayLevel = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h". */
export const DELAY_LEVEL_MS = [
  1_000, 5_000, 10_000, 30_000, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000,
  540_000, 600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000,
];
/** ScheduleMessageService: each delay level is checked every 100 ms (DELAY_FOR_A_WHILE). */
export const SCHEDULE_CHECK_MS = 100;
/** ScheduleMessageService persists delayOffset.json every 10 s (flushDelayOffsetInterval). */
export const FLUSH_DELAY_OFFSET_INTERVAL_MS = 10_000;
/** SendMessageProcessor: a concurrent-consume failure is retried at delay level 3 + reconsumeTimes. */
export const RETRY_BASE_DELAY_LEVEL = 3;

/** DLedgerConfig: heartBeatTimeIntervalMs = 2000, maxHeartBeatLeak = 3, min/maxVoteIntervalMs = 300/1000,
 * maxWaitAckTimeMs = 2500. */
export const DLEDGER_HEARTBEAT_MS = 2_000;
export const DLEDGER_MAX_HEARTBEAT_LEAK = 3;
export const DLEDGER_MIN_VOTE_INTERVAL_MS = 300;
export const DLEDGER_MAX_VOTE_INTERVAL_MS = 1_000;
export const DLEDGER_MAX_WAIT_ACK_MS = 2_500;
/** DLedgerLeaderElector.StateMaintainer.doWork: maintainState, then sleep(10). */
export const DLEDGER_MAINTAIN_SLEEP_MS = 10;

/** How often a master emits its dashboard figures (putTps, getTps). */
export const METRIC_INTERVAL_MS = 1_000;

/** 5.x controller mode (apache/rocketmq 5.x: BrokerConfig, ControllerConfig, MessageStoreConfig). */
/** BrokerConfig.brokerHeartbeatInterval = 1 s (BrokerController.scheduleSendHeartbeat, first after 1 s). */
export const CONTROLLER_HEARTBEAT_INTERVAL_MS = 1_000;
/** BrokerConfig.controllerHeartBeatTimeoutMills = 10 s: sent in each heartbeat, the controller's expiry. */
export const CONTROLLER_HEARTBEAT_TIMEOUT_MS = 10_000;
/** ControllerConfig.scanNotActiveBrokerInterval = 5 s (DefaultBrokerHeartbeatManager, first after 2 s). */
export const CONTROLLER_SCAN_NOT_ACTIVE_MS = 5_000;
export const CONTROLLER_SCAN_FIRST_DELAY_MS = 2_000;
/** ControllerConfig.scanInactiveMasterInterval = 5 s (DLedgerController.scanInactiveMasterAndTriggerReelect). */
export const CONTROLLER_SCAN_INACTIVE_MASTER_MS = 5_000;
/** BrokerConfig.syncBrokerMetadataPeriod = 5 s (ReplicasManager.schedulingSyncBrokerMetadata, first after 3 s). */
export const SYNC_BROKER_METADATA_PERIOD_MS = 5_000;
/** BrokerConfig.checkSyncStateSetPeriod = 5 s (ReplicasManager.schedulingCheckSyncStateSet, first after 3 s). */
export const CHECK_SYNC_STATE_SET_PERIOD_MS = 5_000;
export const REPLICAS_TASK_FIRST_DELAY_MS = 3_000;
/** MessageStoreConfig.haMaxTimeSlaveNotCatchup = 15 s: a slave not caught up for longer leaves the SyncStateSet. */
export const HA_MAX_TIME_SLAVE_NOT_CATCHUP_MS = 15_000;
/** ReplicasManager.RETRY_INTERVAL_SECOND = 5: startBasicService is retried every 5 s until a master exists. */
export const REPLICAS_RETRY_INTERVAL_MS = 5_000;

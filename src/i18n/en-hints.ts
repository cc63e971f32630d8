/**
 * One-line hints for the settings panel, keyed `hint.<block>.<field>`: what the setting does and
 * its real default (src/sim/scenario/defaults.ts; /work/shared/facts). The labels stay the real
 * setting names; these say what they mean.
 */
export const EN_HINTS = {
  'hint.root.seed': 'Seed of every random choice in both runs: the same seed gives the same run. Default 1.',
  'hint.root.durationMs': 'How long the run lasts, in simulated milliseconds. Default 60000 (one minute).',
  'hint.workload.ratePerSec': 'Messages per second for all producers together, sent in turn. Default 10.',
  'hint.workload.keys': 'How many distinct message keys the workload cycles through (0: no key). Default 4.',
  'hint.workload.producers': 'Producer clients sharing the workload. Default 1.',
  'hint.workload.consumers': 'Consumers in the one consumer group of each system. Default 2.',
  'hint.workload.consumeFailurePercent': 'Share of consume attempts the application fails: RocketMQ sends them to its retry topic, Kafka has no retry topic. Default 0.',
  'hint.kafka.release': 'Which Kafka to model: 4.x (KRaft, as 4.0: no Eligible Leader Replicas), 2.x, 0.11 (KIP-101) or 0.8 (Jepsen 2013); each brings its own defaults. Default 4.x.',
  'hint.kafka.acks': 'How many replicas must have a record before the producer is told it succeeded: 0 none, 1 the leader, all every in-sync replica. Default all since 3.0 (1 before).',
  'hint.kafka.minInsyncReplicas': 'With acks=all, the fewest in-sync replicas a write needs, else NOT_ENOUGH_REPLICAS; acks=0 and 1 ignore it. Default 1.',
  'hint.kafka.uncleanLeaderElection': 'Lets an out-of-sync replica become leader when no in-sync one is alive: the partition comes back but loses acknowledged records. Default false since 0.11 (true 0.8.2–0.10.2).',
  'hint.kafka.idempotence': 'Producer id and sequence numbers, so a retried batch is written once and in order. Default true since 3.0 (false before; none before 0.11).',
  'hint.kafka.assignor': 'How the group splits partitions among consumers; sticky and cooperative-sticky move fewer on a rebalance. cooperative-sticky rebalances cooperatively: members keep consuming what they keep, and a partition that moves takes a second rebalance. Default range (first of [RangeAssignor, CooperativeStickyAssignor]).',
  'hint.rocketmq.release': 'Which RocketMQ to model: 4.x (4.9.8) or 5.x; each brings its own defaults. Default 4.x.',
  'hint.rocketmq.flushDiskType': 'ASYNC_FLUSH answers from the page cache and flushes in the background (every 500 ms once 16 KiB wait, all every 10 s); SYNC_FLUSH waits for fsync (FLUSH_DISK_TIMEOUT after 5 s). Default ASYNC_FLUSH.',
  'hint.rocketmq.brokerRole': 'ASYNC_MASTER answers without waiting for the slave; SYNC_MASTER waits for its copy (FLUSH_SLAVE_TIMEOUT after 3 s). Default ASYNC_MASTER.',
  'hint.rocketmq.sendMode': 'Which producer call: send() waits for the SendResult, async gets a callback, sendOneway() gets no result and never retries. Default sync.',
  'hint.rocketmq.retryTimesWhenSendFailed': 'Extra attempts after a failed sync send, each on another broker (async sends use retryTimesWhenSendAsyncFailed). Default 2, so 3 attempts.',
  'hint.rocketmq.orderSelector': 'none: queues in turn, keys do not route. hash: SelectMessageQueueByHash keeps a key on one queue (never retried). Default none.',
  'hint.rocketmq.consumeMode': 'concurrently: failures go to the retry topic (first retry after 10 s, DLQ after 16); orderly: each queue locked, failures retried every 1 s in place. Default concurrently.',
  'hint.rocketmq.dledger': 'DLedger (Raft) groups of 3: a new leader is elected in about 10 s and a write needs a majority. Default false: no automatic failover.',
} as const;

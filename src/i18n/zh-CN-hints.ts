import type { EN_HINTS } from './en-hints';

/** 设置面板的一行提示：设置的作用和真实默认值。标签仍是真实的设置名。 */
export const ZH_CN_HINTS: Record<keyof typeof EN_HINTS, string> = {
  'hint.root.seed': '两次运行中所有随机选择的种子：种子相同，运行就相同。默认 1。',
  'hint.root.durationMs': '运行时长，以模拟毫秒计。默认 60000（一分钟）。',
  'hint.workload.ratePerSec': '所有生产者合计每秒发送的消息数，轮流发送。默认 10。',
  'hint.workload.keys': '工作负载循环使用的不同消息键数量（0：不带键）。默认 4。',
  'hint.workload.producers': '分担工作负载的生产者客户端数。默认 1。',
  'hint.workload.consumers': '每个系统唯一消费者组中的消费者数。默认 2。',
  'hint.workload.consumeFailurePercent': '应用消费失败的比例：RocketMQ 把失败消息发往重试主题，Kafka 没有重试主题。默认 0。',
  'hint.kafka.release': '模拟哪个 Kafka 版本：4.x（KRaft，按 4.0：没有 Eligible Leader Replicas）、2.x、0.11（KIP-101）或 0.8（Jepsen 2013）；各带自己的默认值。默认 4.x。',
  'hint.kafka.acks': '记录要写入多少个副本，生产者才会收到成功：0 不等待，1 等 leader，all 等所有同步副本。3.0 起默认 all（之前为 1）。',
  'hint.kafka.minInsyncReplicas': 'acks=all 时一次写入至少需要的同步副本数，否则返回 NOT_ENOUGH_REPLICAS；acks=0 和 1 不受影响。默认 1。',
  'hint.kafka.uncleanLeaderElection': '没有存活的同步副本时允许不同步的副本当选 leader：分区恢复可用，但会丢失已确认的记录。0.11 起默认 false（0.8.2–0.10.2 为 true）。',
  'hint.kafka.idempotence': '生产者 ID 加序列号，使重试的批次只写入一次且保持顺序。3.0 起默认 true（之前为 false；0.11 之前没有）。',
  'hint.kafka.assignor': '消费者组如何把分区分给消费者；sticky 和 cooperative-sticky 在重平衡时移动得更少。cooperative-sticky 采用协作式重平衡：成员继续消费保留的分区，要迁移的分区需要第二轮重平衡。默认 range（[RangeAssignor, CooperativeStickyAssignor] 中的第一个）。',
  'hint.rocketmq.release': '模拟哪个 RocketMQ 版本：4.x（4.9.8）或 5.x；各带自己的默认值。默认 4.x。',
  'hint.rocketmq.flushDiskType': 'ASYNC_FLUSH 写入页缓存即应答，后台刷盘（每 500 毫秒且积累 16 KiB 时刷一次，每 10 秒全部刷盘）；SYNC_FLUSH 等待 fsync（5 秒后 FLUSH_DISK_TIMEOUT）。默认 ASYNC_FLUSH。',
  'hint.rocketmq.brokerRole': 'ASYNC_MASTER 不等 slave 就应答；SYNC_MASTER 等 slave 收到副本（3 秒后 FLUSH_SLAVE_TIMEOUT）。默认 ASYNC_MASTER。',
  'hint.rocketmq.sendMode': '生产者用哪种调用：send() 等待 SendResult，async 通过回调获知结果，sendOneway() 没有结果也从不重试。默认 sync。',
  'hint.rocketmq.retryTimesWhenSendFailed': '同步发送失败后的额外尝试次数，每次换一个 broker（异步发送用 retryTimesWhenSendAsyncFailed）。默认 2，即共 3 次。',
  'hint.rocketmq.orderSelector': 'none：轮流选择队列，键不决定路由。hash：SelectMessageQueueByHash 让同一键留在同一队列（从不重试）。默认 none。',
  'hint.rocketmq.consumeMode': 'concurrently：失败消息进入重试主题（10 秒后首次重试，16 次后进入死信队列）；orderly：逐队列加锁，失败时原地每 1 秒重试。默认 concurrently。',
  'hint.rocketmq.dledger': 'DLedger（Raft）每组 3 个节点：约 10 秒内自动选出新 leader，写入需要多数派确认。默认 false：不会自动故障转移。',
};

import type { Catalogue } from '../causes';

/** rocketmq cause and journey sentences (EN + zh-CN); codes start with "rocketmq.". */
export const ROCKETMQ_CAUSES: Catalogue = {
  // ----- journey: producer -----
  'rocketmq.sent': {
    en: '{producer} sent it to message queue {queue} (attempt {attempt}).',
    'zh-CN': '{producer} 将消息发往 MessageQueue {queue}（第 {attempt} 次尝试）。',
  },
  'rocketmq.acked': {
    en: '{producer} received SendStatus {status}: the send succeeded.',
    'zh-CN': '{producer} 收到 SendStatus {status}，发送成功。',
  },
  'rocketmq.sendFailed': {
    en: '{producer} gave up after {attempts} attempt(s): {status}.',
    'zh-CN': '{producer} 尝试 {attempts} 次后放弃发送：{status}。',
  },
  'rocketmq.retryConnect': {
    en: '{producer} could not reach {broker} ({error}); retrying on another broker.',
    'zh-CN': '{producer} 连不上 {broker}（{error}），换一个 Broker 重试。',
  },
  'rocketmq.retryBrokerError': {
    en: '{producer} got {status} from the broker; retrying on another broker.',
    'zh-CN': '{producer} 收到 Broker 返回的 {status}，换一个 Broker 重试。',
  },
  'rocketmq.retryNotStoreOk': {
    en: '{producer} got {status} (already stored on the master) and resends it elsewhere because retryAnotherBrokerWhenNotStoreOK is on: a duplicate is likely.',
    'zh-CN': '{producer} 收到 {status}（消息其实已写入 Master），因开启了 retryAnotherBrokerWhenNotStoreOK 而换 Broker 重发，很可能产生重复消息。',
  },
  // ----- journey: broker store and replication -----
  'rocketmq.stored': {
    en: '{broker} appended it to its CommitLog at position {position}; ConsumeQueue {queue} offset {offset}.',
    'zh-CN': '{broker} 将消息追加到 CommitLog 第 {position} 条，ConsumeQueue {queue} 的位点为 {offset}。',
  },
  'rocketmq.rejectedNotMaster': {
    en: '{broker} is not the master and refused the write (SERVICE_NOT_AVAILABLE).',
    'zh-CN': '{broker} 不是 Master，拒绝写入（SERVICE_NOT_AVAILABLE）。',
  },
  'rocketmq.flushed': {
    en: '{broker} flushed its CommitLog to disk: the message now survives a power loss.',
    'zh-CN': '{broker} 将 CommitLog 刷盘，这条消息断电后也不会丢。',
  },
  'rocketmq.replicated': {
    en: 'Slave {broker} received it from {master} over HA (in its page cache, not yet on disk).',
    'zh-CN': 'Slave {broker} 通过 HA 从 {master} 收到该消息（在 page cache 中，尚未刷盘）。',
  },
  'rocketmq.epochTruncated': {
    en: '{broker} rejoined as a slave of {master} and truncated it: the new master was elected without it (MasterEpoch).',
    'zh-CN': '{broker} 以 slave 身份重新加入、跟随 {master}，并截断了它：新 master 当选时并没有这条消息（MasterEpoch）。',
  },
  'rocketmq.quorumAckTimeout': {
    en: '{broker} stored it, but no DLedger majority appended it within maxWaitAckTimeMs (2.5 s): the producer got SYSTEM_ERROR and may resend it to another broker. The copy stays in {broker}\'s log; if it commits later, the message is delivered twice.',
    'zh-CN': '{broker} 已写入该消息，但 2.5 秒（maxWaitAckTimeMs）内没有 DLedger 多数派追加它：生产者收到 SYSTEM_ERROR，可能换一个 Broker 重发。这份副本仍留在 {broker} 的日志中，若之后被提交，消息会被投递两次。',
  },
  'rocketmq.dledgerTruncated': {
    en: '{broker} rejoined DLedger as a follower and truncated its uncommitted entries from position {from}.',
    'zh-CN': '{broker} 以 follower 身份重新加入 DLedger，截断了从第 {from} 条起未提交的日志。',
  },
  // ----- journey: consumer -----
  'rocketmq.consumed': {
    en: '{consumer} consumed it from {queue} offset {offset} (reconsumeTimes {times}).',
    'zh-CN': '{consumer} 从 {queue} 位点 {offset} 消费成功（重试次数 {times}）。',
  },
  'rocketmq.consumeFailed': {
    en: '{consumer} failed to consume it (RECONSUME_LATER, reconsumeTimes {times}); it is sent back to the broker.',
    'zh-CN': '{consumer} 消费失败（RECONSUME_LATER，已重试 {times} 次），消息被发回 Broker。',
  },
  'rocketmq.sentBack': {
    en: '{broker} scheduled retry {times} at delay level {level} ({delayMs} ms) in SCHEDULE_TOPIC_XXXX.',
    'zh-CN': '{broker} 将第 {times} 次重试放入 SCHEDULE_TOPIC_XXXX，延迟级别 {level}（{delayMs} 毫秒）。',
  },
  'rocketmq.retryDue': {
    en: '{broker} moved it into {queue} for retry {times}.',
    'zh-CN': '{broker} 将消息投递到 {queue}，进行第 {times} 次重试。',
  },
  'rocketmq.toDlq': {
    en: '{broker} moved it to %DLQ% after {times} retries (maxReconsumeTimes reached).',
    'zh-CN': '重试 {times} 次后达到 maxReconsumeTimes，{broker} 将消息转入死信队列 %DLQ%。',
  },
  'rocketmq.consumeLater': {
    en: '{consumer} could not send it back to any broker; it will consume it again locally in 5 s (reconsumeTimes {times}), holding its offset meanwhile.',
    'zh-CN': '{consumer} 无法把消息发回任何 Broker，将在 5 秒后于本地再次消费（重试次数 {times}），期间该位点不会提交。',
  },
  'rocketmq.droppedBroadcast': {
    en: '{consumer} failed to consume it in BROADCASTING mode: the message is dropped, never retried.',
    'zh-CN': '{consumer} 在广播（BROADCASTING）模式下消费失败，消息被直接丢弃，不会重试。',
  },
  'rocketmq.orderlySuspended': {
    en: '{consumer} failed to consume it in order; the queue is suspended and retried in 1 s.',
    'zh-CN': '{consumer} 顺序消费失败，该队列暂停消费，1 秒后重试。',
  },
  // ----- event log: routes, rebalance, HA, retries, metrics -----
  'rocketmq.log.registerBroker': {
    en: '{ns}: {broker} registered as brokerId {brokerId}',
    'zh-CN': '{ns}：{broker} 以 brokerId {brokerId} 完成注册',
  },
  'rocketmq.log.brokerChannelClosed': {
    en: "{ns}: {broker}'s connection closed; removed from the route table",
    'zh-CN': '{ns}：{broker} 的连接已断开，已从路由表中移除',
  },
  'rocketmq.log.brokerChannelExpired': {
    en: '{ns}: {broker} silent for {ms} ms; removed',
    'zh-CN': '{ns}：{broker} 已 {ms} ms 没有心跳，已从路由表中移除',
  },
  'rocketmq.log.publishList': {
    en: '{node}: publish list now {groups}',
    'zh-CN': '{node}：发送列表（publish list）更新为 {groups}',
  },
  'rocketmq.log.publishListEmpty': {
    en: '{node}: publish list now (empty)',
    'zh-CN': '{node}：发送列表（publish list）已为空，没有可写的 Broker',
  },
  'rocketmq.log.rebalance': {
    en: '{node}: now consumes {queues}',
    'zh-CN': '{node}：重新负载均衡后消费 {queues}',
  },
  'rocketmq.log.rebalanceNone': {
    en: '{node}: now consumes nothing',
    'zh-CN': '{node}：重新负载均衡后没有分配到任何队列',
  },
  'rocketmq.log.offsetMoved': {
    en: '{node}: PULL_OFFSET_MOVED on {queue}, offset corrected to {offset} (OFFSET_ILLEGAL)',
    'zh-CN': '{node}：{queue} 拉取返回 PULL_OFFSET_MOVED，消费位点被修正为 {offset}（OFFSET_ILLEGAL）',
  },
  'rocketmq.log.haConnectionExpired': {
    en: '{node}: HA connection from {slave} idle for 20 s; closed',
    'zh-CN': '{node}：来自 {slave} 的 HA 连接空闲 20 秒，已关闭',
  },
  'rocketmq.log.haConnected': {
    en: '{node}: slave {slave} connected at CommitLog entry {len}',
    'zh-CN': '{node}：slave {slave} 已连接，从 CommitLog 第 {len} 条开始同步',
  },
  'rocketmq.log.haOffsetMismatch': {
    en: '{node}: master pushed from {from}, slave has {len}',
    'zh-CN': '{node}：master 从第 {from} 条开始推送，但 slave 只有 {len} 条，位点不一致',
  },
  'rocketmq.log.haConnectionClosed': {
    en: "{node}: slave {slave}'s HA connection closed",
    'zh-CN': '{node}：slave {slave} 的 HA 连接已断开',
  },
  'rocketmq.log.dlq': {
    en: '{node}: message {id} moved to %DLQ% after {times} retries',
    'zh-CN': '{node}：消息 {id} 重试 {times} 次后转入死信队列 %DLQ%',
  },
  'rocketmq.log.brokerStatus': {
    en: '{node}: putTps {puts}, getTransferedTps {gets}',
    'zh-CN': '{node}：写入 TPS（putTps）{puts}，读取 TPS（getTransferedTps）{gets}',
  },
  // ----- event log: DLedger election (DLedgerLeaderElector) -----
  'rocketmq.log.dledgerLeader': {
    en: '{node}: elected DLedger leader for term {term}; now the master',
    'zh-CN': '{node}：当选任期 {term} 的 DLedger leader，成为 master',
  },
  'rocketmq.log.dledgerCandidate.timeout': {
    en: '{node}: no heartbeat from the leader for {ms} ms; standing for election',
    'zh-CN': '{node}：已有 {ms} ms 没收到 leader 的心跳，转为 candidate 发起选举',
  },
  'rocketmq.log.dledgerCandidate.vote': {
    en: '{node}: a vote request from {by} in higher term {term} turned this follower into a candidate (handleVote)',
    'zh-CN': '{node}：收到 {by} 在更高任期 {term} 的投票请求，这个 follower 转为 candidate（handleVote）',
  },
  'rocketmq.log.dledgerCandidate.heartbeat': {
    en: '{node}: a heartbeat from {by} in higher term {term} turned this follower into a candidate before it follows',
    'zh-CN': '{node}：收到 {by} 在更高任期 {term} 的心跳，先转为 candidate，之后才会跟随新 leader',
  },
  'rocketmq.log.dledgerCandidate.expiredTerm': {
    en: '{node}: a peer reported the higher term {term}; becoming a candidate',
    'zh-CN': '{node}：有节点报告了更高的任期 {term}，转为 candidate',
  },
  'rocketmq.log.dledgerCandidate.inconsistentLeader': {
    en: '{node}: two leaders claimed term {term}; becoming a candidate',
    'zh-CN': '{node}：任期 {term} 出现了两个 leader，转为 candidate',
  },
  'rocketmq.log.dledgerCandidate.noQuorum': {
    en: '{node}: no majority answered for {ms} ms; becoming a candidate',
    'zh-CN': '{node}：{ms} ms 内没有多数派响应，转为 candidate',
  },
  'rocketmq.log.dledgerCandidate.knownMax': {
    en: '{node}: a vote reply showed the higher term {term}; becoming a candidate',
    'zh-CN': '{node}：投票响应里出现了更高的任期 {term}，转为 candidate',
  },
  'rocketmq.log.dledgerStepDown.vote': {
    en: '{node}: a vote request from {by} in higher term {term} with an up-to-date log made the leader step down (handleVote); the group is unwritable until a new leader is elected',
    'zh-CN': '{node}：{by} 以更高任期 {term} 发起投票且日志不落后，leader 因此退位（handleVote）；选出新 leader 之前该组不可写',
  },
  'rocketmq.log.dledgerStepDown.heartbeat': {
    en: '{node}: a heartbeat from {by} in higher term {term} made the leader step down; the group is unwritable until a leader is settled',
    'zh-CN': '{node}：收到 {by} 在更高任期 {term} 的心跳，leader 退位；leader 确定之前该组不可写',
  },
  'rocketmq.log.dledgerStepDown.expiredTerm': {
    en: '{node}: no majority answered the heartbeat and a follower is in the higher term {term}; stepping down, the group is unwritable',
    'zh-CN': '{node}：心跳没有得到多数派响应，且有 follower 处于更高任期 {term}；leader 退位，该组不可写',
  },
  'rocketmq.log.dledgerStepDown.inconsistentLeader': {
    en: '{node}: a follower follows another leader in term {term}; stepping down, the group is unwritable',
    'zh-CN': '{node}：有 follower 在任期 {term} 跟随了另一个 leader；leader 退位，该组不可写',
  },
  'rocketmq.log.dledgerStepDown.noQuorum': {
    en: '{node}: no majority answered for {ms} ms; stepping down, the group is unwritable',
    'zh-CN': '{node}：{ms} ms 内没有多数派响应，leader 退位，该组不可写',
  },
  'rocketmq.log.dledgerStepDown.knownMax': {
    en: '{node}: a vote reply showed the higher term {term}; stepping down',
    'zh-CN': '{node}：投票响应里出现了更高的任期 {term}，leader 退位',
  },
  'rocketmq.log.dledgerStepDown.timeout': {
    en: '{node}: stepping down',
    'zh-CN': '{node}：leader 退位',
  },
  'rocketmq.log.dledgerTruncate': {
    en: '{node}: truncated {count} uncommitted entries to match the leader',
    'zh-CN': '{node}：截断了 {count} 条未提交的日志，与 leader 保持一致',
  },
  // ----- event log: 5.x controller mode (ControllerManager, ReplicasManager, AutoSwitchHAClient) -----
  'rocketmq.log.controllerChannelClosed': {
    en: "{node}: {broker}'s connection closed; it is inactive",
    'zh-CN': '{node}：{broker} 的连接已断开，判定为不活跃',
  },
  'rocketmq.log.controllerHeartbeatExpired': {
    en: '{node}: no heartbeat from {broker} for {ms} ms; it is inactive',
    'zh-CN': '{node}：{broker} 已 {ms} ms 没有心跳，判定为不活跃',
  },
  'rocketmq.log.controllerElected': {
    en: '{node}: elected {master} master of {group} in MasterEpoch {epoch}; the SyncStateSet is now only {master}',
    'zh-CN': '{node}：选举 {master} 为 {group} 的 master，MasterEpoch 为 {epoch}；SyncStateSet 现在只有 {master}',
  },
  'rocketmq.log.controllerNoMaster': {
    en: '{node}: no alive broker of {group} is in its SyncStateSet; the group has no master (MasterEpoch {epoch})',
    'zh-CN': '{node}：{group} 的 SyncStateSet 中没有存活的 Broker，该组没有 master（MasterEpoch {epoch}）',
  },
  'rocketmq.log.syncStateSet': {
    en: '{node}: SyncStateSet of {group} is now {members} (epoch {epoch})',
    'zh-CN': '{node}：{group} 的 SyncStateSet 更新为 {members}（epoch {epoch}）',
  },
  'rocketmq.log.changeToMaster': {
    en: '{node}: now the master of {group} in MasterEpoch {epoch}; registers as brokerId 0',
    'zh-CN': '{node}：成为 {group} 的 master（MasterEpoch {epoch}），以 brokerId 0 注册',
  },
  'rocketmq.log.changeToSlave': {
    en: '{node}: now a slave of {master} in MasterEpoch {epoch}; registers as brokerId {brokerId}',
    'zh-CN': '{node}：成为 {master} 的 slave（MasterEpoch {epoch}），以 brokerId {brokerId} 注册',
  },
  'rocketmq.log.epochTruncate': {
    en: "{node}: truncated {count} CommitLog entries from entry {from}, beyond what it shares with master {master}'s epochs",
    'zh-CN': '{node}：按 master {master} 的 epoch 找到一致位点，截断了从第 {from} 条起的 {count} 条 CommitLog',
  },
  // ----- whereabouts -----
  'rocketmq.readable': {
    en: 'Still in a ConsumeQueue on {broker}, waiting to be consumed.',
    'zh-CN': '仍在 {broker} 的 ConsumeQueue 中，等待被消费。',
  },
  'rocketmq.strandedOnDownBroker': {
    en: 'Only {broker} holds a copy, and it is down: no consumer can read it until it returns.',
    'zh-CN': '只有 {broker} 上还有副本，但它已宕机：恢复之前没有消费者能读到。',
  },
  'rocketmq.redeliveredFromStoredOffset': {
    en: '{consumer} consumed {queue} offset {offset} again: it started the queue from the offset stored on the broker, which was below what had already been consumed (a consumer reports its offset with each pull, every 5 s (persistConsumerOffsetInterval) and when it gives a queue up; what it consumed after the last report is consumed again).',
    'zh-CN': '{consumer} 再次消费了 {queue} 的位点 {offset}：它从 broker 上保存的位点开始消费该队列，而这个位点低于已经消费到的位置（消费者在每次拉取时、每 5 秒（persistConsumerOffsetInterval）以及交出队列时上报位点；最后一次上报之后消费的消息会被再次消费）。',
  },
  'rocketmq.belowConsumeOffset': {
    en: 'On {broker}, which is running, but at a queue offset the consumer group had already passed: the offset was reused after the old master\'s tail was truncated, so no consumer will pull it.',
    'zh-CN': '在运行中的 {broker} 上，但所在的队列位点消费组已经消费过：旧 master 的尾部被截断后这些位点被重新使用，因此不会再有消费者拉取它。',
  },
  'rocketmq.inDlq': {
    en: 'In the dead-letter queue %DLQ% on {broker}: nobody consumes it unless an operator resends it.',
    'zh-CN': '在 {broker} 的死信队列 %DLQ% 中：除非运维人工重发，否则不会被消费。',
  },
  'rocketmq.neverStored': {
    en: 'No broker ever stored it: it was sent (oneway) into a broker that was down or unreachable.',
    'zh-CN': '没有任何 Broker 存下它：它以 oneway 方式发给了一个已宕机或不可达的 Broker。',
  },
  'rocketmq.lostWithDisk': {
    en: 'Stored only on master {broker}, whose disk was destroyed before the slave replicated it (ASYNC_MASTER).',
    'zh-CN': '只写入了 Master {broker}，在 Slave 复制之前其磁盘已损毁（ASYNC_MASTER）。',
  },
  'rocketmq.epochTruncatedLost': {
    en: 'Acknowledged by master {broker} but never replicated; the controller elected a new master without it, and {broker} truncated it when it rejoined as a slave.',
    'zh-CN': '由 master {broker} 确认，但从未复制出去；controller 选出了没有这条消息的新 master，{broker} 作为 slave 重新加入时把它截断了。',
  },
  'rocketmq.lostUnflushed': {
    en: 'Stored on {broker} only in the page cache (ASYNC_FLUSH) when the power failed, and on no replica.',
    'zh-CN': '断电时它只在 {broker} 的 page cache 中（ASYNC_FLUSH，尚未刷盘），其他副本上也没有。',
  },
};

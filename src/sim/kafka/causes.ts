import type { Catalogue } from '../causes';

/** kafka cause and journey sentences (EN + zh-CN); codes start with "kafka.". */
export const KAFKA_CAUSES: Catalogue = {
  // ----- why a message was lost, stranded or delivered twice -----
  'kafka.truncatedOnRejoin': {
    en: '{broker} truncated {partition} when it rejoined as a follower: the record (leader epoch {epoch}) was not in the new leader\'s log (KIP-279 truncation to the common epoch prefix).',
    'zh-CN': '{broker} 以 follower 身份重新加入时截断了 {partition}：新 leader 的日志里没有这条记录（leader epoch {epoch}），按 KIP-279 截断到双方共同的 epoch 前缀。',
  },
  'kafka.truncatedToHw': {
    en: '{broker} truncated {partition} to its own high watermark when it became a follower (the pre-0.11 rule KIP-101 replaced); the record (leader epoch {epoch}) was above it.',
    'zh-CN': '{broker} 成为 follower 时把 {partition} 截断到自己的 HW（0.11 之前的规则，已被 KIP-101 取代）；这条记录（leader epoch {epoch}）在 HW 之上，被删掉了。',
  },
  'kafka.truncatedByEpoch': {
    en: '{broker} truncated {partition} to the end offset the leader gave for its last leader epoch (KIP-101); the record (leader epoch {epoch}) was beyond it.',
    'zh-CN': '{broker} 按 leader 返回的、自己最后一个 leader epoch 的结束位点截断了 {partition}（KIP-101）；这条记录（leader epoch {epoch}）在该位点之后。',
  },
  'kafka.truncatedToLeaderLeo': {
    en: '{broker} was ahead of the new leader and truncated {partition} to the leader\'s log end offset (OFFSET_OUT_OF_RANGE); the record (leader epoch {epoch}) was beyond it.',
    'zh-CN': '{broker} 的日志比新 leader 更长，收到 OFFSET_OUT_OF_RANGE 后把 {partition} 截断到 leader 的 LEO；这条记录（leader epoch {epoch}）在其之后。',
  },
  'kafka.lostUncleanElection': {
    en: 'An out-of-sync replica of {partition} was elected leader (unclean leader election) without this record; {broker} later truncated its copy (leader epoch {epoch}) to follow it.',
    'zh-CN': '{partition} 的一个不在 ISR 中的副本被选为 leader（unclean leader election），它没有这条记录；{broker} 随后为了跟随它截断了自己的副本（leader epoch {epoch}）。',
  },
  'kafka.lostPowerLoss': {
    en: 'Every copy was still only in the page cache when the power went: Kafka does not fsync by default (log.flush.interval.messages), so no disk kept it.',
    'zh-CN': '断电时所有副本都还只在 page cache 里：Kafka 默认不做 fsync（log.flush.interval.messages），没有任何磁盘保存下这条消息。',
  },
  'kafka.neverReplicated': {
    en: 'Only the leader had the record, and that copy is gone; no follower had fetched it.',
    'zh-CN': '只有 leader 上有这条记录，而这份副本已经没了；没有任何 follower 拉取过它。',
  },
  'kafka.lostAcks0': {
    en: 'Sent with acks=0: the producer counted it as sent the moment it left, but no broker kept it.',
    'zh-CN': '以 acks=0 发送：消息一发出 producer 就认为成功了，但没有任何 broker 保存下它。',
  },
  'kafka.stranded': {
    en: 'A copy survives on {broker} ({partition}), but no live leader serves it below its high watermark.',
    'zh-CN': '{broker} 上还留有一份副本（{partition}），但没有存活的 leader 在 HW 以下提供它，消费者读不到。',
  },
  'kafka.readable': {
    en: 'Readable from {broker}, the leader of {partition}, below its high watermark; no consumer has read it yet.',
    'zh-CN': '可以从 {partition} 的 leader {broker} 的 HW 以下读到，只是还没有消费者读取。',
  },
  'kafka.redeliveredAfterRebalance': {
    en: '{consumer} read {partition} offset {offset} again after a rebalance: the last committed offset was below it, so the records processed since were delivered again.',
    'zh-CN': '发生 rebalance 后 {consumer} 再次读到 {partition} 的 offset {offset}：最后提交的 offset 比它小，上次提交之后处理过的记录又被投递了一遍。',
  },
  'kafka.duplicateInLog': {
    en: 'The log of {partition} holds this message twice (offset {offset} is the second copy): a producer retry without idempotence appended it again.',
    'zh-CN': '{partition} 的日志里有两份这条消息（offset {offset} 是第二份）：未开启幂等的 producer 重试时又追加了一次。',
  },
  // ----- journey steps -----
  'kafka.appended': {
    en: 'Appended to {partition} at offset {offset} by the leader (leader epoch {epoch}).',
    'zh-CN': 'leader 将其追加到 {partition} 的 offset {offset}（leader epoch {epoch}）。',
  },
  'kafka.replicated': {
    en: '{broker} fetched it into its replica of {partition} (from offset {offset}).',
    'zh-CN': '{broker} 把它拉取到自己的 {partition} 副本（从 offset {offset} 起）。',
  },
  'kafka.committed': {
    en: 'Committed: the high watermark of {partition} moved past it (HW {hw}).',
    'zh-CN': '已提交：{partition} 的 HW 越过了它（HW {hw}）。',
  },
  'kafka.acked': {
    en: 'The producer got the acknowledgement ({partition}, offset {offset}).',
    'zh-CN': 'producer 收到确认（{partition}，offset {offset}）。',
  },
  'kafka.ackedAcks0': {
    en: 'acks=0: counted as sent to {partition} the moment it left the producer.',
    'zh-CN': 'acks=0：消息离开 producer 的那一刻就算发送到 {partition} 成功。',
  },
  'kafka.sendFailed': {
    en: 'The send to {partition} failed: {error}.',
    'zh-CN': '发送到 {partition} 失败：{error}。',
  },
  'kafka.closedWhileAllocating': {
    en: 'send() was waiting for buffer memory when the producer was closed, and failed with KafkaException "Producer closed while allocating memory": it was never sent.',
    'zh-CN': '生产者关闭时 send() 正在等待缓冲区内存，以 KafkaException“Producer closed while allocating memory”失败：这条消息从未发出。',
  },
  'kafka.bufferExhausted': {
    en: 'send() waited {ms} ms for buffer memory (buffer.memory = {memory} bytes, all held by batches not yet acknowledged) and failed with BufferExhaustedException: it was never sent.',
    'zh-CN': 'send() 等待缓冲区内存 {ms} ms（buffer.memory = {memory} 字节，全被尚未确认的批次占用），以 BufferExhaustedException 失败：这条消息从未发出。',
  },
  'kafka.consumed': {
    en: '{consumer} processed it from {partition} (fetch from offset {offset}).',
    'zh-CN': '{consumer} 从 {partition} 消费并处理了它（本次拉取起始 offset {offset}）。',
  },
  'kafka.truncated': {
    en: '{broker} truncated {partition} at offset {offset}, removing it from that replica.',
    'zh-CN': '{broker} 在 offset {offset} 处截断了 {partition}，该副本上的这条记录被删除。',
  },
  // ----- event log lines (the kind beside them keeps its real name) -----
  'kafka.log.coordinator': {
    en: '{broker} is now the group coordinator for {group}',
    'zh-CN': '{broker} 成为消费组 {group} 的协调器',
  },
  'kafka.log.rebalanceJoined': {
    en: 'group {group} rebalancing: {member} joined',
    'zh-CN': '消费组 {group} 开始 rebalance：{member} 加入',
  },
  'kafka.log.rebalanceRevoked': {
    en: 'group {group} rebalancing again: {member} gave up partitions that move and rejoined (cooperative rebalancing, second round)',
    'zh-CN': '消费组 {group} 再次 rebalance：{member} 交出了要迁移的分区并重新加入（协作式 rebalance 的第二轮）',
  },
  'kafka.log.partitionsRevoked': {
    en: '{consumer} revokes {partitions}: the new assignment gives them to another member, which gets them in the next round; their offsets are not committed now',
    'zh-CN': '{consumer} 撤销 {partitions}：新的分配把它们交给另一个成员，下一轮才会分给它；这些分区的 offset 此时不会提交',
  },
  'kafka.log.rebalanceLeft': {
    en: 'group {group} rebalancing: {member} left the group',
    'zh-CN': '消费组 {group} 开始 rebalance：{member} 离开了消费组',
  },
  'kafka.log.rebalanceExpired': {
    en: 'group {group} rebalancing: {member} no heartbeat for {ms} ms (session.timeout.ms)',
    'zh-CN': '消费组 {group} 开始 rebalance：{member} 已 {ms} ms 没有心跳（session.timeout.ms）',
  },
  'kafka.log.rebalanceCompleted': {
    en: 'generation {generation}: {assignment}',
    'zh-CN': 'generation {generation} 的分配结果：{assignment}',
  },
  'kafka.log.rebalanceCompletedIdle': {
    en: 'generation {generation}: {assignment} (idle: {idle})',
    'zh-CN': 'generation {generation} 的分配结果：{assignment}（空闲的消费者：{idle}）',
  },
  'kafka.log.memberLeft': {
    en: '{member} removed from group {group}: left the group',
    'zh-CN': '{member} 主动离开，已从消费组 {group} 中移除',
  },
  'kafka.log.memberExpired': {
    en: '{member} removed from group {group}: no heartbeat for {ms} ms (session.timeout.ms)',
    'zh-CN': '{member} 已 {ms} ms 没有心跳（session.timeout.ms），被移出消费组 {group}',
  },
  'kafka.log.truncation': {
    en: '{broker} truncated {partition} from {from} to {to} ({count} records)',
    'zh-CN': '{broker} 把 {partition} 从 {from} 截断到 {to}（删除 {count} 条记录）',
  },
  'kafka.log.haltNoTruncation': {
    en: '{broker} halts: it is ahead of leader {leader} on {partition} ({leo} > {leaderLeo}) and unclean leader election is off, so it may not truncate (0.8: Runtime.halt)',
    'zh-CN': '{broker} 立即停机：它在 {partition} 上领先于 leader {leader}（{leo} > {leaderLeo}），而 unclean leader election 已关闭，不允许截断（0.8：Runtime.halt）',
  },
  'kafka.log.exitNoTruncation': {
    en: '{broker} exits: it is ahead of leader {leader} on {partition} ({leo} > {leaderLeo}) and unclean leader election is off, so it may not truncate (0.11: FatalExitError, then a clean shutdown)',
    'zh-CN': '{broker} 退出：它在 {partition} 上领先于 leader {leader}（{leo} > {leaderLeo}），而 unclean leader election 已关闭，不允许截断（0.11：FatalExitError，随后正常关闭）',
  },
  'kafka.log.fencedReregistered': {
    en: 'controller fenced {broker}: registered again after a restart',
    'zh-CN': 'controller 将 {broker} 置为 fenced：它重启后重新注册',
  },
  'kafka.log.fencedShutdown': {
    en: 'controller fenced {broker}: controlled shutdown',
    'zh-CN': 'controller 将 {broker} 置为 fenced：受控关闭（controlled shutdown）',
  },
  'kafka.log.fencedExpired': {
    en: 'controller fenced {broker}: no heartbeat for {ms} ms (broker.session.timeout.ms)',
    'zh-CN': 'controller 将 {broker} 置为 fenced：已 {ms} ms 没有心跳（broker.session.timeout.ms）',
  },
  'kafka.log.duplicateRegistration': {
    en: 'controller refused the registration of restarted {broker} (DUPLICATE_BROKER_REGISTRATION): its old session lasts until {ms} ms without a heartbeat (broker.session.timeout.ms)',
    'zh-CN': 'controller 拒绝了重启后的 {broker} 的注册（DUPLICATE_BROKER_REGISTRATION）：它的旧会话要到 {ms} ms 没有心跳（broker.session.timeout.ms）才失效',
  },
  'kafka.log.controlledShutdown': {
    en: 'controller moves leadership away from {broker} and removes it from every ISR (controlled shutdown)',
    'zh-CN': 'controller 把 {broker} 上的 leader 迁走，并把它移出所有 ISR（受控关闭，controlled shutdown）',
  },
  'kafka.log.unfenced': {
    en: 'controller unfenced {broker}',
    'zh-CN': 'controller 解除了 {broker} 的 fenced 状态',
  },
  'kafka.log.electedFromIsr': {
    en: '{partition}: {broker} elected leader (epoch {epoch}) from the ISR',
    'zh-CN': '{partition}：从 ISR 中选出 {broker} 作为 leader（epoch {epoch}）',
  },
  'kafka.log.uncleanElection': {
    en: '{partition}: unclean election of out-of-sync replica {broker} (epoch {epoch})',
    'zh-CN': '{partition}：unclean 选举，不在 ISR 中的副本 {broker} 成为 leader（epoch {epoch}）',
  },
  'kafka.log.offline': {
    en: '{partition}: offline, no live ISR member (ISR {isr})',
    'zh-CN': '{partition}：分区离线，ISR 中没有存活的副本（ISR {isr}）',
  },
  'kafka.log.notEnoughReplicas': {
    en: '{partition}: ISR {isr} is smaller than min.insync.replicas={min}; produce rejected',
    'zh-CN': '{partition}：ISR {isr} 的副本数小于 min.insync.replicas={min}，拒绝写入',
  },
  'kafka.log.notEnoughReplicasAfterAppend': {
    en: '{partition}: appended and committed but the ISR shrank below min.insync.replicas',
    'zh-CN': '{partition}：消息已追加并提交，但 ISR 已缩小到 min.insync.replicas 以下',
  },
  'kafka.log.isrExpand': {
    en: '{partition}: {broker} caught up; ISR expands to {isr}',
    'zh-CN': '{partition}：{broker} 已追上 leader，ISR 扩大为 {isr}',
  },
  'kafka.log.isrShrink': {
    en: '{partition}: ISR shrinks from {from} to {to} ({removed} behind for over {ms} ms)',
    'zh-CN': '{partition}：ISR 从 {from} 收缩为 {to}（{removed} 落后超过 {ms} ms）',
  },
  'kafka.log.batchError': {
    en: '{producer}: {partition} batch of {count} failed with {error}',
    'zh-CN': '{producer}：发往 {partition} 的批次（{count} 条）出错：{error}',
  },
  'kafka.log.sendFailed': {
    en: '{producer}: {count} records to {partition} failed: {status}',
    'zh-CN': '{producer}：发往 {partition} 的 {count} 条记录发送失败：{status}',
  },
  'kafka.log.epochBump': {
    en: '{producer}: sequence gap on {partition}; producer epoch bumped to {epoch}, its unfinished batches re-sequenced from 0',
    'zh-CN': '{producer}：{partition} 的序列号出现空洞；producer epoch 升至 {epoch}，未完成的批次从序列号 0 重新编号',
  },
  'kafka.log.expired': {
    en: '{producer}: Expiring {count} record(s) for {partition}:{ms} ms has passed since batch creation',
    'zh-CN': '{producer}：{partition} 的 {count} 条记录过期（TimeoutException）：批次创建后已过 {ms} ms',
  },
  // 0.11-2.0 (ProducerBatch.maybeExpire): a batch waiting in the accumulator past request.timeout.ms.
  'kafka.log.expiredSinceAttempt': {
    en: '{producer}: Expiring {count} record(s) for {partition}: {ms} ms has passed since last attempt plus backoff time',
    'zh-CN': '{producer}：{partition} 的 {count} 条记录过期（TimeoutException）：上次尝试加退避时间之后已过 {ms} ms',
  },
  'kafka.log.expiredSinceAppend': {
    en: '{producer}: Expiring {count} record(s) for {partition}: {ms} ms has passed since last append',
    'zh-CN': '{producer}：{partition} 的 {count} 条记录过期（TimeoutException）：最后一次追加之后已过 {ms} ms',
  },
  'kafka.log.expiredSinceCreation': {
    en: '{producer}: Expiring {count} record(s) for {partition}: {ms} ms has passed since batch creation plus linger time',
    'zh-CN': '{producer}：{partition} 的 {count} 条记录过期（TimeoutException）：批次创建加 linger 时间之后已过 {ms} ms',
  },
  'kafka.log.producerClosing': {
    en: '{producer}: close() called; sending the {batches} batch(es) it has buffered now (no more linger.ms) and waiting for {requests} request(s) in flight before it stops',
    'zh-CN': '{producer}：调用了 close()；立即发送缓冲中的 {batches} 个批次（不再等待 linger.ms），并等待 {requests} 个在途请求完成后才停止',
  },
  'kafka.log.closedWhileAllocating': {
    en: '{producer}: {count} send(s) blocked for buffer memory failed with KafkaException when the producer closed (Producer closed while allocating memory)',
    'zh-CN': '{producer}：{count} 次因等待缓冲区内存而阻塞的发送在生产者关闭时以 KafkaException 失败（Producer closed while allocating memory）',
  },
  'kafka.log.bufferExhausted': {
    en: '{producer}: {count} send(s) failed with BufferExhaustedException: no buffer memory within max.block.ms = {ms} ms (buffer.memory = {memory} bytes)',
    'zh-CN': '{producer}：{count} 次发送以 BufferExhaustedException 失败：max.block.ms = {ms} ms 内没有可用的缓冲区内存（buffer.memory = {memory} 字节）',
  },
  'kafka.log.offsetReset': {
    en: '{consumer}: {partition} offset {offset} is past the leader\'s log end; position reset to {reset}',
    'zh-CN': '{consumer}：{partition} 的 offset {offset} 超出了 leader 的日志末尾，消费位置重置为 {reset}',
  },
  'kafka.log.truncationDetected': {
    en: '{consumer}: truncation detected in {partition}: the new leader\'s log diverges from the one read below offset {offset} (its leader epoch {epoch} ends at {reset} there); position reset to {reset} (KIP-320)',
    'zh-CN': '{consumer}：在 {partition} 中检测到截断：新 leader 的日志在 offset {offset} 之前就与已读取的日志分叉（leader epoch {epoch} 在那里止于 {reset}），消费位置重置为 {reset}（KIP-320）',
  },
};

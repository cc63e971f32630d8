import type { PrngState } from '../core/prng';
import type { StoredRecord } from './record';

/**
 * The Kafka model's state and wire messages. Everything is plain data (checkpoints deep-copy it);
 * what grows with the number of messages lives in the replicas' log files, not here.
 */

/** One record in a partition log (a file entry; stored packed, see record.ts). Immutable once written. */
export interface KRecord {
  /** Application message id. */
  id: number;
  key: number;
  /** Leader epoch of the leader that appended it. */
  epoch: number;
  /** Idempotent producer id and sequence, -1 when the producer is not idempotent. */
  pid: number;
  /** Producer epoch: bumped after a fatal sequence error (KIP-360) to start sequences afresh. */
  pe: number;
  seq: number;
}

/** The controller's record of one partition (KRaft PartitionRecord). Replaced, never mutated. */
export interface PartMeta {
  name: string;
  index: number;
  replicas: string[];
  leader: string | null;
  leaderEpoch: number;
  /** Bumped by every change of the record (PartitionRegistration.partitionEpoch); AlterPartition must name it. */
  partitionEpoch: number;
  isr: string[];
}

export interface Metadata {
  version: number;
  parts: PartMeta[];
  fenced: string[];
  /** Brokers in controlled shutdown (BrokerRegistration.inControlledShutdown): not leaders, not ISR-eligible. */
  shuttingDown: string[];
}

export interface ControllerState {
  meta: Metadata;
  lastHeartbeat: Record<string, number>;
  /** Incarnation of each broker's current registration (a restart registers anew). */
  incarnation: Record<string, number>;
  /**
   * The metadata version at each broker's registration (registerBrokerRecordOffset): a fenced broker
   * is unfenced only once its heartbeat reports metadata at least this new (BrokerHeartbeatManager).
   */
  registeredAt: Record<string, number>;
  /** Leader epochs that came from an unclean election, per partition (for loss causes). */
  uncleanEpochs: Record<string, number[]>;
  /** The metadata version each broker reported in its last heartbeat (BrokerHeartbeatState.metadataOffset). */
  reported: Record<string, number>;
  /**
   * The metadata version that completes each broker's controlled shutdown (controlledShutdownOffset),
   * -1 when it is not shutting down.
   */
  shutdownVersion: Record<string, number>;
}

/** Leader-side view of one follower (Partition.scala's remote replica state). */
export interface FollowerView {
  broker: string;
  leo: number;
  lastCaughtUpAt: number;
  lastFetchAt: number;
  lastFetchLeaderLeo: number;
}

export interface ProducerEntry {
  epoch: number;
  lastSeq: number;
  /**
   * The last 5 batches (ProducerStateEntry.NumBatchesToRetain), oldest first, flat: baseSeq,
   * lastSeq, baseOffset for each (one array, not one per batch: it changes with every batch).
   */
  batches: number[];
}

/** One broker's volatile state for a replica it hosts; rebuilt from the log file on restart. */
export interface ReplicaState {
  partition: string;
  role: 'leader' | 'follower' | 'none';
  leader: string | null;
  leaderEpoch: number;
  /** The partition epoch of the record this replica last applied (sent with AlterPartition). */
  partitionEpoch: number;
  hw: number;
  /** Leader epoch cache: [epoch, startOffset] pairs, ascending. */
  epochs: [number, number][];
  isr: string[];
  /** An AlterPartition in flight: the leader counts the larger of the two ISRs (KIP-497). */
  pendingIsr: string[] | null;
  /** One per other replica that fetched or is in the ISR, in the order they became known (a short list, not a record: it is scanned on every fetch). */
  followers: FollowerView[];
  /** 0.11 only: the follower still has to ask for the end offset of its last epoch (KIP-101). */
  epochCheck: boolean;
  /**
   * Follower: the partition is left out of fetches until this time (PartitionFetchState.delay,
   * AbstractFetcherThread.delayPartitions after a partition error); Infinity when it failed
   * (markPartitionFailed on FENCED_LEADER_EPOCH) and waits for metadata with a new leader epoch.
   */
  fetchDelayUntil: number;
  producers: Record<string, ProducerEntry>;
  unflushed: number;
}

export interface ParkedFetch {
  kind: 'replica' | 'consumer';
  deadline: number;
  from: string;
  fid: number;
  /** The request itself (its parts name the partitions it waits on). */
  body: unknown;
}

/** One partition's result in a produce response. */
export interface ProduceRespPart {
  p: string;
  error: string | null;
  baseOffset: number;
}

/**
 * An acks=all request waiting for the HW (DelayedProduce): one response for the whole request,
 * sent once no partition is pending. `resp` holds each partition's result so far; `required[i]`
 * is the offset the HW must reach for `resp[i]`, -1 once that partition is settled.
 */
export interface DelayedProduce {
  rid: number;
  producer: string;
  resp: ProduceRespPart[];
  required: number[];
  pending: number;
  expiresAt: number;
}

export interface FetcherState {
  fid: number;
  inFlight: boolean;
  deadline: number;
  /** The partitions this broker follows on that leader, in replica order (set whenever roles change: kickFetchers). */
  parts: string[];
  /** When a timer to build the next fetch is pending (no partition was ready), its time; else -1. */
  wakeAt: number;
}

export interface BrokerState {
  meta: Metadata | null;
  replicas: Record<string, ReplicaState>;
  /** One fetcher per source broker, as ReplicaFetcherManager keeps one thread per leader. */
  fetchers: Record<string, FetcherState>;
  parked: ParkedFetch[];
  delayed: DelayedProduce[];
  fenced: boolean;
  /** BrokerLifecycleManager: registered with the controller (a restart registers anew). */
  registered: boolean;
  /** Failed registration attempts in a row (the exponential backoff's exponent). */
  regFailures: number;
  /** When the last registration attempt was sent, and when the next is due (-1: none scheduled). */
  regSentAt: number;
  regWakeAt: number;
  /** PENDING_CONTROLLED_SHUTDOWN: heartbeats say wantShutDown; responses received in that state. */
  shuttingDown: boolean;
  shutdownResponses: number;
  /** Deadline timers by kind (sweep.ts). */
  /** Armed sweep times by kind (sweep.ts). */
  sweeps: number[];
}

export interface Batch {
  partition: string;
  ids: number[];
  keys: number[];
  bytes: number;
  createdAt: number;
  baseSeq: number;
  /** The producer epoch its sequence belongs to. */
  pepoch: number;
  attempts: number;
  /** Drained at least once: no more records join it, and its sequence is fixed. */
  sealed: boolean;
  readyAt: number;
  lastError: string | null;
  /** The producer epoch of its last send: a later epoch bump reset its sequence (sequenceHasBeenReset). */
  sentEpoch: number;
  /** Completed (acked, failed or expired); a late response for it is ignored (ProducerBatch.isDone). */
  done: boolean;
  /** Bytes it holds in the producer's buffer pool until it is done (at least batch.size). */
  alloc: number;
  /** The partition's leader epoch in the producer's metadata at its last send (ProducerBatch.currentLeaderEpoch); -1 before. */
  leaderEpoch: number;
}

/** A send() blocked in BufferPool.allocate, waiting for buffer memory (see buffer.ts). */
export interface BufferWaiter {
  id: number;
  key: number;
  seq: number;
  bytes: number;
  /** The partition chosen before it blocked. */
  p: number;
  /** When max.block.ms runs out: BufferExhaustedException. */
  deadline: number;
}

/** One ProduceRequest in flight: at most one batch per partition the broker leads. */
export interface InFlightProduce {
  rid: number;
  batches: Batch[];
  broker: string;
  deadline: number;
}

/** The producer's connection to one broker after it first dropped (producer-conn.ts). */
export interface ProducerConn {
  up: boolean;
  /** A connect is on its way; `attempt` numbers it, so a late answer to an older one is ignored. */
  connecting: boolean;
  attempt: number;
  /** The current reconnect backoff, and when the next attempt may start. */
  backoffMs: number;
  retryAt: number;
  setupTimeoutMs: number;
}

export interface ProducerState {
  pid: number;
  epoch: number;
  meta: Metadata | null;
  metaInFlight: boolean;
  metaBroker: number;
  /** Not yet sent (or waiting to be retried), per partition number, oldest first. */
  deques: Batch[][];
  /** The next sequence of each partition, by partition number (absent: 0). */
  nextSeq: number[];
  /** Requests awaiting a response, oldest first (request ids only grow, so also in id order). */
  inFlight: InFlightProduce[];
  /** Requests in flight by broker number (broker-3 at 3; absent: none). */
  perBroker: number[];
  /** Connections that have dropped at least once, by broker (absent: connected since the start). */
  conns: Record<string, ProducerConn>;
  sticky: number;
  /** Bytes produced to the sticky partition since it was picked (StickyPartitionInfo.producedBytes). */
  stickyBytes: number;
  /** Before 2.4: the round-robin counter for null-key records (DefaultPartitioner's per-topic AtomicInteger). */
  nullKeyCounter: number;
  /**
   * The producer epoch each partition's sequences belong to (TxnPartitionEntry.producerIdAndEpoch),
   * by partition number (absent: 0). These are arrays by number because a record read by a varying
   * name is a slow (megamorphic) lookup, and the Sender reads them for every batch.
   */
  partEpoch: number[];
  rng: PrngState;
  wakeAt: number;
  retries: number;
  /** Armed sweep times by kind (sweep.ts). */
  sweeps: number[];
  /** Buffer memory held by batches not yet done (buffer.memory is the most). */
  bufferUsed: number;
  /** Sends waiting for buffer memory, in the order they blocked (BufferPool.waiters), from index `waitHead` on. */
  waiting: BufferWaiter[];
  waitHead: number;
  /** KafkaProducer.close() was called: no new sends, every queued batch sendable now (close.ts). */
  closing: boolean;
}

export interface ConsumerState {
  /** This instance's member id in the group (newMemberId). */
  memberId: string;
  phase: 'unjoined' | 'joining' | 'stable';
  /** Looking for the coordinator (FindCoordinator in flight); membership is kept meanwhile. */
  finding: boolean;
  coordinator: string | null;
  generation: number;
  assigned: string[];
  /**
   * The fetch position of each assigned partition, by partition number (orders-7 at 7; absent for
   * a partition not assigned): arrays, because a record read by a varying partition name is a slow
   * (megamorphic) lookup, and the fetch path reads these for every partition of every response.
   */
  positions: number[];
  /**
   * KIP-320 (2.x and 4.x; -1 everywhere on older releases), per assigned partition, beside its
   * position (SubscriptionState.FetchPosition): `offsetEpochs` is offsetEpoch, the leader epoch of
   * the last record consumed or of the committed offset, -1 when unknown (Optional.empty(), as
   * after an auto.offset.reset); `leaderEpochs` is currentLeader.epoch, the leader epoch the
   * position was last checked against, sent in each fetch as currentLeaderEpoch; `validateAt` is
   * -1 in FETCHING, and in AWAIT_VALIDATION the time from which an OffsetsForLeaderEpoch may be
   * sent (nextRetryTimeMs). `validating` counts the partitions in AWAIT_VALIDATION, `checkedMeta`
   * is the metadata version the positions were last checked against (-1: check again).
   */
  offsetEpochs: number[];
  leaderEpochs: number[];
  validateAt: number[];
  validating: number;
  checkedMeta: number;
  meta: Metadata | null;
  metaInFlight: boolean;
  metaBroker: number;
  /** By broker number (broker-3 at 3): the id of the fetch in flight there, and its request.timeout.ms deadline. */
  fetching: number[];
  fetchDeadline: number[];
  /** Armed sweep times by kind (sweep.ts). */
  sweeps: number[];
  /** When the oldest heartbeat not yet answered was sent, -1 if none (its request.timeout.ms runs from then). */
  hbPendingSince: number;
  lastHbReplyAt: number;
  /** ConsumerCoordinator.nextAutoCommitTimer: when the next auto-commit is due (the first poll from then commits). */
  autoCommitAt: number;
}

export interface MemberState {
  /** Its last heartbeat, or when its session last restarted (a JoinGroup, a completed join). */
  lastHeartbeatAt: number;
  /** Waiting in JoinGroup for the rebalance to complete (or rejoined already when none is on). */
  joined: boolean;
  /** Joined with no member id and not yet through a completed join (ClassicGroupMember.isNew, KIP-394). */
  isNew: boolean;
  assignment: string[];
  /** What it still owned when it (re)joined (cooperative protocol; empty under eager, which revokes first). */
  owned: string[];
}

/** The group coordinator's volatile state and the committed offsets (see group.ts). */
export interface GroupState {
  coordinator: string | null;
  state: 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';
  generation: number;
  members: Record<string, MemberState>;
  rebalanceDeadline: number;
  /** group.initial.rebalance.delay.ms: the first join of an empty group completes no earlier. */
  delayUntil: number;
  /** InitialDelayedJoin: a member joined generation 0 during the delay (newMemberAdded), and the time left to extend it. */
  newMemberAdded: boolean;
  delayRemaining: number;
  /** Committed offsets (__consumer_offsets), kept as replicated and durable. */
  committed: Record<string, number>;
  /** The leader epoch committed with each offset (OffsetCommit v6+, KIP-320), -1 when none. */
  committedEpochs: Record<string, number>;
  /** Highest offset ever processed per partition, by partition number, to name redeliveries. */
  processedMax: number[];
  previous: Record<string, string[]>;
}

export interface KafkaState {
  topic: string;
  partitions: string[];
  controller: ControllerState;
  brokers: Record<string, BrokerState>;
  producers: Record<string, ProducerState>;
  consumers: Record<string, ConsumerState>;
  group: GroupState;
  /** How many instances of each consumer have started (its member id tells them apart, consumer.ts). */
  consumerInstances: Record<string, number>;
  nextId: number;
  /** Event counts by real name (IsrShrinksPerSec, UncleanLeaderElectionsPerSec, ...). */
  counters: Record<string, number>;
}

/** One partition's batch in a ProduceRequest (the arrays are the batch's own, never changed after sealing). */
export type ProducePart = { p: string; ids: number[]; keys: number[]; pepoch: number; baseSeq: number };

export type FetchPart = { p: string; offset: number; epoch: number; lastEpoch: number; epochCheck?: boolean };
export type FetchRespPart = {
  p: string;
  /** The leader epoch the request carried for this partition (tells a stale answer from a current one). */
  epoch: number;
  error: string | null;
  records: StoredRecord[];
  hw: number;
  leo: number;
  diverging?: { epoch: number; endOffset: number };
  epochEnd?: number;
};

export type KafkaBody =
  | { type: 'heartbeat'; broker: string; inc: number; version: number; wantShutDown: boolean }
  | { type: 'heartbeatResp'; error: string | null; fenced: boolean; shutDown: boolean; meta: Metadata | null }
  | { type: 'alterPartition'; partition: string; leaderEpoch: number; partitionEpoch: number; isr: string[] }
  | { type: 'alterPartitionResp'; partition: string; error: string; isr: string[] }
  | { type: 'metadata'; meta: Metadata }
  | { type: 'controlledShutdown'; broker: string }
  | { type: 'replicaFetch'; fid: number; parts: FetchPart[] }
  | { type: 'replicaFetchResp'; fid: number; parts: FetchRespPart[] }
  | { type: 'produce'; rid: number; acks: string; pid: number; timeoutMs: number; parts: ProducePart[] }
  | { type: 'produceResp'; rid: number; parts: ProduceRespPart[] }
  | { type: 'metadataReq' }
  /** A client reconnecting after its connection dropped (producer-conn.ts); the broker accepts it. */
  | { type: 'connect'; attempt: number }
  | { type: 'connectResp'; attempt: number }
  /** Not a request: the kernel of a dead broker's host closing its connection (connections.ts). */
  | { type: 'closed' }
  | { type: 'metadataResp'; meta: Metadata | null }
  | { type: 'findCoordinator' }
  | { type: 'findCoordinatorResp'; coordinator: string | null }
  /**
   * `owned`: the subscription's ownedPartitions (cooperative protocol only). `reason` (KIP-800): a
   * member that gave up partitions after a cooperative round rejoins with 'revoked'.
   */
  | { type: 'joinGroup'; member: string; owned: string[]; reason: 'revoked' | null }
  | { type: 'joinResp'; error: string | null; generation: number; assignment: string[]; committed: Record<string, number>; committedEpochs: Record<string, number> }
  | { type: 'groupHeartbeat'; member: string; generation: number }
  | { type: 'groupHeartbeatResp'; error: string | null }
  | { type: 'offsetCommit'; member: string; generation: number; offsets: Record<string, number>; epochs: Record<string, number>; auto: boolean }
  | { type: 'offsetCommitResp'; error: string | null; generation: number; auto: boolean }
  | { type: 'leaveGroup'; member: string }
  /** `epoch`: currentLeaderEpoch (KIP-320), -1 when the consumer sends none (before 2.1, or unknown). */
  | { type: 'fetch'; fid: number; parts: { p: string; offset: number; epoch: number }[] }
  /** `epoch`: the leader epoch of the last record returned (the batch's partitionLeaderEpoch), -1 with no records. */
  | { type: 'fetchResp'; fid: number; parts: { p: string; error: string | null; base: number; ids: number[]; resetTo: number; epoch: number }[] }
  | { type: 'offsetsForLeaderEpoch'; vid: number; parts: EpochQuery[] }
  | { type: 'offsetsForLeaderEpochResp'; vid: number; parts: EpochAnswer[] };

/**
 * One partition of a consumer's OffsetsForLeaderEpoch request (OffsetsForLeaderEpochClient): the
 * epoch of its position (leaderEpoch) and the leader epoch it knows (currentLeaderEpoch). `offset`
 * is the rest of the position the request was made for, which the real client keeps beside the
 * request; here the answer carries the query back, so the consumer can tell a stale answer.
 */
export type EpochQuery = { p: string; offset: number; leaderEpoch: number; currentLeaderEpoch: number };
/** The answer: the end offset of the largest epoch <= the one asked for (-1, -1: UNDEFINED), or an error. */
export type EpochAnswer = { q: EpochQuery; error: string | null; leaderEpoch: number; endOffset: number };

import { CowList } from '../core/cowlist';
import type { PrngState } from '../core/prng';
import type { DownCause } from '../core/types';
import type { StoredEntry } from './entry';
import { intern, rocketmqGroupName } from '../scenario/topology';

/** One message in a CommitLog: every topic's messages of the broker in arrival order. */
export interface CLEntry {
  /** Application message id. */
  id: number;
  /** Topic kind: TOPIC_MAIN, TOPIC_RETRY, TOPIC_DLQ or TOPIC_SCHEDULE. */
  t: number;
  /** Queue id within the topic (for SCHEDULE_TOPIC_XXXX: delay level - 1). */
  q: number;
  /** Key index, -1 for none. */
  k: number;
  /** reconsumeTimes. */
  r: number;
  /** storeTimestamp. */
  at: number;
  /** DLedger term of the entry (0 outside DLedger). */
  term: number;
}

/** A send held by the master until its group commit and/or slave ack complete. */
export interface Waiter {
  producer: string;
  req: number;
  id: number;
  idx: number;
  q: number;
  qOffset: number;
  needFlush: boolean;
  needSlave: boolean;
  /** FLUSH_SLAVE_TIMEOUT (or DLedger's quorum wait) deadline. */
  deadline: number;
  status: string;
}

/** The master's side of one slave's HA connection (HAConnection). */
export interface HaConn {
  inc: number;
  /** Entries the slave reported having (push2SlaveMaxOffset). */
  ackLen: number;
  /** Next entry to transfer (nextTransferFromWhere). */
  nextPush: number;
  lastReadAt: number;
  /** Controller mode (AutoSwitchHAConnection.updateLastTransferInfo): the master's length and time at the last transfer. */
  lastMasterMax?: number;
  lastTransferAt?: number;
}

export interface HeldPull {
  consumer: string;
  seq: number;
  offset: number;
  at: number;
}

/** VoteResponse.RESULT (openmessaging/dledger 0.3.1.2). */
export type VoteResult =
  | 'UNKNOWN' | 'ACCEPT' | 'REJECT_EXPIRED_VOTE_TERM' | 'REJECT_ALREADY_VOTED' | 'REJECT_ALREADY_HAS_LEADER'
  | 'REJECT_TERM_NOT_READY' | 'REJECT_TERM_SMALL_THAN_LEDGER' | 'REJECT_EXPIRED_LEDGER_TERM' | 'REJECT_SMALL_LEDGER_END_INDEX';
/** VoteResponse.ParseResult. */
export type ParseResult = 'WAIT_TO_REVOTE' | 'REVOTE_IMMEDIATELY' | 'PASSED' | 'WAIT_TO_VOTE_NEXT';

/** One maintainAsCandidate round's tallies (allNum, validNum, acceptedNum, ...). */
export interface VoteRound {
  seq: number; term: number; all: number; valid: number; accepted: number; notReady: number; bigger: number;
  hasLeader: boolean; knownMax: number;
}

/** One sendHeartbeats round's tallies. */
export interface BeatRound {
  seq: number; term: number; all: number; succ: number; notReady: number; maxTerm: number; inconsistent: boolean;
}

/** DLedger MemberState plus DLedgerLeaderElector's fields; term and votedFor are also in the currterm file. */
export interface RaftState {
  /** currTerm: moves only in nextTerm. */
  term: number;
  /** currVoteFor. */
  votedFor: string | null;
  role: 'leader' | 'follower' | 'candidate';
  leader: string | null;
  /** knownMaxTermInGroup: the highest term heard, adopted by the next nextTerm. */
  knownMaxTerm: number;
  /** lastLeaderHeartBeatTime. */
  lastHeartbeatAt: number;
  lastSendBeatAt: number;
  lastSuccBeatAt: number;
  lastParse: ParseResult;
  /** nextTimeToRequestVote. */
  nextVoteAt: number;
  /** needIncreaseTermImmediately. */
  needIncrease: boolean;
  /** The vote or heartbeat round whose latch the StateMaintainer thread waits on. */
  round: VoteRound | null;
  beat: BeatRound | null;
  rpcSeq: number;
  /** Leader: per follower, entries known to match (matchIndex as a length) and the next to send. */
  match: Record<string, number>;
  next: Record<string, number>;
  pushArmed: boolean;
  /** Entries known committed (a length). */
  committed: number;
  /** The latest StateMaintainer wake-up (older timers are stale). */
  electSeq: number;
}

/** A broker's volatile (in-memory) state: cleared when its process dies, rebuilt from files. */
export interface BrokerState {
  g: number;
  brokerId: number;
  up: boolean;
  /** ConsumeQueues "t:q" -> CommitLog indexes, built by the reput service from the CommitLog. */
  cq: Record<string, CowList<number>>;
  /** CommitLog entries already dispatched to ConsumeQueues. */
  dispatched: number;
  lastThoroughFlushAt: number;
  /** A GroupCommitService pass (SYNC_FLUSH) or, under DLedger, a FlushDataService pass is pending. */
  groupCommitArmed: boolean;
  waiting: Waiter[];
  waitScanArmed: boolean;
  ha: Record<string, HaConn>;
  haSeq: number;
  held: Record<string, HeldPull[]>;
  members: Record<string, number>;
  /** Open consumer channels (see channels.ts): consumer -> its last read or write. */
  channels: Record<string, ConsumerChannel>;
  channelSeq: number;
  locks: Record<string, { client: string; at: number }>;
  offsets: Record<string, number>;
  scheduleOffsets: number[];
  puts: number;
  gets: number;
  metricPuts: number;
  metricGets: number;
  raft: RaftState | null;
  /** 5.x controller mode: ReplicasManager and AutoSwitchHAService state (null outside controller mode). */
  ctl: ReplicaState | null;
}

/** The broker side of controller mode (ReplicasManager + AutoSwitchHAService), volatile. */
export interface ReplicaState {
  /** ReplicasManager.masterEpoch: the newest MasterEpoch this broker acted on (0 after a restart). */
  masterEpoch: number;
  /** The group's master as this broker knows it (itself when master). */
  master: string | null;
  ssEpoch: number;
  /** The SyncStateSet (broker nodes) the master works with. */
  sss: string[];
  /** AutoSwitchHAService.connectionCaughtUpTimeTable: slave -> last time it was caught up. */
  caughtUp: Record<string, number>;
  /** Master: the checkSyncStateSet task's generation (older timers are stale). */
  checkSeq: number;
  /** Slave: the confirmOffset the master's last transfer header carried (AutoSwitchHAClient), in entries. */
  confirm: number;
}

/** The controller's view of one broker group (SyncStateInfo + BrokerReplicaInfo). */
export interface CtlGroup {
  master: string | null;
  masterEpoch: number;
  ssEpoch: number;
  sss: string[];
}

/** DefaultBrokerHeartbeatManager's BrokerLiveInfo. */
export interface CtlLive {
  last: number;
  epoch: number;
  maxOffset: number;
}

export interface ControllerState {
  groups: Record<string, CtlGroup>;
  live: Record<string, CtlLive>;
}

export interface NsState {
  /** Broker node -> last registration time (BrokerLiveInfo.lastUpdateTimestamp). */
  live: Record<string, number>;
  /** Group index -> brokerId -> node (BrokerData.brokerAddrs), plus whether queue data exists. */
  groups: Record<string, { addrs: Record<string, string>; queues: boolean }>;
}

/** A client's cached TopicRouteData: group index -> brokerId -> broker node. */
export type ClientRoute = Record<string, Record<string, string>>;

export interface RouteClient {
  route: ClientRoute | null;
  nsIndex: number;
  routeSeq: number;
  routeAwait: boolean;
  routeTries: number;
}

export interface PendingSend {
  id: number;
  k: number;
  deadline: number;
  attempts: number;
  maxAttempts: number;
  lastGroup: number;
  attemptStart: number;
  req: number;
  broker: string;
  selector: boolean;
  lastError: string;
  /** Sync: the status of a stored but not SEND_OK answer that was resent (retryAnotherBrokerWhenNotStoreOK); '' if none.
   * sendDefaultImpl returns that SendResult if no later attempt succeeds. */
  notOk: string;
  /** The queueId of the first attempt: an async retry (onExceptionImpl) resends the same request, so the same queueId. */
  q: number;
}

export interface ProducerState extends RouteClient {
  publish: number[];
  /** TopicPublishInfo.sendWhichQueue (a ThreadLocalIndex: random start, masked to 31 bits). */
  sendWhichQueue: number;
  /** The producer's own random stream: a new TopicPublishInfo (route change) starts a new random index. */
  rng: PrngState;
  /** Group index -> time the broker becomes available again (FaultItem.startTimestamp). */
  faultUntil: Record<string, number>;
  /** Group index -> FaultItem.currentLatency (pickOneAtLeast sorts by it). */
  faultLatency: Record<string, number>;
  /** 5.x: group index -> !FaultItem.reachableFlag (absent: no fault item, reachable). */
  faultUnreachable: Record<string, boolean>;
  /** LatencyFaultToleranceImpl.whichItemWorst (a ThreadLocalIndex). */
  whichItemWorst: number;
  /** Brokers whose channel the kernel has closed (a new connect is needed); a list, as it is nearly always empty. */
  closed: string[];
  /** Sends waiting for their outcome, in id (and deadline) order: see pending.ts. */
  pending: PendingSend[];
  waitingRoute: number[];
  scanArmedAt: number;
  reqSeq: number;
}

/** A consumer's ProcessQueue for one message queue. */
export interface ProcessQueue {
  t: number;
  g: number;
  q: number;
  /** Offset of the next pull (nextOffset). */
  next: number;
  /** Offset the consumer would commit: the smallest still in flight. */
  committed: number;
  ready: boolean;
  pulling: boolean;
  pullSeq: number;
  pullDeadline: number;
  pullBroker: string;
  /** Orderly: the queue lock on the master and when it was last confirmed. */
  locked: boolean;
  lockAt: number;
  /** Orderly: messages pulled but not yet consumed, in queue order, with their reconsumeTimes (local retries). */
  buffer: { e: StoredEntry; off: number; r: number }[];
  blocked: boolean;
  /** Orderly: a tryLockLaterAndReconsume cycle is under way; its timers carry relockSeq (stale ones are ignored). */
  relocking: boolean;
  relockSeq: number;
  /** Concurrent: messages being retried locally after a failed sendBack (offset -> entry). */
  inFlight: number[];
}

export interface ConsumerState extends RouteClient {
  pqs: Record<string, ProcessQueue>;
  seq: number;
  rebalanceSeq: number;
  /** BROADCASTING: offsets read back from the local offsets file at start. */
  localOffsets: Record<string, number>;
  /** 5.x: a rebalanceLater is pending (a new orderly queue's lock failed). */
  rebalanceLaterArmed: boolean;
  /** RebalanceService's wait: the periodic timer carrying this number is the live one (a wakeup restarts it). */
  rebalanceTimerSeq: number;
  /** When the last rebalance ran (5.x RebalanceService.lastRebalanceTimestamp). */
  lastRebalanceAt: number;
  /** MQClientInstance's random: which broker is asked for the member list (findBrokerAddrByTopic). */
  rng: PrngState;
  /** Failed consumptions being sent back, by request seq (consumer.ts trySendBack). */
  sendBacks: Record<number, PendingSendBack>;
  /** The inner producer's (CLIENT_INNER_PRODUCER) sendWhichQueue counter over the %RETRY% topic's queues. */
  innerSendWhich: number;
}

/**
 * A failed message on its way back to the broker: stage 0 is CONSUMER_SEND_MSG_BACK to the queue's master,
 * 1..3 the attempts of the client's inner producer sending it to %RETRY%<group> itself, started at t0 and
 * last sent to group g.
 */
export interface PendingSendBack {
  key: string;
  off: number;
  entry: StoredEntry;
  r: number;
  stage: number;
  t0: number;
  g: number;
  /** Sent by ConsumeMessageOrderlyService.sendMessageBack (maxReconsumeTimes reached): the header carries r, not r + 1. */
  ord: boolean;
}

export interface RmqState {
  brokerNodes: string[];
  nsNodes: string[];
  ns: Record<string, NsState>;
  brokers: Record<string, BrokerState>;
  producers: Record<string, ProducerState>;
  consumers: Record<string, ConsumerState>;
  /** Per message id: index in brokerNodes of the broker that first stored it, -1 if none. */
  storedAt: CowList<number>;
  /** Per broker: how its process last went down (null while it never did). */
  lastDown: Record<string, DownCause | null>;
  /** Ids truncated from a DLedger log on rejoin (sparse). */
  truncated: Map<number, string>;
  /**
   * The highest queue offset consumed so far per message queue (per consumer and queue in
   * BROADCASTING): a message consumed again at or below it was redelivered by a restart from an
   * older stored offset. For explanations only; no client knows it.
   */
  consumedMax: Record<string, number>;
  /** 5.x controller mode: the controller's state (null otherwise). */
  controller: ControllerState | null;
  consumeRng: PrngState;
  raftRng: PrngState;
  producerRng: PrngState;
}

/*
 * Queue keys and names are looked up on every send, pull and delivery. Building them with a template
 * each time allocates a fresh string and rehashes it; they depend only on small integers, so they are
 * built once, internalised (compared by pointer) and reused (a pure cache of constants, not model state).
 */
const keyCache: string[][] = [];
const nameCache: string[][][] = [];

/** The broker's end of a consumer's connection. */
export interface ConsumerChannel {
  /** The last time anything was read from or written to it (IdleStateHandler's lastReadTime / lastWriteTime). */
  at: number;
  /** Tells this channel's idle timer from one of an earlier channel of the same consumer. */
  seq: number;
}

/** A broker-side queue key "t:q" (ConsumeQueue, held pulls, consumer offsets, locks). */
export function mqKey(t: number, q: number): string {
  const row = (keyCache[t] ??= []);
  return (row[q] ??= intern(`${t}:${q}`));
}

/** A consumer-side queue name: broker-a:0 for the workload topic, %RETRY%@broker-a:0 for retries. */
export function mqName(t: number, g: number, q: number): string {
  const row = ((nameCache[t] ??= [])[g] ??= []);
  return (row[q] ??= intern(buildMqName(t, g, q)));
}

function buildMqName(t: number, g: number, q: number): string {
  const group = rocketmqGroupName(g);
  return t === 0 ? `${group}:${q}` : t === 1 ? `%RETRY%@${group}:${q}` : `t${t}@${group}:${q}`;
}

export function newBrokerState(g: number, brokerId: number): BrokerState {
  return {
    g, brokerId, up: false, cq: {}, dispatched: 0, lastThoroughFlushAt: 0, groupCommitArmed: false, waiting: [],
    waitScanArmed: false, ha: {}, haSeq: 0, held: {}, members: {}, channels: {}, channelSeq: 0, locks: {}, offsets: {},
    scheduleOffsets: [], puts: 0, gets: 0, metricPuts: 0, metricGets: 0, raft: null, ctl: null,
  };
}

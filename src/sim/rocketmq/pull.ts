import type { Envelope } from '../core/types';
import type { CowList } from '../core/cowlist';
import { keepFirst } from '../core/arrays';
import { appendEntry, truncateFile, type FileState } from '../core/storage';
import {
  BROKER_SUSPEND_MAX_MS, CLIENT_CHANNEL_EXPIRED_MS, PULL_BATCH_SIZE, REBALANCE_LOCK_MAX_LIVE_MS, SLAVE_SYNC_INTERVAL_MS,
} from './constants';
import { commitLog, type RSim } from './store';
import { groupNodes, isMaster, stateIsMaster } from './roles';
import { mqKey, type BrokerState, type HeldPull } from './state';
import type { StoredEntry } from './entry';
import { channelActive, channelClosed } from './channels';

/**
 * The broker's consumer-facing side: PullMessageProcessor with long polling (PullRequestHoldService),
 * ConsumerOffsetManager, ConsumerManager (members by heartbeat) and RebalanceLockManager.
 */
export interface PullBody {
  type: 'pull';
  seq: number;
  t: number;
  q: number;
  offset: number;
  /** Piggy-backed commit offset (commitOffsetEnable), -1 when none. */
  commit: number;
}

const NO_ENTRIES: StoredEntry[] = [];

export function handlePull(sim: RSim, env: Envelope, body: PullBody): void {
  const node = env.dest;
  const b = sim.state.brokers[node];
  channelActive(sim, node, b, env.src);
  // 5.x (RIP-32, 5.0+): PullMessageProcessor.rejectRequest refuses every pull on a broker whose role is SLAVE
  // unless slaveReadEnable (default false): NettyRemotingAbstract answers SYSTEM_BUSY, which the client takes as
  // an exception and pulls again after pullTimeDelayMillsWhenException. So with its master gone, a 5.x group's
  // queues cannot be read from its slave. 4.9.8 has no such check: its slave serves the pull (PullMessageProcessor's
  // SLAVE branch sets PULL_RETRY_IMMEDIATELY, but the store result's code replaces it).
  if (sim.scenario.rocketmq.release === '5.x' && !stateIsMaster(sim, b)) {
    sim.send(node, env.src, { type: 'pullRejected', seq: body.seq, t: body.t, q: body.q, g: b.g });
    return;
  }
  const key = mqKey(body.t, body.q);
  // The commit offset is stored only by a master (PullMessageProcessor: brokerRole != SLAVE).
  if (body.commit >= 0 && stateIsMaster(sim, b)) b.offsets[key] = body.commit;
  const cq = b.cq[key];
  const max = cq === undefined ? 0 : cq.length;
  if (body.offset < max) {
    return answerPull(sim, node, b, commitLog(sim, node).entries, env.src, body.seq, body.t, body.q, body.offset, cq);
  }
  // DefaultMessageStore.getMessage: an offset past the queue's end is OFFSET_OVERFLOW_BADLY (nextBeginOffset =
  // maxOffset, 4.9.4+ and 5.x), an empty queue asked for offset != 0 is NO_MESSAGE_IN_QUEUE (0); PullMessageProcessor
  // answers PULL_OFFSET_MOVED (client: OFFSET_ILLEGAL). Only a broker whose role is not SLAVE corrects offsets
  // (nextOffsetCorrection, offsetCheckInSlave = false; DefaultPullMessageResultHandler turns it into
  // PULL_RETRY_IMMEDIATELY on a slave). This is how a consumer ahead of a new master's truncated queue
  // (controller-mode epoch truncation, DLedger) is pulled back to that master's end.
  if (body.offset > max && stateIsMaster(sim, b)) {
    sim.send(node, env.src, { type: 'pulled', seq: body.seq, t: body.t, q: body.q, g: b.g, entries: NO_ENTRIES, next: max, moved: true });
    return;
  }
  // OFFSET_OVERFLOW_ONE (PULL_NOT_FOUND): hold the request (long polling) until a message arrives or 15 s pass,
  // on a 4.9.8 slave too (the status switch turns its PULL_RETRY_IMMEDIATELY into PULL_NOT_FOUND, then suspends).
  (b.held[key] ??= []).push({ consumer: env.src, seq: body.seq, offset: body.offset, at: sim.now });
}

/**
 * Reads up to pullBatchSize entries of the ConsumeQueue `cq` from `offset` and answers the pull.
 * `b` and `log` are the broker's state and CommitLog entries (passed in: the callers have them).
 */
function answerPull(
  sim: RSim, node: string, b: BrokerState, log: CowList<StoredEntry>, consumer: string, seq: number, t: number, q: number,
  offset: number, cq: CowList<number>,
): void {
  const end = Math.min(cq.length, offset + PULL_BATCH_SIZE);
  const entries: StoredEntry[] = new Array(Math.max(0, end - offset));
  for (let i = offset; i < end; i++) entries[i - offset] = log.get(cq.get(i));
  b.gets += entries.length;
  channelActive(sim, node, b, consumer);
  sim.send(node, consumer, { type: 'pulled', seq, t, q, g: b.g, entries, next: offset + entries.length });
}

/**
 * ReputMessageService -> NotifyMessageArrivingListener: answer the pulls `held` on ConsumeQueue `cq`
 * (queue t:q of broker `b`, whose CommitLog is `f`) that it can now serve.
 */
export function answerHeldPulls(
  sim: RSim, node: string, b: BrokerState, f: FileState<StoredEntry>, held: HeldPull[], t: number, q: number, cq: CowList<number>,
): void {
  const len = cq.length;
  // Answered requests leave the list; the rest stay held, in order (compacted in place).
  let kept = 0;
  for (let i = 0; i < held.length; i++) {
    const h = held[i];
    if (h.offset < len) answerPull(sim, node, b, f.entries, h.consumer, h.seq, t, q, h.offset, cq);
    else held[kept++] = h;
  }
  // Nearly every pull is held, so the list must keep its backing store (see keepFirst).
  keepFirst(held, kept);
}

/**
 * PullRequestHoldService.checkHoldRequest, every 5 s: a held pull whose queue now has a message at its offset is
 * answered (on a 4.9.8 slave this is the only wake-up: store.ts dispatch), one held for brokerSuspendMaxTimeMillis
 * is answered empty.
 */
export function expireHeldPulls(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  for (const [key, held] of Object.entries(b.held)) {
    const [t, q] = key.split(':').map(Number);
    const cq = b.cq[key];
    const len = cq === undefined ? 0 : cq.length;
    b.held[key] = held.filter((h) => {
      if (h.offset < len) {
        answerPull(sim, node, b, commitLog(sim, node).entries, h.consumer, h.seq, t, q, h.offset, cq!);
        return false;
      }
      if (sim.now - h.at < BROKER_SUSPEND_MAX_MS) return true;
      channelActive(sim, node, b, h.consumer);
      sim.send(node, h.consumer, { type: 'pulled', seq: h.seq, t, q, g: b.g, entries: [], next: h.offset });
      return false;
    });
  }
}

// ----- consumer offsets -----

export function handleQueryOffset(sim: RSim, env: Envelope, body: { seq: number; t: number; q: number; lock: boolean }): void {
  const b = sim.state.brokers[env.dest];
  const key = mqKey(body.t, body.q);
  let locked = false;
  if (body.lock) locked = isMaster(sim, env.dest) && tryLock(sim, env.dest, key, env.src);
  sim.send(env.dest, env.src, { type: 'offset', seq: body.seq, t: body.t, q: body.q, g: b.g, offset: b.offsets[key] ?? -1, locked });
}

/** ConsumerOffsetManager persists consumerOffset.json every 5 s (written, not fsynced). */
export function persistOffsets(sim: RSim, node: string): void {
  const f = sim.file<Record<string, number>>(node, 'consumerOffset');
  truncateFile(f, 0);
  appendEntry(f, { ...sim.state.brokers[node].offsets }, 64, sim.now);
}

/**
 * SlaveSynchronize.syncConsumerOffset (run by syncAll, BrokerController.handleSlaveSynchronize: a SLAVE, 3 s
 * after start then every 10 s): fetch the master's whole offset table (getAllConsumerOffset), putAll it
 * into the slave's own and persist. This is what a consumer reads from the slave while the master is down.
 */
export function onSlaveSync(sim: RSim, node: string): void {
  sim.setTimer(node, SLAVE_SYNC_INTERVAL_MS, { type: 'slaveSync' });
  const b = sim.state.brokers[node];
  // DLedger: changeToSlave starts the same task with the leader as master (DLedgerRoleChangeHandler).
  const master = b.raft ? (b.raft.role === 'follower' ? b.raft.leader : null) : b.ctl ? (b.brokerId > 0 ? b.ctl.master : null) : groupNodes(sim, b.g)[0];
  if (master !== null && master !== node) sim.send(node, master, { type: 'getAllConsumerOffset' });
}

export function onAllConsumerOffset(sim: RSim, node: string, offsets: Record<string, number>): void {
  const b = sim.state.brokers[node];
  if (b.raft ? b.raft.role === 'leader' : b.brokerId === 0) return;
  Object.assign(b.offsets, offsets);
  persistOffsets(sim, node);
}

export function loadOffsets(sim: RSim, node: string): Record<string, number> {
  const f = sim.file<Record<string, number>>(node, 'consumerOffset');
  return f.entries.length ? { ...f.entries.get(f.entries.length - 1) } : {};
}

// ----- members and locks -----

/** ConsumerManager.registerConsumer: a new member makes the broker notify every member. */
export function handleHeartbeat(sim: RSim, node: string, consumer: string): void {
  const b = sim.state.brokers[node];
  channelActive(sim, node, b, consumer);
  const isNew = b.members[consumer] === undefined;
  b.members[consumer] = sim.now;
  if (isNew) notifyMembers(sim, node);
}

/** The kernel closed a consumer's channel (its process died with the host up). */
export function consumerChannelClosedByPeer(sim: RSim, node: string, consumer: string): void {
  channelClosed(sim.state.brokers[node], consumer);
  removeMember(sim, node, consumer);
}

/**
 * ConsumerManager.doChannelCloseEvent (the channel closed, or Netty closed it idle: channels.ts): CHANGE,
 * every remaining member is notified.
 */
export function removeMember(sim: RSim, node: string, consumer: string): void {
  const b = sim.state.brokers[node];
  if (b.members[consumer] === undefined) return;
  delete b.members[consumer];
  notifyMembers(sim, node);
}

function notifyMembers(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  for (const m of Object.keys(b.members)) {
    channelActive(sim, node, b, m);
    sim.send(node, m, { type: 'notifyIdsChanged' });
  }
}

/**
 * ClientHousekeepingService -> ConsumerManager.scanNotActiveChannel (4.9.8 and 5.3.3): a member whose last
 * heartbeat is more than 120 s old is removed and its channel closed, with no CHANGE event, so no
 * NOTIFY_CONSUMER_IDS_CHANGED: the survivors see the member gone at their next periodic rebalance (up to
 * rebalanceIntervalMs later). The close that follows finds the channel already removed (doChannelCloseEvent:
 * nothing to notify). Netty's idle close (channels.ts), which does notify, often comes first.
 */
export function scanMembers(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  for (const [m, last] of Object.entries(b.members)) {
    if (sim.now - last <= CLIENT_CHANNEL_EXPIRED_MS) continue;
    delete b.members[m];
    channelClosed(b, m);
  }
}

export function memberList(sim: RSim, node: string): string[] {
  return Object.keys(sim.state.brokers[node].members).sort();
}

/** RebalanceLockManager.tryLock: free, expired (60 s) or already ours. */
export function tryLock(sim: RSim, node: string, key: string, client: string): boolean {
  const b = sim.state.brokers[node];
  const l = b.locks[key];
  if (!l || l.client === client || sim.now - l.at > REBALANCE_LOCK_MAX_LIVE_MS) {
    b.locks[key] = { client, at: sim.now };
    return true;
  }
  return false;
}

export function unlock(sim: RSim, node: string, key: string, client: string): void {
  const b = sim.state.brokers[node];
  if (b.locks[key]?.client === client) delete b.locks[key];
}

import type { Envelope } from '../core/types';
import { bytesBefore, fileBytes } from '../core/storage';
import { DLEDGER_MAX_WAIT_ACK_MS, HA_SLAVE_FALLBEHIND_MAX_BYTES, TOPIC_MAIN } from './constants';
import { appendToStore, commitLog, nextQueueOffset, type RSim } from './store';
import { stateIsMaster } from './roles';
import { nthBestAckLength, wakeHaPush } from './ha';
import { dledgerAppend } from './dledger';
import { mqName, type Waiter } from './state';
import { storeMain } from './entry';
import { ctlReplicatedLength } from './replicas';
import { noteCause } from '../accounting/ledger';

export interface SendBody {
  type: 'send';
  req: number;
  id: number;
  k: number;
  q: number;
  oneway: boolean;
  /** Oneway on a channel the client knows closed: the reconnect must succeed first. */
  probe: boolean;
}

/**
 * SendMessageProcessor + CommitLog.asyncPutMessage on the broker: a slave refuses
 * (SERVICE_NOT_AVAILABLE); a master appends, then answers at once or after its group commit
 * (SYNC_FLUSH) and/or its slave's ack (SYNC_MASTER) or the DLedger quorum.
 */
export function handleSend(sim: RSim, env: Envelope, body: SendBody): void {
  const node = env.dest;
  const cfg = sim.scenario.rocketmq;
  if (body.probe) sim.send(node, env.src, { type: 'connected', id: body.id, req: body.req });
  const b = sim.state.brokers[node];
  if (!stateIsMaster(sim, b)) {
    if (!body.oneway) sim.send(node, env.src, { type: 'sendResult', req: body.req, id: body.id, status: 'SERVICE_NOT_AVAILABLE', q: body.q, offset: -1 });
    sim.journal(node, 'rocketmq.rejectedNotMaster', body.id, { broker: node });
    return;
  }
  // Controller mode (CommitLog.asyncPutMessage, 5.x): fewer in-sync replicas than minInSyncReplicas refuses
  // before storing, with PutMessageStatus.IN_SYNC_REPLICAS_NOT_ENOUGH, which the client receives as SYSTEM_ERROR.
  if (b.ctl && b.ctl.sss.length < cfg.minInSyncReplicas) {
    if (!body.oneway) sim.send(node, env.src, { type: 'sendResult', req: body.req, id: body.id, status: 'SYSTEM_ERROR', remark: REMARK_IN_SYNC_REPLICAS_NOT_ENOUGH, q: body.q, offset: -1 });
    return;
  }
  const term = b.raft === null ? 0 : b.raft.term;
  // The queue offset the message gets, assigned at put time even where the dispatch comes later.
  const qOffset = nextQueueOffset(sim, node, b, TOPIC_MAIN, body.q);
  const idx = appendToStore(sim, node, storeMain(body.id, body.q, body.k, sim.now, term), b);
  // The latest store: a resend's copy is the one the producer's answer (if any) refers to.
  const storedAt = sim.state.storedAt;
  if (body.id < storedAt.length) storedAt.set(body.id, sim.state.brokerNodes.indexOf(node));
  if (sim.tap) sim.journal(node, 'rocketmq.stored', body.id, { broker: node, queue: mqName(TOPIC_MAIN, b.g, body.q), offset: qOffset, position: idx });
  if (cfg.dledger) dledgerAppend(sim, node);
  if (body.oneway) return;
  const needFlush = cfg.flushDiskType === 'SYNC_FLUSH' && !cfg.dledger;
  let needSlave = cfg.dledger;
  let status = 'SEND_OK';
  if (b.ctl) {
    // changeToMaster makes every master a SYNC_MASTER; handleHA waits only when allAckInSyncStateSet or
    // inSyncReplicas >= 2 (GroupTransferService.doWaitTransfer), and never checks isSlaveOK.
    needSlave = cfg.allAckInSyncStateSet || cfg.inSyncReplicas > 1;
  } else if (!cfg.dledger && cfg.brokerRole === 'SYNC_MASTER' && cfg.release === '5.x') {
    // 5.x CommitLog.asyncPutMessage: needAckNums = inSyncReplicas (default 1, the master itself), and
    // handleHA answers PUT_OK at once when needAckNums <= 1; it no longer checks isSlaveOK. So a 5.x
    // SYNC_MASTER with the default settings does not wait for its slave at all; otherwise it waits for
    // inSyncReplicas - 1 slaves (replicatedLength), FLUSH_SLAVE_TIMEOUT after slaveTimeout.
    needSlave = cfg.inSyncReplicas > 1;
  } else if (!cfg.dledger && cfg.brokerRole === 'SYNC_MASTER') {
    // 4.x CommitLog.handleHA: SLAVE_NOT_AVAILABLE unless HAService.isSlaveOK.
    if (slaveOk(sim, node)) needSlave = true;
    else status = 'SLAVE_NOT_AVAILABLE';
  }
  if (!needFlush && !needSlave) {
    sim.send(node, env.src, { type: 'sendResult', req: body.req, id: body.id, status, q: body.q, offset: qOffset });
    return;
  }
  const w: Waiter = {
    producer: env.src, req: body.req, id: body.id, idx, q: body.q, qOffset, needFlush, needSlave,
    deadline: sim.now + (cfg.dledger ? DLEDGER_MAX_WAIT_ACK_MS : needSlave ? cfg.slaveTimeoutMs : cfg.syncFlushTimeoutMs), status,
  };
  b.waiting.push(w);
  if (needSlave && !cfg.dledger) wakeHaPush(sim, node);
  armWaitScan(sim, node);
}

/** HAService.isSlaveOK: a slave is connected and less than haSlaveFallbehindMax behind. */
export function slaveOk(sim: RSim, node: string): boolean {
  const b = sim.state.brokers[node];
  const f = commitLog(sim, node);
  for (const conn of Object.values(b.ha)) {
    const behind = fileBytes(f) - bytesBefore(f, conn.ackLen);
    if (behind < HA_SLAVE_FALLBEHIND_MAX_BYTES) return true;
  }
  return false;
}

/**
 * How far the group has replicated from this master, as a held send needs it: the DLedger commit index;
 * in 5.x, inSyncReplicas - 1 slaves (GroupTransferService.doWaitTransfer counts the master as one ack);
 * else the best slave (4.9.8 GroupTransferService: push2SlaveMaxOffset, the furthest slave ack).
 */
export function replicatedLength(sim: RSim, node: string): number {
  const b = sim.state.brokers[node];
  if (b.raft) return b.raft.committed;
  if (b.ctl) return ctlReplicatedLength(sim, node);
  const cfg = sim.scenario.rocketmq;
  // (With inSyncReplicas 2 the one slave needed is the best one: the loop below.)
  if (cfg.release === '5.x' && cfg.brokerRole === 'SYNC_MASTER' && cfg.inSyncReplicas > 2) return nthBestAckLength(b.ha, cfg.inSyncReplicas - 1);
  let best = 0;
  for (const conn of Object.values(b.ha)) best = Math.max(best, conn.ackLen);
  return best;
}

/** Answers every held send whose flush and replication are done (they complete in order). */
export function settleWaiters(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  if (b.waiting.length === 0) return;
  const durable = commitLog(sim, node).durableLength;
  const replicated = replicatedLength(sim, node);
  let n = 0;
  for (const w of b.waiting) {
    if ((w.needFlush && w.idx >= durable) || (w.needSlave && w.idx >= replicated)) break;
    answer(sim, node, w, w.status);
    n++;
  }
  if (n > 0) b.waiting.splice(0, n);
}

function armWaitScan(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  if (b.waitScanArmed || b.waiting.length === 0) return;
  b.waitScanArmed = true;
  sim.setTimer(node, Math.max(0, b.waiting[0].deadline - sim.now), { type: 'waitScan' });
}

/** GroupTransferService / GroupCommitService give up at their deadline with FLUSH_*_TIMEOUT. */
export function onWaitScan(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  b.waitScanArmed = false;
  settleWaiters(sim, node);
  const durable = commitLog(sim, node).durableLength;
  let n = 0;
  for (const w of b.waiting) {
    if (w.deadline > sim.now) break;
    const flushLate = w.needFlush && w.idx >= durable;
    if (sim.scenario.rocketmq.dledger) answerQuorumTimeout(sim, node, w);
    else answer(sim, node, w, flushLate && !(w.needSlave && w.idx >= replicatedLength(sim, node)) ? 'FLUSH_DISK_TIMEOUT' : 'FLUSH_SLAVE_TIMEOUT');
    n++;
  }
  if (n > 0) b.waiting.splice(0, n);
  armWaitScan(sim, node);
}

function answer(sim: RSim, node: string, w: Waiter, status: string, remark?: string): void {
  if (remark === undefined) sim.send(node, w.producer, { type: 'sendResult', req: w.req, id: w.id, status, q: w.q, offset: w.qOffset });
  else sim.send(node, w.producer, { type: 'sendResult', req: w.req, id: w.id, status, remark, q: w.q, offset: w.qOffset });
}

/** SendMessageProcessor.handlePutMessageResult: the remark sent with PutMessageStatus.IN_SYNC_REPLICAS_NOT_ENOUGH. */
const REMARK_IN_SYNC_REPLICAS_NOT_ENOUGH = 'in-sync replicas not enough';
/** ... and with PutMessageStatus.OS_PAGECACHE_BUSY (4.9.8). */
const REMARK_OS_PAGECACHE_BUSY = '[PC_SYNCHRONIZED]broker busy, start flow control for a while';

/**
 * DLedger's QuorumAckChecker completes an append with WAIT_QUORUM_ACK_TIMEOUT after maxWaitAckTimeMs, and
 * DLedgerCommitLog maps it ("do not return flush_slave_timeout to the client, for the client will ignore
 * it") to OS_PAGECACHE_BUSY in 4.9.8, to IN_SYNC_REPLICAS_NOT_ENOUGH in 5.3.3. SendMessageProcessor answers
 * both with ResponseCode.SYSTEM_ERROR, which DefaultMQProducer.retryResponseCodes retries on another broker.
 * The entry stays in the leader's log: it may still commit there later, so the retry may be a duplicate.
 */
function answerQuorumTimeout(sim: RSim, node: string, w: Waiter): void {
  const remark = sim.scenario.rocketmq.release === '4.x' ? REMARK_OS_PAGECACHE_BUSY : REMARK_IN_SYNC_REPLICAS_NOT_ENOUGH;
  answer(sim, node, w, 'SYSTEM_ERROR', remark);
  // Explains a later second delivery (this copy and the producer's resend both committed).
  const cause = { code: 'rocketmq.quorumAckTimeout', params: { broker: node } };
  noteCause(sim.world.ledger, w.id, cause, sim.now);
  sim.journal(node, cause.code, w.id, cause.params);
}

import { chancePercent } from '../core/prng';
import { recordConsumed } from './consumed';
import {
  CLIENT_LOCK_MAX_LIVE_MS, CONSUME_LATER_WHEN_LOCK_FAILED_MS, LOCK_BATCH_MQ_TIMEOUT_MS, REBALANCE_LOCK_INTERVAL_MS,
  SUSPEND_CURRENT_QUEUE_MS, TRY_LOCK_LATER_MS, UNLOCK_DELAY_4X_MS,
} from './constants';
import { masterOf } from './roles';
import type { RSim } from './store';
import { mqName, type ProcessQueue } from './state';
import { entryId } from './entry';
import { maxReconsumeTimes, trySendBack } from './consumer';

/**
 * ConsumeMessageOrderlyService (rocketmq-all-4.9.8 and 5.x) and the lock half of RebalanceImpl.
 * Locks live on the group's master only (RebalanceImpl.lock / lockAll use findBrokerAddressInSubscribe(
 * brokerName, MASTER_ID, onlyThisBroker = true)): with the master down no lock is taken or renewed, the
 * client's lock expires 30 s after its last renewal and the queue stops, even though the slave still
 * answers pulls. BROADCASTING consumes without any lock (ConsumeRequest.run).
 */

/** ConsumeRequest.run: one message at a time under a live lock; a failure suspends the queue. */
export function consumeOrderly(sim: RSim, node: string, pq: ProcessQueue): void {
  const pct = sim.scenario.workload.consumeFailurePercent;
  const clustering = sim.scenario.rocketmq.messageModel === 'CLUSTERING';
  while (pq.buffer.length && !pq.blocked) {
    // Not locked, or ProcessQueue.isLockExpired (30 s, REBALANCE_LOCK_MAX_LIVE_TIME): tryLockLaterAndReconsume(10).
    if (clustering && (!pq.locked || sim.now - pq.lockAt > CLIENT_LOCK_MAX_LIVE_MS)) return relockLater(sim, node, pq, TRY_LOCK_LATER_MS);
    const head = pq.buffer[0];
    const { e, off } = head;
    // SUSPEND_CURRENT_QUEUE_A_MOMENT -> checkReconsumeTimes against getMaxReconsumeTimes(), Integer.MAX_VALUE for
    // the default maxReconsumeTimes = -1: the message is retried locally every suspendCurrentQueueTimeMillis (1 s),
    // reconsumeTimes + 1 each time, and the queue behind it waits, without end. With maxReconsumeTimes set, a message
    // whose reconsumeTimes reached it goes to %RETRY%<group> through the inner producer (sendMessageBack), which
    // the broker puts in the DLQ; the queue then moves on.
    if (pct > 0 && chancePercent(sim.state.consumeRng, pct)) {
      pq.blocked = true;
      const key = mqName(pq.t, pq.g, pq.q);
      if (head.r >= maxReconsumeTimes(sim, true)) {
        return trySendBack(sim, node, { key, off, entry: e, r: head.r, stage: 1, t0: sim.now, g: pq.g, ord: true });
      }
      head.r++;
      sim.journal(node, 'rocketmq.orderlySuspended', entryId(e), { consumer: node });
      sim.setTimer(node, SUSPEND_CURRENT_QUEUE_MS, { type: 'orderlyRetry', key });
      return;
    }
    pq.buffer.shift();
    recordConsumed(sim, node, pq, e, off);
    sim.journal(node, 'rocketmq.consumed', entryId(e), { consumer: node, queue: mqName(pq.t, pq.g, pq.q), offset: off, times: head.r });
    pq.committed = off + 1; // ProcessQueue.commit: the offset after the consumed message
  }
}

/** The message that reached maxReconsumeTimes is in the DLQ: checkReconsumeTimes returns false and the
 * ProcessQueue commits past it (processConsumeResult: commit), then consumption goes on. */
export function orderlyBackDone(sim: RSim, node: string, key: string, off: number): void {
  const pq = sim.state.consumers[node].pqs[key];
  if (!pq || pq.buffer.length === 0 || pq.buffer[0].off !== off) return;
  pq.buffer.shift();
  pq.committed = off + 1;
  pq.blocked = false;
  consumeOrderly(sim, node, pq);
}

/** Its sendMessageBack failed: suspended again, reconsumeTimes + 1 (checkReconsumeTimes). */
export function orderlyBackFailed(sim: RSim, node: string, key: string, off: number): void {
  const pq = sim.state.consumers[node].pqs[key];
  if (!pq || pq.buffer.length === 0 || pq.buffer[0].off !== off) return;
  pq.buffer[0].r++;
  sim.setTimer(node, SUSPEND_CURRENT_QUEUE_MS, { type: 'orderlyRetry', key });
}

export function onOrderlyRetry(sim: RSim, node: string, key: string): void {
  const pq = sim.state.consumers[node].pqs[key];
  if (!pq) return;
  pq.blocked = false;
  consumeOrderly(sim, node, pq);
}

/** Starts one tryLockLaterAndReconsume cycle unless one is under way. */
function relockLater(sim: RSim, node: string, pq: ProcessQueue, delayMs: number): void {
  if (pq.relocking) return;
  pq.relocking = true;
  armRelock(sim, node, pq, delayMs);
}

function armRelock(sim: RSim, node: string, pq: ProcessQueue, delayMs: number): void {
  pq.relockSeq++;
  sim.setTimer(node, delayMs, { type: 'orderlyRelock', key: mqName(pq.t, pq.g, pq.q), seq: pq.relockSeq });
}

/** tryLockLaterAndReconsume's task: lockOneMQ on the master; without one (or without an answer within the
 * 1 s lockBatchMQ timeout) the lock failed and the ConsumeRequest comes back 3 s later to try again. */
export function onOrderlyRelock(sim: RSim, node: string, key: string, seq: number): void {
  const c = sim.state.consumers[node];
  const pq = c.pqs[key];
  if (!pq || !pq.relocking || pq.relockSeq !== seq) return;
  const master = masterOf(c.route, pq.g);
  if (!master) return armRelock(sim, node, pq, CONSUME_LATER_WHEN_LOCK_FAILED_MS + TRY_LOCK_LATER_MS);
  sim.send(node, master, { type: 'lock', t: pq.t, q: pq.q });
  armRelock(sim, node, pq, LOCK_BATCH_MQ_TIMEOUT_MS + CONSUME_LATER_WHEN_LOCK_FAILED_MS + TRY_LOCK_LATER_MS);
}

/** lockBatchMQ answer (from lockAll or lockOneMQ): RebalanceImpl sets locked and lastLockTimestamp, or clears locked. */
export function onLockResult(sim: RSim, node: string, body: { t: number; g: number; q: number; ok: boolean }): void {
  const pq = sim.state.consumers[node].pqs[mqName(body.t, body.g, body.q)];
  if (!pq) return;
  pq.locked = body.ok;
  if (body.ok) {
    pq.lockAt = sim.now;
    // The ConsumeRequest resumes 10 ms after a successful lockOneMQ; taken as at once.
    if (pq.relocking) pq.relockSeq++;
    pq.relocking = false;
    consumeOrderly(sim, node, pq);
  } else if (pq.relocking) {
    armRelock(sim, node, pq, CONSUME_LATER_WHEN_LOCK_FAILED_MS + TRY_LOCK_LATER_MS);
  }
}

/** lockMQPeriodically -> RebalanceImpl.lockAll: renew every owned queue's lock on its master (none: skipped). */
export function onLockAll(sim: RSim, node: string): void {
  const c = sim.state.consumers[node];
  for (const pq of Object.values(c.pqs)) {
    const master = masterOf(c.route, pq.g);
    if (master && pq.ready) sim.send(node, master, { type: 'lock', t: pq.t, q: pq.q });
  }
  sim.setTimer(node, REBALANCE_LOCK_INTERVAL_MS, { type: 'lockAll' });
}

/**
 * RebalancePushImpl.removeUnnecessaryMessageQueue for an orderly queue the rebalance gave up. 4.9.8
 * (unlockDelay): with messages still in the ProcessQueue (hasTempMessage: pulled, not yet consumed) the
 * broker lock is released only UNLOCK_DELAY_TIME_MILLS (20 s) later, so the new owner cannot lock the
 * queue (and take it) before then; else at once. 5.3.3 (tryRemoveOrderMessageQueue) unlocks at once
 * when the consume lock is free, which it always is here (consumption takes no simulated time).
 */
export function unlockDropped(sim: RSim, node: string, pq: ProcessQueue): void {
  if (sim.scenario.rocketmq.release === '4.x' && pq.buffer.length > 0)
    return void sim.setTimer(node, UNLOCK_DELAY_4X_MS, { type: 'unlockDelay', t: pq.t, g: pq.g, q: pq.q });
  sendUnlock(sim, node, pq.t, pq.g, pq.q);
}

/** RebalanceImpl.unlock(mq, oneway): unlockBatchMQ to the group's master as the route names it now. */
export function sendUnlock(sim: RSim, node: string, t: number, g: number, q: number): void {
  const master = masterOf(sim.state.consumers[node].route, g);
  if (master) sim.send(node, master, { type: 'unlock', t, q });
}

import type { Envelope } from '../core/types';
import { appendEntry, truncateFile } from '../core/storage';
import {
  DELAY_LEVEL_MS, FLUSH_DELAY_OFFSET_INTERVAL_MS, REBALANCE_LOCK_MAX_LIVE_MS, RETRY_BASE_DELAY_LEVEL, SCHEDULE_CHECK_MS,
  TOPIC_DLQ, TOPIC_RETRY, TOPIC_SCHEDULE,
} from './constants';
import { appendToStore, commitLog, type RSim } from './store';
import { isMaster, groupLabel } from './roles';
import { mqKey } from './state';
import { storeEntry, toEntry } from './entry';

/**
 * Concurrent-consume retries on the broker. CONSUMER_SEND_MSG_BACK stores the message again in
 * SCHEDULE_TOPIC_XXXX at delay level 3 + reconsumeTimes (reconsumeTimes + 1 on the copy); the
 * ScheduleMessageService moves it into %RETRY%<group> when due. Once reconsumeTimes reaches
 * maxReconsumeTimes the copy goes to %DLQ%<group> instead, which nobody consumes.
 */
export interface SendBackBody {
  type: 'sendBack';
  seq: number;
  id: number;
  k: number;
  r: number;
  max: number;
  /**
   * -1: CONSUMER_SEND_MSG_BACK, where consumerSendMsgBack compares the message's own r with maxReconsumeTimes (`>=`).
   * Else a send to %RETRY%<group> by the consumer's inner producer (consumer.ts), and this is the header's
   * reconsumeTimes: r + 1 after a failed CONSUMER_SEND_MSG_BACK, r from an orderly consumer at its limit.
   * SendMessageProcessor.handleRetryAndDLQ: DLQ if it is >= maxReconsumeTimes in 4.9.8; > in 5.3.3, or at once while
   * the group holds an unexpired queue lock (RebalanceLockManager.isLockAllExpired: an orderly group).
   */
  hdr: number;
}

export function handleSendBack(sim: RSim, env: Envelope, body: SendBackBody): void {
  const node = env.dest;
  if (!isMaster(sim, node)) {
    sim.send(node, env.src, { type: 'sendBackResult', seq: body.seq, ok: false });
    return;
  }
  const term = sim.state.brokers[node].raft?.term ?? 0;
  const dlq = body.hdr < 0 ? body.r >= body.max
    : sim.scenario.rocketmq.release === '4.x' ? body.hdr >= body.max
      : body.hdr > body.max || holdsLiveLock(sim, node);
  if (dlq) {
    appendToStore(sim, node, storeEntry({ id: body.id, t: TOPIC_DLQ, q: 0, k: body.k, r: body.r + 1, at: sim.now, term }));
    sim.journal(node, 'rocketmq.toDlq', body.id, { broker: node, times: body.r });
    sim.emit({ kind: 'DLQ', node, cat: 'info', code: 'rocketmq.log.dlq', params: { node, id: body.id, times: body.r }, data: { id: body.id } });
  } else {
    // CommitLog.putMessage caps the delay level at the highest configured one (18, 2 h).
    const level = Math.min(RETRY_BASE_DELAY_LEVEL + body.r, DELAY_LEVEL_MS.length);
    appendToStore(sim, node, storeEntry({ id: body.id, t: TOPIC_SCHEDULE, q: level - 1, k: body.k, r: body.r + 1, at: sim.now, term }));
    sim.journal(node, 'rocketmq.sentBack', body.id, { broker: node, level, delayMs: DELAY_LEVEL_MS[level - 1], times: body.r + 1 });
  }
  sim.send(node, env.src, { type: 'sendBackResult', seq: body.seq, ok: true });
}

/** !RebalanceLockManager.isLockAllExpired(group): some queue lock of the (one) consumer group is younger than 60 s. */
function holdsLiveLock(sim: RSim, node: string): boolean {
  for (const l of Object.values(sim.state.brokers[node].locks)) if (sim.now - l.at <= REBALANCE_LOCK_MAX_LIVE_MS) return true;
  return false;
}

export function startSchedule(sim: RSim, node: string): void {
  const f = sim.file<number[]>(node, 'delayOffset');
  sim.state.brokers[node].scheduleOffsets = f.entries.length ? f.entries.get(f.entries.length - 1).slice() : DELAY_LEVEL_MS.map(() => 0);
  // DefaultMessageStore.handleScheduleMessageService: a SLAVE shuts the service down, and before DLedger
  // a broker's role never changes, so only a master (or a DLedger node, which may become one) runs it.
  const b = sim.state.brokers[node];
  if (!sim.scenario.rocketmq.dledger && b.brokerId !== 0) return;
  sim.setTimer(node, SCHEDULE_CHECK_MS, { type: 'schedule' });
  sim.setTimer(node, FLUSH_DELAY_OFFSET_INTERVAL_MS, { type: 'persistDelay' });
}

/** DeliverDelayedMessageTimerTask: per level, deliver every message whose delay has passed. */
export function onScheduleTimer(sim: RSim, node: string): void {
  sim.setTimer(node, SCHEDULE_CHECK_MS, { type: 'schedule' });
  if (!isMaster(sim, node)) return;
  const b = sim.state.brokers[node];
  const f = commitLog(sim, node);
  for (let level = 1; level <= DELAY_LEVEL_MS.length; level++) {
    const cq = b.cq[mqKey(TOPIC_SCHEDULE, level - 1)];
    if (!cq) continue;
    let off = b.scheduleOffsets[level - 1] ?? 0;
    while (off < cq.length) {
      // SCHEDULE_TOPIC_XXXX entries keep the object form: their storeTimestamp decides when they are due.
      const e = toEntry(sim, f.entries.get(cq.get(off)));
      if (e.at + DELAY_LEVEL_MS[level - 1] > sim.now) break;
      appendToStore(sim, node, storeEntry({ ...e, t: TOPIC_RETRY, q: 0, at: sim.now, term: b.raft?.term ?? 0 }));
      sim.journal(node, 'rocketmq.retryDue', e.id, { broker: node, queue: `%RETRY%@${groupLabel(b.g)}:0`, times: e.r });
      off++;
    }
    b.scheduleOffsets[level - 1] = off;
  }
}

/** ScheduleMessageService.persist every flushDelayOffsetInterval. */
export function persistDelayOffsets(sim: RSim, node: string): void {
  writeDelayOffsets(sim, node);
  sim.setTimer(node, FLUSH_DELAY_OFFSET_INTERVAL_MS, { type: 'persistDelay' });
}

/** ScheduleMessageService.persist: delayOffset.json written (not fsynced); also on shutdown. */
export function writeDelayOffsets(sim: RSim, node: string): void {
  const f = sim.file<number[]>(node, 'delayOffset');
  truncateFile(f, 0);
  appendEntry(f, sim.state.brokers[node].scheduleOffsets.slice(), 64, sim.now);
}

import type { Envelope } from '../core/types';
import { commitLog, appendToStore, type RSim } from './store';
import { HA_HOUSEKEEPING_INTERVAL_MS, HA_TRANSFER_WAIT_MS } from './constants';
import { settleWaiters } from './send';
import { groupNodes } from './roles';
import { entryId, type StoredEntry } from './entry';
import { adoptEpochs, confirmOffset, ctlDispatch, epochsFor, onHaConnectionRemoved, onSlaveAck, sendHandshake, type EpochEntry } from './replicas';
import type { HaConn } from './state';

/**
 * Master/slave replication (HAService, 4.x). The slave's HAClient reports its CommitLog length
 * after every transfer and every haSendHeartbeatInterval; the master's WriteSocketService pushes
 * whatever is new, and waits up to 100 ms when caught up unless a SYNC_MASTER put wakes it.
 * A slave's ack means the data is in its page cache, not on its disk.
 */
/**
 * How far at least `n` slaves have acknowledged: the n-th largest ackLen over the master's HA
 * connections (5.x GroupTransferService.doWaitTransfer counts the connections whose slaveAckOffset
 * has reached the request, plus 1 for the master), or 0 when fewer than `n` are connected.
 */
export function nthBestAckLength(ha: Record<string, HaConn>, n: number): number {
  const acks = Object.values(ha).map((c) => c.ackLen).sort((x, y) => y - x);
  return acks[n - 1] ?? 0;
}

export function startHa(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  if (sim.scenario.rocketmq.dledger || sim.scenario.rocketmq.replicasPerGroup < 2) return;
  // Controller mode: the role comes later from the controller; the HAClient's report loop runs from the start.
  if (b.brokerId === 0 && !b.ctl) armHaPush(sim, node, HA_TRANSFER_WAIT_MS);
  else slaveReport(sim, node);
}

export function armHaPush(sim: RSim, node: string, delayMs = HA_TRANSFER_WAIT_MS): void {
  const b = sim.state.brokers[node];
  b.haSeq++;
  sim.setTimer(node, delayMs, { type: 'haPush', seq: b.haSeq });
}

/** A SYNC_MASTER put wakes the transfer threads (GroupTransferService / WaitNotifyObject.wakeupAll). */
export function wakeHaPush(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  if (b.haSeq < 0) return; // already woken for this millisecond
  b.haSeq = -Math.abs(b.haSeq) - 1;
  sim.setTimer(node, 0, { type: 'haPush', seq: b.haSeq });
}

export function onHaPushTimer(sim: RSim, node: string, seq: number): void {
  const b = sim.state.brokers[node];
  if (seq !== b.haSeq) return;
  b.haSeq = Math.abs(b.haSeq);
  const f = commitLog(sim, node);
  const len = f.entries.length;
  for (const [slave, conn] of Object.entries(b.ha)) {
    if (sim.now - conn.lastReadAt > HA_HOUSEKEEPING_INTERVAL_MS) {
      delete b.ha[slave];
      onHaConnectionRemoved(sim, node, slave);
      sim.emit({ kind: 'HA_CONNECTION_EXPIRED', node, cat: 'isr', code: 'rocketmq.log.haConnectionExpired', params: { node, slave }, data: { slave } });
      continue;
    }
    if (conn.nextPush >= len) continue;
    // HAConnection.WriteSocketService (4.9.8) sends at most haTransferBatchSize (32 KiB) per transfer but
    // loops straight on to the next one, waiting 100 ms only when caught up; HAClient.dispatchReadRequest
    // reports its offset after each chunk. The network here has latency but no bandwidth, so chunks sent
    // back to back arrive together and the last report covers them all: one push gives the same
    // acknowledgement times and the same losses, with fewer events.
    const entries = f.entries.toArray(conn.nextPush, len);
    if (b.ctl) {
      // AutoSwitchHAConnection: the transfer header carries the epoch; updateLastTransferInfo.
      conn.lastMasterMax = len;
      conn.lastTransferAt = sim.now;
      sim.send(node, slave, { type: 'haData', from: conn.nextPush, entries, epochs: epochsFor(sim, node, conn.nextPush), confirm: confirmOffset(sim, node) });
    } else sim.send(node, slave, { type: 'haData', from: conn.nextPush, entries });
    conn.nextPush = len;
  }
  armHaPush(sim, node, HA_TRANSFER_WAIT_MS);
}

/** Master: a slave reported its length (a new connection starts transferring from there). */
export function onHaAck(sim: RSim, env: Envelope, len: number, reconnect = false, hs = false): void {
  const node = env.dest;
  const b = sim.state.brokers[node];
  if (b.brokerId !== 0 || sim.scenario.rocketmq.dledger) return;
  let conn = b.ha[env.src];
  // Controller mode: a new connection first goes through the epoch handshake (AutoSwitchHAConnection HANDSHAKE).
  if (b.ctl && !hs && (!conn || conn.inc !== env.srcInc || reconnect)) return sendHandshake(sim, node, env.src);
  // A new HAConnection starts at the slave's reported offset (nextTransferFromWhere = slaveRequestOffset).
  if (!conn || conn.inc !== env.srcInc || reconnect) {
    conn = b.ha[env.src] = { inc: env.srcInc, ackLen: 0, nextPush: len, lastReadAt: sim.now };
    sim.emit({ kind: 'HA_CONNECTED', node, cat: 'isr', code: 'rocketmq.log.haConnected', params: { node, slave: env.src, len }, data: { slave: env.src, len } });
  }
  conn.ackLen = Math.max(conn.ackLen, len);
  conn.lastReadAt = sim.now;
  if (b.ctl) onSlaveAck(sim, node, env.src, len);
  settleWaiters(sim, node);
  // AutoSwitchHAConnection: updateConfirmOffsetWhenSlaveAck.
  if (b.ctl && sim.scenario.rocketmq.allAckInSyncStateSet) ctlDispatch(sim, node);
}

/** Slave: append what the master pushed, if it continues our CommitLog, and report. */
export function onHaData(sim: RSim, env: Envelope, from: number, entries: StoredEntry[], epochs?: EpochEntry[], confirm = -1): void {
  const node = env.dest;
  const f = commitLog(sim, node);
  const ctl = sim.state.brokers[node].ctl;
  if (ctl && (ctl.master !== env.src || sim.state.brokers[node].brokerId <= 0)) return; // not the master we follow
  if (from !== f.entries.length) {
    // HAClient.dispatchReadRequest: "master pushed offset not equal the max phy offset in slave" closes the
    // connection (closeMaster); the next connect reports the slave's max offset and the master's new
    // HAConnection transfers from there.
    sim.emit({ kind: 'HA_OFFSET_MISMATCH', node, cat: 'error', code: 'rocketmq.log.haOffsetMismatch', params: { node, from, len: f.entries.length }, data: { from, len: f.entries.length } });
    sim.send(node, env.src, { type: 'haAck', len: f.entries.length, reconnect: true });
    return;
  }
  if (epochs) adoptEpochs(sim, node, epochs);
  const b = sim.state.brokers[node];
  for (let i = 0; i < entries.length; i++) appendToStore(sim, node, entries[i], b);
  // AutoSwitchHAClient: setConfirmOffset(min(header confirmOffset, maxPhyOffset)) after the append.
  if (ctl && sim.scenario.rocketmq.allAckInSyncStateSet) {
    ctl.confirm = Math.min(confirm, f.entries.length);
    ctlDispatch(sim, node);
  }
  if (sim.tap && entries.length) sim.journal(node, 'rocketmq.replicated', entries.map(entryId), { broker: node, master: env.src });
  sim.send(node, env.src, { type: 'haAck', len: f.entries.length });
}

/** Slave: the HAClient heartbeat (haSendHeartbeatInterval); also (re)connects to the master. */
export function slaveReport(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  const master = b.ctl ? (b.brokerId > 0 ? b.ctl.master : null) : groupNodes(sim, b.g)[0];
  if (master !== null) sim.send(node, master, { type: 'haAck', len: commitLog(sim, node).entries.length });
  sim.setTimer(node, sim.scenario.rocketmq.haSendHeartbeatIntervalMs, { type: 'haBeat' });
}

/** The kernel closed a peer's connection: the master forgets the slave's HA connection. */
export function haPeerClosed(sim: RSim, node: string, peer: string): void {
  const b = sim.state.brokers[node];
  if (b.ha[peer]) {
    delete b.ha[peer];
    onHaConnectionRemoved(sim, node, peer);
    sim.emit({ kind: 'HA_CONNECTION_CLOSED', node, cat: 'isr', code: 'rocketmq.log.haConnectionClosed', params: { node, slave: peer }, data: { slave: peer } });
  }
}

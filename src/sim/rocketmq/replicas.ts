import type { Envelope } from '../core/types';
import { appendEntry, truncateFile, type FileState } from '../core/storage';
import { commitLog, dispatchUpTo, rebuildConsumeQueues, type RSim } from './store';
import { groupLabel } from './roles';
import { entryId } from './entry';
import { registerEverywhere } from './namesrv';
import { settleWaiters } from './send';
import { armHaPush, nthBestAckLength } from './ha';
import { CONTROLLER } from './controller';
import {
  CHECK_SYNC_STATE_SET_PERIOD_MS, CONTROLLER_HEARTBEAT_INTERVAL_MS, HA_MAX_TIME_SLAVE_NOT_CATCHUP_MS,
  REPLICAS_TASK_FIRST_DELAY_MS, SYNC_BROKER_METADATA_PERIOD_MS,
} from './constants';

/**
 * The broker side of 5.x controller mode: ReplicasManager (register, heartbeats, brokerElect, role
 * changes, SyncStateSet reports) and AutoSwitchHAService's epoch file and SyncStateSet bookkeeping.
 * A master is always a SYNC_MASTER here (changeToMaster sets it); a slave registers with the
 * NameServers under its controller brokerId (replica index + 1), the master under 0.
 */
export interface EpochEntry { epoch: number; start: number }

/** EpochFileCache's checkpoint file: written through MixAll.string2File, never fsynced. */
export function epochFile(sim: RSim, node: string): FileState<EpochEntry> {
  return sim.file<EpochEntry>(node, 'epoch');
}

function lastEpochEntry(sim: RSim, node: string): EpochEntry | null {
  const f = epochFile(sim, node).entries;
  return f.length ? f.get(f.length - 1) : null;
}

/** The controller brokerId (MixAll.FIRST_BROKER_CONTROLLER_ID = 1 for the first replica). */
function controllerId(node: string): number {
  return Number(node.slice(node.lastIndexOf('-') + 1)) + 1;
}

/**
 * BrokerController.start (5.x, controller mode): startBasicService runs ReplicasManager.start, whose
 * startBasicService syncs controller metadata, registers, heartbeats and calls brokerElect (all blocking
 * RPCs) before start() reaches its first registerBrokerAll; the role change itself registers again
 * (registerBrokerWhenRoleChange). So a broker appears in the NameServers only once it is master or slave,
 * which is what the model does (registerEverywhere skips brokerId < 0). When every process starts at the
 * same instant, clients that fetch routes during the elections get a partial route and keep it until their
 * next pollNameServerInterval (30 s); consumers then allocate on different member lists (RebalanceImpl asks
 * one broker, MQClientInstance.findConsumerIdList) and two own a queue for a while: duplicates that a real
 * cold start of controller-mode brokers and clients together would show too. Kept.
 */
export function startReplicas(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  b.brokerId = -1; // no role until the controller answers (the broker is fenced meanwhile)
  b.ctl = { masterEpoch: 0, master: null, ssEpoch: 0, sss: [], caughtUp: {}, checkSeq: 0, confirm: 0 };
  sim.send(node, CONTROLLER, { type: 'ctlRegister', g: b.g });
  sim.setTimer(node, CONTROLLER_HEARTBEAT_INTERVAL_MS, { type: 'ctlBeat' });
  sim.setTimer(node, REPLICAS_TASK_FIRST_DELAY_MS, { type: 'ctlSync' });
}

/** BrokerController.sendHeartbeat -> ReplicasManager.sendHeartbeatToController (last epoch, max offset). */
export function sendCtlHeartbeat(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  sim.send(node, CONTROLLER, { type: 'ctlHeartbeat', g: b.g, epoch: lastEpochEntry(sim, node)?.epoch ?? -1, maxOffset: commitLog(sim, node).entries.length });
}

export function onCtlBeatTimer(sim: RSim, node: string): void {
  sendCtlHeartbeat(sim, node);
  sim.setTimer(node, CONTROLLER_HEARTBEAT_INTERVAL_MS, { type: 'ctlBeat' });
}

/** startBasicService is retried until a master exists; then schedulingSyncBrokerMetadata asks for the replica info. */
export function onCtlSyncTimer(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  sim.send(node, CONTROLLER, { type: b.brokerId < 0 ? 'ctlRegister' : 'ctlGetReplicaInfo', g: b.g });
  sim.setTimer(node, SYNC_BROKER_METADATA_PERIOD_MS, { type: 'ctlSync' });
}

interface RoleInfo { master: string | null; masterEpoch: number; ssEpoch: number; sss: string[] }

/** Answers from the controller: registered, electMaster result, role change notice, replica info. */
export function onControllerReply(sim: RSim, env: Envelope, body: RoleInfo & { type: string; ok?: boolean }): void {
  const node = env.dest;
  const b = sim.state.brokers[node];
  if (!b.ctl) return;
  switch (body.type) {
    case 'ctlRegistered':
      sendCtlHeartbeat(sim, node);
      if (body.master !== null) return changeBrokerRole(sim, node, body);
      return void sim.send(node, CONTROLLER, { type: 'ctlElect', g: b.g }); // brokerElect
    case 'ctlElectResult':
    case 'ctlRoleChanged':
      if (body.master !== null) changeBrokerRole(sim, node, body);
      return;
    case 'ctlReplicaInfo':
      if (body.masterEpoch > b.ctl.masterEpoch) {
        if (body.master !== null) return changeBrokerRole(sim, node, body);
        return void sim.send(node, CONTROLLER, { type: 'ctlElect', g: b.g });
      }
      if (body.masterEpoch === b.ctl.masterEpoch && b.brokerId === 0) changeSyncStateSet(sim, node, body.sss, body.ssEpoch);
      return;
    case 'ctlAlterResult':
      if (body.ok) changeSyncStateSet(sim, node, body.sss, body.ssEpoch);
      return;
  }
}

function changeBrokerRole(sim: RSim, node: string, r: RoleInfo): void {
  const b = sim.state.brokers[node];
  if (r.master === null || r.masterEpoch <= b.ctl!.masterEpoch) return;
  if (r.master === node) changeToMaster(sim, node, r);
  else changeToSlave(sim, node, r.master, r.masterEpoch);
}

/** ReplicasManager.changeToMaster + AutoSwitchHAService.changeToMaster: a new epoch entry starts at the CommitLog's end. */
function changeToMaster(sim: RSim, node: string, r: RoleInfo): void {
  const b = sim.state.brokers[node];
  const ctl = b.ctl!;
  ctl.masterEpoch = r.masterEpoch;
  changeSyncStateSet(sim, node, r.sss, r.ssEpoch);
  const ef = epochFile(sim, node);
  const last = lastEpochEntry(sim, node);
  if (last && r.masterEpoch < last.epoch) return; // "newMasterEpoch < lastEpoch, fail to change to master"
  if (last && last.epoch >= r.masterEpoch) truncateEpochsFrom(ef, (e) => e.epoch >= r.masterEpoch);
  appendEntry(ef, { epoch: r.masterEpoch, start: commitLog(sim, node).entries.length }, 16, sim.now);
  if (ctl.master === node && b.brokerId === 0) return void registerEverywhere(sim, node);
  b.ha = {}; // destroyConnections
  b.brokerId = 0;
  ctl.master = node;
  if (sim.scenario.rocketmq.allAckInSyncStateSet) ctlDispatch(sim, node);
  armHaPush(sim, node);
  ctl.checkSeq++;
  sim.setTimer(node, REPLICAS_TASK_FIRST_DELAY_MS, { type: 'ctlCheckSss', seq: ctl.checkSeq });
  sim.emit({ kind: 'CHANGE_TO_MASTER', node, cat: 'election', code: 'rocketmq.log.changeToMaster', params: { node, group: groupLabel(b.g), epoch: r.masterEpoch }, data: { epoch: r.masterEpoch } });
  registerEverywhere(sim, node); // registerBrokerWhenRoleChange
}

/** ReplicasManager.changeToSlave: follow the new master; the HA handshake then truncates by epoch. */
function changeToSlave(sim: RSim, node: string, master: string, epoch: number): void {
  const b = sim.state.brokers[node];
  const ctl = b.ctl!;
  ctl.masterEpoch = epoch;
  if (ctl.master === master && b.brokerId > 0) return void registerEverywhere(sim, node);
  ctl.checkSeq++; // stopCheckSyncStateSet
  b.haSeq++; // the master's transfer thread stops
  b.ha = {};
  b.brokerId = controllerId(node);
  ctl.master = master;
  sim.emit({ kind: 'CHANGE_TO_SLAVE', node, cat: 'election', code: 'rocketmq.log.changeToSlave', params: { node, master, epoch, brokerId: b.brokerId }, data: { master, epoch } });
  sim.send(node, master, { type: 'haAck', len: commitLog(sim, node).entries.length });
  registerEverywhere(sim, node);
}

function changeSyncStateSet(sim: RSim, node: string, sss: string[], ssEpoch: number): void {
  const ctl = sim.state.brokers[node].ctl!;
  if (ssEpoch <= ctl.ssEpoch) return;
  ctl.ssEpoch = ssEpoch;
  ctl.sss = [...sss];
  settleWaiters(sim, node); // allAckInSyncStateSet waits on the current set
  if (sim.scenario.rocketmq.allAckInSyncStateSet) ctlDispatch(sim, node);
}

function truncateEpochsFrom(f: FileState<EpochEntry>, cut: (e: EpochEntry) => boolean): void {
  let n = f.entries.length;
  while (n > 0 && cut(f.entries.get(n - 1))) n--;
  truncateFile(f, n);
}

// ----- master side: handshake, SyncStateSet -----

/** AutoSwitchHAConnection handshake: the master sends its epoch entries and max offset. */
export function sendHandshake(sim: RSim, master: string, slave: string): void {
  sim.send(master, slave, { type: 'haEpochs', epochs: epochFile(sim, master).entries.toArray(0, epochFile(sim, master).entries.length), len: commitLog(sim, master).entries.length });
}

/** The epoch entries covering a transfer [from, to) (the transfer header's epoch and epochStartOffset). */
export function epochsFor(sim: RSim, master: string, from: number): EpochEntry[] {
  const all = epochFile(sim, master).entries;
  const out: EpochEntry[] = [];
  for (let i = 0; i < all.length; i++) {
    const e = all.get(i);
    const end = i + 1 < all.length ? all.get(i + 1).start : Infinity;
    if (end > from) out.push(e);
  }
  return out;
}

/** AutoSwitchHAConnection.maybeExpandInSyncStateSet on each slave report. */
export function onSlaveAck(sim: RSim, master: string, slave: string, len: number): void {
  const b = sim.state.brokers[master];
  const ctl = b.ctl!;
  const conn = b.ha[slave];
  const masterLen = commitLog(sim, master).entries.length;
  if (len < (conn.lastMasterMax ?? 0)) return;
  const at = masterLen === len ? sim.now : conn.lastTransferAt ?? sim.now;
  ctl.caughtUp[slave] = Math.max(ctl.caughtUp[slave] ?? 0, at);
  if (ctl.sss.includes(slave)) return;
  const epochStart = lastEpochEntry(sim, master)?.start ?? 0;
  if (len >= confirmOffset(sim, master) && len >= epochStart) reportSss(sim, master, [...ctl.sss, slave]);
}

/**
 * The ConsumeQueues of a controller-mode broker with allAckInSyncStateSet (5.3.3): ReputMessageService
 * dispatches only up to CommitLog.getConfirmOffset (readUnCommitted = false). On the master that is the
 * smallest ack of the SyncStateSet's members (AutoSwitchHAService.computeConfirmOffset, updated on each slave
 * ack), or its max offset while it is alone in the set; on a slave, the confirmOffset of the master's last
 * transfer header (capped at its own max offset). So a consumer sees a message only once every member of the
 * SyncStateSet has it, and never one that a failover could truncate. Without allAckInSyncStateSet (the
 * default) the master's confirmOffset is its max offset and both dispatch at once (store.ts). Simplified:
 * after a restart the ConsumeQueues are rebuilt from the whole CommitLog (5.3.3 recovers up to the
 * checkpoint's confirmPhyOffset), and a slave learns a new confirmOffset only with the next transfer that
 * carries data (5.3.3 also sends an empty header every haSendHeartbeatInterval), so its last batch shows on
 * the slave up to one message later; consumers read the slave only while the master is gone.
 */
export function ctlDispatch(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  if (b.ctl === null || b.brokerId < 0) return;
  dispatchUpTo(sim, node, b.brokerId === 0 ? confirmOffset(sim, node) : b.ctl.confirm);
}

/** CommitLog.getConfirmOffset on a master: its max offset unless allAckInSyncStateSet with others in the set. */
export function confirmOffset(sim: RSim, master: string): number {
  const b = sim.state.brokers[master];
  const len = commitLog(sim, master).entries.length;
  if (b.ctl!.sss.length <= 1 || !sim.scenario.rocketmq.allAckInSyncStateSet) return len;
  let min = len;
  for (const s of b.ctl!.sss) if (s !== master) min = Math.min(min, b.ha[s]?.ackLen ?? 0);
  return min;
}

/** AutoSwitchHAService.removeConnection: a slave whose HA connection is gone leaves the SyncStateSet at once. */
export function onHaConnectionRemoved(sim: RSim, master: string, slave: string): void {
  const ctl = sim.state.brokers[master].ctl;
  if (ctl && sim.state.brokers[master].brokerId === 0 && ctl.sss.includes(slave)) reportSss(sim, master, ctl.sss.filter((x) => x !== slave));
}

/** ReplicasManager.checkSyncStateSetAndDoReport (maybeShrinkSyncStateSet), every checkSyncStateSetPeriod. */
export function onCheckSssTimer(sim: RSim, node: string, seq: number): void {
  const b = sim.state.brokers[node];
  const ctl = b.ctl;
  if (!ctl || seq !== ctl.checkSeq || b.brokerId !== 0) return;
  sim.setTimer(node, CHECK_SYNC_STATE_SET_PERIOD_MS, { type: 'ctlCheckSss', seq });
  const next = ctl.sss.filter((s) => {
    if (s === node) return true;
    const t = ctl.caughtUp[s];
    return t !== undefined && sim.now - t <= HA_MAX_TIME_SLAVE_NOT_CATCHUP_MS;
  });
  if (!next.includes(node)) next.push(node);
  if (next.length !== ctl.sss.length || next.some((s) => !ctl.sss.includes(s))) reportSss(sim, node, next);
}

function reportSss(sim: RSim, master: string, sss: string[]): void {
  const b = sim.state.brokers[master];
  sim.send(master, CONTROLLER, { type: 'ctlAlterSss', g: b.g, masterEpoch: b.ctl!.masterEpoch, ssEpoch: b.ctl!.ssEpoch, sss });
}

/**
 * How far a held send must be replicated (GroupTransferService.doWaitTransfer): with
 * allAckInSyncStateSet every SyncStateSet member, else inSyncReplicas - 1 slaves of any kind.
 */
export function ctlReplicatedLength(sim: RSim, node: string): number {
  const b = sim.state.brokers[node];
  const len = commitLog(sim, node).entries.length;
  if (sim.scenario.rocketmq.allAckInSyncStateSet) {
    let min = len;
    for (const s of b.ctl!.sss) if (s !== node) min = Math.min(min, b.ha[s]?.ackLen ?? 0);
    return min;
  }
  const need = sim.scenario.rocketmq.inSyncReplicas - 1;
  return need <= 0 ? len : nthBestAckLength(b.ha, need);
}

// ----- slave side: truncation by epoch -----

/** AutoSwitchHAClient.doTruncate: cut the CommitLog at the last epoch both logs share, then report. */
export function onHaEpochs(sim: RSim, env: Envelope, masterEpochs: EpochEntry[], masterLen: number): void {
  const node = env.dest;
  const b = sim.state.brokers[node];
  if (!b.ctl || b.ctl.master !== env.src || b.brokerId <= 0) return;
  const ef = epochFile(sim, node);
  const log = commitLog(sim, node);
  if (ef.entries.length > 0) {
    const point = consistentPoint(ef.entries.toArray(0, ef.entries.length), log.entries.length, masterEpochs, masterLen);
    if (point < 0) return; // "Failed to find a consistent point": no transfer
    if (point < log.entries.length) truncateCommitLog(sim, node, point, env.src);
    truncateEpochsFrom(ef, (e) => e.start >= point);
  }
  sim.send(node, env.src, { type: 'haAck', len: log.entries.length, hs: true });
}

/** EpochFileCache.findConsistentPoint: the newest local epoch the master has with the same start. */
export function consistentPoint(local: EpochEntry[], localLen: number, master: EpochEntry[], masterLen: number): number {
  for (let i = local.length - 1; i >= 0; i--) {
    const j = master.findIndex((m) => m.epoch === local[i].epoch);
    if (j < 0 || master[j].start !== local[i].start) continue;
    const localEnd = i + 1 < local.length ? local[i + 1].start : localLen;
    const masterEnd = j + 1 < master.length ? master[j + 1].start : masterLen;
    return Math.min(localEnd, masterEnd);
  }
  return -1;
}

function truncateCommitLog(sim: RSim, node: string, point: number, master: string): void {
  const log = commitLog(sim, node);
  const ids = log.entries.toArray(point, log.entries.length).map(entryId);
  for (const id of ids) if (!sim.state.truncated.has(id)) sim.state.truncated.set(id, node);
  sim.journal(node, 'rocketmq.epochTruncated', ids, { broker: node, master });
  truncateFile(log, point);
  rebuildConsumeQueues(sim, node); // truncateDirtyLogicFiles
  sim.emit({ kind: 'EPOCH_TRUNCATE', node, cat: 'loss', code: 'rocketmq.log.epochTruncate', params: { node, from: point, count: ids.length, master }, data: { from: point, count: ids.length } });
}

/** The slave appends the master's epoch entries that are newer than its own (transfer header). */
export function adoptEpochs(sim: RSim, node: string, epochs: EpochEntry[]): void {
  const ef = epochFile(sim, node);
  for (const e of epochs) {
    const last = lastEpochEntry(sim, node);
    if (!last || e.epoch > last.epoch) appendEntry(ef, { ...e }, 16, sim.now);
  }
}

/** Node names of a group's SyncStateSet for views. */
export function groupSyncStateSet(sim: RSim, g: number): string[] | undefined {
  return sim.state.controller?.groups[g]?.sss.slice() ?? (sim.state.controller ? [] : undefined);
}


import type { Envelope } from '../core/types';
import type { RSim } from './store';
import type { CtlGroup } from './state';
import { groupLabel, groupNodes } from './roles';
import {
  CONTROLLER_HEARTBEAT_TIMEOUT_MS, CONTROLLER_SCAN_FIRST_DELAY_MS, CONTROLLER_SCAN_INACTIVE_MASTER_MS, CONTROLLER_SCAN_NOT_ACTIVE_MS,
} from './constants';

/**
 * The 5.x controller (apache/rocketmq controller module), one node assumed healthy: the DLedger or
 * JRaft quorum of real deployments is not modelled. DefaultBrokerHeartbeatManager keeps a
 * BrokerLiveInfo per broker (heartbeat every 1 s, expiry controllerHeartBeatTimeoutMills = 10 s found
 * by a 5 s scan, or at once when the broker's channel closes); ReplicasInfoManager keeps each group's
 * master, MasterEpoch and SyncStateSet; DefaultElectPolicy elects from the alive SyncStateSet members
 * (all replicas only with enableElectUncleanMaster), preferring the old master, then the highest
 * (epoch, maxOffset), ties to the lowest brokerId.
 */
export const CONTROLLER = 'controller';

export function startController(sim: RSim): void {
  sim.setTimer(CONTROLLER, CONTROLLER_SCAN_FIRST_DELAY_MS, { type: 'ctlScanBrokers' });
  sim.setTimer(CONTROLLER, CONTROLLER_SCAN_INACTIVE_MASTER_MS, { type: 'ctlScanMasters' });
}

function group(sim: RSim, g: number): CtlGroup {
  return (sim.state.controller!.groups[g] ??= { master: null, masterEpoch: 0, ssEpoch: 0, sss: [] });
}

/** BrokerHeartbeatManager.isBrokerActive: last + timeout >= now. */
export function isBrokerActive(sim: RSim, broker: string): boolean {
  const l = sim.state.controller!.live[broker];
  return l !== undefined && l.last + CONTROLLER_HEARTBEAT_TIMEOUT_MS >= sim.now;
}

/** onBrokerHeartbeat: epoch and max offset only move forward (a new entry starts afresh). */
export function onCtlHeartbeat(sim: RSim, broker: string, epoch: number, maxOffset: number): void {
  const live = sim.state.controller!.live;
  const prev = live[broker];
  if (!prev) live[broker] = { last: sim.now, epoch, maxOffset };
  else {
    prev.last = sim.now;
    if (epoch > prev.epoch || (epoch === prev.epoch && maxOffset > prev.maxOffset)) {
      prev.epoch = epoch;
      prev.maxOffset = maxOffset;
    }
  }
}

/** BrokerHousekeepingService.onChannelClose -> onBrokerChannelClose: the broker is inactive at once. */
export function onCtlChannelClosed(sim: RSim, broker: string): void {
  const live = sim.state.controller!.live;
  if (!live[broker]) return;
  delete live[broker];
  sim.emit({ kind: 'CONTROLLER_BROKER_INACTIVE', node: CONTROLLER, cat: 'election', code: 'rocketmq.log.controllerChannelClosed', params: { node: CONTROLLER, broker }, data: { broker } });
  onBrokerInactive(sim, broker);
}

/** DefaultBrokerHeartbeatManager.scanNotActiveBroker: now - last > timeout. */
export function onCtlScanBrokers(sim: RSim): void {
  sim.setTimer(CONTROLLER, CONTROLLER_SCAN_NOT_ACTIVE_MS, { type: 'ctlScanBrokers' });
  const live = sim.state.controller!.live;
  for (const [broker, l] of Object.entries(live)) {
    if (sim.now - l.last <= CONTROLLER_HEARTBEAT_TIMEOUT_MS) continue;
    delete live[broker];
    sim.emit({ kind: 'CONTROLLER_BROKER_INACTIVE', node: CONTROLLER, cat: 'election', code: 'rocketmq.log.controllerHeartbeatExpired', params: { node: CONTROLLER, broker, ms: CONTROLLER_HEARTBEAT_TIMEOUT_MS }, data: { broker } });
    onBrokerInactive(sim, broker);
  }
}

/** DLedgerController.scanInactiveMasterAndTriggerReelect: a group whose master is inactive while a member lives. */
export function onCtlScanMasters(sim: RSim): void {
  sim.setTimer(CONTROLLER, CONTROLLER_SCAN_INACTIVE_MASTER_MS, { type: 'ctlScanMasters' });
  for (const [g, grp] of Object.entries(sim.state.controller!.groups)) {
    if (grp.master === null || isBrokerActive(sim, grp.master)) continue;
    if (groupNodes(sim, Number(g)).some((b) => isBrokerActive(sim, b))) electMaster(sim, Number(g), null);
  }
}

/** ControllerManager.onBrokerInactive: only the master's loss triggers an election. */
function onBrokerInactive(sim: RSim, broker: string): void {
  const g = sim.state.brokers[broker].g;
  const grp = sim.state.controller!.groups[g];
  if (grp && grp.master === broker) electMaster(sim, g, null);
}

/** DefaultElectPolicy.tryElect over one candidate set. */
function tryElect(sim: RSim, candidates: string[], oldMaster: string | null): string | null {
  const alive = candidates.filter((b) => isBrokerActive(sim, b));
  if (alive.length === 0) return null;
  if (oldMaster !== null && alive.includes(oldMaster)) return oldMaster;
  // Sorted by epoch desc, then maxOffset desc (electionPriority is equal); the TreeSet keeps the lowest brokerId of a tie.
  const live = sim.state.controller!.live;
  let best = alive[0];
  for (const b of alive.slice(1)) {
    const x = live[b], y = live[best];
    if (x.epoch > y.epoch || (x.epoch === y.epoch && x.maxOffset > y.maxOffset)) best = b;
  }
  return best;
}

/**
 * ReplicasInfoManager.electMaster. `requester` is the broker asking (brokerElect), null when the
 * controller triggers it. A new master gets MasterEpoch + 1 and a SyncStateSet of itself; with no
 * candidate a controller-triggered election still records that the master is gone (epoch + 1).
 */
export function electMaster(sim: RSim, g: number, requester: string | null): CtlGroup {
  const grp = group(sim, g);
  const members = groupNodes(sim, g);
  const unclean = sim.scenario.rocketmq.enableElectUncleanMaster;
  let next: string | null = grp.masterEpoch === 0 ? requester : null; // isFirstTimeForElect
  if (next === null) next = tryElect(sim, grp.sss, grp.master) ?? (unclean ? tryElect(sim, members, grp.master) : null);
  if (next !== null && next === grp.master) return grp; // CONTROLLER_MASTER_STILL_EXIST
  const label = groupLabel(g);
  if (next !== null) {
    grp.master = next;
    grp.masterEpoch++;
    grp.sss = [next];
    grp.ssEpoch++;
    sim.emit({ kind: 'CONTROLLER_ELECT_MASTER', node: CONTROLLER, cat: 'election', code: 'rocketmq.log.controllerElected', params: { node: CONTROLLER, group: label, master: next, epoch: grp.masterEpoch }, data: { group: label, master: next, epoch: grp.masterEpoch } });
    notifyRoleChanged(sim, g, grp);
  } else if (requester === null) {
    grp.master = null;
    grp.masterEpoch++;
    sim.emit({ kind: 'CONTROLLER_NO_MASTER', node: CONTROLLER, cat: 'election', code: 'rocketmq.log.controllerNoMaster', params: { node: CONTROLLER, group: label, epoch: grp.masterEpoch }, data: { group: label } });
  }
  return grp;
}

/** ControllerManager.notifyBrokerRoleChanged: NOTIFY_BROKER_ROLE_CHANGED to every active member. */
function notifyRoleChanged(sim: RSim, g: number, grp: CtlGroup): void {
  for (const b of groupNodes(sim, g)) if (isBrokerActive(sim, b)) sim.send(CONTROLLER, b, { type: 'ctlRoleChanged', ...info(grp) });
}

function info(grp: CtlGroup) {
  return { master: grp.master, masterEpoch: grp.masterEpoch, ssEpoch: grp.ssEpoch, sss: [...grp.sss] };
}

/** Requests from brokers (the controller's request processor). */
export function handleControllerRequest(sim: RSim, env: Envelope, body: { type: string; g: number; [k: string]: unknown }): void {
  const broker = env.src;
  const grp = group(sim, body.g);
  switch (body.type) {
    case 'ctlHeartbeat': return onCtlHeartbeat(sim, broker, body.epoch as number, body.maxOffset as number);
    case 'ctlRegister': {
      // registerBroker: the master is given only while it is alive.
      const alive = grp.master !== null && isBrokerActive(sim, grp.master);
      return void sim.send(CONTROLLER, broker, { type: 'ctlRegistered', ...info(grp), master: alive ? grp.master : null });
    }
    case 'ctlGetReplicaInfo': return void sim.send(CONTROLLER, broker, { type: 'ctlReplicaInfo', ...info(grp) });
    case 'ctlElect': {
      const res = electMaster(sim, body.g, broker);
      return void sim.send(CONTROLLER, broker, { type: 'ctlElectResult', ...info(res) });
    }
    case 'ctlAlterSss': return alterSyncStateSet(sim, broker, body.g, body.masterEpoch as number, body.ssEpoch as number, body.sss as string[]);
  }
}

/** ReplicasInfoManager.alterSyncStateSet: only the current master, in the current epochs, with alive members. */
function alterSyncStateSet(sim: RSim, broker: string, g: number, masterEpoch: number, ssEpoch: number, sss: string[]): void {
  const grp = group(sim, g);
  const same = sss.length === grp.sss.length && sss.every((b) => grp.sss.includes(b));
  const ok = !same && grp.master === broker && masterEpoch === grp.masterEpoch && ssEpoch === grp.ssEpoch
    && sss.includes(broker) && sss.every((b) => isBrokerActive(sim, b));
  if (ok) {
    grp.sss = groupNodes(sim, g).filter((b) => sss.includes(b));
    grp.ssEpoch++;
    const label = groupLabel(g);
    sim.emit({ kind: 'CONTROLLER_SYNC_STATE_SET', node: CONTROLLER, cat: 'isr', code: 'rocketmq.log.syncStateSet', params: { node: CONTROLLER, group: label, members: grp.sss.join(', '), epoch: grp.ssEpoch }, data: { group: label, members: grp.sss.join(',') } });
  }
  sim.send(CONTROLLER, broker, { type: 'ctlAlterResult', ok, sss: [...grp.sss], ssEpoch: grp.ssEpoch });
}

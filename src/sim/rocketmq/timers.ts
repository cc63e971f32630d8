import type { TimerBody } from '../core/types';
import { onLockAll, onOrderlyRelock, onOrderlyRetry, sendUnlock } from './orderly';
import { FLUSH_CONSUMER_OFFSET_INTERVAL_MS, HOLD_CHECK_INTERVAL_MS, CLIENT_SCAN_INTERVAL_MS, METRIC_INTERVAL_MS } from './constants';
import { onDledgerFlush, onFlushTimer, onGroupCommit, type RSim } from './store';
import { onNsScan, onRouteFailed, registerEverywhere, registerPeriodMs } from './namesrv';
import { onWaitScan, settleWaiters } from './send';
import { onHaPushTimer, slaveReport } from './ha';
import { expireHeldPulls, onSlaveSync, persistOffsets, removeMember, scanMembers } from './pull';
import { channelIdleCheck } from './channels';
import { onScheduleTimer, persistDelayOffsets } from './retry';
import { onProducerRouteTimer, onSendScan } from './producer';
import { onConsumeLater, onSendBackTimeout, onConsumerRouteTimer, onHeartbeatTimer, onPersistOffsets, onPullLater, onPullScan } from './consumer';
import { onRebalanceLater, onRebalanceTimer } from './rebalance';
import { onRaftBeatWait, onRaftPushTimer, onRaftTick, onRaftVoteTimer, onRaftVoteWait } from './dledger';
import { isMaster } from './roles';
import { onCtlScanBrokers, onCtlScanMasters } from './controller';
import { onCheckSssTimer, onCtlBeatTimer, onCtlSyncTimer } from './replicas';
import type { StoredEntry } from './entry';

export function handleTimer(sim: RSim, node: string, t: TimerBody): void {
  switch (t.type) {
    case 'nsScan': return onNsScan(sim, node);
    case 'register':
      registerEverywhere(sim, node);
      return void sim.setTimer(node, registerPeriodMs(sim), { type: 'register' });
    case 'flush': return onFlushTimer(sim, node);
    case 'dledgerFlush': return onDledgerFlush(sim, node);
    case 'groupCommit':
      onGroupCommit(sim, node);
      return settleWaiters(sim, node);
    case 'waitScan': return onWaitScan(sim, node);
    case 'haPush': return onHaPushTimer(sim, node, t.seq as number);
    case 'haBeat': return slaveReport(sim, node);
    case 'holdCheck':
      expireHeldPulls(sim, node);
      return void sim.setTimer(node, HOLD_CHECK_INTERVAL_MS, { type: 'holdCheck' });
    case 'clientScan':
      scanMembers(sim, node);
      return void sim.setTimer(node, CLIENT_SCAN_INTERVAL_MS, { type: 'clientScan' });
    case 'channelIdle':
      if (channelIdleCheck(sim, node, t.consumer as string, t.seq as number)) removeMember(sim, node, t.consumer as string);
      return;
    case 'persistBrokerOffsets':
      persistOffsets(sim, node);
      return void sim.setTimer(node, FLUSH_CONSUMER_OFFSET_INTERVAL_MS, { type: 'persistBrokerOffsets' });
    case 'metric': return brokerMetric(sim, node);
    case 'slaveSync': return onSlaveSync(sim, node);
    case 'schedule': return onScheduleTimer(sim, node);
    case 'persistDelay': return persistDelayOffsets(sim, node);
    case 'raftTick': return onRaftTick(sim, node);
    case 'ctlScanBrokers': return onCtlScanBrokers(sim);
    case 'ctlScanMasters': return onCtlScanMasters(sim);
    case 'ctlBeat': return onCtlBeatTimer(sim, node);
    case 'ctlSync': return onCtlSyncTimer(sim, node);
    case 'ctlCheckSss': return onCheckSssTimer(sim, node, t.seq as number);
    case 'raftVote': return onRaftVoteTimer(sim, node, t.seq as number);
    case 'raftVoteWait': return onRaftVoteWait(sim, node, t.seq as number);
    case 'raftBeatWait': return onRaftBeatWait(sim, node, t.seq as number);
    case 'raftPush': return onRaftPushTimer(sim, node);
    case 'pollRoute': return sim.node(node).kind === 'producer' ? onProducerRouteTimer(sim, node) : onConsumerRouteTimer(sim, node);
    case 'routeTimeout': {
      const c = sim.state.producers[node] ?? sim.state.consumers[node];
      return c ? onRouteFailed(sim, node, c, t.seq as number) : undefined;
    }
    case 'sendScan': return onSendScan(sim, node);
    case 'rebalance': return onRebalanceTimer(sim, node, t.seq as number);
    case 'persistOffsets': return onPersistOffsets(sim, node);
    case 'pullScan': return onPullScan(sim, node);
    case 'pullLater': return onPullLater(sim, node, t.key as string, t.seq as number);
    case 'heartbeat': return onHeartbeatTimer(sim, node);
    case 'lockAll': return onLockAll(sim, node);
    case 'orderlyRetry': return onOrderlyRetry(sim, node, t.key as string);
    case 'orderlyRelock': return onOrderlyRelock(sim, node, t.key as string, t.seq as number);
    case 'rebalanceLater': return onRebalanceLater(sim, node);
    case 'unlockDelay': return sendUnlock(sim, node, t.t as number, t.g as number, t.q as number);
    case 'consumeLater': return onConsumeLater(sim, node, t.key as string, t.off as number, t.entry as StoredEntry, t.r as number);
    case 'sendBackTimeout': return onSendBackTimeout(sim, node, t.seq as number);
  }
}

/** The dashboard's broker status: putTps / getTps, once a second, from masters with traffic. */
function brokerMetric(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  sim.setTimer(node, METRIC_INTERVAL_MS, { type: 'metric' });
  const puts = b.puts - b.metricPuts;
  const gets = b.gets - b.metricGets;
  b.metricPuts = b.puts;
  b.metricGets = b.gets;
  if (!isMaster(sim, node) || (puts === 0 && gets === 0)) return;
  sim.emit({ kind: 'BrokerStatus', node, cat: 'metric', code: 'rocketmq.log.brokerStatus', params: { node, puts, gets }, data: { putTps: puts, getTransferedTps: gets } });
}

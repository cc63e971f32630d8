import { CowList } from '../core/cowlist';
import type { DownCause, UpCause } from '../core/types';
import { BROKER_OFFSET_FIRST_DELAY_MS, SLAVE_SYNC_FIRST_DELAY_MS, HOLD_CHECK_INTERVAL_MS, CLIENT_SCAN_INTERVAL_MS, METRIC_INTERVAL_MS } from './constants';
import { startNameServer, newNsState, scheduleRegistration } from './namesrv';
import { flushNow, rebuildConsumeQueues, type RSim } from './store';
import { loadOffsets, persistOffsets } from './pull';
import { startHa } from './ha';
import { startSchedule, writeDelayOffsets } from './retry';
import { startDledger } from './dledger';
import { startProducer } from './producer';
import { startConsumer } from './consumer';
import { startController } from './controller';
import { startReplicas } from './replicas';
import { newBrokerState, type RmqState } from './state';

/**
 * Process start and death. Volatile state is rebuilt from the node's files on start (CommitLog ->
 * ConsumeQueues, consumerOffset.json, delayOffset.json, DLedger's term file) and dropped on death;
 * a process that dies with its host up has its connections closed by the kernel (FIN/RST), which
 * NameServers, clients and HA peers notice at once.
 */
export function newState(sim: RSim): RmqState {
  const brokerNodes = sim.specs.filter((s) => s.kind === 'broker').map((s) => s.name);
  const nsNodes = sim.specs.filter((s) => s.kind === 'namesrv').map((s) => s.name);
  const brokers: RmqState['brokers'] = {};
  for (const name of brokerNodes) {
    const [, letter, id] = /^broker-([a-z])-(\d+)$/.exec(name)!;
    brokers[name] = newBrokerState(letter.charCodeAt(0) - 97, Number(id));
  }
  return {
    brokerNodes, nsNodes, ns: {}, brokers, producers: {}, consumers: {}, storedAt: new CowList<number>(),
    lastDown: Object.fromEntries(brokerNodes.map((b) => [b, null])), truncated: new Map(), consumedMax: {},
    controller: sim.scenario.rocketmq.enableControllerMode ? { groups: {}, live: {} } : null,
    consumeRng: sim.fork('rocketmq.consume'), raftRng: sim.fork('rocketmq.dledger'), producerRng: sim.fork('rocketmq.producer'),
  };
}

export function startNode(sim: RSim, node: string, _cause: UpCause): void {
  const kind = sim.node(node).kind;
  if (kind === 'namesrv') return startNameServer(sim, node);
  if (kind === 'producer') return startProducer(sim, node);
  if (kind === 'consumer') return startConsumer(sim, node);
  if (kind === 'controller') return startController(sim);
  if (kind === 'broker') startBroker(sim, node);
}

function startBroker(sim: RSim, node: string): void {
  const cfg = sim.scenario.rocketmq;
  const old = sim.state.brokers[node];
  const b = (sim.state.brokers[node] = newBrokerState(old.g, old.brokerId));
  b.up = true;
  // FlushRealTimeService.lastFlushTimestamp starts at 0: its first pass is a thorough one.
  b.lastThoroughFlushAt = sim.now - cfg.flushCommitLogThoroughIntervalMs;
  rebuildConsumeQueues(sim, node);
  b.offsets = loadOffsets(sim, node);
  // DLedgerCommitLog does not start the CommitLog flush service; DLedger flushes its own store (armDledgerFlush).
  if (cfg.flushDiskType === 'ASYNC_FLUSH' && !cfg.dledger) sim.setTimer(node, cfg.flushIntervalCommitLogMs, { type: 'flush' });
  sim.setTimer(node, HOLD_CHECK_INTERVAL_MS, { type: 'holdCheck' });
  sim.setTimer(node, CLIENT_SCAN_INTERVAL_MS, { type: 'clientScan' });
  sim.setTimer(node, BROKER_OFFSET_FIRST_DELAY_MS, { type: 'persistBrokerOffsets' });
  sim.setTimer(node, METRIC_INTERVAL_MS, { type: 'metric' });
  // handleSlaveSynchronize: only a SLAVE (or a DLedger node, which may become one) syncs from its master.
  if (cfg.replicasPerGroup > 1 && (cfg.dledger || b.brokerId !== 0)) sim.setTimer(node, SLAVE_SYNC_FIRST_DELAY_MS, { type: 'slaveSync' });
  startSchedule(sim, node);
  if (cfg.dledger) startDledger(sim, node);
  else {
    if (cfg.enableControllerMode) startReplicas(sim, node);
    startHa(sim, node);
  }
  scheduleRegistration(sim, node);
}

/**
 * A graceful stop (the 'stop' fault: BrokerController.shutdown, 4.9.8 and 5.3.3): the store flushes
 * everything before the process exits. CommitLog.FlushRealTimeService and GroupCommitService end with
 * mappedFileQueue.flush(0) (retried up to RETRY_TIMES_OVER = 10 times); under DLedger,
 * DLedgerMmapFileStore.shutdown flushes its data file (openmessaging/dledger 0.3.1.2). The broker also
 * writes consumerOffset.json (ConsumerOffsetManager.persist) and a master delayOffset.json
 * (ScheduleMessageService.shutdown -> persist), both through the page cache as usual. So a power loss
 * of a host whose broker was stopped first loses no message; only a crash or power loss mid-run does.
 */
export function stopBroker(sim: RSim, node: string): void {
  const b = sim.state.brokers[node];
  if (!b?.up) return;
  flushNow(sim, node);
  persistOffsets(sim, node);
  if (sim.scenario.rocketmq.dledger || b.brokerId === 0) writeDelayOffsets(sim, node);
}

export function stopNode(sim: RSim, node: string, cause: DownCause): void {
  const st = sim.state;
  const kind = sim.node(node).kind;
  const kernelCloses = cause === 'crash' || cause === 'stop';
  if (kind === 'broker') {
    st.lastDown[node] = cause;
    const b = st.brokers[node];
    st.brokers[node] = newBrokerState(b.g, b.brokerId);
    if (kernelCloses) {
      const peers = sim.specs.filter((s) => s.kind !== 'broker' || s.name.startsWith(node.slice(0, -1)));
      for (const p of peers) if (p.name !== node) sim.send(node, p.name, { type: 'closed' }, { kernel: true });
    }
  } else if (kind === 'namesrv') st.ns[node] = newNsState();
  else if (kind === 'producer') delete st.producers[node];
  else if (kind === 'consumer') {
    delete st.consumers[node];
    if (kernelCloses) for (const b of st.brokerNodes) sim.send(node, b, { type: 'closed' }, { kernel: true });
  }
}

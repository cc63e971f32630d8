import type { SystemModel } from '../core/model';
import type { Envelope, TimerBody } from '../core/types';
import { rocketmqNodes } from '../scenario/topology';
import type { RmqState } from './state';
import type { RSim } from './store';
import { onFlushTimer, onGroupCommit } from './store';
import { newState, startNode, stopBroker, stopNode } from './lifecycle';
import { handleMessage, handleRefused } from './dispatch';
import { handleTimer } from './timers';
import { produce } from './producer';
import { locate } from './locate';
import { shutdownConsumer } from './consumer';
import { mqName } from './state';

/**
 * The RocketMQ model: NameServers, broker groups (master/slave or DLedger), producers and push
 * consumers, as message-level state machines over the core's network and storage.
 */
export const rocketmqModel: SystemModel<RmqState> = {
  system: 'rocketmq',
  nodes: rocketmqNodes,
  init(sim) {
    const s = sim as RSim;
    const state = newState(s);
    sim.world.model = state; // the start routines below read sim.state
    for (const spec of sim.specs) if (spec.startsRunning) startNode(s, spec.name, 'start');
    return state;
  },
  onMessage: (sim, env: Envelope) => handleMessage(sim as RSim, env),
  onRefused: (sim, env: Envelope) => handleRefused(sim as RSim, env),
  onTimer: (sim, node: string, timer: TimerBody) => handleTimer(sim as RSim, node, timer),
  // A graceful stop: a broker flushes and saves its offsets (lifecycle.ts stopBroker); a push
  // consumer's shutdown sends its last requests while still running (consumer.ts shutdownConsumer);
  // then the process goes at once. A producer just goes.
  onStopping(sim, node) {
    const kind = sim.node(node).kind;
    if (kind === 'broker') stopBroker(sim as RSim, node);
    else if (kind === 'consumer') shutdownConsumer(sim as RSim, node);
    return 'now';
  },
  onNodeDown: (sim, node, cause) => stopNode(sim as RSim, node, cause),
  onNodeUp: (sim, node, cause) => startNode(sim as RSim, node, cause),
  produce: (sim, producer, msg) => produce(sim as RSim, producer, msg),
  locate: (sim, id) => locate(sim as RSim, id),
  assignment(sim) {
    const out: Record<string, string[]> = {};
    for (const [name, c] of Object.entries(sim.state.consumers)) {
      out[name] = Object.values(c.pqs).filter((pq) => pq.ready).map((pq) => mqName(pq.t, pq.g, pq.q)).sort();
    }
    return out;
  },
};

export { onFlushTimer, onGroupCommit };

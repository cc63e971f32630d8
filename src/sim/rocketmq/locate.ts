import type { Whereabouts } from '../core/model';
import { TOPIC_DLQ } from './constants';
import { commitLog, type RSim } from './store';

/**
 * Where an acknowledged, never-consumed message is at the end: readable if a running broker has it
 * in a ConsumeQueue (or in SCHEDULE_TOPIC_XXXX, on its way to %RETRY%), stranded if a copy survives
 * only on a broker that is down or in %DLQ%, lost if no copy survives. Built once per world state.
 */
type Where = { status: 'readable' | 'stranded'; broker: string; dlq: boolean };
const cache = new WeakMap<object, { events: number; map: Map<number, Where> }>();

function index(sim: RSim): Map<number, Where> {
  const hit = cache.get(sim.world);
  if (hit && hit.events === sim.world.events) return hit.map;
  const map = new Map<number, Where>();
  for (const node of sim.state.brokerNodes) {
    const f = commitLog(sim, node);
    const b = sim.state.brokers[node];
    const running = sim.isRunning(node) && b.up;
    f.entries.forEachRange(0, f.entries.length, (e, idx) => {
      const prev = map.get(e.id);
      if (prev?.status === 'readable') return;
      const dlq = e.t === TOPIC_DLQ;
      const readable = running && !dlq && idx < b.dispatched;
      if (readable) map.set(e.id, { status: 'readable', broker: node, dlq });
      else if (!prev || (prev.dlq && !dlq)) map.set(e.id, { status: 'stranded', broker: node, dlq });
    });
  }
  cache.set(sim.world, { events: sim.world.events, map });
  return map;
}

export function locate(sim: RSim, id: number): Whereabouts {
  const where = index(sim).get(id);
  if (where?.status === 'readable') return { status: 'readable', cause: { code: 'rocketmq.readable', params: { broker: where.broker } } };
  if (where) {
    if (where.dlq) return { status: 'stranded', cause: { code: 'rocketmq.inDlq', params: { broker: where.broker } } };
    return { status: 'stranded', cause: { code: 'rocketmq.strandedOnDownBroker', params: { broker: where.broker } } };
  }
  const st = sim.state;
  const at = id < st.storedAt.length ? st.storedAt.get(id) : -1;
  if (at < 0) return { status: 'lost', cause: { code: 'rocketmq.neverStored' } };
  const broker = st.brokerNodes[at];
  const truncatedOn = st.truncated.get(id);
  if (truncatedOn) return { status: 'lost', cause: { code: 'rocketmq.dledgerTruncated', params: { broker: truncatedOn } } };
  const down = st.lastDown[broker];
  if (down === 'destroy') return { status: 'lost', cause: { code: 'rocketmq.lostWithDisk', params: { broker } } };
  if (down === 'powerLoss') return { status: 'lost', cause: { code: 'rocketmq.lostUnflushed', params: { broker } } };
  return { status: 'lost', cause: { code: 'core.unknown' } };
}

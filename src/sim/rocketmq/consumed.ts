import { recordDelivered, deliveriesOf } from '../accounting/ledger';
import type { RSim } from './store';
import { mqName, type ProcessQueue } from './state';
import { entryId, type StoredEntry } from './entry';

/**
 * A message consumed: into the ledger, with the reason when it is a repeat of a queue offset the
 * group had already consumed (its new owner, or its restarted consumer, started from an older
 * stored offset).
 */
export function recordConsumed(sim: RSim, node: string, pq: ProcessQueue, e: StoredEntry, off: number): void {
  const l = sim.world.ledger;
  const id = entryId(e);
  const queue = mqName(pq.t, pq.g, pq.q);
  const key = sim.scenario.rocketmq.messageModel === 'BROADCASTING' ? `${node}|${queue}` : queue;
  const max = sim.state.consumedMax[key] ?? -1;
  if (off > max) sim.state.consumedMax[key] = off;
  const again = off <= max && deliveriesOf(l, id) > 0;
  recordDelivered(l, id, node, sim.now, again ? { code: 'rocketmq.redeliveredFromStoredOffset', params: { consumer: node, queue, offset: off } } : undefined);
}

import type { Sim } from '../core/engine';
import type { KafkaState } from './types';

/**
 * One timer per node and kind for deadlines that are usually met (request timeouts, long-poll
 * waits): instead of a timer per request, the node keeps the deadlines and one timer fires at the
 * earliest; at a busy rate that saves an event per request.
 */
export function arm(sim: Sim<KafkaState>, node: string, sweeps: Record<string, number>, type: string, at: number): void {
  const cur = sweeps[type];
  if (cur !== undefined && cur !== NONE && cur >= sim.now && cur <= at) return;
  sweeps[type] = at;
  sim.setTimer(node, at - sim.now, { type, at });
}

/** No timer armed (the kind's key stays: deleting keys would turn the record into a slow dictionary). */
const NONE = -1;

/** True when this timer is the current one for its kind (older ones were superseded). */
export function fire(sweeps: Record<string, number>, type: string, at: number): boolean {
  if (sweeps[type] !== at) return false;
  sweeps[type] = NONE;
  return true;
}

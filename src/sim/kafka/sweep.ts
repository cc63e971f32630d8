import type { Sim } from '../core/engine';
import type { KafkaState } from './types';

/**
 * One timer per node and kind for deadlines that are usually met (request timeouts, long-poll
 * waits): instead of a timer per request, the node keeps the deadlines and one timer fires at the
 * earliest; at a busy rate that saves an event per request.
 *
 * A node's armed times are an array indexed by kind, not a record keyed by the timer's name: a
 * lookup by a name that varies from call to call is a slow (megamorphic) one, and these run on
 * every fetch and produce request.
 */
export const SWEEP_TYPES = [
  'fetchWait', 'replicaFetchTimeout', 'delayedProduceExpire', // broker
  'requestTimeout', 'inflightExpiry', 'bufferWait', // producer
  'fetchTimeout', // consumer
] as const;
export type SweepType = (typeof SWEEP_TYPES)[number];

/** The kinds by name, for the call sites: SWEEP.fetchWait is the index of 'fetchWait'. */
export const SWEEP = Object.fromEntries(SWEEP_TYPES.map((type, i) => [type, i])) as { readonly [T in SweepType]: number };

/** No timer armed. */
const NONE = -1;

/** A node's sweeps, none armed. */
export function newSweeps(): number[] {
  return SWEEP_TYPES.map(() => NONE);
}

/** Makes sure a timer of `kind` fires at `at` or earlier (one already armed for a time in [now, at] does). */
export function arm(sim: Sim<KafkaState>, node: string, sweeps: number[], kind: number, at: number): void {
  const cur = sweeps[kind];
  if (cur !== NONE && cur >= sim.now && cur <= at) return;
  sweeps[kind] = at;
  sim.setTimer(node, at - sim.now, { type: SWEEP_TYPES[kind], at });
}

/** True when this timer is the current one for its kind (older ones were superseded). */
export function fire(sweeps: number[], kind: number, at: number): boolean {
  if (sweeps[kind] !== at) return false;
  sweeps[kind] = NONE;
  return true;
}

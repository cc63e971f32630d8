import type { Sim } from '../core/engine';
import type { LogInput } from '../core/types';
import type { KafkaState } from './types';

/**
 * Emits an event and counts it under its real name (the view's rate metrics read the counts).
 * The sentence is a `kafka.log.*` catalogue code with params, so the UI can show it in any language.
 */
export function kemit(sim: Sim<KafkaState>, entry: LogInput): void {
  sim.emit(entry);
  const c = sim.state.counters;
  c[entry.kind] = (c[entry.kind] ?? 0) + 1;
}

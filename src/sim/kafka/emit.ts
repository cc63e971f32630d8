import type { Sim } from '../core/engine';
import type { LogEntry } from '../core/types';
import type { KafkaState } from './types';

/** Emits an event and counts it under its real name (the view's rate metrics read the counts). */
export function kemit(sim: Sim<KafkaState>, entry: Omit<LogEntry, 'at'>): void {
  sim.emit(entry);
  const c = sim.state.counters;
  c[entry.kind] = (c[entry.kind] ?? 0) + 1;
}

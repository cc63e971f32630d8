/**
 * Timeline markers: the scenario's faults (known in advance) and the notable events each run has
 * logged so far (elections, ISR changes, route changes, rebalances, losses). Capped so that a
 * stormy run still draws quickly; faults always come first.
 */
import type { FaultSpec } from '../../sim/scenario/schema';
import type { SystemName } from '../../sim/scenario/topology';
import type { Engine } from '../engine/engine';

export interface Marker {
  at: number;
  system: SystemName;
  cat: string;
  label: string;
}

export const NOTABLE = new Set(['election', 'isr', 'route', 'rebalance', 'loss']);
export const MARKERS_MAX = 400;

export function collectMarkers(engine: Engine, faults: readonly FaultSpec[]): Marker[] {
  const out: Marker[] = faults.map((f) => ({ at: f.atMs, system: f.system, cat: 'fault', label: `${f.action} ${f.target}` }));
  for (const system of ['kafka', 'rocketmq'] as const) {
    const log = engine.runners[system].sim?.world.log;
    if (!log) continue;
    log.forEachRange(0, log.length, (e) => {
      if (out.length < MARKERS_MAX && NOTABLE.has(e.cat)) out.push({ at: e.at, system, cat: e.cat, label: `${e.kind} ${e.node}` });
    });
  }
  return out;
}

/**
 * What the fault menu offers, as plain data: the verbs for a node in its state, the slow delays
 * and undo durations to choose from, and the fault a click builds from the chosen options.
 * The engine checks the same rules (scenario/consistency.ts); the menu never offers what it
 * would refuse.
 */
import type { FaultSpec } from '../../sim/scenario/schema';
import type { NodeStatusView } from '../../sim/views';
import type { MessageKey, T } from '../../i18n';

export type Verb = Omit<FaultSpec, 'atMs' | 'system' | 'target'>;
export type Direction = 'both' | 'in' | 'out';

/** Extra one-way delay choices for "slow": a busy network, a bad NIC, a GC-like stall, a dying disk. */
export const SLOW_DELAYS_MS = [100, 500, 2000, 10_000] as const;
export const SLOW_MS = 500;
/** "Undo after" choices; 0 is "until undone by hand". */
export const UNDO_AFTER_MS = [0, 2000, 5000, 10_000, 30_000, 60_000] as const;
/** The verbs the engine can undo after `durationMs` (core/faults.ts undoOf); destroy cannot be undone. */
export const UNDOABLE: ReadonlySet<FaultSpec['action']> = new Set(['crash', 'powerLoss', 'isolate', 'slow', 'pause', 'stop']);

export interface FaultOptions {
  slowMs: number;
  undoAfterMs: number;
  direction: Direction;
  /** Nodes to isolate from; empty is everyone. */
  from: string[];
}

export const DEFAULT_OPTIONS: FaultOptions = { slowMs: SLOW_MS, undoAfterMs: 0, direction: 'both', from: [] };

/** The verbs offered for a node in a given state, with their catalogue keys. */
export function verbsFor(n: NodeStatusView): { key: MessageKey; fault: Verb }[] {
  const out: { key: MessageKey; fault: Verb }[] = [];
  const alive = n.host === 'up' && (n.proc === 'running' || n.proc === 'paused');
  if (n.host === 'destroyed') return out;
  if (alive) {
    if (n.proc === 'paused') out.push({ key: 'faults.resume', fault: { action: 'resume' } });
    else out.push({ key: 'faults.pause', fault: { action: 'pause' } });
    out.push({ key: 'faults.crash', fault: { action: 'crash' } });
    out.push({ key: 'faults.powerLoss', fault: { action: 'powerLoss' } });
    if (!n.stopping) out.push({ key: 'faults.stop', fault: { action: 'stop' } });
  } else if (n.proc === 'stopped' || n.proc === 'notStarted') out.push({ key: 'faults.start', fault: { action: 'start' } });
  else out.push({ key: 'faults.restart', fault: { action: 'restart' } });
  out.push({ key: 'faults.destroy', fault: { action: 'destroy' } });
  if (n.isolated) out.push({ key: 'faults.heal', fault: { action: 'heal' } });
  out.push(n.slowMs > 0 ? { key: 'faults.unslow', fault: { action: 'slow', delayMs: 0 } } : { key: 'faults.slow', fault: { action: 'slow', delayMs: SLOW_MS } });
  return out;
}

/**
 * The fault a click sends: the verb with the chosen slow delay, isolation set and direction, and
 * the undo duration where the engine can undo it. Removing a slowdown (delay 0) is itself an undo.
 */
export function withOptions(fault: Verb, o: FaultOptions): Verb {
  const f: Verb = { ...fault };
  if (f.action === 'slow' && f.delayMs !== 0) f.delayMs = o.slowMs;
  if (f.action === 'isolate') {
    if (o.from.length) f.from = [...o.from];
    if (o.direction !== 'both') f.direction = o.direction;
  }
  const undoable = UNDOABLE.has(f.action) && !(f.action === 'slow' && f.delayMs === 0);
  if (undoable && o.undoAfterMs > 0) f.durationMs = o.undoAfterMs;
  return f;
}

/** "2 s", "500 ms", "1 min" in the learner's language: short enough for a button. */
export function formatMs(ms: number, t: T): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return t('unit.min', { n: ms / 60_000 });
  if (ms >= 1000 && ms % 1000 === 0) return t('unit.s', { n: ms / 1000 });
  return t('unit.ms', { n: ms });
}

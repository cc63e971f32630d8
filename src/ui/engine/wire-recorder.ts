/**
 * Remembers the envelopes a run has sent recently, so that the animation can show messages whose
 * whole flight falls between two frames (a 2 ms hop at 1x lasts an eighth of a frame). It observes
 * `sim.push` without changing what it does; the run, its trace and its checkpoints are untouched.
 * Entries are keyed by envelope id, which a replay after a rewind reproduces exactly.
 */
import type { Sim } from '../../sim/core/engine';
import type { Envelope, QEvent } from '../../sim/core/types';

export const RECORDER_MAX = 4_000;

export class WireRecorder {
  private byId = new Map<number, Envelope>();
  private patched = new WeakSet<object>();

  attach(sim: Sim<unknown>): void {
    if (this.patched.has(sim)) return;
    this.patched.add(sim);
    const push = sim.push.bind(sim);
    sim.push = (ev: QEvent) => {
      if (ev.k === 'msg') this.record(ev);
      push(ev);
    };
  }

  record(env: Envelope): void {
    this.byId.set(env.id, env);
    if (this.byId.size > RECORDER_MAX) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.byId.keys().next().value as number;
      this.byId.delete(oldest);
    }
  }

  envelopes(): IterableIterator<Envelope> {
    return this.byId.values();
  }

  /** Forgets what lies in the future after a rewind (replay records it again) and what is long past. */
  trim(now: number, keepAfter: number): void {
    for (const [id, env] of this.byId) if (env.sentAt > now || Math.max(env.deliverAt, env.sentAt) < keepAfter) this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
  }
}

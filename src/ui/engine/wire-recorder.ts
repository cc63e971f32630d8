/**
 * Remembers the envelopes a run has sent recently, so that the animation can show messages whose
 * whole flight falls between two frames (a 2 ms hop at 1x lasts an eighth of a frame). It observes
 * `sim.push` without changing what it does; the run, its trace and its checkpoints are untouched.
 * Callers key the envelopes by id, which a replay after a rewind reproduces exactly.
 */
import type { Sim } from '../../sim/core/engine';
import type { Envelope, QEvent } from '../../sim/core/types';

export const RECORDER_MAX = 4_000;

export class WireRecorder {
  /**
   * The last RECORDER_MAX envelopes sent, in a ring (null where trimmed). A Map by id that dropped
   * its oldest entry at each send made runs three times slower: finding a Map's first live entry
   * skips every deleted one before it.
   */
  private ring: (Envelope | null)[] = new Array<Envelope | null>(RECORDER_MAX).fill(null);
  private next = 0;
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
    this.ring[this.next] = env;
    this.next = this.next + 1 === RECORDER_MAX ? 0 : this.next + 1;
  }

  /** The envelopes kept, in no particular order; a replay after a rewind may list an id twice (callers key by id). */
  *envelopes(): IterableIterator<Envelope> {
    for (const env of this.ring) if (env !== null) yield env;
  }

  /** Forgets what lies in the future after a rewind (replay records it again) and what is long past. */
  trim(now: number, keepAfter: number): void {
    const ring = this.ring;
    for (let i = 0; i < ring.length; i++) {
      const env = ring[i];
      if (env !== null && (env.sentAt > now || Math.max(env.deliverAt, env.sentAt) < keepAfter)) ring[i] = null;
    }
  }

  clear(): void {
    this.ring.fill(null);
    this.next = 0;
  }
}

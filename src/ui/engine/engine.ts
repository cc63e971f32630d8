/**
 * The two runs, one per system, following the store: a new `runId` rebuilds them from t = 0, a
 * new playhead seeks both. Components that draw every frame subscribe here; nothing in this file
 * reads the wall clock (the frame loop in ./loop.ts does).
 */
import type { SystemName } from '../../sim/scenario/topology';
import type { FaultSpec } from '../../sim/scenario/schema';
import type { Scenario } from '../../sim/scenario/defaults';
import { SystemRunner } from './runner';
import type { AppStore } from '../store';

/**
 * `jump` is true for a change the learner made at once (a seek while paused, a rewind, a new run),
 * false for the playhead moving on while playing or an action: views that refresh on a throttle
 * (the scoreboard, the event log) show a jump at once instead of up to a throttle period late.
 */
export type Listener = (jump: boolean) => void;

/**
 * Opens a wall-time budget for one slice of work and returns "is there time left?". The app's
 * frame loop provides it (nothing in this file reads a clock); without one, every seek completes
 * at once, as tests and the recorder want.
 */
export type Budget = () => () => boolean;

export class Engine {
  runners!: Record<SystemName, SystemRunner>;
  /** Bumped whenever simulated time or the runs change; per-frame subscribers compare it. */
  version = 0;
  private listeners = new Set<Listener>();
  private unsubscribe: () => void;
  private runId = -1;
  private budget: Budget | null = null;
  /** The time both runs stand at, and the time they are heading for (the playhead's). */
  private reached = 0;
  private goal = 0;

  constructor(private readonly store: AppStore) {
    this.sync();
    this.unsubscribe = store.subscribe((s, prev) => {
      if (s.runId !== prev.runId || s.playhead !== prev.playhead) this.sync(s.runId !== prev.runId || !s.playing || s.playhead < prev.playhead);
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  subscribe = (fn: Listener): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  /** The simulated time both runs stand at (they move together): the playhead's, once caught up. */
  get now(): number {
    return this.reached;
  }

  /**
   * A jump far beyond what the runs have simulated (the end of a long, busy scenario) would hold
   * the page for seconds. With a budget, the runs move there in steps of one checkpoint interval,
   * a budget's worth per frame (the frame loop calls `work`), and the page stays responsive.
   */
  setBudget(budget: Budget | null): void {
    this.budget = budget;
  }

  /** The runs are still on their way to the playhead. */
  get catchingUp(): boolean {
    return this.reached < this.goal;
  }

  /** One more frame's worth of catching up. */
  work(): void {
    if (!this.catchingUp) return;
    this.advance(this.budget);
    // Arriving is shown at once, like the jump it completes; the steps on the way are throttled.
    this.bump(!this.catchingUp);
  }

  atEnd(): boolean {
    return this.runners.kafka.atEnd() && this.runners.rocketmq.atEnd();
  }

  /**
   * The learner acts: each fault is applied to its own system's run 1 ms from now, the future is
   * dropped, and the store's scenario records the faults (without restarting the runs).
   */
  act(faults: Omit<FaultSpec, 'atMs'>[]): Scenario {
    this.settle();
    const s = this.store.getState();
    const recorded: FaultSpec[] = [];
    for (const f of faults) {
      const done = this.runners[f.system].act(f);
      if (done) recorded.push(done);
    }
    const scenario: Scenario = { ...s.scenario, faults: [...s.scenario.faults, ...recorded] };
    this.store.getState().recordFork(scenario);
    // Not a jump: the faults land 1 ms from now, so the views show them with the run's next refresh.
    this.bump(false);
    return scenario;
  }

  /** The earliest next engine event of either run, or null when nothing is left before the end. */
  nextEventAt(): number | null {
    this.settle();
    let t = Infinity;
    for (const r of Object.values(this.runners)) {
      const sim = r.sim;
      if (sim) t = Math.min(t, sim.nextEventAt());
    }
    const end = this.store.getState().scenario.durationMs;
    return t === Infinity || t > end ? null : t;
  }

  /**
   * The latest engine event of either run strictly before now, or null at the start. Replays from
   * checkpoints, so the runs are left elsewhere: the caller seeks (stepBack does).
   */
  previousEventAt(): number | null {
    this.settle();
    const now = this.now;
    let t: number | null = null;
    for (const r of Object.values(this.runners)) {
      const p = r.previousEventTime(now);
      if (p !== null && (t === null || p > t)) t = p;
    }
    return t;
  }

  private sync(jump = true): void {
    const s = this.store.getState();
    if (s.runId !== this.runId) {
      this.runId = s.runId;
      this.runners = {
        kafka: new SystemRunner(s.scenario, 'kafka'),
        rocketmq: new SystemRunner(s.scenario, 'rocketmq'),
      };
      this.reached = 0;
    }
    this.goal = Math.min(Math.floor(s.playhead), s.scenario.durationMs);
    this.advance(this.budget);
    this.bump(jump);
  }

  /** Finishes any catching up now: acting and stepping need the runs where the playhead is. */
  private settle(): void {
    if (this.catchingUp) this.advance(null);
  }

  /**
   * Moves both runs toward the goal, together: at once without a budget; with one, a checkpoint
   * interval beyond what they have simulated at a time, while the budget lasts (a seek within
   * the simulated past is always one step).
   */
  private advance(budget: Budget | null): void {
    const left = budget?.();
    for (;;) {
      const step = left ? Math.min(this.goal, this.runners.kafka.cheapUntil, this.runners.rocketmq.cheapUntil) : this.goal;
      this.runners.kafka.seek(step);
      this.runners.rocketmq.seek(step);
      this.reached = step;
      if (step >= this.goal || !left || !left()) return;
    }
  }

  private bump(jump: boolean): void {
    this.version++;
    for (const fn of this.listeners) fn(jump);
  }
}

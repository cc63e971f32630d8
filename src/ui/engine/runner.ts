/**
 * One system's run in the page: a Timeline that follows the playhead, with every model failure
 * caught and kept as a message, so that a model that throws shows a translated notice in its panel
 * instead of taking the page down.
 */
import { Timeline } from '../../sim/timeline';
import type { Scenario } from '../../sim/scenario/defaults';
import type { SystemName } from '../../sim/scenario/topology';
import type { FaultSpec } from '../../sim/scenario/schema';
import type { Sim } from '../../sim/core/engine';
import { buildReport, type Report } from '../../sim/accounting/report';
import type { KafkaView, RocketmqView } from '../../sim/views';
import { VIEWS } from './views';
import { WireRecorder } from './wire-recorder';

export class SystemRunner {
  readonly system: SystemName;
  timeline: Timeline<unknown> | null = null;
  error: string | null = null;
  /** Recently sent envelopes, for the animation (see wire-recorder.ts). */
  readonly wire = new WireRecorder();
  private reportCache: { at: number; events: number; report: Report } | null = null;

  constructor(scenario: Scenario, system: SystemName) {
    this.system = system;
    try {
      this.timeline = new Timeline(scenario, system);
      this.wire.attach(this.timeline.sim);
    } catch (e) {
      this.fail(e);
    }
  }

  get sim(): Sim<unknown> | null {
    return this.timeline?.sim ?? null;
  }

  get now(): number {
    return this.timeline?.now ?? 0;
  }

  /** How far a seek stays cheap: the latest checkpoint plus one interval (a failed run has no limit). */
  get cheapUntil(): number {
    const tl = this.timeline;
    return tl ? tl.frontier + tl.intervalMs : Infinity;
  }

  /** Moves to simulated time floor(t): integer time, whatever the frame rate. */
  seek(t: number): void {
    if (!this.timeline) return;
    try {
      this.timeline.seek(Math.floor(t));
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * The time of the last engine event strictly before `t`, or null if there is none: replays from
   * the checkpoint below `t` (stepping event by event), going one checkpoint further back while
   * that stretch is empty. Leaves the run at the time it returns; the caller seeks afterwards.
   */
  previousEventTime(t: number): number | null {
    const tl = this.timeline;
    if (!tl || t <= 0) return null;
    try {
      for (let from = Math.floor((t - 1) / tl.intervalMs) * tl.intervalMs; from >= 0; from -= tl.intervalMs) {
        tl.seek(from);
        let last: number | null = null;
        while (tl.sim.nextEventAt() < t) last = tl.sim.step();
        if (last !== null) return last;
      }
    } catch (e) {
      this.fail(e);
    }
    return null;
  }

  atEnd(): boolean {
    return this.timeline !== null && this.timeline.now >= this.timeline.scenario.durationMs;
  }

  /** The fork: the fault happens 1 ms from now. Returns the fault as recorded, or null on failure. */
  act(fault: Omit<FaultSpec, 'atMs'>): FaultSpec | null {
    if (!this.timeline) return null;
    try {
      const scenario = this.timeline.act(fault);
      this.wire.attach(this.timeline.sim); // a new client rebuilds the run: observe the new sim
      return scenario.faults[scenario.faults.length - 1];
    } catch (e) {
      this.fail(e);
      return null;
    }
  }

  /** The scoreboard's figures, recomputed only when the run has moved. */
  report(): Report | null {
    const sim = this.sim;
    if (!sim) return null;
    const c = this.reportCache;
    if (c && c.at === sim.now && c.events === sim.world.events) return c.report;
    try {
      const report = buildReport(sim);
      this.reportCache = { at: sim.now, events: sim.world.events, report };
      return report;
    } catch (e) {
      this.fail(e);
      return null;
    }
  }

  /** The model's own view, or null while the model has no view file or its view throws. */
  view(tail = 40): KafkaView | RocketmqView | null {
    const sim = this.sim;
    const fns = VIEWS[this.system];
    if (!sim || !fns) return null;
    try {
      return fns.view(sim, tail);
    } catch {
      return null;
    }
  }

  traceHash(): string | null {
    return this.sim?.traceHash() ?? null;
  }

  private fail(e: unknown): void {
    this.error = e instanceof Error ? e.message : String(e);
    this.timeline = null;
    this.reportCache = null;
  }
}

/**
 * The walkthrough's steps are the scenario's notes in time order. Pure functions of (notes,
 * simulated time): which step is showing, where Next and Back go, and where playing must stop.
 * A step keeps the note's index in `scenario.notes`, which is how the store keys the learner's
 * predictions.
 */
import type { NoteSpec } from '../../sim/scenario/schema';

export interface Step {
  /** Index of the note in scenario.notes. */
  index: number;
  note: NoteSpec;
}

/** Notes sorted by time; notes at the same moment keep their order in the file. */
export function walkSteps(notes: readonly NoteSpec[]): Step[] {
  return notes.map((note, index) => ({ index, note })).sort((a, b) => a.note.atMs - b.note.atMs || a.index - b.index);
}

/** Position in `steps` of the note showing at time t (the latest one at or before t), or -1. */
export function currentStepAt(steps: readonly Step[], t: number): number {
  let at = -1;
  for (let i = 0; i < steps.length && steps[i].note.atMs <= t; i++) at = i;
  return at;
}

/** Next: the first note strictly after t. */
export function nextStepTime(steps: readonly Step[], t: number): number | null {
  for (const s of steps) if (s.note.atMs > t) return s.note.atMs;
  return null;
}

/**
 * Back: the latest note strictly before t, so that standing on a note goes to the one before it
 * and standing between two notes replays the current one from its start.
 */
export function prevStepTime(steps: readonly Step[], t: number): number | null {
  let found: number | null = null;
  for (const s of steps) if (s.note.atMs < t) found = s.note.atMs;
  return found;
}

/**
 * While playing from `from` to `to`, the first note with `pause: true` in (from, to], where the
 * playhead must stop. A note exactly at `from` has already been shown, so pressing Play there
 * moves on.
 */
export function pauseStopBetween(notes: readonly NoteSpec[], from: number, to: number): number | null {
  let stop: number | null = null;
  for (const n of notes) if (n.pause && n.atMs > from && n.atMs <= to && (stop === null || n.atMs < stop)) stop = n.atMs;
  return stop;
}

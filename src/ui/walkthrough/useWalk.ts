/**
 * The walkthrough as the components see it: the steps, the one showing now, and the Next/Back
 * commands. Selectors return small values so that the bar re-renders when the step changes, not
 * on every frame of a playing run.
 */
import type { NoteSpec } from '../../sim/scenario/schema';
import type { AppStore } from '../store';
import { useApp } from '../context';
import { currentStepAt, nextStepTime, prevStepTime, walkSteps, type Step } from './steps';

const cache = new WeakMap<readonly NoteSpec[], Step[]>();

/** The sorted steps of a notes array, computed once per scenario. */
export function stepsOf(notes: readonly NoteSpec[]): Step[] {
  let steps = cache.get(notes);
  if (!steps) {
    steps = walkSteps(notes);
    cache.set(notes, steps);
  }
  return steps;
}

export interface WalkNow {
  steps: Step[];
  /** Position in steps of the note showing, or -1 before the first. */
  pos: number;
  current: Step | null;
  /** The run has moved past the current note (its answer, if it asks, is revealed). */
  beyond: boolean;
}

export function useWalkNow(): WalkNow {
  const notes = useApp((s) => s.scenario.notes);
  const steps = stepsOf(notes);
  const pos = useApp((s) => currentStepAt(stepsOf(s.scenario.notes), s.playhead));
  const beyond = useApp((s) => pos >= 0 && pos < steps.length && s.playhead > steps[pos].note.atMs);
  const current = pos >= 0 && pos < steps.length ? steps[pos] : null;
  return { steps, pos, current, beyond };
}

export function isRevealed(store: AppStore, step: Step, beyond: boolean): boolean {
  return beyond || store.getState().walkthrough.revealed[step.index] === true;
}

/** Next: reveal a pending answer first; otherwise jump to the next note and stop there. */
export function walkNext(store: AppStore): void {
  const s = store.getState();
  const steps = stepsOf(s.scenario.notes);
  const pos = currentStepAt(steps, s.playhead);
  const cur = pos >= 0 ? steps[pos] : null;
  if (cur?.note.ask && s.playhead === cur.note.atMs && !s.walkthrough.revealed[cur.index]) {
    s.revealAnswer(cur.index);
    return;
  }
  const t = nextStepTime(steps, s.playhead);
  if (t === null) return;
  s.pause();
  s.seek(t);
}

/** Back: rewind to the previous note (the engine restores a checkpoint and replays). */
export function walkBack(store: AppStore): void {
  const s = store.getState();
  const t = prevStepTime(stepsOf(s.scenario.notes), s.playhead);
  s.pause();
  s.seek(t ?? 0);
}

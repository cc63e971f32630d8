/**
 * The frame loop: the only place wall time is read. While playing, the playhead moves by
 * speed x elapsed wall time; the engine follows the playhead, and after a far jump catches up a
 * budget's worth per frame (frameBudget). A long gap (a background tab) is capped so that
 * returning to the page does not jump minutes ahead.
 */
import type { AppStore } from '../store';
import type { Budget, Engine } from './engine';
import { pauseStopBetween } from '../walkthrough/steps';

const MAX_FRAME_GAP_MS = 100;
/** Wall time per frame the runs may spend catching up with a far jump (the rest is the page's). */
const CATCH_UP_MS_PER_FRAME = 80;

let frameStart = -Infinity;

/**
 * The engine's budget for catching up: what is left of CATCH_UP_MS_PER_FRAME in the current frame.
 * A seek outside a frame (a click) finds none left: it takes its first step at once and the next
 * frames take the rest.
 */
export const frameBudget: Budget = () => () => performance.now() - frameStart < CATCH_UP_MS_PER_FRAME;

export function startLoop(store: AppStore, raf = requestAnimationFrame, caf = cancelAnimationFrame, engine?: Engine): () => void {
  let last: number | null = null;
  let handle = 0;
  const frame = (wall: number) => {
    frameStart = performance.now();
    engine?.work(); // runs still catching up with a far jump take another slice
    const s = store.getState();
    if (s.playing && last !== null) {
      const dt = Math.min(MAX_FRAME_GAP_MS, Math.max(0, wall - last));
      const end = s.scenario.durationMs;
      let next = Math.min(end, s.playhead + s.speed * dt);
      // A guided walkthrough stops exactly on each note that asks to pause.
      const stop = s.walkthrough.on ? pauseStopBetween(s.scenario.notes, s.playhead, next) : null;
      if (stop !== null) next = stop;
      if (next !== s.playhead) s.seek(next);
      if (next >= end || stop !== null) s.pause();
    }
    last = wall;
    handle = raf(frame);
  };
  handle = raf(frame);
  return () => caf(handle);
}

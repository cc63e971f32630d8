/**
 * The frame loop: the only place wall time is read. While playing, the playhead moves by
 * speed x elapsed wall time; the engine follows the playhead. A long gap (a background tab) is
 * capped so that returning to the page does not jump minutes ahead.
 */
import type { AppStore } from '../store';
import { pauseStopBetween } from '../walkthrough/steps';

const MAX_FRAME_GAP_MS = 100;

export function startLoop(store: AppStore, raf = requestAnimationFrame, caf = cancelAnimationFrame): () => void {
  let last: number | null = null;
  let handle = 0;
  const frame = (wall: number) => {
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

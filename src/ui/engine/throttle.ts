/**
 * How a throttled view (scoreboard, event log, diagrams) follows the engine: while the run plays,
 * at most one refresh every `ms` of wall time, always with a trailing one so that a pause shows the
 * final state; a jump (see engine.ts's Listener) refreshes at once, dropping the pending one, so
 * that after a seek the figures never show the old moment for up to `ms`.
 */
export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Throttle {
  notify(jump: boolean): void;
  dispose(): void;
}

export function throttle(ms: number, flush: () => void, clock: ThrottleClock): Throttle {
  let last = -Infinity;
  let timer: unknown = null;
  const run = () => {
    timer = null;
    last = clock.now();
    flush();
  };
  const cancel = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  return {
    notify(jump) {
      if (jump) {
        cancel();
        return run();
      }
      if (timer !== null) return;
      const wait = ms - (clock.now() - last);
      if (wait <= 0) run();
      else timer = clock.setTimeout(run, wait);
    },
    dispose: cancel,
  };
}

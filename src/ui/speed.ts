/**
 * Playback speed: 0.1x to 1000x on a log scale. The slider works in log10 units; +/- step through
 * the 1-2-5 series so the learner lands on round numbers.
 */
export const SPEED_MIN = 0.1;
export const SPEED_MAX = 1000;
export const SPEED_STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;

export function clampSpeed(x: number): number {
  if (!Number.isFinite(x)) return 1;
  return Math.max(SPEED_MIN, Math.min(SPEED_MAX, x));
}

/** The next 1-2-5 step above (dir = 1) or below (dir = -1) the current speed. */
export function nextSpeed(current: number, dir: 1 | -1): number {
  if (dir > 0) return SPEED_STEPS.find((s) => s > current * 1.0001) ?? SPEED_MAX;
  for (let i = SPEED_STEPS.length - 1; i >= 0; i--) if (SPEED_STEPS[i] < current * 0.9999) return SPEED_STEPS[i];
  return SPEED_MIN;
}

/** Slider position (log10 of the speed) to speed, rounded to two significant digits. */
export function speedFromSlider(v: number): number {
  const raw = clampSpeed(10 ** v);
  const digits = raw < 1 ? 2 : raw < 10 ? 1 : 0;
  return Number(raw.toFixed(digits));
}

export function sliderFromSpeed(speed: number): number {
  return Math.log10(clampSpeed(speed));
}

export function formatSpeed(speed: number): string {
  return speed < 1 ? speed.toFixed(1).replace(/\.0$/, '') : String(Number(speed.toPrecision(3)));
}

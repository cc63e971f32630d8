/**
 * What a recording is asked to be, checked once, and the arithmetic that turns it into frames:
 * frame i shows simulated time from + i x speed x 1000 / fps, so the video's pace depends only
 * on simulated time, never on how fast the machine renders. Shared by the app's Record dialog
 * and `npm run record`, so both refuse the same bad input with the same words.
 */
import type { Lang } from '../../i18n';

export type RecordFormat = 'webm' | 'gif';

export interface RecordRequest {
  format: RecordFormat;
  /** Simulated ms; the recording covers [fromMs, toMs]. */
  fromMs: number;
  toMs: number;
  /** Simulated seconds per video second: 10 means ten simulated seconds play in one. */
  speed: number;
  width: number;
  height: number;
  lang: Lang;
  theme: 'light' | 'dark';
}

/** The sizes the app offers; the command line also takes any even size in the bounds below. */
export const PRESET_SIZES = { '720p': { width: 1280, height: 720 }, '1080p': { width: 1920, height: 1080 } } as const;
export const VIDEO_FPS = 30;
/** GIF frame delays are whole centiseconds: 20 fps is 5 cs exactly, 30 fps would drift. */
export const GIF_FPS = 20;
/** A GIF is for short clips; longer ones belong in a video. */
export const GIF_MAX_VIDEO_MS = 15_000;
export const SIZE_MIN = { width: 160, height: 90 };
export const SIZE_MAX = { width: 3840, height: 2160 };
export const SPEED_MIN = 0.1;
export const SPEED_MAX = 1000;
/** An hour of video at 30 fps: beyond that the tab would hold too many encoded bytes. */
export const FRAMES_MAX = 108_000;

export function fpsOf(format: RecordFormat): number {
  return format === 'gif' ? GIF_FPS : VIDEO_FPS;
}

/** Video length in ms for a request: the simulated span played at `speed`. */
export function videoMs(r: Pick<RecordRequest, 'fromMs' | 'toMs' | 'speed'>): number {
  return Math.round((r.toMs - r.fromMs) / r.speed);
}

/** How many frames: one per 1/fps of video, at least one. */
export function frameCount(r: Pick<RecordRequest, 'fromMs' | 'toMs' | 'speed' | 'format'>): number {
  return Math.max(1, Math.round((videoMs(r) * fpsOf(r.format)) / 1000));
}

/** The simulated time frame i shows (integer ms: the engine's time is integer). */
export function frameSimMs(r: Pick<RecordRequest, 'fromMs' | 'toMs' | 'speed' | 'format'>, i: number): number {
  return Math.min(r.toMs, r.fromMs + Math.floor((i * r.speed * 1000) / fpsOf(r.format)));
}

/** The frame's presentation time in microseconds (WebCodecs' unit), exact for 30 fps. */
export function frameTimestampUs(format: RecordFormat, i: number): number {
  return Math.round((i * 1_000_000) / fpsOf(format));
}

/** Parses "1280x720" (or "720p"/"1080p"); null if it is not a size at all. */
export function parseSize(text: string): { width: number; height: number } | null {
  if (text in PRESET_SIZES) return { ...PRESET_SIZES[text as keyof typeof PRESET_SIZES] };
  const m = /^(\d{2,5})x(\d{2,5})$/.exec(text.trim());
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

/**
 * Every problem with a request against a scenario of `durationMs`, as plain English sentences
 * (the command line prints them; the dialog shows its own translated hints beside the fields).
 */
export function requestProblems(r: RecordRequest, durationMs: number): string[] {
  const out: string[] = [];
  const isInt = (n: number) => Number.isInteger(n);
  if (!isInt(r.fromMs) || r.fromMs < 0) out.push(`--from: expected a whole number of ms >= 0, got ${r.fromMs}`);
  if (!isInt(r.toMs) || r.toMs > durationMs) out.push(`--to: expected a whole number of ms up to the scenario's duration (${durationMs}), got ${r.toMs}`);
  if (isInt(r.fromMs) && isInt(r.toMs) && r.fromMs >= r.toMs) out.push(`--from (${r.fromMs}) must be before --to (${r.toMs})`);
  if (!Number.isFinite(r.speed) || r.speed < SPEED_MIN || r.speed > SPEED_MAX)
    out.push(`--speed: expected a number from ${SPEED_MIN} to ${SPEED_MAX}, got ${r.speed}`);
  const { width, height } = r;
  if (!isInt(width) || !isInt(height) || width < SIZE_MIN.width || height < SIZE_MIN.height || width > SIZE_MAX.width || height > SIZE_MAX.height)
    out.push(`--size: expected from ${SIZE_MIN.width}x${SIZE_MIN.height} to ${SIZE_MAX.width}x${SIZE_MAX.height}, got ${width}x${height}`);
  else if (width % 2 !== 0 || height % 2 !== 0) out.push(`--size: width and height must be even (video encoders need it), got ${width}x${height}`);
  if (out.length === 0) {
    if (frameCount(r) > FRAMES_MAX) out.push(`the video would have ${frameCount(r)} frames (over ${FRAMES_MAX}); raise --speed or shorten the range`);
    if (r.format === 'gif' && videoMs(r) > GIF_MAX_VIDEO_MS)
      out.push(`a GIF is for clips under ${GIF_MAX_VIDEO_MS / 1000} s of video; this one would last ${(videoMs(r) / 1000).toFixed(1)} s (raise --speed, shorten the range, or write .webm)`);
  }
  return out;
}

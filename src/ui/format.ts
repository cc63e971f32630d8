/** Simulated time as m:ss.mmm (or h:mm:ss.mmm), the way the timeline shows it. */
export function formatTime(ms: number): string {
  const t = Math.max(0, Math.floor(ms));
  const milli = t % 1000;
  const s = Math.floor(t / 1000) % 60;
  const m = Math.floor(t / 60_000) % 60;
  const h = Math.floor(t / 3_600_000);
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}.${String(milli).padStart(3, '0')}`;
}

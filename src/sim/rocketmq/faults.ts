import {
  ISOLATION_AVOID_MS_5X, ISOLATION_LATENCY_MS, LATENCY_MAX_MS, NOT_AVAILABLE_DURATION_MS,
} from './constants';

/**
 * MQFaultStrategy.computeNotAvailableDuration: the highest latencyMax step the observed latency
 * reaches gives how long the broker is left out of queue selection.
 */
export function notAvailableDurationMs(latencyMs: number): number {
  for (let i = LATENCY_MAX_MS.length - 1; i >= 0; i--) if (latencyMs >= LATENCY_MAX_MS[i]) return NOT_AVAILABLE_DURATION_MS[i];
  return 0;
}

/** updateFaultItem: an exception ("isolation") counts as 30 s of latency in 4.x; 5.1.4+ avoids for 10 s. */
export function avoidDurationMs(latencyMs: number, isolation: boolean, release: '4.x' | '5.x'): number {
  if (isolation) return release === '4.x' ? notAvailableDurationMs(ISOLATION_LATENCY_MS) : ISOLATION_AVOID_MS_5X;
  return notAvailableDurationMs(latencyMs);
}

/** java.lang.String.hashCode: s[0]*31^(n-1) + ... + s[n-1], in 32-bit two's complement. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** SelectMessageQueueByHash: abs(arg.hashCode() % mqs.size()) (Java's % keeps the dividend's sign). */
export function selectByHash(arg: string, size: number): number {
  const value = javaStringHash(arg) % size;
  return value < 0 ? -value : value;
}

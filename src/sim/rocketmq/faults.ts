import {
  ISOLATION_LATENCY_MS_4X, ISOLATION_LATENCY_MS_5X, LATENCY_MAX_MS_4X, LATENCY_MAX_MS_5X, NOT_AVAILABLE_DURATION_MS_4X,
  NOT_AVAILABLE_DURATION_MS_5X,
} from './constants';

/**
 * MQFaultStrategy.computeNotAvailableDuration: the highest latencyMax step the observed latency
 * reaches gives how long the broker is left out of queue selection (the release's own table).
 */
export function notAvailableDurationMs(latencyMs: number, release: '4.x' | '5.x'): number {
  const latencyMax = release === '4.x' ? LATENCY_MAX_MS_4X : LATENCY_MAX_MS_5X;
  const duration = release === '4.x' ? NOT_AVAILABLE_DURATION_MS_4X : NOT_AVAILABLE_DURATION_MS_5X;
  for (let i = latencyMax.length - 1; i >= 0; i--) if (latencyMs >= latencyMax[i]) return duration[i];
  return 0;
}

/**
 * MQFaultStrategy.updateFaultItem: computeNotAvailableDuration(isolation ? 30000 : currentLatency) in
 * 4.9.8, (isolation ? 10000 : currentLatency) in 5.x. Which failures are isolations is the caller's:
 * a broker error or a RemotingException in both (5.x with its detector off, startDetectorEnable =
 * false); 5.x books an MQClientException without isolation, but the model raises none after a send.
 */
export function avoidDurationMs(latencyMs: number, isolation: boolean, release: '4.x' | '5.x'): number {
  const isolationLatency = release === '4.x' ? ISOLATION_LATENCY_MS_4X : ISOLATION_LATENCY_MS_5X;
  return notAvailableDurationMs(isolation ? isolationLatency : latencyMs, release);
}

/** The producer's LatencyFaultToleranceImpl table (the fields of ProducerState it keeps). */
export interface FaultTable {
  faultUntil: Record<string, number>;
  faultLatency: Record<string, number>;
  /** 5.x FaultItem.reachableFlag, negated (absent: no fault item, which isReachable counts as reachable). */
  faultUnreachable: Record<string, boolean>;
}

/**
 * LatencyFaultToleranceImpl.updateFaultItem for broker group `g`, given the avoidance `durationMs`. 4.9.8 sets
 * startTimestamp = now + duration, so a quick answer ends an avoidance at once. 5.x (FaultItem.
 * updateNotAvailableDuration) only moves it later: a zero duration, or one ending sooner, leaves it; and it
 * records reachableFlag.
 */
export function updateFaultItem(
  table: FaultTable, g: number, now: number, latencyMs: number, durationMs: number, reachable: boolean, release: '4.x' | '5.x',
): void {
  table.faultLatency[g] = latencyMs;
  if (release === '4.x') {
    table.faultUntil[g] = now + durationMs;
    return;
  }
  if (durationMs > 0 && now + durationMs > (table.faultUntil[g] ?? 0)) table.faultUntil[g] = now + durationMs;
  table.faultUnreachable[g] = !reachable;
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

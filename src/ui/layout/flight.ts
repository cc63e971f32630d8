/**
 * Messages in flight, as a pure function of the event queue and the simulated time: a message
 * sent at sentAt and due at deliverAt is drawn at frac = (now - sentAt) / (deliverAt - sentAt)
 * of the way along its link. Busy links are aggregated into one dot per link and kind, with a
 * count, so heavy traffic costs a bounded number of shapes instead of dropped frames.
 */
import type { QEvent } from '../../sim/core/types';
import type { WireKind } from '../../sim/views';

export interface Flight {
  src: string;
  dest: string;
  kind: WireKind;
  /** 0 at the sender, 1 at the receiver. */
  frac: number;
  /** How many messages this dot stands for. */
  count: number;
  /** The envelope id (for a single message), or -1 for an aggregate. */
  envId: number;
}

/** Above this many messages on one link and kind, they are drawn as one dot with a count. */
export const AGGREGATE_ABOVE = 3;

export function flightFrac(sentAt: number, deliverAt: number, now: number): number {
  if (deliverAt <= sentAt) return 1;
  return Math.max(0, Math.min(1, (now - sentAt) / (deliverAt - sentAt)));
}

export function inFlight(queue: readonly QEvent[], now: number, kindOf: (body: unknown) => WireKind): { flights: Flight[]; total: number } {
  const byLink = new Map<string, Flight[]>();
  let total = 0;
  for (const ev of queue) {
    if (ev.k !== 'msg') continue;
    const env = ev.env;
    if (env.sentAt > now || env.deliverAt < now) continue;
    total++;
    const kind = kindOf(env.body);
    const key = `${env.src}>${env.dest}>${kind}`;
    let list = byLink.get(key);
    if (!list) byLink.set(key, (list = []));
    list.push({ src: env.src, dest: env.dest, kind, frac: flightFrac(env.sentAt, env.deliverAt, now), count: 1, envId: env.id });
  }
  const flights: Flight[] = [];
  for (const list of byLink.values()) {
    if (list.length <= AGGREGATE_ABOVE) {
      flights.push(...list);
      continue;
    }
    let sum = 0;
    for (const f of list) sum += f.frac;
    flights.push({ ...list[0], frac: sum / list.length, count: list.length, envId: -1 });
  }
  return { flights, total };
}

/** Point at `frac` along the straight line from a to b. */
export function along(a: { x: number; y: number }, b: { x: number; y: number }, frac: number): { x: number; y: number } {
  return { x: a.x + (b.x - a.x) * frac, y: a.y + (b.y - a.y) * frac };
}

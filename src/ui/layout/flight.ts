/**
 * Messages in flight, as a pure function of the event queue and the simulated time: a message
 * sent at sentAt and due at deliverAt is drawn at frac = (now - sentAt) / (deliverAt - sentAt)
 * of the way along its link. Busy links are aggregated into one dot per link and kind, with a
 * count, so heavy traffic costs a bounded number of shapes instead of dropped frames.
 */
import type { Envelope, QEvent } from '../../sim/core/types';
import type { WireKind } from '../../sim/views';

export interface Flight {
  src: string;
  dest: string;
  kind: WireKind;
  /** 0 at the sender, 1 at the receiver. */
  frac: number;
  /** Whether the message has reached its receiver (now >= deliverAt; for an aggregate, all of them). */
  landed: boolean;
  /** How many messages this dot stands for. */
  count: number;
  /** The envelope id (for a single message), or -1 for an aggregate. */
  envId: number;
  /** The wire message (the first one for an aggregate): which application messages it carries. */
  body: unknown;
  /** For an aggregate, the single flights it stands for, in send order. */
  group?: Flight[];
}

/** Above this many messages on one link and kind, they are drawn as one dot with a count. */
export const AGGREGATE_ABOVE = 3;

export function flightFrac(sentAt: number, deliverAt: number, now: number): number {
  if (deliverAt <= sentAt) return 1;
  return Math.max(0, Math.min(1, (now - sentAt) / (deliverAt - sentAt)));
}

/**
 * When the drawn flight of a message ends. A real hop of 2 ms would be invisible, so every flight
 * is drawn over at least `minSpanMs` of simulated time (the UI passes speed x a fixed wall time):
 * still a pure function of (sentAt, deliverAt, simTime) for a given speed.
 */
export function visualEnd(sentAt: number, deliverAt: number, minSpanMs: number): number {
  return Math.max(deliverAt, sentAt + minSpanMs);
}

/** The envelopes on the wire: the queue's messages plus recently sent ones, each once. */
export function wireEnvelopes(queue: Iterable<QEvent>, recent: Iterable<Envelope>): Map<number, Envelope> {
  const out = new Map<number, Envelope>();
  for (const env of recent) out.set(env.id, env);
  for (const ev of queue) if (ev.k === 'msg') out.set(ev.id, ev);
  return out;
}

export function inFlight(
  envelopes: Iterable<Envelope>, now: number, kindOf: (body: unknown) => WireKind, minSpanMs = 0,
): { flights: Flight[]; total: number } {
  const byLink = new Map<string, Flight[]>();
  let total = 0;
  for (const env of envelopes) {
    const end = visualEnd(env.sentAt, env.deliverAt, minSpanMs);
    if (env.sentAt > now || end < now) continue;
    total++;
    const kind = kindOf(env.body);
    const key = `${env.src}>${env.dest}>${kind}`;
    let list = byLink.get(key);
    if (!list) byLink.set(key, (list = []));
    list.push({ src: env.src, dest: env.dest, kind, frac: flightFrac(env.sentAt, end, now), count: 1, envId: env.id, body: env.body, landed: now >= env.deliverAt });
  }
  const flights: Flight[] = [];
  for (const list of byLink.values()) {
    if (list.length <= AGGREGATE_ABOVE) {
      flights.push(...list);
      continue;
    }
    let sum = 0;
    let landed = true;
    for (const f of list) {
      sum += f.frac;
      landed &&= f.landed;
    }
    flights.push({ ...list[0], frac: sum / list.length, count: list.length, envId: -1, group: list, landed });
  }
  return { flights, total };
}

/** Point at `frac` along the straight line from a to b. */
export function along(a: { x: number; y: number }, b: { x: number; y: number }, frac: number): { x: number; y: number } {
  return { x: a.x + (b.x - a.x) * frac, y: a.y + (b.y - a.y) * frac };
}

/** The application messages a dot stands for, first carried first, each once. */
export function flightMessageIds(f: Flight, idsOf: (body: unknown) => number[]): number[] {
  const out: number[] = [];
  for (const one of f.group ?? [f]) for (const id of idsOf(one.body)) if (!out.includes(id)) out.push(id);
  return out;
}

/**
 * Where a dot is drawn along its link. With reduced motion it does not glide: it sits at its sender
 * until the engine delivers it, then at its receiver (a step per event, no animation).
 */
export function drawnFrac(f: Flight, reducedMotion: boolean): number {
  return reducedMotion ? (f.landed ? 1 : 0) : f.frac;
}

import type { FaultSpec } from '../scenario/schema';
import type { Envelope, FaultEvent, QEvent, RefusedEvent, TickEvent, TimerBody, TimerEvent, WritebackEvent } from './types';

/**
 * The constructors of queue events. All of them build one literal, so every event has the same
 * hidden class (see EventFields in types.ts). `seq` is set when the engine queues the event.
 */
export const PRIO_FAULT = 0;
export const PRIO_NORMAL = 1;

function event(
  k: QEvent['k'], type: string, at: number, prio: number, id: number, src: string, dest: string, srcIdx: number, destIdx: number,
  sentAt: number, deliverAt: number, body: unknown, srcInc: number, destInc: number, doomed: boolean,
): QEvent {
  return { k, type, at, prio, seq: 0, id, src, dest, srcIdx, destIdx, sentAt, deliverAt, body, srcInc, destInc, doomed } as QEvent;
}

export function envelopeEvent<B>(
  id: number, src: string, dest: string, srcIdx: number, destIdx: number, sentAt: number, deliverAt: number,
  body: B, srcInc: number, destInc: number, doomed: boolean,
): Envelope<B> {
  const type = (body as { type?: string } | null)?.type ?? '?';
  return event('msg', type, deliverAt, PRIO_NORMAL, id, src, dest, srcIdx, destIdx, sentAt, deliverAt, body, srcInc, destInc, doomed) as Envelope<B>;
}

/** The same event due at `at` instead (what a paused process missed, replayed when it resumes). */
export function eventAt<E extends QEvent>(ev: E, at: number, prio = ev.prio): E {
  return event(ev.k, ev.type, at, prio, ev.id, ev.src, ev.dest, ev.srcIdx, ev.destIdx, ev.sentAt, ev.deliverAt, ev.body, ev.srcInc, ev.destInc, ev.doomed) as E;
}

export function timerEvent(at: number, node: string, idx: number, inc: number, timer: TimerBody): TimerEvent {
  return event('timer', timer.type, at, PRIO_NORMAL, -1, '', node, -1, idx, at, at, timer, 0, inc, false) as TimerEvent;
}

export function refusedEvent(at: number, env: Envelope): RefusedEvent {
  return event('refused', 'refused', at, PRIO_NORMAL, -1, '', '', -1, -1, at, at, env, 0, 0, false) as RefusedEvent;
}

export function faultEvent(at: number, fault: FaultSpec, index: number): FaultEvent {
  return event('fault', 'fault', at, PRIO_FAULT, index, '', '', -1, -1, at, at, fault, 0, 0, false) as FaultEvent;
}

export function tickEvent(at: number): TickEvent {
  return event('tick', 'tick', at, PRIO_NORMAL, -1, '', '', -1, -1, at, at, null, 0, 0, false) as TickEvent;
}

export function writebackEvent(at: number): WritebackEvent {
  return event('writeback', 'writeback', at, PRIO_NORMAL, -1, '', '', -1, -1, at, at, null, 0, 0, false) as WritebackEvent;
}

import type { Scenario } from '../scenario/defaults';
import { recordSent } from '../accounting/ledger';
import type { Sim } from './engine';
import { tickEvent } from './event';

/**
 * The workload: message n is due at floor(n * 1000 / ratePerSec) ms, goes to the running producers
 * in turn, and carries key k(n mod keys) with a sequence number per (producer, key). A message
 * whose turn comes while no producer runs is never created (it was never sent).
 */
export interface WorkloadState {
  /** Index of the next due message. */
  next: number;
  /**
   * The next sequence number per (producer, key), at seqSlot: a dense array (a record keyed by
   * keySlot's large numbers is a slow dictionary, and this is read for every message).
   */
  keySeq: number[];
  /** Round-robin position over running producers. */
  turn: number;
}

export function newWorkload(_s: Scenario): WorkloadState {
  return { next: 0, keySeq: [], turn: 0 };
}

export function dueAt(s: Scenario, n: number): number {
  return Math.floor((n * 1000) / s.workload.ratePerSec);
}

export function scheduleFirstTick<M>(sim: Sim<M>): void {
  const s = sim.scenario;
  if (s.workload.ratePerSec <= 0) return;
  const at = dueAt(s, 0);
  if (at < s.workload.stopProducingAtMs) sim.push(tickEvent(at));
}

export function onTick<M>(sim: Sim<M>): void {
  const s = sim.scenario;
  const w = sim.world.workload;
  const n = w.next++;
  const turn = nextRunningProducer(sim, w);
  if (turn >= 0) {
    const producer = sim.producerNames[turn];
    const producerIndex = sim.producerNumbers[turn];
    const key = s.workload.keys > 0 ? n % s.workload.keys : -1;
    const slot = seqSlot(turn, key, s.workload.keys);
    while (w.keySeq.length <= slot) w.keySeq.push(0);
    const seq = w.keySeq[slot];
    w.keySeq[slot] = seq + 1;
    const id = recordSent(sim.world.ledger, producerIndex, key, seq, sim.now);
    sim.model.produce(sim, producer, { id, key, seq, bytes: s.workload.messageBytes });
  }
  const at = dueAt(s, w.next);
  if (at < s.workload.stopProducingAtMs) sim.push(tickEvent(at));
}

/** Where keySeq keeps the next sequence of `key` (-1: no key) for the producer at `turn` in sim.producerNames. */
function seqSlot(turn: number, key: number, keys: number): number {
  return turn * (keys + 1) + key + 1;
}

/**
 * The running producers take turns (not one that is closing: the application has stopped sending
 * through it); returns the position of the one whose turn it is in
 * sim.producerNames, or -1 when none runs. With one producer (the common case) no list is built.
 */
function nextRunningProducer<M>(sim: Sim<M>, w: WorkloadState): number {
  const all = sim.producerNames;
  if (all.length === 1) {
    w.turn++;
    return sim.acceptsSends(all[0]) ? 0 : -1;
  }
  const running: number[] = [];
  for (let i = 0; i < all.length; i++) if (sim.acceptsSends(all[i])) running.push(i);
  return running.length === 0 ? -1 : running[w.turn++ % running.length];
}

import type { Scenario } from '../scenario/defaults';
import { recordSent } from '../accounting/ledger';
import type { Sim } from './engine';

/**
 * The workload: message n is due at floor(n * 1000 / ratePerSec) ms, goes to the running producers
 * in turn, and carries key k(n mod keys) with a sequence number per (producer, key). A message
 * whose turn comes while no producer runs is never created (it was never sent).
 */
export interface WorkloadState {
  /** Index of the next due message. */
  next: number;
  /** Per "producer:key": the next sequence number. */
  keySeq: Record<string, number>;
  /** Round-robin position over running producers. */
  turn: number;
}

export function newWorkload(_s: Scenario): WorkloadState {
  return { next: 0, keySeq: {}, turn: 0 };
}

export function dueAt(s: Scenario, n: number): number {
  return Math.floor((n * 1000) / s.workload.ratePerSec);
}

export function scheduleFirstTick<M>(sim: Sim<M>): void {
  const s = sim.scenario;
  if (s.workload.ratePerSec <= 0) return;
  const at = dueAt(s, 0);
  if (at < s.workload.stopProducingAtMs) sim.push({ k: 'tick', at, prio: 1, seq: 0 });
}

export function onTick<M>(sim: Sim<M>): void {
  const s = sim.scenario;
  const w = sim.world.workload;
  const n = w.next++;
  const producers = sim.specs.filter((spec) => spec.kind === 'producer' && sim.isRunning(spec.name));
  if (producers.length > 0) {
    const producer = producers[w.turn++ % producers.length].name;
    const producerIndex = Number(producer.slice('producer-'.length));
    const key = s.workload.keys > 0 ? n % s.workload.keys : -1;
    const slot = `${producerIndex}:${key}`;
    const seq = w.keySeq[slot] ?? 0;
    w.keySeq[slot] = seq + 1;
    const id = recordSent(sim.world.ledger, producerIndex, key, seq, sim.now);
    sim.model.produce(sim, producer, { id, key, seq, bytes: s.workload.messageBytes });
  }
  const at = dueAt(s, w.next);
  if (at < s.workload.stopProducingAtMs) sim.push({ k: 'tick', at, prio: 1, seq: 0 });
}

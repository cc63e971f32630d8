/**
 * Run by test/core/smi-times.test.ts under `node --allow-natives-syntax` (tsx): runs each system on
 * the bench workload for a few simulated seconds and prints, as JSON, the places where a time or
 * a message's small integer is not stored as a small integer: the clock, the event queue's times,
 * the times of queued events and the integer fields of queued messages. One heap number there (an integer computed through a 32-bit draw, say) makes V8 box
 * every event's times from then on, three allocations per event, about 10% of a run. It also
 * checks that Kafka's replica log chunks are double arrays from the first record.
 */
import { Sim } from '../../src/sim/core/engine';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { modelFor } from '../../src/sim/models';
import { benchScenarioInput } from '../../bench/workload';
import type { QEvent } from '../../src/sim/core/types';

// V8's own answers (need --allow-natives-syntax); built at run time so TypeScript parses this file.
const isSmi = new Function('x', 'return %IsSmi(x)') as (x: unknown) => boolean;
const hasSmiElements = new Function('a', 'return %HasSmiElements(a)') as (a: unknown[]) => boolean;
const hasDoubleElements = new Function('a', 'return %HasDoubleElements(a)') as (a: readonly unknown[]) => boolean;

const out: Record<string, string[]> = {};
for (const system of ['kafka', 'rocketmq'] as const) {
  const sim = new Sim(restoreScenario(benchScenarioInput(1)), modelFor(system));
  sim.runUntil(8_000);
  const problems = new Set<string>();
  const w = sim.world;
  if (!isSmi(w.now)) problems.add('world.now');
  const q = w.queue;
  if (!hasSmiElements(q.times)) problems.add('queue.times');
  if (!hasSmiElements(q.nearAt)) problems.add('queue.nearAt');
  if (q.farTimes.length > 0 && !hasSmiElements(q.farTimes)) problems.add('queue.farTimes');
  const events: QEvent[] = [];
  for (const bucket of q.near) if (bucket) events.push(...bucket);
  for (const bucket of q.far.values()) events.push(...bucket);
  for (const ev of events) {
    for (const field of ['at', 'sentAt', 'deliverAt', 'seq', 'prio'] as const) if (!isSmi(ev[field])) problems.add(`event.${field} (${ev.k} ${ev.type})`);
    // A message's small integer fields (ids, queue numbers, offsets) the same way: one boxed value
    // makes V8 box that field in every message of its shape.
    const body = ev.body as Record<string, unknown> | null;
    if (ev.k !== 'msg' || body === null || typeof body !== 'object') continue;
    for (const [field, v] of Object.entries(body)) {
      if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 30 && !isSmi(v)) problems.add(`${ev.type}.${field}`);
    }
  }
  out[system] = [...problems];
}
// Kafka's replica logs hold packed records, nearly all beyond small integers: their chunks are
// double arrays from the first record (CowList's EMPTY_DOUBLES), even while the first records are
// small, so that code optimised then is not thrown away when the chunk widens.
{
  const sim = new Sim(restoreScenario(benchScenarioInput(1)), modelFor('kafka'));
  sim.runUntil(200);
  for (const disk of Object.values(sim.world.disks)) {
    for (const [name, f] of Object.entries(disk)) {
      if (!name.startsWith(sim.scenario.workload.topic)) continue;
      if (f.entries.readChunks().some((c) => c.length > 0 && !hasDoubleElements(c))) out.kafka.push('replica log chunk not a double array');
    }
  }
}
console.log(JSON.stringify(out));

/**
 * Run by test/core/clone-shapes.test.ts under `node --allow-natives-syntax` (tsx): runs each
 * system on the bench workload for a few simulated seconds, copies the world as a checkpoint does,
 * and prints as JSON the paths (names replaced by *) of objects whose copy got another hidden
 * class than the original, with how many there are.
 */
import { Sim } from '../../src/sim/core/engine';
import { CowList } from '../../src/sim/core/cowlist';
import { CowTable } from '../../src/sim/core/cowtable';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { modelFor } from '../../src/sim/models';
import { benchScenarioInput } from '../../bench/workload';

// %HaveSameMap is V8's own answer (needs --allow-natives-syntax); built at run time so TypeScript parses this file.
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const NAME = /^(broker-|consumer-|producer-|namesrv-|orders|%|\d)|:/;

const out: Record<string, Record<string, number>> = {};
for (const system of ['kafka', 'rocketmq'] as const) {
  const sim = new Sim(restoreScenario(benchScenarioInput(1)), modelFor(system));
  sim.runUntil(8_000);
  const copy = sim.checkpoint();
  const differing: Record<string, number> = {};
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (a === null || typeof a !== 'object' || a instanceof CowList || a instanceof CowTable || a instanceof Set || ArrayBuffer.isView(a)) return;
    if (Array.isArray(a)) return a.forEach((v, i) => walk(v, (b as unknown[])[i], `${path}[]`));
    if (a instanceof Map) return a.forEach((v, k) => walk(v, (b as Map<unknown, unknown>).get(k), `${path}{}`));
    // A derived cache (a symbol-keyed property, clone.ts) is not copied; the copy derives it on first
    // use, the same way, and the shapes to compare are those after that.
    for (const sym of Object.getOwnPropertySymbols(a)) {
      if (!Object.getOwnPropertySymbols(b as object).includes(sym)) Object.defineProperty(b, sym, Object.getOwnPropertyDescriptor(a, sym)!);
    }
    if (!sameMap(a, b as object)) differing[path] = (differing[path] ?? 0) + 1;
    for (const key of Object.keys(a)) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${NAME.test(key) ? '*' : key}`);
  };
  walk(sim.world, copy, 'world');
  out[system] = differing;
}
console.log(JSON.stringify(out));

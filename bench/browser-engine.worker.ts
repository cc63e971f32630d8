/**
 * One system's bench run in a Web Worker, for the Chromium part of `npm run bench`: the same
 * Timeline the app runs, bundled for the browser (bench/browser-engine.ts builds it). It receives
 * the scenario already validated, as a page that opened a scenario (and validated it then) would
 * hand it to a worker: the worker holds the engine only, not the schema validator (zod), which
 * made its script half as large again and its start about 60 ms later.
 */
import { Timeline } from '../src/sim/timeline';
import type { Scenario } from '../src/sim/scenario/defaults';
import type { SystemName } from '../src/sim/scenario/topology';

self.onmessage = (e: MessageEvent<{ scenario: Scenario; system: SystemName }>) => {
  const { scenario, system } = e.data;
  const t0 = performance.now();
  const tl = new Timeline(scenario, system);
  tl.advanceTo(scenario.durationMs);
  self.postMessage({ system, wallMs: performance.now() - t0, traceHash: tl.sim.traceHash() });
};

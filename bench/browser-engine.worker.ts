/**
 * One system's bench run in a Web Worker, for the Chromium part of `npm run bench`: the same
 * Timeline the app runs, bundled for the browser (bench/browser-engine.ts builds it).
 */
import { restoreScenario } from '../src/sim/scenario/restore';
import { Timeline } from '../src/sim/timeline';
import type { SystemName } from '../src/sim/scenario/topology';

self.onmessage = (e: MessageEvent<{ input: unknown; system: SystemName }>) => {
  const { input, system } = e.data;
  const scenario = restoreScenario(input);
  const t0 = performance.now();
  const tl = new Timeline(scenario, system);
  tl.advanceTo(scenario.durationMs);
  self.postMessage({ system, wallMs: performance.now() - t0, traceHash: tl.sim.traceHash() });
};

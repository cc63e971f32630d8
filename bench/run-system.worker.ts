/**
 * One system's bench run in a worker thread, so `npm run bench` can also measure both systems
 * side by side on the machine's two cores (the two simulations share nothing).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { restoreScenario } from '../src/sim/scenario/restore';
import { Timeline } from '../src/sim/timeline';
import type { SystemName } from '../src/sim/scenario/topology';

const { input, system } = workerData as { input: unknown; system: SystemName };
const scenario = restoreScenario(input);
const t0 = performance.now();
const tl = new Timeline(scenario, system);
tl.advanceTo(scenario.durationMs);
parentPort!.postMessage({ system, wallMs: performance.now() - t0, traceHash: tl.sim.traceHash(), rss: process.memoryUsage().rss });

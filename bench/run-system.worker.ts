/**
 * One system's bench run in a worker thread, so `npm run bench` can also measure both systems
 * side by side on the machine's two cores (the two simulations share nothing). Like the browser
 * worker, it receives the scenario already validated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Timeline } from '../src/sim/timeline';
import type { Scenario } from '../src/sim/scenario/defaults';
import type { SystemName } from '../src/sim/scenario/topology';

const { scenario, system } = workerData as { scenario: Scenario; system: SystemName };
const t0 = performance.now();
const tl = new Timeline(scenario, system);
tl.advanceTo(scenario.durationMs);
parentPort!.postMessage({ system, wallMs: performance.now() - t0, traceHash: tl.sim.traceHash(), rss: process.memoryUsage().rss });

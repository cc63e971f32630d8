/**
 * Engine benchmark (`npm run bench`): ten simulated minutes at 1,000 messages/s on 6 brokers and
 * 12 partitions/queues, both systems. Prints what it measured next to the targets:
 * < 3 s wall for both systems on a 2-core machine, a core each (> 200x real time), < 500 MB
 * resident, seek(t) anywhere < 100 ms. Both side by side are measured twice: in Node worker
 * threads, and in Chromium's Web Workers (the browser the app runs in). It reports; it does not
 * fail on timing (machines are shared and noisy).
 */
import { restoreScenario } from '../src/sim/scenario/restore';
import { Timeline } from '../src/sim/timeline';
import { buildReport } from '../src/sim/accounting/report';
import type { SystemName } from '../src/sim/scenario/topology';
import { Worker } from 'node:worker_threads';
import { benchScenarioInput } from './workload';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const minutes = Number(args.get('minutes') ?? 10);
const rate = Number(args.get('rate') ?? 1000);

const input = benchScenarioInput(minutes, rate);
const scenario = restoreScenario(input);

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MB`;
}

const results: Record<string, unknown> = {};
let totalMs = 0;
let peakRss = process.memoryUsage().rss;
const timelines: Timeline[] = [];
for (const system of ['kafka', 'rocketmq'] as SystemName[]) {
  const t0 = performance.now();
  const tl = new Timeline(scenario, system);
  tl.advanceTo(scenario.durationMs);
  const ms = performance.now() - t0;
  totalMs += ms;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const report = buildReport(tl.sim);
  results[system] = {
    wallMs: Math.round(ms),
    events: report.events,
    eventsPerSec: Math.round(report.events / (ms / 1000)),
    speedup: `${Math.round(scenario.durationMs / ms)}x`,
    sent: report.sent,
    delivered: report.delivered,
    checkpoints: tl.checkpointCount(),
  };
  timelines.push(tl);
}

// seek(t): backwards to random moments, the way a learner drags the scrubber.
const seeks: number[] = [];
let x = 12345;
for (const tl of timelines) {
  for (let i = 0; i < 20; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const t = x % scenario.durationMs;
    const t0 = performance.now();
    tl.seek(t);
    seeks.push(performance.now() - t0);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
}
seeks.sort((a, b) => a - b);

const line = (label: string, value: string, target: string, ok: boolean) =>
  console.log(`${label.padEnd(34)} ${value.padStart(12)}   target ${target.padEnd(10)} ${ok ? 'ok' : 'MISSED'}`);
console.log(`BrokerScope engine bench: ${minutes} simulated min at ${rate} msg/s, 6 brokers, 12 partitions/queues\n`);
for (const [system, r] of Object.entries(results)) console.log(system.padEnd(9), JSON.stringify(r));
console.log('');
// One after the other on one thread is not the target's shape (a 2-core machine, a core each, below).
console.log(`both systems one after the other, one thread: ${(totalMs / 1000).toFixed(2)} s (the target is for both side by side, a core each)`);
line('peak resident memory', mb(peakRss), '< 500 MB', peakRss < 500 * 1048576);
line('seek(t) p50', `${seeks[Math.floor(seeks.length / 2)].toFixed(1)} ms`, '', true);
line('seek(t) max', `${seeks[seeks.length - 1].toFixed(1)} ms`, '< 100 ms', seeks[seeks.length - 1] < 100);

// The same two runs side by side, one worker thread (one core) each: the simulations share nothing.
// The worker is bundled to JavaScript first, as the app is, so the wall time is the runs' and not
// TypeScript being compiled in each worker (about 0.6 s when the workers loaded it through tsx).
const { bundleNodeWorker } = await import('./node-worker-bundle');
const workerBundle = await bundleNodeWorker();
const parallelStart = performance.now();
const parallel = await Promise.all(
  (['kafka', 'rocketmq'] as SystemName[]).map(
    (system) =>
      new Promise<{ system: string; wallMs: number; traceHash: string }>((resolve, reject) => {
        const worker = new Worker(workerBundle.file, { workerData: { scenario, system } });
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
  ),
);
const parallelMs = performance.now() - parallelStart;
workerBundle.dispose();
console.log('');
for (const p of parallel) console.log(`${p.system.padEnd(9)} in a worker: ${Math.round(p.wallMs)} ms, trace ${p.traceHash}`);
line('both systems in Node worker threads', `${(parallelMs / 1000).toFixed(2)} s`, '< 3 s', parallelMs < 3000);
line('speed-up over real time (both)', `${Math.round(scenario.durationMs / parallelMs)}x`, '> 200x', scenario.durationMs / parallelMs > 200);

// The same two runs in the browser the app runs in (Chromium's JavaScript engine), a Web Worker each.
// Loaded only now: Vite, which builds the worker, would count in the resident memory measured above.
const { runInChromium } = await import('./browser-engine');
let inBrowser: Awaited<ReturnType<typeof runInChromium>> = null;
let browserFailure: string | null = null;
try {
  inBrowser = await runInChromium(scenario);
} catch (e) {
  browserFailure = (e as Error).message;
}
console.log('');
if (browserFailure !== null) {
  console.log(`The browser measurement failed: ${browserFailure}`);
  process.exitCode = 1;
} else if (!inBrowser) console.log('Chromium not found (/usr/bin/chromium): the browser measurement is skipped.');
else {
  for (const r of inBrowser.first.runs) {
    const node = parallel.find((p) => p.system === r.system)!;
    console.log(`${r.system.padEnd(9)} in Chromium: ${Math.round(r.wallMs)} ms, trace ${r.traceHash} (${r.traceHash === node.traceHash ? 'same as Node' : 'DIFFERS from Node'})`);
  }
  line('both systems in Chromium, one worker each', `${(inBrowser.first.wallMs / 1000).toFixed(2)} s`, '< 3 s', inBrowser.first.wallMs < 3000);
  line('speed-up over real time (both)', `${Math.round(scenario.durationMs / inBrowser.first.wallMs)}x`, '> 200x', scenario.durationMs / inBrowser.first.wallMs > 200);
  const again = inBrowser.again.runs.map((r) => `${r.system} ${Math.round(r.wallMs)} ms`).join(', ');
  console.log(`  the same again in that browser (new workers, script already loaded): ${(inBrowser.again.wallMs / 1000).toFixed(2)} s (${again})`);
}


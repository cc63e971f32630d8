/**
 * The engine bench in the browser the app runs in: Debian's Chromium, headless, each system's
 * Timeline in its own Web Worker (one core each), as the app could run them. Builds the worker
 * with Vite, serves it on 127.0.0.1 and reports wall time and trace hashes. Null without Chromium.
 */
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { findChromium, launchChromium, ROOT } from '../test/browser/harness';
import type { SystemName } from '../src/sim/scenario/topology';
import type { Scenario } from '../src/sim/scenario/defaults';

export interface BrowserRun {
  wallMs: number;
  runs: { system: SystemName; wallMs: number; traceHash: string }[];
}

/**
 * The first run in the freshly started browser (what the target is checked against) and a second
 * one in the same browser: new workers, so the JIT starts cold again, but the browser has loaded
 * and compiled the script once and has its memory mapped (about 0.3 s less).
 */
export interface BrowserRuns {
  first: BrowserRun;
  again: BrowserRun;
}

const PAGE = `<!doctype html><meta charset="utf-8"><script>
window.runBoth = (scenario) => {
  const t0 = performance.now();
  const one = (system) => new Promise((resolve) => {
    const w = new Worker('worker.js');
    w.onmessage = (e) => { w.terminate(); resolve(e.data); };
    w.postMessage({ scenario, system });
  });
  return Promise.all([one('kafka'), one('rocketmq')]).then((runs) => ({ wallMs: performance.now() - t0, runs }));
};
</script>`;

export async function runInChromium(scenario: Scenario): Promise<BrowserRuns | null> {
  if (!findChromium()) return null;
  const outDir = mkdtempSync(join(tmpdir(), 'brokerscope-bench-'));
  await build({
    configFile: false, root: ROOT, logLevel: 'error',
    build: {
      outDir, emptyOutDir: true, minify: true,
      lib: { entry: join(ROOT, 'bench/browser-engine.worker.ts'), formats: ['iife'], name: 'BrokerScopeBench', fileName: () => 'worker.js' },
    },
  });
  const worker = readFileSync(join(outDir, 'worker.js'));
  const server = createServer((req, res) => {
    if (req.url === '/worker.js') {
      res.setHeader('content-type', 'text/javascript');
      return void res.end(worker);
    }
    if (req.url === '/') {
      res.setHeader('content-type', 'text/html');
      return void res.end(PAGE);
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const chromium = await launchChromium();
  try {
    const page = await chromium.browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const runBoth = () => page.evaluate((sc) => (window as unknown as { runBoth(sc: unknown): Promise<BrowserRun> }).runBoth(sc), scenario);
    const first = await runBoth();
    return { first, again: await runBoth() };
  } finally {
    await chromium.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

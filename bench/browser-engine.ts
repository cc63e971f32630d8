/**
 * The engine bench in the browser the app runs in: Debian's Chromium, headless, each system's
 * Timeline in its own Web Worker (one core each), as the app could run them. Builds the worker
 * with Vite, serves it and a page on 127.0.0.1, and reads the wall times and trace hashes the page
 * posts back. Null without Chromium.
 *
 * Chromium is started as a user starts it, with no DevTools client attached: a client (playwright,
 * which the browser tests use) kept the renderer busy even on an idle page, about 0.45 s of CPU
 * in 3 s across its threads (measured from /proc), while both of the machine's two cores were
 * simulating. The page waits SETTLE_MS after loading before it starts, as a teacher's browser has
 * finished starting before anyone presses play.
 */
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium, ROOT } from '../test/browser/harness';
import type { SystemName } from '../src/sim/scenario/topology';
import type { Scenario } from '../src/sim/scenario/defaults';

export interface BrowserRun {
  wallMs: number;
  runs: { system: SystemName; wallMs: number; traceHash: string }[];
}

/**
 * The first run in the freshly started browser (what the target is checked against) and a second
 * one in the same browser: new workers, so the JIT starts cold again, but the browser has loaded
 * and compiled the script once and has its memory mapped.
 */
export interface BrowserRuns {
  first: BrowserRun;
  again: BrowserRun;
}

const SETTLE_MS = 2_000;
/** Both runs together take under 10 s; this much longer means the page failed. */
const TIMEOUT_MS = 180_000;

function page(scenario: Scenario): string {
  return `<!doctype html><meta charset="utf-8"><script>
const scenario = ${JSON.stringify(scenario)};
const runBoth = () => {
  const t0 = performance.now();
  const one = (system) => new Promise((resolve, reject) => {
    const w = new Worker('worker.js');
    w.onmessage = (e) => { w.terminate(); resolve(e.data); };
    w.onerror = (e) => reject(new Error(system + ': ' + e.message));
    w.postMessage({ scenario, system });
  });
  return Promise.all([one('kafka'), one('rocketmq')]).then((runs) => ({ wallMs: performance.now() - t0, runs }));
};
const post = (body) => fetch('/result', { method: 'POST', body: JSON.stringify(body) });
setTimeout(async () => {
  try {
    const first = await runBoth();
    post({ first, again: await runBoth() });
  } catch (e) {
    post({ error: String(e) });
  }
}, ${SETTLE_MS});
</script>`;
}

export async function runInChromium(scenario: Scenario): Promise<BrowserRuns | null> {
  const executable = findChromium();
  if (!executable) return null;
  const outDir = mkdtempSync(join(tmpdir(), 'brokerscope-bench-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'brokerscope-bench-chromium-'));
  await build({
    configFile: false, root: ROOT, logLevel: 'error',
    build: {
      outDir, emptyOutDir: true, minify: true,
      lib: { entry: join(ROOT, 'bench/browser-engine.worker.ts'), formats: ['iife'], name: 'BrokerScopeBench', fileName: () => 'worker.js' },
    },
  });
  const worker = readFileSync(join(outDir, 'worker.js'));
  const html = page(scenario);
  let settle: (body: string) => void = () => {};
  const posted = new Promise<string>((resolve) => (settle = resolve));
  const server = createServer((req, res) => {
    if (req.url === '/worker.js') {
      res.setHeader('content-type', 'text/javascript');
      return void res.end(worker);
    }
    if (req.url === '/result' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        res.end();
        settle(body);
      });
      return;
    }
    if (req.url === '/') {
      res.setHeader('content-type', 'text/html');
      return void res.end(html);
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // In a process group of its own, so that stopping it stops its renderer and helpers too.
  const browser = spawn(executable, [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`, `http://127.0.0.1:${port}/`], { stdio: 'ignore', detached: true });
  const exit = new Promise<number | null>((resolve) => browser.once('exit', resolve));
  const exitedEarly = exit.then((code): never => {
    throw new Error(`Chromium exited (code ${code}) before the page posted its runs`);
  });
  exitedEarly.catch(() => {}); // read through the race below; after it, an exit is expected
  const failedToStart = new Promise<never>((_, reject) => browser.once('error', (e) => reject(new Error(`could not start Chromium at ${executable}: ${e.message}`))));
  failedToStart.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no result from the page after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS)));
  try {
    const result = JSON.parse(await Promise.race([posted, exitedEarly, failedToStart, timedOut])) as BrowserRuns | { error: string };
    if ('error' in result) throw new Error(`the bench page failed: ${result.error}`);
    return result;
  } finally {
    clearTimeout(timer);
    if (browser.pid !== undefined && browser.exitCode === null && browser.signalCode === null) {
      process.kill(-browser.pid!, 'SIGTERM');
      await exit;
    }
    server.close();
    rmSync(outDir, { recursive: true, force: true });
    // Chromium's helper processes may still be writing the profile for a moment after it exits.
    try {
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    } catch (e) {
      console.warn(`could not remove ${userDataDir}: ${(e as Error).message}`);
    }
  }
}

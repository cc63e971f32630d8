/**
 * UI benchmark (`npm run bench:ui`): the built app in headless Chromium on this machine. Measures
 * and prints, next to the targets of the UI issue:
 *   - frame time p95 with the default scenario playing at 1x          (target < 20 ms)
 *   - frame time p95 with about 500 messages in flight                (target < 33 ms)
 *   - seek time anywhere in a ten-minute scenario                     (target < 150 ms)
 *   - initial JavaScript, gzipped                                     (target < 250 kB)
 *   - time from navigation to the first diagram drawn                 (target < 1.5 s)
 * Frame time is the interval between animation frames (what the learner sees). It reports and
 * never fails on timing: machines are shared and noisy. Needs /usr/bin/chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { findChromium, launchChromium, serveApp } from '../test/browser/harness';
import { restoreScenario } from '../src/sim/scenario/restore';
import type { Scenario } from '../src/sim/scenario/defaults';

const SAMPLE_MS = 5_000;

type Api = { store: { getState(): Record<string, (...a: unknown[]) => void> & { playhead: number } }; engine: { catchingUp: boolean } };

function initialJsGzipBytes(outDir: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length, 0);
  return { bytes, files };
}

async function load(page: Page, scenario: Scenario | null): Promise<void> {
  if (!scenario) return;
  await page.evaluate((s) => {
    const api = (window as unknown as { __brokerscope: Api }).__brokerscope;
    api.store.getState().setScenario(s);
  }, scenario as unknown as Record<string, unknown>);
}

/** rAF intervals over `ms` of wall time while playing at `speed`, and the panels' in-flight counts. */
async function frameTimes(page: Page, speed: number, ms: number): Promise<{ p50: number; p95: number; frames: number; inFlight: number }> {
  return page.evaluate(async ({ speed, ms }) => {
    const api = (window as unknown as { __brokerscope: Api }).__brokerscope;
    api.store.getState().setSpeed(speed);
    api.store.getState().play();
    const deltas: number[] = [];
    const counts: number[] = [];
    await new Promise<void>((done) => {
      let last = performance.now();
      const start = last;
      const tick = (now: number) => {
        deltas.push(now - last);
        last = now;
        let n = 0;
        for (const el of document.querySelectorAll('.in-flight')) n += Number((el.textContent ?? '').replace(/[^0-9]/g, '')) || 0;
        counts.push(n);
        if (now - start < ms) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    api.store.getState().pause();
    deltas.shift();
    const sorted = [...deltas].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
    const c = [...counts].sort((a, b) => a - b);
    return { p50: pct(50), p95: pct(95), frames: deltas.length, inFlight: c[Math.floor(c.length / 2)] ?? 0 };
  }, { speed, ms });
}

/**
 * Seeks to the given times, each timed until the runs stand there and the next frame is drawn
 * (a jump beyond what was simulated is caught up over several frames); also the longest frame
 * meanwhile, which is how long the page could not answer the learner.
 */
async function seekTimes(page: Page, times: number[]): Promise<{ ms: number[]; longestFrameMs: number }> {
  return page.evaluate(async (times) => {
    const api = (window as unknown as { __brokerscope: Api }).__brokerscope;
    const ms: number[] = [];
    let longestFrameMs = 0;
    for (const t of times) {
      const t0 = performance.now();
      api.store.getState().seek(t);
      let last = t0;
      do {
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const now = performance.now();
        longestFrameMs = Math.max(longestFrameMs, now - last);
        last = now;
      } while (api.engine.catchingUp);
      ms.push(performance.now() - t0);
    }
    return { ms, longestFrameMs };
  }, times);
}

function row(name: string, value: string, target: string, ok: boolean | null): string {
  const mark = ok === null ? '    ' : ok ? ' ok ' : 'MISS';
  return `${mark}  ${name.padEnd(44)} ${value.padStart(12)}   target ${target}`;
}

async function main(): Promise<void> {
  if (!findChromium()) {
    console.log('bench:ui: no Chromium at /usr/bin/chromium; nothing measured (apt-get install chromium).');
    return;
  }
  const server = await serveApp();
  const chromium = await launchChromium();
  const lines: string[] = [];
  try {
    const js = initialJsGzipBytes(server.outDir);
    lines.push(row('initial JavaScript (gzip -9)', `${(js.bytes / 1024).toFixed(1)} kB`, '< 250 kB', js.bytes < 250 * 1024));

    const page = await chromium.browser.newPage();
    // tsx compiles this file with esbuild's keepNames, which wraps functions sent to the page in __name().
    await page.addInitScript('window.__name = (f) => f');
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(server.url);
    await page.waitForSelector('[data-system="kafka"] [data-node="broker-1"]');
    await page.waitForSelector('[data-system="rocketmq"] [data-node="broker-a-0"]');
    const firstDiagram = await page.evaluate(() => performance.now());
    lines.push(row('first diagram drawn after navigation', `${firstDiagram.toFixed(0)} ms`, '< 1500 ms', firstDiagram < 1500));

    const idle = await frameTimes(page, 1, SAMPLE_MS);
    lines.push(row(`frame time p95, default scenario at 1x (${idle.frames} frames)`, `${idle.p95.toFixed(1)} ms`, '< 20 ms', idle.p95 < 20));
    lines.push(row('  (p50; messages drawn in flight, median)', `${idle.p50.toFixed(1)} ms; ${idle.inFlight}`, '', null));

    // About 500 messages on the wire: 400 messages/s, requests, acks, replication and pulls, each drawn for at least 250 ms at 1x.
    await load(page, restoreScenario({ version: 1, durationMs: 120_000, workload: { ratePerSec: 400, keys: 16 } }));
    const busy = await frameTimes(page, 1, SAMPLE_MS);
    lines.push(row(`frame time p95, ${busy.inFlight} messages in flight (median)`, `${busy.p95.toFixed(1)} ms`, '< 33 ms', busy.p95 < 33));

    const tenMinutes = restoreScenario({ version: 1, durationMs: 600_000 });
    await load(page, tenMinutes);
    const first = await seekTimes(page, [600_000]);
    lines.push(row('first run of a ten-minute scenario to its end', `${first.ms[0].toFixed(0)} ms`, '(no target)', null));
    lines.push(row('  (longest frame meanwhile)', `${first.longestFrameMs.toFixed(0)} ms`, '', null));
    // Fixed, spread-out times: backwards and forwards, near and between checkpoints.
    const times = [312_345, 17_001, 599_999, 4_999, 250_000, 451_234, 123_456, 588_888, 60_001, 333_333];
    const seeks = (await seekTimes(page, times)).ms.sort((a, b) => a - b);
    const worst = seeks[seeks.length - 1];
    lines.push(row(`seek anywhere in ten minutes (worst of ${seeks.length})`, `${worst.toFixed(0)} ms`, '< 150 ms', worst < 150));
    lines.push(row('  (median)', `${seeks[Math.floor(seeks.length / 2)].toFixed(0)} ms`, '', null));

    // The engine bench's load in the page: without catching up over frames, the page froze for the whole run.
    await load(page, restoreScenario({ version: 1, durationMs: 600_000, workload: { ratePerSec: 1_000, keys: 16 } }));
    const busyEnd = await seekTimes(page, [600_000]);
    lines.push(row('ten minutes at 1,000 msg/s, run to its end', `${busyEnd.ms[0].toFixed(0)} ms`, '(no target)', null));
    lines.push(row('  (longest frame meanwhile)', `${busyEnd.longestFrameMs.toFixed(0)} ms`, '', null));
  } finally {
    await chromium.close();
    await server.close();
  }
  console.log('BrokerScope UI benchmark (headless Chromium, this machine)\n' + lines.join('\n'));
}

main().catch((e) => {
  console.error(`bench:ui: ${(e as Error).message}`);
  process.exitCode = 1;
});

/**
 * The browser half of `npm run record`: serve the built app on 127.0.0.1 (building it first into
 * a temporary folder unless one is given), open it in the system Chromium through playwright-core,
 * call the page's recorder and return what it made. Progress is printed as the page reports it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import type { PageRecordInput, PageRecordOutput } from '../src/ui/record/page-api';

export interface BrowserRecordJob extends PageRecordInput {
  root: string;
  dist?: string;
  chromiumPath: string;
  chromiumArgs: string[];
}

export async function recordInBrowser(job: BrowserRecordJob): Promise<PageRecordOutput> {
  const built = job.dist ? null : mkdtempSync(join(tmpdir(), 'brokerscope-record-dist-'));
  const outDir = job.dist ?? built!;
  const cleanups: (() => Promise<void> | void)[] = [];
  if (built) cleanups.push(() => rmSync(built, { recursive: true, force: true }));
  try {
    if (built) {
      process.stderr.write('record: building the app...\n');
      await build({ root: job.root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    }
    const server = await preview({
      root: job.root, logLevel: 'error', build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    cleanups.unshift(() => server.close());
    const addr = server.httpServer.address();
    if (!addr || typeof addr === 'string') throw new Error('the preview server has no port');
    const browser = await chromium.launch({ executablePath: job.chromiumPath, headless: true, args: job.chromiumArgs });
    cleanups.unshift(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    let lastShown = -1;
    await page.exposeFunction('__brokerscopeRecordProgress', (frame: number, frames: number) => {
      const pct = Math.floor((100 * frame) / frames);
      if (pct >= lastShown + 10 || frame === frames) {
        lastShown = pct;
        process.stderr.write(`record: frame ${frame}/${frames} (${pct}%)\n`);
      }
    });
    await page.goto(`http://127.0.0.1:${addr.port}/`);
    await page.waitForFunction(() => typeof (window as unknown as { __brokerscope?: { record?: unknown } }).__brokerscope?.record === 'function', null, { timeout: 60_000 });
    const input: PageRecordInput = { scenario: job.scenario, request: job.request };
    return await page.evaluate(
      (i) => (window as unknown as { __brokerscope: { record(i: PageRecordInput): Promise<PageRecordOutput> } }).__brokerscope.record(i),
      input,
    );
  } finally {
    for (const c of cleanups) await c();
  }
}

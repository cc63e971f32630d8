/**
 * Shared launch code for the browser tests and the UI benchmark: build the app with Vite into a
 * temporary folder, serve it with `vite preview` on 127.0.0.1 on a free port, and drive Debian's
 * Chromium through playwright-core (never a downloaded browser). When Chromium is missing the
 * tests skip loudly, unless BROKERSCOPE_REQUIRE_BROWSER=1 (CI), where they must fail.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
export const ROOT = resolve(import.meta.dirname, '../..');

export function findChromium(): string | null {
  const fromEnv = process.env.BROKERSCOPE_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CHROMIUM_PATHS.find((p) => existsSync(p)) ?? null;
}

export const browserRequired = process.env.BROKERSCOPE_REQUIRE_BROWSER === '1';

/**
 * Whether browser tests run here. Without Chromium: in CI a hard failure (returns true so the
 * tests run and fail on launch with a clear message); elsewhere a loud skip.
 */
export function browserAvailable(): boolean {
  if (findChromium()) return true;
  if (browserRequired) return true;
  console.warn(
    '\n*** BROWSER TESTS SKIPPED: no Chromium at ' + CHROMIUM_PATHS.join(' or ') +
      ' (apt-get install chromium). Set BROKERSCOPE_REQUIRE_BROWSER=1 to make this a failure. ***\n',
  );
  return false;
}

export interface AppServer {
  url: string;
  outDir: string;
  close(): Promise<void>;
}

/** Builds the app (production mode) and serves it on 127.0.0.1 on a free port. */
export async function serveApp(): Promise<AppServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'brokerscope-dist-'));
  await build({ root: ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    root: ROOT, logLevel: 'error', build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const addr = server.httpServer.address();
  if (!addr || typeof addr === 'string') throw new Error('preview server has no port');
  return {
    url: `http://127.0.0.1:${addr.port}/`,
    outDir,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export interface LaunchedBrowser {
  /** A persistent context on a fresh, temporary user-data-dir (playwright's way to pass one). */
  browser: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launchChromium(): Promise<LaunchedBrowser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(`Chromium is required (BROKERSCOPE_REQUIRE_BROWSER=1) but none was found at ${CHROMIUM_PATHS.join(' or ')}`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'brokerscope-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 1000 },
  });
  return {
    browser, userDataDir,
    close: async () => {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the app and waits until both panels are on the page. The app remembers the last scenario
 * in localStorage, which one browser profile shares between tests; unless `keepScenario`, it is
 * forgotten first so that every test starts from the scenario its address names (or the default).
 */
export async function openApp(
  browser: BrowserContext, url: string, opts: { width?: number; height?: number; keepScenario?: boolean } = {},
): Promise<Page> {
  const page = await browser.newPage();
  if (!opts.keepScenario) await page.addInitScript(() => window.localStorage.removeItem('brokerscope.lastScenario'));
  if (opts.width || opts.height) await page.setViewportSize({ width: opts.width ?? 1400, height: opts.height ?? 1000 });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(url);
  await page.waitForSelector('[data-system="kafka"]');
  await page.waitForSelector('[data-system="rocketmq"]');
  return page;
}

/** Reads a figure of one system's scoreboard (the number as its text). */
export async function metric(page: Page, system: 'kafka' | 'rocketmq', field: string): Promise<number | null> {
  const text = await page.locator(`[data-scoreboard="${system}"] [data-metric="${field}"]`).first().textContent();
  const n = Number(text);
  return text === null || text === '–' || !Number.isFinite(n) ? null : n;
}

export async function simTime(page: Page): Promise<number> {
  return Number(await page.locator('[data-app]').getAttribute('data-sim-time'));
}

/** The scenario the app is running, from its data-scenario attribute (v1 JSON). */
export async function scenarioOf(page: Page): Promise<Record<string, any>> {
  return JSON.parse((await page.locator('[data-app]').getAttribute('data-scenario'))!);
}

/**
 * Builds and serves the app and starts Chromium once for a describe block, and stops both after
 * it. Call inside `describe`; read `app.server` and `app.chromium` inside tests.
 */
export function useBrowserApp(): { readonly server: AppServer; readonly chromium: LaunchedBrowser } {
  const app = {} as { server: AppServer; chromium: LaunchedBrowser };
  beforeAll(async () => {
    [app.server, app.chromium] = await Promise.all([serveApp(), launchChromium()]);
  }, 180_000);
  afterAll(async () => {
    await app.chromium?.close();
    await app.server?.close();
  });
  return app;
}

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARY } from '../../src/scenarios';
import { browserAvailable, openApp, useBrowserApp } from './harness';

/**
 * The same scenario gives the same run in the browser as in Node: every built-in scenario, opened
 * by its link and run to its end in the app (Chromium's JavaScript engine, the app's own bundle),
 * reaches the golden trace hashes the Node tests pin. Integer time, one seeded generator and
 * integer-only hashing are what make this hold; this checks it on a second engine.
 */
const golden: Record<string, { kafka: string; rocketmq: string }> = JSON.parse(
  readFileSync(join(__dirname, '../scenarios/golden-traces.json'), 'utf8'),
);

describe.skipIf(!browserAvailable())('determinism across JavaScript engines', () => {
  const app = useBrowserApp();
  it('every library scenario, run to its end in Chromium, has the trace hashes it has in Node', async () => {
    const page = await openApp(app.chromium.browser, app.server.url);
    const seen: Record<string, { kafka: string; rocketmq: string }> = {};
    for (const entry of LIBRARY) {
      await page.goto(`${app.server.url}#lib=${entry.id}`);
      await page.reload(); // a fragment change alone does not reload the app
      await page.waitForSelector('[data-system="kafka"]');
      // A jump to the end is simulated over a few frames (the engine catches up a budget per frame).
      await page.evaluate(() => {
        const api = (window as unknown as { __brokerscope: { store: { getState(): { scenario: { durationMs: number }; seek(t: number): void } } } }).__brokerscope;
        const state = api.store.getState();
        state.seek(state.scenario.durationMs);
      });
      await page.waitForFunction(() => !(window as unknown as { __brokerscope: { engine: { catchingUp: boolean } } }).__brokerscope.engine.catchingUp, null, { timeout: 60_000 });
      seen[entry.id] = await page.evaluate(() => {
        type Runner = { sim: { traceHash(): string } | null };
        const api = (window as unknown as { __brokerscope: { engine: { runners: Record<string, Runner> } } }).__brokerscope;
        return { kafka: api.engine.runners.kafka.sim!.traceHash(), rocketmq: api.engine.runners.rocketmq.sim!.traceHash() };
      });
    }
    const expected = Object.fromEntries(LIBRARY.map((e) => [e.id, golden[e.id]]));
    expect(seen).toEqual(expected);
    await page.close();
  }, 300_000);
});

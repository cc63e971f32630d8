/**
 * Share links, embedding, the walkthrough and the library gallery in the real app in headless
 * Chromium: a link restores the exact run (end trace hashes equal the Node engine's for the
 * decoded scenario), a broken link explains itself in the chosen language and opens the default,
 * the embed fits 800x500, the walkthrough stops at notes and reveals answers, the gallery opens a
 * scenario that is remembered on reload.
 */
import { defaultScenario } from '../../src/ui/store';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, openApp, scenarioOf, simTime, useBrowserApp } from './harness';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { decodeScenarioLink, encodeScenarioLink } from '../../src/sim/scenario/link';
import { runSystem } from '../../src/sim/run';
import { libraryEntry } from '../../src/scenarios';

const run = browserAvailable();

const linked = restoreScenario({
  version: 1, seed: 42, durationMs: 7000, kafka: { acks: '1' }, rocketmq: { flushDiskType: 'SYNC_FLUSH' },
  faults: [
    { atMs: 2500, system: 'kafka', action: 'crash', target: 'broker-1', durationMs: 2000 },
    { atMs: 2500, system: 'rocketmq', action: 'powerLoss', target: 'broker-a-0', durationMs: 2000 },
  ],
});

describe.skipIf(!run)('BrokerScope share links, embedding, walkthrough and gallery', () => {
  const app = useBrowserApp();

  /** The node caption clears its node and lies inside its panel. */
  const expectCaptionBeside = async (page: Page, node: string) => {
    await page.waitForFunction((node) => {
      const c = document.querySelector(`[data-caption-node="${node}"]`)?.getBoundingClientRect();
      const n = document.querySelector(`[data-system="kafka"] [data-node="${node}"]`)?.getBoundingClientRect();
      const p = document.querySelector('[data-system="kafka"].panel')?.getBoundingClientRect();
      if (!c || !n || !p) return false;
      const clear = c.right <= n.left || n.right <= c.left || c.bottom <= n.top || n.bottom <= c.top;
      return clear && c.left >= p.left && c.right <= p.right + 0.5 && c.top >= p.top && c.bottom <= p.bottom + 0.5;
    }, node, { timeout: 5000 });
  };
  /** ...and covers none of the panel's other nodes either (where the panel has room, as at desktop size). */
  const expectCaptionClearOfAll = async (page: Page, node: string) => {
    await page.waitForFunction((node) => {
      const c = document.querySelector(`[data-caption-node="${node}"]`)?.getBoundingClientRect();
      if (!c) return false;
      return [...document.querySelectorAll('[data-system="kafka"] [data-node]')].every((e) => {
        const n = e.getBoundingClientRect();
        return c.right <= n.left || n.right <= c.left || c.bottom <= n.top || n.bottom <= c.top;
      });
    }, node, { timeout: 5000 });
  };
  const waitAt = (page: Page, t: number) =>
    page.waitForFunction((t) => document.querySelector('[data-app]')?.getAttribute('data-sim-time') === String(t), t, { timeout: 60_000 });

  it('opening a share link restores the exact run, and Share puts the same link in the address', async () => {
    const fragment = encodeScenarioLink(linked);
    const page = await openApp(app.chromium.browser, `${app.server.url}#${fragment}`);
    expect(await scenarioOf(page)).toEqual(linked);
    await page.locator('[data-action="end"]').click();
    await page.waitForSelector('[data-app][data-trace-hash-kafka][data-trace-hash-rocketmq]', { timeout: 60_000 });
    const decoded = decodeScenarioLink(fragment);
    const root = page.locator('[data-app]');
    expect(await root.getAttribute('data-trace-hash-kafka')).toBe(runSystem(decoded, 'kafka').traceHash);
    expect(await root.getAttribute('data-trace-hash-rocketmq')).toBe(runSystem(decoded, 'rocketmq').traceHash);

    await page.evaluate(() => history.replaceState(null, '', location.pathname));
    await page.locator('[data-action="share"]').click();
    await page.waitForSelector('[data-share-status]');
    const href = await page.evaluate(() => location.href);
    expect(decodeScenarioLink(href)).toEqual(linked);
    const status = await page.locator('[data-share-status]').getAttribute('data-share-status');
    if (status === 'fallback') expect(await page.locator('[data-share-fallback]').inputValue()).toBe(href);
    else expect(status).toBe('copied');
    await page.close();
  });

  it('after the learner changes the scenario, the address carries the new link (no reload), and a reload reopens what they saw', async () => {
    const page = await openApp(app.chromium.browser, `${app.server.url}#${encodeScenarioLink(linked)}`);
    const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    await page.locator('[data-setting="kafka.acks"]').selectOption('0');
    const changed = await scenarioOf(page);
    expect(changed.kafka.acks).toBe('0');
    await page.waitForFunction(() => location.hash.startsWith('#s='));
    expect(decodeScenarioLink(await page.evaluate(() => location.href))).toEqual(changed);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);
    await page.reload();
    await page.waitForSelector('[data-system="kafka"]');
    expect(await scenarioOf(page)).toEqual(changed);
    await page.close();
  });

  it('a broken link opens the default scenario with a translated message; a good link pasted later replaces it; Import checks files the same way', async () => {
    const page = await openApp(app.chromium.browser, `${app.server.url}?lang=zh-CN#s=1.eJyrVsrJT0xRsjLQUcpLzE1VsjIwMjAw0lHKzEtRsjLQUcpNTcpRsjLQUcpLzE1VsjIwMjAw0lHKzEtRsjLQ`);
    const banner = page.locator('[data-notice="link"]');
    await expect(banner.locator('.notice-head').textContent()).resolves.toBe('这个分享链接已损坏或不完整，因此打开的是默认场景。');
    expect(await scenarioOf(page)).toEqual(defaultScenario());
    await page.evaluate((f) => { location.hash = f; }, encodeScenarioLink(linked));
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-app]')!.getAttribute('data-scenario')!).seed === 42);
    expect(await page.locator('[data-notice]').count()).toBe(0);

    // Import goes through the same door: a bad file leaves the scenario as it was, with a notice.
    const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.locator('[data-control="import"]').setInputFiles(file('bad.json', '{"version":1,"kafka":{"acks":"2"}}'));
    await page.waitForSelector('[data-notice="file"][data-notice-kind="invalid"]');
    expect((await scenarioOf(page)).seed).toBe(42);
    await page.locator('[data-control="import"]').setInputFiles(file('good.json', '{"version":1,"seed":9}'));
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-app]')!.getAttribute('data-scenario')!).seed === 9);
    expect(await page.locator('[data-notice]').count()).toBe(0);
    await page.close();
  });

  it('embed mode at 800x500 shows both panels side by side with the timeline and no settings, log or header', async () => {
    const page = await openApp(app.chromium.browser, `${app.server.url}?embed=1&t=3000#${encodeScenarioLink(linked)}`, { width: 800, height: 500 });
    await waitAt(page, 3000);
    const k = (await page.locator('[data-system="kafka"].panel').boundingBox())!;
    const r = (await page.locator('[data-system="rocketmq"].panel').boundingBox())!;
    expect(Math.abs(k.y - r.y)).toBeLessThan(2);
    expect(r.x + r.width).toBeLessThanOrEqual(800);
    expect(k.y + k.height).toBeLessThanOrEqual(500);
    const tl = (await page.locator('#timeline').boundingBox())!;
    expect(tl.y + tl.height).toBeLessThanOrEqual(501);
    for (const sel of ['[data-setting]', 'h2#log-title', '[data-control="language"]', '[data-action="share"]'])
      expect(await page.locator(sel).count()).toBe(0);
    await page.goto(`${app.server.url}?embed=1&system=rocketmq#${encodeScenarioLink(linked)}`);
    await page.waitForSelector('[data-system="rocketmq"].panel');
    expect(await page.locator('[data-system="kafka"].panel').count()).toBe(0);
    // Every scoreboard row can be brought into view without the timeline covering it.
    const timelineTop = (await page.locator('.timeline').boundingBox())!.y;
    for (const m of await page.locator('[data-metric]').all()) {
      await m.scrollIntoViewIfNeeded();
      const box = (await m.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual((await page.locator('.timeline').boundingBox())!.y + 0.5);
    }
    expect((await page.locator('.timeline').boundingBox())!.y).toBe(timelineTop); // the timeline stays put
    await page.close();
  });

  it('walkthrough: pauses at a note, Next and Back move between notes, a question reveals its answer, captions follow the language', async () => {
    const page = await openApp(app.chromium.browser, `${app.server.url}#lib=acks1-vs-async-master`);
    await page.waitForSelector('[data-walkthrough] [data-walk-step]');
    await page.evaluate(() => (window as unknown as { __brokerscope: { store: { getState(): { setSpeed(x: number): void } } } }).__brokerscope.store.getState().setSpeed(200));
    await page.locator('[data-action="play"]').click();
    await waitAt(page, 4000);
    await expect(page.locator('[data-action="play"]').getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(page.locator('[data-walkthrough] [data-caption="0"]').textContent()).resolves.toMatch(/^Kafka acks=1: the leader answers/);

    await page.locator('[data-action="walk-next"]').click();
    await waitAt(page, 19200);
    const nodeCaption = page.locator('[data-system="kafka"] [data-caption-node="broker-1"]');
    await expect(nodeCaption.textContent()).resolves.toMatch(/^The followers and the slave/);
    await expectCaptionBeside(page, 'broker-1');
    await expectCaptionClearOfAll(page, 'broker-1');
    await page.setViewportSize({ width: 800, height: 500 }); // re-measured on resize
    await expectCaptionBeside(page, 'broker-1');
    await page.setViewportSize({ width: 1400, height: 1000 });

    await page.locator('[data-action="walk-next"]').click();
    await waitAt(page, 19500);
    await page.locator('[data-ask="2"] [data-choice="1"]').click();
    expect(await page.locator('[data-answer]').count()).toBe(0);
    await page.locator('[data-action="walk-next"]').click(); // reveals before moving on
    await expect(page.locator('[data-answer]').getAttribute('data-correct')).resolves.toBe('true');
    expect(await simTime(page)).toBe(19500);

    await page.locator('[data-action="walk-back"]').click();
    await waitAt(page, 19200);
    await page.locator('[data-control="language"]').selectOption('zh-CN');
    await expect(nodeCaption.textContent()).resolves.toMatch(/^follower 和 slave 刚刚/);
    await page.locator('[data-control="language"]').selectOption('en');
    await page.close();
  });

  it('embedded at 800x500, a caption with no room beside its node goes to the walkthrough bar, named after the node, and the node is ringed', async () => {
    const page = await openApp(app.chromium.browser, `${app.server.url}?embed=1&t=19200#lib=acks1-vs-async-master`, { width: 800, height: 500 });
    await waitAt(page, 19200);
    const docked = page.locator('[data-walkthrough] [data-caption-docked="broker-1"]');
    await docked.waitFor();
    await expect(docked.textContent()).resolves.toMatch(/^broker-1 The followers and the slave/);
    expect(await page.locator('[data-caption-node]').count()).toBe(0);
    const [ring, node] = await Promise.all(['[data-caption-ring="broker-1"]', '[data-system="kafka"] [data-node="broker-1"]'].map((q) => page.locator(q).boundingBox()));
    expect(ring!.x).toBeLessThanOrEqual(node!.x);
    expect(ring!.y).toBeLessThanOrEqual(node!.y);
    expect(ring!.x + ring!.width).toBeGreaterThanOrEqual(node!.x + node!.width);
    expect(ring!.y + ring!.height).toBeGreaterThanOrEqual(node!.y + node!.height);
    // In a bigger window there is room beside broker-1 again: the caption moves back next to it.
    await page.setViewportSize({ width: 1400, height: 1000 });
    await expectCaptionBeside(page, 'broker-1');
    expect(await page.locator('[data-caption-docked], [data-caption-ring]').count()).toBe(0);
    await page.close();
  });

  it('the gallery lists the library by topic and opens a scenario, which is remembered on reload', async () => {
    const page = await openApp(app.chromium.browser, app.server.url);
    await page.locator('[data-action="gallery"]').click();
    await page.waitForSelector('[data-gallery] [data-library]');
    expect(await page.locator('[data-gallery] [data-library]').count()).toBeGreaterThanOrEqual(16);
    expect(await page.locator('[data-gallery] [data-topic]').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('[data-library="jepsen-2013"] svg.thumb rect').count()).toBeGreaterThan(3);
    // A modal keeps the keyboard: Space does not start the run behind it, and Tab stays inside.
    await page.locator('[data-library]').first().focus();
    await page.keyboard.press('Space');
    expect(await page.locator('[data-action="play"]').getAttribute('aria-pressed')).toBe('false');
    await page.locator('[data-action="close-gallery"]').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-gallery]'))).toBe(true);
    await page.locator('[data-gallery] a[href]').last().focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('close-gallery');
    await page.locator('[data-library="jepsen-2013"]').click();
    const jepsen = restoreScenario(libraryEntry('jepsen-2013')!.scenario);
    await page.waitForFunction((seed) => JSON.parse(document.querySelector('[data-app]')!.getAttribute('data-scenario')!).durationMs === seed, jepsen.durationMs);
    expect(await scenarioOf(page)).toEqual(jepsen);
    expect(await page.locator('[data-gallery]').count()).toBe(0);
    await page.close();

    const again = await openApp(app.chromium.browser, app.server.url, { keepScenario: true });
    expect(await scenarioOf(again)).toEqual(jepsen);
    await again.close();
  });
});

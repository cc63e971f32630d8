/**
 * The real app in headless Chromium: load, play, crash a broker by clicking it, rewind, change a
 * setting, switch language, and at the end of a short run the trace hashes the page shows equal
 * what the Node engine computes for the same scenario (one engine, two hosts).
 */
import { defaultScenario } from '../../src/ui/store';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, metric, openApp, scenarioOf, simTime, useBrowserApp } from './harness';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { runSystem } from '../../src/sim/run';

const run = browserAvailable();

describe.skipIf(!run)('BrokerScope in the browser', () => {
  const app = useBrowserApp();

  const open = () => openApp(app.chromium.browser, app.server.url);
  const play = (page: Page) => page.locator('[data-action="play"]').click();
  const waitSimTime = (page: Page, atLeast: number) =>
    page.waitForFunction((t) => Number(document.querySelector('[data-app]')?.getAttribute('data-sim-time')) >= t, atLeast, { timeout: 60_000 });
  const setSpeed = (page: Page, x: number) =>
    page.evaluate((x) => (window as unknown as { __brokerscope: { store: { getState(): { setSpeed(x: number): void } } } }).__brokerscope.store.getState().setSpeed(x), x);

  /** Sets the scenario length through the settings panel and waits for the restart. */
  const setDuration = async (page: Page, ms: number) => {
    const duration = page.locator('[data-setting="root.durationMs"]');
    await duration.fill(String(ms));
    await duration.press('Enter');
    await page.waitForFunction((ms) => JSON.parse(document.querySelector('[data-app]')!.getAttribute('data-scenario')!).durationMs === ms, ms);
  };
  /** At the end of the run, the page's trace hashes equal a fresh Node run of the page's scenario. */
  const expectEndHashesOfNode = async (page: Page) => {
    await page.waitForSelector('[data-app][data-trace-hash-kafka][data-trace-hash-rocketmq]', { timeout: 60_000 });
    const scenario = restoreScenario(await scenarioOf(page));
    const root = page.locator('[data-app]');
    expect(await root.getAttribute('data-trace-hash-kafka')).toBe(runSystem(scenario, 'kafka').traceHash);
    expect(await root.getAttribute('data-trace-hash-rocketmq')).toBe(runSystem(scenario, 'rocketmq').traceHash);
  };

  it('loads both panels with every node of the default scenario and the contract attributes', async () => {
    const page = await open();
    for (const n of ['controller', 'broker-1', 'broker-2', 'broker-3', 'producer-1', 'consumer-1', 'consumer-2'])
      await expect(page.locator(`[data-system="kafka"] [data-node="${n}"]`).count()).resolves.toBe(1);
    for (const n of ['namesrv-1', 'namesrv-2', 'broker-a-0', 'broker-a-1', 'broker-b-0', 'broker-b-1', 'producer-1', 'consumer-1'])
      await expect(page.locator(`[data-system="rocketmq"] [data-node="${n}"]`).count()).resolves.toBe(1);
    expect(await simTime(page)).toBe(0);
    expect(await scenarioOf(page)).toEqual(defaultScenario());
    expect(await page.locator('[data-scoreboard="kafka"] [data-metric="acked"]').count()).toBe(1);
    await page.close();
  });

  it('plays: simulated time advances and both scoreboards count sent and acknowledged messages', async () => {
    const page = await open();
    await setSpeed(page, 10);
    await play(page);
    await waitSimTime(page, 5_000);
    await page.waitForFunction(() => Number(document.querySelector('[data-scoreboard="rocketmq"] [data-metric="acked"]')?.textContent) > 0);
    for (const system of ['kafka', 'rocketmq'] as const) {
      expect(await metric(page, system, 'sent')).toBeGreaterThan(0);
      expect(await metric(page, system, 'acked')).toBeGreaterThan(0);
    }
    await page.close();
  });

  it('crashing a broker by clicking it records the fault, shows the broker down, and the figures keep moving', async () => {
    const page = await open();
    await setSpeed(page, 10);
    await play(page);
    await waitSimTime(page, 3_000);
    await page.locator('[data-system="kafka"] [data-node="broker-1"] > .node-name').click();
    await page.locator('[data-fault-menu="broker-1"] [data-fault="crash"]').click();
    const faults = (await scenarioOf(page)).faults as { system: string; action: string; target: string }[];
    expect(faults).toContainEqual(expect.objectContaining({ system: 'kafka', action: 'crash', target: 'broker-1' }));
    expect(faults.some((f) => f.system === 'rocketmq' && f.action === 'crash')).toBe(true); // the counterpart master
    // The crash lands 1 ms after the click; the diagram shows it with its next refresh.
    await page.waitForFunction(() => document.querySelector('[data-system="kafka"] [data-node="broker-1"]')?.getAttribute('data-state') === 'crashed', null, { timeout: 5000 });
    const before = (await metric(page, 'kafka', 'sent'))!;
    await waitSimTime(page, 8_000);
    await page.waitForFunction((n) => Number(document.querySelector('[data-scoreboard="kafka"] [data-metric="sent"]')?.textContent) > n, before);
    await page.close();
  });

  it('rewinds: dragging the scrubber back shows the past, with fewer messages sent', async () => {
    const page = await open();
    await setSpeed(page, 50);
    await play(page);
    await waitSimTime(page, 20_000);
    await page.locator('[data-action="play"]').click(); // pause
    const later = (await metric(page, 'kafka', 'sent'))!;
    const scrubber = page.locator('[data-control="scrubber"]');
    await scrubber.fill('5000');
    await page.waitForFunction(() => document.querySelector('[data-app]')?.getAttribute('data-sim-time') === '5000');
    await page.waitForFunction((n) => Number(document.querySelector('[data-scoreboard="kafka"] [data-metric="sent"]')?.textContent) < n, later);
    expect(await metric(page, 'kafka', 'sent')).toBe(51); // 10 messages/s: message n is due at n x 100 ms, so 0..50 by t = 5000
    await page.close();
  });

  it('a jump to the end of a busy run is simulated over several frames, saying how far it has got, and ends on the Node hashes', async () => {
    const page = await open();
    await page.evaluate(() => {
      const api = (window as unknown as { __brokerscope: { store: { getState(): { setScenario(s: unknown): void } } } }).__brokerscope;
      api.store.getState().setScenario({ ...JSON.parse(document.querySelector('[data-app]')!.getAttribute('data-scenario')!), durationMs: 120_000, workload: { ...JSON.parse(document.querySelector('[data-app]')!.getAttribute('data-scenario')!).workload, ratePerSec: 1_000, stopProducingAtMs: 120_000 } });
    });
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-app]')!.getAttribute('data-scenario')!).durationMs === 120_000);
    await page.locator('[data-action="end"]').click();
    const status = page.locator('[data-computing]');
    await status.waitFor();
    expect(Number(await status.getAttribute('data-computing'))).toBeLessThan(120_000);
    await expect(status.textContent()).resolves.toMatch(/^Simulating… now at /);
    await page.waitForFunction(() => document.querySelector('[data-app]')?.getAttribute('data-sim-time') === '120000', null, { timeout: 120_000 });
    await status.waitFor({ state: 'detached', timeout: 5_000 });
    await expectEndHashesOfNode(page);
    await page.close();
  });

  it('changing a setting restarts from 0 with the new setting in the scenario', async () => {
    const page = await open();
    await setSpeed(page, 10);
    await play(page);
    await waitSimTime(page, 2_000);
    await page.locator('[data-action="play"]').click(); // pause, so the restart is seen at 0
    await page.locator('[data-setting="kafka.acks"]').selectOption('1');
    expect((await scenarioOf(page)).kafka.acks).toBe('1');
    expect(await simTime(page)).toBe(0);
    await page.waitForFunction(() => document.querySelector('[data-scoreboard="kafka"] [data-metric="sent"]')?.textContent === '0');
    await page.close();
  });

  it('switches language to Simplified Chinese and remembers it on reload', async () => {
    const page = await open();
    await page.locator('[data-control="language"]').selectOption('zh-CN');
    await expect(page.locator('h2#log-title').textContent()).resolves.toBe('事件日志');
    await page.reload();
    await page.waitForSelector('[data-system="kafka"]');
    await expect(page.locator('h2#log-title').textContent()).resolves.toBe('事件日志');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('zh-CN');
    // A fault's event-log line is rendered from its catalogue code in the chosen language.
    await page.locator('[data-system="kafka"] [data-node="broker-1"] > .node-name').click();
    await page.locator('[data-fault-menu="broker-1"] [data-fault="crash"]').click();
    await play(page); // the crash applies 1 ms from now
    const crashLine = page.locator('.event-log li[data-log-kind="crash"]').filter({ hasText: 'broker-1' }).locator('.text').first();
    await expect(crashLine.waitFor()).resolves.toBeUndefined();
    await expect(crashLine.textContent()).resolves.toBe('broker-1：进程崩溃（操作系统保留了 page cache）');
    await page.locator('[data-control="language"]').selectOption('en');
    await page.waitForFunction(() => document.querySelector('.event-log li[data-log-kind="crash"] .text')?.textContent?.includes('process crashed'));
    await page.close();
  });

  it('at the end of a short run the trace hashes equal the Node engine\'s for the same scenario', async () => {
    const page = await open();
    await setDuration(page, 6000);
    await page.locator('[data-action="end"]').click();
    await expectEndHashesOfNode(page);
    await page.close();
  });

  it('acting in the past forks the run: after a rewind and a crash, the end hashes equal a fresh Node run of the recorded scenario', async () => {
    const page = await open();
    await setDuration(page, 8000);
    await page.locator('[data-action="end"]').click();
    await page.waitForSelector('[data-app][data-trace-hash-kafka]');
    await page.locator('[data-control="scrubber"]').fill('3000');
    await page.waitForFunction(() => document.querySelector('[data-app]')?.getAttribute('data-sim-time') === '3000');
    await expect(page.locator('[data-app]').getAttribute('data-trace-hash-kafka')).resolves.toBeNull();
    await page.locator('[data-system="kafka"] [data-node="broker-2"] > .node-name').click();
    await page.locator('[data-fault-menu="broker-2"] [data-fault="crash"]').click();
    const recorded = await scenarioOf(page);
    expect(recorded.faults.map((f: { atMs: number }) => f.atMs)).toEqual([3001, 3001]);
    await page.locator('[data-action="end"]').click();
    await expectEndHashesOfNode(page);
    await page.close();
  });

  it('isolating a leader from its chosen followers, inwards, undone after 2 s, with the counterpart, records faults that replay to the Node hashes', async () => {
    const page = await open();
    await setDuration(page, 8000);
    await page.locator('[data-control="scrubber"]').fill('2000');
    await page.waitForFunction(() => document.querySelector('[data-app]')?.getAttribute('data-sim-time') === '2000');
    await page.locator('[data-system="kafka"] [data-node="broker-1"] > .node-name').click();
    const menu = page.locator('[data-fault-menu="broker-1"]');
    await menu.locator('[data-option="undo-after"]').selectOption('2000');
    await menu.locator('[data-isolate-from="broker-2"]').check();
    await menu.locator('[data-direction="in"]').check();
    await expect(menu.locator('[data-twin-isolation]').textContent()).resolves.toContain('broker-a-1');
    await menu.locator('[data-fault="isolate"]').click();
    await menu.locator('[data-option="slow-delay"]').selectOption('2000');
    await menu.locator('[data-fault="slow"]').click();
    const faults = (await scenarioOf(page)).faults;
    expect(faults).toEqual([
      { atMs: 2001, system: 'kafka', action: 'isolate', target: 'broker-1', from: ['broker-2'], direction: 'in', durationMs: 2000 },
      { atMs: 2001, system: 'rocketmq', action: 'isolate', target: 'broker-a-0', from: ['broker-a-1'], direction: 'in', durationMs: 2000 },
      { atMs: 2001, system: 'kafka', action: 'slow', target: 'broker-1', delayMs: 2000, durationMs: 2000 },
      { atMs: 2001, system: 'rocketmq', action: 'slow', target: 'broker-a-0', delayMs: 2000, durationMs: 2000 },
    ]);
    await page.locator('[data-action="end"]').click();
    await expectEndHashesOfNode(page);
    await page.close();
  });

  it('no text runs over its node box, in English and Chinese, with nodes crashed, isolated and slowed', async () => {
    const page = await open();
    await page.evaluate(() => {
      const { engine, store } = (window as unknown as { __brokerscope: { engine: { act(f: object[]): void }; store: { getState(): { seek(t: number): void } } } }).__brokerscope;
      store.getState().seek(10_000);
      engine.act([
        { system: 'kafka', target: 'broker-1', action: 'crash' }, { system: 'kafka', target: 'broker-2', action: 'isolate' },
        { system: 'kafka', target: 'broker-3', action: 'slow', delayMs: 2000 }, { system: 'kafka', target: 'consumer-1', action: 'pause' },
        { system: 'rocketmq', target: 'broker-a-0', action: 'powerLoss' }, { system: 'rocketmq', target: 'broker-a-1', action: 'isolate' },
        { system: 'rocketmq', target: 'broker-b-1', action: 'slow', delayMs: 2000 }, { system: 'rocketmq', target: 'namesrv-1', action: 'crash' },
        { system: 'rocketmq', target: 'consumer-1', action: 'isolate' }, { system: 'rocketmq', target: 'producer-1', action: 'slow', delayMs: 2000 },
      ]);
      store.getState().seek(40_000);
    });
    for (const lang of ['en', 'zh-CN']) {
      await page.locator('[data-control="language"]').selectOption(lang);
      await page.waitForTimeout(300);
      const overflows = await page.evaluate(() => {
        const out: string[] = [];
        for (const g of document.querySelectorAll<SVGGElement>('[data-system] [data-node]')) {
          const box = g.querySelector<SVGRectElement>(':scope > rect.node-box')!.getBBox();
          // A RocketMQ broker's name and state end where its CommitLog strip begins.
          const strip = g.querySelector<SVGRectElement>('.commitlog .log-track')?.getBBox();
          const right = strip ? strip.x : box.x + box.width;
          for (const t of g.querySelectorAll<SVGTextElement>(':scope > text')) {
            const b = t.getBBox();
            if (t.textContent && (b.x < box.x || b.x + b.width > right + 0.5 || b.y + b.height > box.y + box.height + 2))
              out.push(`${g.dataset.node}: ${t.textContent}`);
          }
        }
        return out;
      });
      expect(overflows, lang).toEqual([]);
    }
    await page.locator('[data-control="language"]').selectOption('en');
    await page.close();
  });

  it('clicking a flying message dot selects its message for the journey; dots carry an ARIA label', async () => {
    const page = await open();
    await page.evaluate(() => (window as unknown as { __brokerscope: { store: { getState(): { seek(t: number): void } } } }).__brokerscope.store.getState().seek(2_050));
    const dot = page.locator('[data-system="kafka"] .flight.is-selectable').first();
    await dot.waitFor();
    const label = (await dot.getAttribute('aria-label'))!;
    const id = Number(/#(\d+)/.exec(label)![1]);
    await dot.click(); // a real pointer click: the dot, not what lies under it, takes it
    const selected = () => page.evaluate(() => (window as unknown as { __brokerscope: { store: { getState(): { selectedMessage: number | null } } } }).__brokerscope.store.getState().selectedMessage);
    await expect(selected()).resolves.toBe(id);
    await page.waitForSelector('.journey-columns');
    // The dot's messages stay on offer: the journey lists them when there are several, and a
    // button of that list opens another one's journey.
    const group = await page.evaluate(() => (window as unknown as { __brokerscope: { store: { getState(): { selectedGroup: { ids: number[] } | null } } } }).__brokerscope.store.getState().selectedGroup);
    if (group) {
      expect(group.ids[0]).toBe(id);
      await page.locator('[data-journey-group] button', { hasText: `#${group.ids[1]}` }).click();
      await expect(selected()).resolves.toBe(group.ids[1]);
    }
    await page.evaluate(() => (window as unknown as { __brokerscope: { store: { getState(): { selectMessage(id: number, g: { system: string; ids: number[] }): void } } } }).__brokerscope.store.getState().selectMessage(1, { system: 'kafka', ids: [1, 2, 3] }));
    await page.locator('[data-journey-group="kafka"] button', { hasText: '#3' }).click();
    await expect(selected()).resolves.toBe(3);
    expect(await page.locator('[data-journey-group] button[aria-pressed="true"]').textContent()).toBe('#3');
    expect(await page.locator('[data-fault-menu]').count()).toBe(0); // the click selected a message, not a node
    await page.close();
  });

  it('stacks the panels on a narrow screen and still shows both', async () => {
    const page = await openApp(app.chromium.browser, app.server.url, { width: 480, height: 900 });
    const k = await page.locator('[data-system="kafka"].panel').boundingBox();
    const r = await page.locator('[data-system="rocketmq"].panel').boundingBox();
    expect(k && r && r.y > k.y + k.height - 1).toBe(true);
    // The header folds its controls behind Menu; opened, no control's label breaks over two lines,
    // in English and in Chinese, and none sticks out of the screen.
    expect(await page.locator('[data-control="language"]').isVisible()).toBe(false);
    await page.locator('[data-action="menu"]').click();
    for (const lang of ['zh-CN', 'en']) {
      await page.locator('[data-control="language"]').selectOption(lang);
      const oneLine = await page.locator('.app-header').evaluate((h) =>
        [...h.querySelectorAll<HTMLElement>('button, label > span, select')].filter((el) => el.offsetParent !== null).map((el) => {
          const r = el.getBoundingClientRect();
          const lh = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5;
          return { text: el.textContent, oneLine: r.height < 2 * lh, inside: r.left >= 0 && r.right <= window.innerWidth };
        }));
      expect(oneLine.length).toBeGreaterThan(8);
      for (const c of oneLine) expect(c, `${lang}: ${c.text}`).toMatchObject({ oneLine: true, inside: true });
    }
    await page.close();
  });
});

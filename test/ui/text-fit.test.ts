import { describe, expect, it } from 'vitest';
import { ellipsize, textWidth, wrapParts } from '../../src/ui/layout/text-fit';
import { clientDetail, nextQueue } from '../../src/ui/panels/RocketmqDiagram';
import { makeT } from '../../src/i18n';
import { rocketmqFixture } from './fixtures/views';

describe('text fitting', () => {
  it('textWidth(text, font) counts a CJK character as wider than a Latin one', () => {
    expect(textWidth('运行中', 10)).toBeGreaterThan(textWidth('run', 10));
  });

  it('ellipsize(text, max, font) keeps a short text and cuts a long one to fit, ending in an ellipsis', () => {
    expect(ellipsize('running', 100, 9)).toBe('running');
    const cut = ellipsize('crashed, isolated, slowed by 2000 ms · master', 90, 8);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 8)).toBeLessThanOrEqual(90);
  });

  it('wrapParts(parts, max, font, lines) packs whole parts into lines and marks what is left out', () => {
    const parts = ['a:0@25', 'a:1@25', 'a:2@25', 'a:3@25', 'b:0@25', 'b:1@25', 'b:2@25', 'b:3@25'];
    const lines = wrapParts(parts, 100, 9, 2);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(textWidth(l, 9)).toBeLessThanOrEqual(100);
    expect(lines[0].split(' ').every((p) => parts.includes(p))).toBe(true);
    expect(lines[1].endsWith('…')).toBe(true);
    expect(wrapParts(['a:0@1'], 100, 9, 2)).toEqual(['a:0@1']);
  });
});

describe('RocketMQ client detail', () => {
  it('nextQueue(route, sendWhichQueue, queues) names the queue the next send takes: |counter + 1| mod size', () => {
    expect(nextQueue(['broker-a', 'broker-b'], 525903487, 4)).toBe('broker-a:0'); // 525903488 mod 8 = 0
    expect(nextQueue(['broker-a', 'broker-b'], 5, 4)).toBe('broker-b:2');
    expect(nextQueue([], 5, 4)).toBeNull();
  });

  it('clientDetail shows the producer\'s next queue, with the raw random counter only in the tooltip, in both languages', () => {
    const view = rocketmqFixture();
    view.producers = [{ name: 'producer-1', publishList: ['broker-a', 'broker-b'], sendWhichQueue: 525903487, avoided: [] }];
    for (const lang of ['en', 'zh-CN'] as const) {
      const lines = clientDetail(view, 'producer-1', makeT(lang), 100);
      expect(lines[0].text).toContain('a:0');
      expect(lines[0].text).not.toContain('525903487');
      expect(lines[0].tip).toContain('525903487');
      for (const l of lines) expect(textWidth(l.text, 9)).toBeLessThanOrEqual(100);
    }
  });

  it('clientDetail lists a consumer\'s queues within the box, retry queues on their own line, the whole list in the tooltip', () => {
    const view = rocketmqFixture();
    const queues = ['%RETRY%@broker-a:0', 'broker-a:0', 'broker-a:1', 'broker-a:2', 'broker-a:3', 'broker-b:0', 'broker-b:1'];
    view.consumers = [{ name: 'consumer-1', queues, offsets: Object.fromEntries(queues.map((q) => [q, 1234])) }];
    const lines = clientDetail(view, 'consumer-1', makeT('zh-CN'), 100);
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const l of lines) expect(textWidth(l.text, 9)).toBeLessThanOrEqual(100);
    expect(lines[lines.length - 1].text).toMatch(/^重试 a:0@1234/);
    expect(lines[0].tip).toContain('%RETRY%@broker-a:0@1234');
  });
});

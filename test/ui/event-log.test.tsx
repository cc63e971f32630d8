import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { filterLog, LogEntries, logText } from '../../src/ui/controls/EventLog';
import { createAppStore } from '../../src/ui/store';
import type { LogEntry } from '../../src/sim/core/types';
import type { SystemName } from '../../src/sim/scenario/topology';

type Shown = LogEntry & { system: SystemName };

/** As the Kafka model logs it: a code with params, and the English rendered from the catalogue. */
const coded: Shown = {
  at: 12_000, kind: 'IsrShrinksPerSec', node: 'broker-1', cat: 'isr', system: 'kafka',
  text: 'orders-0: ISR shrinks from broker-1, broker-2 to broker-1 (broker-2 behind for over 30000 ms)',
  code: 'kafka.log.isrShrink',
  params: { partition: 'orders-0', from: 'broker-1, broker-2', to: 'broker-1', removed: 'broker-2', ms: 30000 },
};
/** As a model without codes logs it: English text only. */
const plain: Shown = {
  at: 13_000, kind: 'ROUTE_CHANGED', node: 'namesrv-1', cat: 'route', system: 'rocketmq',
  text: 'namesrv-1: route of broker-a changed',
};

describe('EventLog', () => {
  it('logText(entry, lang) renders a coded entry in the chosen language', () => {
    expect(logText(coded, 'en')).toBe(coded.text);
    expect(logText(coded, 'zh-CN')).toBe('orders-0：ISR 从 broker-1, broker-2 收缩为 broker-1（broker-2 落后超过 30000 ms）');
  });

  it('logText(entry, lang) falls back to the logged text when an entry has no code', () => {
    expect(logText(plain, 'zh-CN')).toBe(plain.text);
  });

  it('LogEntries shows a coded entry in Chinese and an uncoded one as logged, kinds kept as real names', () => {
    const html = renderToStaticMarkup(<LogEntries entries={[coded, plain]} lang="zh-CN" />);
    expect(html).toContain('<span class="text">orders-0：ISR 从 broker-1, broker-2 收缩为 broker-1（broker-2 落后超过 30000 ms）</span>');
    expect(html).not.toContain('ISR shrinks');
    expect(html).toContain('<span class="text">namesrv-1: route of broker-a changed</span>');
    expect(html).toContain('data-log-kind="IsrShrinksPerSec"');
    expect(html).toContain('<code class="kind">IsrShrinksPerSec</code>');
  });

  it('by default lists everything but metrics (a BrokerStatus a second would bury the faults), and All brings them back', () => {
    const metric: Shown = { at: 14_000, kind: 'BrokerStatus', node: 'broker-a-0', cat: 'metric', system: 'rocketmq', text: 'broker-a-0: putTps 10, getTransferedTps 10' };
    const entries = [coded, plain, metric];
    const byDefault = createAppStore().getState().logFilter;
    expect(byDefault.cat).toBe('events');
    expect(filterLog(entries, byDefault).map((e) => e.kind)).toEqual(['IsrShrinksPerSec', 'ROUTE_CHANGED']);
    expect(filterLog(entries, { ...byDefault, cat: 'all' }).map((e) => e.kind)).toEqual(['IsrShrinksPerSec', 'ROUTE_CHANGED', 'BrokerStatus']);
    expect(filterLog(entries, { ...byDefault, cat: 'metric' }).map((e) => e.kind)).toEqual(['BrokerStatus']);
  });
});

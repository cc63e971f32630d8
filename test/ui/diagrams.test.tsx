import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { KafkaDiagram } from '../../src/ui/panels/KafkaDiagram';
import { RocketmqDiagram } from '../../src/ui/panels/RocketmqDiagram';
import { layoutKafka } from '../../src/ui/layout/kafka-layout';
import { layoutRocketmq } from '../../src/ui/layout/rocketmq-layout';
import { makeT } from '../../src/i18n';
import { CLIENT_H } from '../../src/ui/layout/boxes';
import { textWidth } from '../../src/ui/layout/text-fit';
import { kafkaFixture, rocketmqFixture } from './fixtures/views';

const noop = () => {};
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

function kafkaHtml(lang: 'en' | 'zh-CN' = 'en') {
  const view = kafkaFixture();
  const layout = layoutKafka(view.nodes, view);
  return renderToStaticMarkup(
    <svg><KafkaDiagram layout={layout} nodes={view.nodes} view={view} t={makeT(lang)} selectedNode={null} selectedMessage={null} onOpenNode={noop} onSelectMessage={noop} /></svg>,
  );
}

function rocketmqHtml() {
  const view = rocketmqFixture();
  const layout = layoutRocketmq(view.nodes, view);
  return renderToStaticMarkup(
    <svg><RocketmqDiagram layout={layout} nodes={view.nodes} view={view} t={makeT('en')} selectedNode={null} selectedMessage={null} onOpenNode={noop} onSelectMessage={noop} /></svg>,
  );
}

describe('KafkaDiagram', () => {
  it('draws every node with data-node and an ARIA label', () => {
    const html = kafkaHtml();
    for (const n of kafkaFixture().nodes) expect(html).toContain(`data-node="${n.name}"`);
    expect(count(html, /role="button"/g)).toBe(kafkaFixture().nodes.length);
  });

  it('draws one offset cell per record and an HW marker per replica row', () => {
    const view = kafkaFixture();
    const html = kafkaHtml();
    const cells = view.partitions.reduce((n, p) => n + p.replicas.reduce((m, r) => m + r.records.length, 0), 0);
    expect(count(html, /class="cell/g)).toBe(cells);
    expect(count(html, /class="marker hw"/g)).toBe(9);
  });

  it('says a restarted broker that does not take connections yet is starting, in English and Chinese', () => {
    const view = kafkaFixture();
    const b2 = view.nodes.find((n) => n.name === 'broker-2')!;
    b2.listening = false;
    const layout = layoutKafka(view.nodes, view);
    for (const [lang, text] of [['en', 'starting: not accepting connections yet'], ['zh-CN', '启动中：尚未接受连接']] as const) {
      const html = renderToStaticMarkup(
        <svg><KafkaDiagram layout={layout} nodes={view.nodes} view={view} t={makeT(lang)} selectedNode={null} selectedMessage={null} onOpenNode={noop} onSelectMessage={noop} /></svg>,
      );
      expect(html).toContain(text);
    }
  });

  it('marks the crashed, fenced, out-of-sync broker-3', () => {
    const html = kafkaHtml();
    expect(html).toMatch(/data-node="broker-3" data-state="crashed"/);
    expect(html).toContain('fenced by the controller');
    expect(count(html, /is-out-of-sync/g)).toBe(3);
  });

  it('speaks Chinese when asked', () => {
    expect(kafkaHtml('zh-CN')).toContain('已崩溃');
  });

  it("shows the producer's connections that are not up, in English and Chinese, inside its box; nothing while all are up", () => {
    expect(kafkaHtml()).not.toContain('data-conn=');
    const view = kafkaFixture();
    view.producers[0].conns = [
      { broker: 'broker-1', connecting: false, retryInMs: 760 },
      { broker: 'broker-2', connecting: true, retryInMs: null },
      { broker: 'broker-3', connecting: false, retryInMs: null },
    ];
    const layout = layoutKafka(view.nodes, view);
    const box = layout.nodes.find((b) => b.name === 'producer-1')!;
    expect(box.h).toBe(CLIENT_H + 6 * 10); // two lines for each connection
    const expected = {
      en: ['broker-1 connection', 'down · retry in 0.8 s', 'broker-2 connection', 'connecting…', 'broker-3 connection', 'down'],
      'zh-CN': ['到 broker-1 的连接', '已断开 · 0.8 秒后重连', '到 broker-2 的连接', '正在连接…', '到 broker-3 的连接', '已断开'],
    };
    for (const lang of ['en', 'zh-CN'] as const) {
      const html = renderToStaticMarkup(
        <svg><KafkaDiagram layout={layout} nodes={view.nodes} view={view} t={makeT(lang)} selectedNode={null} selectedMessage={null} onOpenNode={noop} onSelectMessage={noop} /></svg>,
      );
      expect(html).toContain('data-conn="broker-1" data-conn-state="down"');
      expect(html).toContain('data-conn="broker-2" data-conn-state="connecting"');
      for (const line of expected[lang]) {
        expect(html).toContain(`>${line}<`);
        expect(textWidth(line, 9)).toBeLessThanOrEqual(box.w - 12); // not cut, even at 1.0 s
      }
      expect(html).toContain(lang === 'en' ? 'No connection to broker-1 · retry in 0.8 s' : '与 broker-1 没有连接 · 0.8 秒后重连');
      // The last line's baseline stays inside the box.
      const ys = [...html.slice(html.indexOf('data-node="producer-1"')).matchAll(/data-conn="[^"]+"[^>]*>(?:<title>[^<]*<\/title>)?<text[^>]*y="(\d+(?:\.\d+)?)"[^>]*>[^<]*<\/text><text[^>]*y="(\d+(?:\.\d+)?)"/g)]
        .map((m) => Number(m[2]));
      expect(ys).toHaveLength(3);
      expect(Math.max(...ys)).toBeLessThan(box.y + box.h - 4);
    }
    view.producers[0].conns.push({ broker: 'broker-4', connecting: false, retryInMs: null });
    const more = layoutKafka(view.nodes, view);
    expect(more.nodes.find((b) => b.name === 'producer-1')!.h).toBe(CLIENT_H + 7 * 10);
    const moreHtml = renderToStaticMarkup(
      <svg><KafkaDiagram layout={more} nodes={view.nodes} view={view} t={makeT('en')} selectedNode={null} selectedMessage={null} onOpenNode={noop} onSelectMessage={noop} /></svg>,
    );
    expect(moreHtml).toContain('+1 more down<title>broker-4</title>');
    expect(textWidth(makeT('en')('kafka.conn.retry', { s: '1.0' }), 9)).toBeLessThanOrEqual(box.w - 12);
    expect(textWidth(makeT('zh-CN')('kafka.conn.retry', { s: '1.0' }), 9)).toBeLessThanOrEqual(box.w - 12);
  });
});

describe('RocketmqDiagram', () => {
  it('points each ConsumeQueue at the CommitLog cell of its latest entry on the broker consumers read', () => {
    const html = rocketmqHtml();
    // The fixture's queue q of broker-a holds CommitLog indexes q and q + 4: outside the 40-cell
    // window of a 50-entry log, so no pointer. broker-b-0 is powered off: broker-b's queues point
    // into the slave's CommitLog.
    expect(html).not.toContain('data-cq="broker-a:0"');
    expect(html).toContain('data-cq="broker-b:1" data-points-to="5"');
    const view = rocketmqFixture();
    view.groups[0].queues = view.groups[0].queues.map((q, i) => ({ ...q, commitLogIndexes: [40 + i, 44 + i] }));
    const layout = layoutRocketmq(view.nodes, view);
    const html2 = renderToStaticMarkup(
      <svg><RocketmqDiagram layout={layout} nodes={view.nodes} view={view} t={makeT('en')} selectedNode={null} selectedMessage={null} onOpenNode={noop} onSelectMessage={noop} /></svg>,
    );
    for (let q = 0; q < 4; q++) expect(html2).toContain(`data-cq="broker-a:${q}" data-points-to="${44 + q}"`);
  });

  it('shows each NameServer\'s route as chips: a broker it lists, one it lists although down (stale), one it does not list', () => {
    const html = rocketmqHtml();
    const chip = (ns: string, broker: string) => {
      const part = html.slice(html.indexOf(`data-node="${ns}"`));
      return new RegExp(`data-route-entry="${broker}" data-route-state="(\\w+)"`).exec(part)![1];
    };
    expect(chip('namesrv-1', 'broker-a-0')).toBe('live');
    expect(chip('namesrv-1', 'broker-b-0')).toBe('absent'); // powered off and already dropped
    expect(chip('namesrv-2', 'broker-b-0')).toBe('stale'); // powered off, still listed
    expect(html).toContain('still listed although down (stale route): broker-b-0');
  });

  it('draws NameServers, every broker of each group, clients, and the ConsumeQueues', () => {
    const html = rocketmqHtml();
    for (const n of rocketmqFixture().nodes) expect(html).toContain(`data-node="${n.name}"`);
    expect(count(html, /data-queue=/g)).toBe(8);
  });

  it('sets the page-cache part of the CommitLog apart from the flushed part', () => {
    const html = rocketmqHtml();
    expect(count(html, /class="marker flushed"/g)).toBe(4);
    expect(count(html, /class="cell page-cache/g)).toBe(6 + 7 + 6 + 7);
  });

  it('shows the powered-off master and the group that takes no writes', () => {
    const html = rocketmqHtml();
    expect(html).toMatch(/data-node="broker-b-0" data-state="off"/);
    expect(html).toContain('not writable');
  });
});

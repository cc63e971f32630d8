/**
 * The RocketMQ architecture: NameServers with the brokers they believe live, broker groups with
 * each broker's CommitLog strip in arrival order (page-cache entries lighter and set apart from
 * flushed ones by a dashed line), the slave's replicated offset, the group's ConsumeQueues, the
 * producers' cached route and queue counter, consumers with their queues and offsets.
 */
import { memo } from 'react';
import type { NodeStatusView, RocketmqView } from '../../sim/views';
import type { CommitLogRow, RocketmqLayout } from '../layout/rocketmq-layout';
import { keyColour } from '../layout/palette';
import { NodeShape } from './NodeShape';
import { cellClick } from './KafkaDiagram';
import type { T } from '../../i18n';

interface Props {
  layout: RocketmqLayout;
  nodes: readonly NodeStatusView[];
  view: RocketmqView | null;
  t: T;
  selectedNode: string | null;
  selectedMessage: number | null;
  onOpenNode: (name: string) => void;
  onSelectMessage: (id: number) => void;
}

/** Up to three short lines under a client's name: route and queue counter, or queues and offsets. */
export function clientDetail(view: RocketmqView | null, name: string, t: T): string[] {
  if (!view) return [];
  const p = view.producers.find((x) => x.name === name);
  if (p) {
    const lines = [t('rocketmq.queueCounter', { n: p.sendWhichQueue }), t('rocketmq.route', { queues: String(p.publishList.length) })];
    if (p.avoided.length) lines.push(t('rocketmq.avoided', { brokers: p.avoided.join(',') }));
    return lines;
  }
  const c = view.consumers.find((x) => x.name === name);
  if (!c) return [];
  const parts = c.queues.map((q) => `${q.replace('broker-', '')}@${c.offsets[q] ?? '-'}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length && lines.length < 3; i += 3) lines.push(parts.slice(i, i + 3).join(' ') + (i + 3 < parts.length && lines.length === 2 ? ' …' : ''));
  return lines;
}

export const RocketmqDiagram = memo(function RocketmqDiagram(p: Props) {
  const { layout, view, t } = p;
  const byName = new Map(p.nodes.map((n) => [n.name, n]));
  return (
    <g>
      {layout.groups.map((g) => (
        <g key={g.name} className={`group${g.group && !g.group.writable ? ' not-writable' : ''}`}>
          <rect className="group-box" x={g.x} y={g.y} width={g.w} height={g.h} rx={6} />
          <text className="group-name" x={g.x + 6} y={g.y + 13}>
            {t('rocketmq.group', { name: g.name })}
            {g.group ? ` · ${g.group.writable ? t('rocketmq.writable') : t('rocketmq.notWritable')}` : ''}
          </text>
          {g.queueBoxes.map((q) => (
            <g key={q.name} className="queue" data-queue={q.name}>
              <rect x={q.x} y={q.y} width={q.w} height={q.h} rx={2} />
              <text x={q.x + 3} y={q.y + q.h - 3}>{`${q.name.replace(/^.*:/, 'q')} ${q.length}`}</text>
            </g>
          ))}
        </g>
      ))}
      {layout.nodes.map((box) => {
        const status = byName.get(box.name);
        let extra = '';
        let body = null;
        if (box.kind === 'namesrv' && view) {
          const ns = view.nameServers.find((x) => x.name === box.name);
          extra = ns ? `${ns.liveBrokers.length}` : '';
          body = ns ? <title>{t('rocketmq.liveBrokers', { brokers: ns.liveBrokers.join(', ') || t('rocketmq.none') })}</title> : null;
        }
        if (box.kind === 'broker') {
          const row = layout.rows.find((r) => r.node === box.name);
          if (row) extra = t(`rocketmq.role.${row.broker.role}` as 'rocketmq.role.master');
        }
        if (box.kind === 'producer' || box.kind === 'consumer') {
          body = clientDetail(view, box.name, t).map((line, i) => (
            <text key={i} className="node-detail" x={box.x + 6} y={box.y + 36 + i * 10}>{line}</text>
          ));
        }
        return (
          <NodeShape key={box.name} box={box} status={status} t={t} extra={extra} compact={box.kind === 'broker'}
            selected={p.selectedNode === box.name} onOpen={p.onOpenNode}>
            {body}
            {layout.rows.filter((r) => r.node === box.name).map((row) => (
              <CommitLogStrip key={row.node} row={row} t={t} selectedMessage={p.selectedMessage} onSelectMessage={p.onSelectMessage} />
            ))}
          </NodeShape>
        );
      })}
    </g>
  );
});

function CommitLogStrip({ row, t, selectedMessage, onSelectMessage }: { row: CommitLogRow; t: T; selectedMessage: number | null; onSelectMessage: (id: number) => void }) {
  const log = row.broker.commitLog;
  const first = log.length - log.records.length;
  const flushedX = log.flushed >= row.start ? row.cellX(log.flushed) : null;
  const replX = row.broker.replicated >= row.start && row.broker.replicated <= log.length ? row.cellX(row.broker.replicated) : null;
  return (
    <g onClick={cellClick(onSelectMessage)} className="commitlog" aria-label={t('rocketmq.commitLog', { length: log.length, flushed: log.flushed })}
      data-broker={row.broker.name} data-length={log.length} data-flushed={log.flushed} data-replicated={row.broker.replicated}>
      <rect className="log-track" x={row.x} y={row.y} width={row.w} height={row.h} />
      {log.records.map((rec, i) => {
        const index = first + i;
        if (index < row.start) return null;
        return (
          <rect key={index} className={`cell${index >= log.flushed ? ' page-cache' : ''}${rec.id === selectedMessage ? ' is-selected' : ''}`}
            x={row.cellX(index) + 0.5} y={row.y + 1} width={Math.max(1, row.cellW - 1)} height={row.h - 2}
            fill={keyColour(rec.key)} data-id={rec.id}>
            <title>{`#${rec.id} k${rec.key} ${rec.tag >= 0 ? `q${rec.tag}` : ''}`}</title>
          </rect>
        );
      })}
      {flushedX !== null ? (
        <g className="marker flushed">
          <line x1={flushedX} x2={flushedX} y1={row.y - 2} y2={row.y + row.h + 2} />
          <title>{t('rocketmq.flushed')}</title>
        </g>
      ) : null}
      {replX !== null ? (
        <g className="marker replicated">
          <path d={`M${replX},${row.y + row.h + 1} l3,3 h-6 z`} />
          <title>{t('rocketmq.replicated', { n: row.broker.replicated })}</title>
        </g>
      ) : null}
    </g>
  );
}

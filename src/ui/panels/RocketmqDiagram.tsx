/**
 * The RocketMQ architecture: NameServers with the brokers they believe live, broker groups with
 * each broker's CommitLog strip in arrival order (page-cache entries lighter and set apart from
 * flushed ones by a dashed line), the slave's replicated offset, the group's ConsumeQueues, the
 * producers' cached route and queue counter, consumers with their queues and offsets.
 */
import { memo } from 'react';
import type { NodeStatusView, RocketmqView } from '../../sim/views';
import { BROKER_LABEL_W, CHIP_GAP, CHIP_H, CHIP_W, chipsPerLine, type CommitLogRow, type GroupBox, type RocketmqLayout } from '../layout/rocketmq-layout';
import type { NodeBox } from '../layout/boxes';
import { keyColour } from '../layout/palette';
import { DETAIL_PX, NodeShape, isDown } from './NodeShape';
import { ellipsize, wrapParts } from '../layout/text-fit';
import { CLIENT_W } from '../layout/boxes';
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

/** A line of a client's detail, and the whole story for its tooltip when the line is short of it. */
export interface DetailLine {
  text: string;
  tip?: string;
}

/** The queue `sendWhichQueue` points at: selectQueue takes position |counter + 1| mod (groups x queues). */
export function nextQueue(publishList: readonly string[], sendWhichQueue: number, queuesPerBroker: number): string | null {
  const size = publishList.length * queuesPerBroker;
  if (size === 0) return null;
  const pos = Math.abs(sendWhichQueue + 1) % size;
  return `${publishList[Math.floor(pos / queuesPerBroker)]}:${pos % queuesPerBroker}`;
}

const short = (q: string) => q.replace(/broker-/g, '');

/**
 * Up to three short lines under a client's name, each fitting `maxPx`: the queue the producer's
 * counter points at next (the raw, randomly started counter in the tooltip), its route and the
 * brokers it avoids; or a consumer's queues with their offsets, retry queues last.
 */
export function clientDetail(view: RocketmqView | null, name: string, t: T, maxPx = CLIENT_W - 12): DetailLine[] {
  if (!view) return [];
  const p = view.producers.find((x) => x.name === name);
  if (p) {
    const qpb = view.groups[0]?.queues.length ?? 0;
    const next = nextQueue(p.publishList, p.sendWhichQueue, qpb);
    const tip = t('rocketmq.queueCounterTip', { n: p.sendWhichQueue, size: p.publishList.length * qpb });
    const lines: DetailLine[] = [
      { text: ellipsize(t('rocketmq.nextQueue', { queue: next ? short(next) : '–' }), maxPx, DETAIL_PX), tip },
      fit(t('rocketmq.route', { queues: p.publishList.map(short).join(',') || '–' }), maxPx),
    ];
    if (p.avoided.length) lines.push(fit(t('rocketmq.avoided', { brokers: p.avoided.map(short).join(',') }), maxPx));
    return lines;
  }
  const c = view.consumers.find((x) => x.name === name);
  if (!c) return [];
  const part = (q: string) => `${short(q).replace(/^%RETRY%@/, '')}@${c.offsets[q] ?? '-'}`;
  const main = c.queues.filter((q) => !q.startsWith('%'));
  const retry = c.queues.filter((q) => q.startsWith('%'));
  const all = c.queues.map((q) => `${q}@${c.offsets[q] ?? '-'}`).join(' ');
  const mainLines = wrapParts(main.map(part), maxPx, DETAIL_PX, retry.length ? 2 : 3);
  const lines = mainLines.map((text) => ({ text, tip: all }));
  if (retry.length) lines.push({ text: ellipsize(t('rocketmq.retryQueues', { queues: retry.map(part).join(' ') }), maxPx, DETAIL_PX), tip: all });
  return lines;
}

function fit(text: string, maxPx: number): DetailLine {
  const shown = ellipsize(text, maxPx, DETAIL_PX);
  return shown === text ? { text } : { text: shown, tip: text };
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
          body = ns ? <RouteChips box={box} listed={ns.liveBrokers} nodes={p.nodes} t={t} /> : null;
        }
        if (box.kind === 'broker') {
          const row = layout.rows.find((r) => r.node === box.name);
          if (row) extra = t(`rocketmq.role.${row.broker.role}` as 'rocketmq.role.master');
        }
        if (box.kind === 'producer' || box.kind === 'consumer') {
          body = clientDetail(view, box.name, t, box.w - 12).map((line, i) => (
            <text key={i} className="node-detail" x={box.x + 6} y={box.y + 36 + i * 10}>
              {line.text}
              {line.tip ? <title>{line.tip}</title> : null}
            </text>
          ));
        }
        return (
          <NodeShape key={box.name} box={box} status={status} t={t} extra={extra} compact={box.kind === 'broker'}
            textW={box.kind === 'broker' ? BROKER_LABEL_W - 10 : undefined}
            selected={p.selectedNode === box.name} onOpen={p.onOpenNode}>
            {body}
            {layout.rows.filter((r) => r.node === box.name).map((row) => (
              <CommitLogStrip key={row.node} row={row} t={t} selectedMessage={p.selectedMessage} onSelectMessage={p.onSelectMessage} />
            ))}
          </NodeShape>
        );
      })}
      {layout.groups.map((g) => <QueuePointers key={g.name} group={g} rows={layout.rows} byName={byName} />)}
    </g>
  );
});

/**
 * ConsumeQueues point into the CommitLog: a thin line from each queue to the CommitLog cell of
 * its latest entry, and a tick under the cells of its other recent entries (the view's
 * `commitLogIndexes`), on the broker whose ConsumeQueues consumers read (the master, or a slave
 * while the master is missing). At most 8 marks per queue, so it stays cheap.
 */
function QueuePointers({ group, rows, byName }: { group: GroupBox; rows: readonly CommitLogRow[]; byName: Map<string, NodeStatusView> }) {
  const mine = rows.filter((r) => r.node.replace(/-\d+$/, '') === group.name && !isDown(byName.get(r.node)));
  const row = mine.find((r) => r.broker.role === 'master' || r.broker.role === 'leader') ?? mine[0];
  if (!row || !group.group) return null;
  const end = row.start + row.w / row.cellW;
  const bottom = row.y + row.h;
  return (
    <g className="cq-pointers" aria-hidden="true">
      {group.group.queues.map((q, qi) => {
        const box = group.queueBoxes[qi];
        const shown = q.commitLogIndexes.filter((i) => i >= row.start && i < end);
        if (!box || shown.length === 0) return null;
        const latest = shown[shown.length - 1];
        const cx = (i: number) => row.cellX(i) + row.cellW / 2;
        return (
          <g key={q.name} className={`cq-pointer cq-${qi % 4}`} data-cq={q.name} data-points-to={latest}>
            <path d={shown.map((i) => `M${cx(i).toFixed(1)},${bottom - 2}v3`).join('')} />
            <line x1={box.x + box.w / 2} y1={box.y} x2={cx(latest)} y2={bottom + 1} />
          </g>
        );
      })}
    </g>
  );
}

/**
 * What one NameServer believes: a chip per broker, solid when it lists the broker, hollow when it
 * does not, and marked stale when it still lists a broker that is down: a broker gone silent
 * (power loss, network cut) is dropped only when a scan finds it quiet for 120 s
 * (BROKER_CHANNEL_EXPIRED_TIME), so with the clients' 30 s route poll a route stays stale ~160 s.
 */
function RouteChips({ box, listed, nodes, t }: { box: NodeBox; listed: readonly string[]; nodes: readonly NodeStatusView[]; t: T }) {
  const brokers = nodes.filter((n) => n.kind === 'broker');
  const perLine = chipsPerLine(box.w);
  const stale = brokers.filter((b) => listed.includes(b.name) && isDown(b)).map((b) => b.name);
  const label = t('rocketmq.liveBrokers', { brokers: listed.join(', ') || t('rocketmq.none') }) +
    (stale.length ? `; ${t('rocketmq.staleBrokers', { brokers: stale.join(', ') })}` : '');
  return (
    <g className="route-chips" role="img" aria-label={label}>
      <title>{label}</title>
      {brokers.map((b, i) => {
        const on = listed.includes(b.name);
        const state = !on ? 'absent' : isDown(b) ? 'stale' : 'live';
        const x = box.x + 4 + (i % perLine) * (CHIP_W + CHIP_GAP);
        const y = box.y + 28 + Math.floor(i / perLine) * (CHIP_H + CHIP_GAP);
        return (
          <g key={b.name} className={`route-chip chip-${state}`} data-route-entry={b.name} data-route-state={state}>
            <rect x={x} y={y} width={CHIP_W} height={CHIP_H} rx={2} />
            <text x={x + CHIP_W / 2} y={y + CHIP_H - 2} textAnchor="middle">{b.name.replace(/^broker-(\w+)-(\d+)$/, '$1$2')}</text>
          </g>
        );
      })}
    </g>
  );
}

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

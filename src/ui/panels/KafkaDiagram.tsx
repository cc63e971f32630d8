/**
 * The Kafka architecture: brokers with a row per hosted replica (offset cells coloured by key,
 * page-cache cells lighter than flushed ones, HW and LEO markers, leader badge with epoch, ISR or
 * out-of-sync), the controller, producers and the consumer group. Draws a layout; holds no state.
 */
import { memo, type MouseEvent } from 'react';
import type { KafkaConnView, KafkaView, NodeStatusView } from '../../sim/views';
import { CONN_LINE_H, CONNS_SHOWN, type KafkaLayout, type ReplicaRow } from '../layout/kafka-layout';
import type { NodeBox } from '../layout/boxes';
import { keyColour } from '../layout/palette';
import { DETAIL_PX, FitText, NodeShape } from './NodeShape';
import { wrapParts } from '../layout/text-fit';
import type { T } from '../../i18n';

interface Props {
  layout: KafkaLayout;
  nodes: readonly NodeStatusView[];
  view: KafkaView | null;
  t: T;
  selectedNode: string | null;
  selectedMessage: number | null;
  onOpenNode: (name: string) => void;
  onSelectMessage: (id: number) => void;
}

export const KafkaDiagram = memo(function KafkaDiagram(p: Props) {
  const { layout, view, t } = p;
  const byName = new Map(p.nodes.map((n) => [n.name, n]));
  return (
    <g>
      {layout.nodes.map((box) => {
        const status = byName.get(box.name);
        let extra = '';
        let body = null;
        if (box.kind === 'broker' && view?.fenced.includes(box.name)) extra = t('node.fenced');
        if (box.kind === 'controller') extra = t('kafka.controller');
        if (box.kind === 'producer' && view) {
          const pv = view.producers.find((x) => x.name === box.name);
          if (pv)
            body = (
              <>
                <text className="node-detail" x={box.x + 6} y={box.y + 36}>{`acks=${pv.acks}`}</text>
                <text className="node-detail" x={box.x + 6} y={box.y + 46}>
                  {t('kafka.producer', { inFlight: pv.inFlight, retries: pv.retries })}
                </text>
                <ConnLines box={box} conns={pv.conns ?? []} t={t} />
              </>
            );
        }
        if (box.kind === 'consumer' && view) {
          const m = view.group.members.find((x) => x.name === box.name);
          const parts = m?.partitions.map((q) => `${q.replace(/^.*-/, 'p')}@${view.group.committed[q] ?? '-'}`) ?? [];
          const lines = parts.length ? wrapParts(parts, box.w - 12, DETAIL_PX, 2) : ['—'];
          body = lines.map((line, i) => (
            <text key={i} className="node-detail" x={box.x + 6} y={box.y + 36 + i * 10}>
              {line}
              {line.endsWith('…') ? <title>{parts.join(' ')}</title> : null}
            </text>
          ));
        }
        // A broker's replica rows are drawn inside it: a click on a row opens the broker, on a cell selects the message.
        const rows = box.kind === 'broker' ? layout.rows.filter((r) => r.broker === box.name) : [];
        return (
          <NodeShape key={box.name} box={box} status={status} t={t} extra={extra}
            selected={p.selectedNode === box.name} onOpen={p.onOpenNode}>
            {body}
            {rows.map((row) => (
              <ReplicaRowShape key={row.partition} row={row} view={view} t={t} selectedMessage={p.selectedMessage} onSelectMessage={p.onSelectMessage} />
            ))}
          </NodeShape>
        );
      })}
      {view ? (
        <text className="group-line" x={layout.width - 8} y={layout.height - 4} textAnchor="end">
          {t('kafka.group', { generation: view.group.generation, state: view.group.state })}
        </text>
      ) : null}
    </g>
  );
});

/** Seconds to the next reconnect, rounded up to a tenth so a pending retry never reads 0.0 s. */
export function retrySeconds(ms: number): string {
  return (Math.ceil(ms / 100) / 10).toFixed(1);
}

/**
 * The producer's connections that are not up, two lines each under its figures ("broker-1
 * connection" / "down · retry in 0.8 s"), the whole sentence in a tooltip. Nothing while all are up.
 */
function ConnLines({ box, conns, t }: { box: NodeBox; conns: readonly KafkaConnView[]; t: T }) {
  if (conns.length === 0) return null;
  const maxPx = box.w - 12;
  const y0 = box.y + 46 + CONN_LINE_H;
  const shown = conns.slice(0, CONNS_SHOWN);
  return (
    <>
      {shown.map((c, i) => {
        const s = c.retryInMs === null ? '' : retrySeconds(c.retryInMs);
        const state = c.connecting ? t('kafka.conn.connecting') : c.retryInMs === null ? t('kafka.conn.down') : t('kafka.conn.retry', { s });
        const tip = c.connecting ? t('kafka.conn.tipConnecting', { broker: c.broker })
          : c.retryInMs === null ? t('kafka.conn.tipDown', { broker: c.broker }) : t('kafka.conn.tipRetry', { broker: c.broker, s });
        const y = y0 + i * 2 * CONN_LINE_H;
        return (
          <g key={c.broker} className={`node-conn${c.connecting ? ' is-connecting' : ''}`} data-conn={c.broker} data-conn-state={c.connecting ? 'connecting' : 'down'}>
            <title>{tip}</title>
            <FitText className="node-detail" x={box.x + 6} y={y} text={t('kafka.conn.broker', { broker: c.broker })} maxPx={maxPx} fontPx={DETAIL_PX} />
            <FitText className="node-detail" x={box.x + 6} y={y + CONN_LINE_H} text={state} maxPx={maxPx} fontPx={DETAIL_PX} />
          </g>
        );
      })}
      {conns.length > CONNS_SHOWN ? (
        <text className="node-detail node-conn" x={box.x + 6} y={y0 + CONNS_SHOWN * 2 * CONN_LINE_H}>
          {t('kafka.conn.more', { n: conns.length - CONNS_SHOWN })}
          <title>{conns.slice(CONNS_SHOWN).map((c) => c.broker).join(', ')}</title>
        </text>
      ) : null}
    </>
  );
}

/** A click on a cell selects its message (and does not open the broker's fault menu). */
export function cellClick(onSelectMessage: (id: number) => void) {
  return (e: MouseEvent) => {
    const id = (e.target as Element).getAttribute('data-id');
    if (id !== null) {
      e.stopPropagation();
      onSelectMessage(Number(id));
    }
  };
}

function ReplicaRowShape({ row, view, t, selectedMessage, onSelectMessage }: { row: ReplicaRow; view: KafkaView | null; t: T; selectedMessage: number | null; onSelectMessage: (id: number) => void }) {
  const r = row.replica;
  const part = view?.partitions.find((x) => x.name === row.partition);
  const offline = part?.offline ?? false;
  const label = row.isLeader ? `${row.partition} ★ e${part?.leaderEpoch ?? 0}` : row.partition;
  const status = offline ? t('kafka.offline') : r.inIsr ? t('kafka.isr') : t('kafka.outOfSync');
  const yMid = row.y + row.h / 2;
  const inWindow = (o: number) => o >= row.start && o <= row.start + (row.w / row.cellW);
  return (
    <g onClick={cellClick(onSelectMessage)} className={`replica${row.isLeader ? ' is-leader' : ''}${r.inIsr ? '' : ' is-out-of-sync'}${offline ? ' is-offline' : ''}`}
      aria-label={t('kafka.replica', { broker: row.broker, leo: r.leo, hw: r.hw, isr: r.inIsr ? t('kafka.inIsr') : t('kafka.notInIsr') })}
      data-partition={row.partition} data-replica={row.broker} data-leo={r.leo} data-hw={r.hw}>
      <text className="replica-label" x={row.x - 112} y={yMid + 4}>
        {label}
        {row.isLeader ? <title>{`${t('kafka.leader')}, ${t('kafka.epoch', { epoch: part?.leaderEpoch ?? 0 })}`}</title> : null}
      </text>
      <text className={`replica-status${r.inIsr ? '' : ' warn'}`} x={row.x - 4} y={yMid + 4} textAnchor="end">{status}</text>
      <rect className="log-track" x={row.x} y={row.y} width={row.w} height={row.h} />
      {r.records.map((rec) => (
        <rect key={rec.offset} className={`cell${rec.offset >= r.flushed ? ' page-cache' : ''}${rec.id === selectedMessage ? ' is-selected' : ''}`}
          x={row.cellX(rec.offset) + 0.5} y={row.y + 1} width={Math.max(1, row.cellW - 1)} height={row.h - 2}
          fill={keyColour(rec.key)} data-id={rec.id} data-offset={rec.offset}>
          <title>{`#${rec.id} offset ${rec.offset} k${rec.key} e${rec.tag}`}</title>
        </rect>
      ))}
      {inWindow(r.hw) ? (
        <g className="marker hw">
          <line x1={row.cellX(r.hw)} x2={row.cellX(r.hw)} y1={row.y - 2} y2={row.y + row.h + 2} />
          <text x={row.cellX(r.hw) - 1} y={row.y + row.h + 1} textAnchor="end">{t('kafka.hw')}</text>
        </g>
      ) : null}
      {inWindow(r.leo) ? (
        <g className="marker leo">
          <path d={`M${row.cellX(r.leo)},${row.y - 1} l3,-3 h-6 z`} />
          <text x={Math.min(row.cellX(r.leo) + 2, row.x + row.w + 2)} y={yMid + 3}>{t('kafka.leo')}</text>
        </g>
      ) : null}
    </g>
  );
}

/**
 * One drawn node: a focusable, clickable box carrying `data-node` (the scenario's name for it),
 * an ARIA label with its state, and a visible state line. Enter/Space or a click opens its faults.
 */
import type { KeyboardEvent, ReactNode, SVGProps } from 'react';
import type { NodeStatusView } from '../../sim/views';
import type { NodeBox } from '../layout/boxes';
import type { T } from '../../i18n';
import { ellipsize, textWidth } from '../layout/text-fit';

/** Font sizes of the node's text in diagram units (styles.css: .node-name bold 10, .node-state 9, compact 8). */
export const NAME_PX = 11;
export const STATE_PX = 9;
export const DETAIL_PX = 9;

/** A text line cut to `maxPx` with an ellipsis; the whole text stays in a tooltip when cut. */
export function FitText({ text, maxPx, fontPx, ...rest }: { text: string; maxPx: number; fontPx: number } & SVGProps<SVGTextElement>) {
  const shown = ellipsize(text, maxPx, fontPx);
  return (
    <text {...rest}>
      {shown}
      {shown !== text ? <title>{text}</title> : null}
    </text>
  );
}

export function nodeStateText(t: T, n: NodeStatusView | undefined): string {
  if (!n) return '';
  const parts: string[] = [];
  if (n.host === 'destroyed') parts.push(t('node.state.destroyed'));
  else if (n.host === 'off') parts.push(t('node.state.off'));
  else if (n.stopping) parts.push(t('node.state.closing'));
  else if (n.proc === 'running' && !n.listening) parts.push(t('node.state.starting'));
  else parts.push(t(`node.state.${n.proc}` as 'node.state.running'));
  if (n.isolated) parts.push(t('node.isolated'));
  if (n.slowMs > 0) parts.push(t('node.slow', { ms: n.slowMs }));
  return parts.join(', ');
}

export function nodeLabel(t: T, box: { name: string; kind: NodeStatusView['kind'] }): string {
  return t(`node.${box.kind}` as 'node.broker', { name: box.name });
}

export function isDown(n: NodeStatusView | undefined): boolean {
  return !!n && (n.host !== 'up' || (n.proc !== 'running' && n.proc !== 'paused'));
}

interface Props {
  box: NodeBox;
  status: NodeStatusView | undefined;
  t: T;
  selected: boolean;
  onOpen: (name: string) => void;
  /** Extra state words (fenced, leader of ...). */
  extra?: string;
  children?: ReactNode;
  title?: string;
  /** Short rows (RocketMQ brokers): the state goes in small type under the name. */
  compact?: boolean;
  /** How wide the name and state may be (default: the box less its margins). */
  textW?: number;
}

export function NodeShape({ box, status, t, selected, onOpen, extra, children, title, compact, textW }: Props) {
  const state = nodeStateText(t, status);
  const classes = ['node', `node-${box.kind}`];
  if (isDown(status)) classes.push('is-down');
  if (status?.proc === 'paused') classes.push('is-paused');
  if (status?.isolated) classes.push('is-isolated');
  if (status && status.slowMs > 0) classes.push('is-slow');
  if (selected) classes.push('is-selected');
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      onOpen(box.name);
    }
  };
  const stateLine = [state, extra].filter(Boolean).join(' · ');
  return (
    <g
      className={classes.join(' ')}
      data-node={box.name}
      data-state={status ? (status.host !== 'up' ? status.host : status.proc) : undefined}
      role="button"
      tabIndex={0}
      aria-label={t('node.aria', { label: nodeLabel(t, box), state: stateLine })}
      aria-haspopup="dialog"
      onClick={(e) => {
        e.stopPropagation();
        onOpen(box.name);
      }}
      onKeyDown={onKey}
    >
      {title ? <title>{title}</title> : null}
      <rect className="node-box" x={box.x} y={box.y} width={box.w} height={box.h} rx={5} />
      <FitText className="node-name" x={box.x + 6} y={box.y + (compact ? 10 : 13)} text={box.name} maxPx={textW ?? box.w - 12} fontPx={NAME_PX} />
      {compact ? (
        <FitText className="node-state compact" x={box.x + 6} y={box.y + 19} text={stateLine} maxPx={textW ?? box.w - 12} fontPx={STATE_PX - 1} />
      ) : box.w < 200 ? (
        <FitText className="node-state" x={box.x + 6} y={box.y + 25} text={stateLine} maxPx={box.w - 12} fontPx={STATE_PX} />
      ) : (
        <FitText className="node-state" x={box.x + box.w - 6} y={box.y + 13} textAnchor="end" text={stateLine}
          maxPx={box.w - 20 - textWidth(box.name, NAME_PX)} fontPx={STATE_PX} />
      )}
      {children}
    </g>
  );
}

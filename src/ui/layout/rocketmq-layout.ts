/**
 * Where the RocketMQ diagram puts things: NameServers along the top, broker groups down the middle
 * (one row per broker with its CommitLog strip, then the group's ConsumeQueues), producers left,
 * consumers right. Pure: view in, numbers out.
 */
import { scaleLinear } from 'd3-scale';
import type { NodeStatusView, RocketmqBrokerView, RocketmqGroupView, RocketmqView } from '../../sim/views';
import { layoutClients, MID_W, MID_X, PAD, type Box, type NodeBox } from './boxes';

export const GROUP_HEADER_H = 18;
export const BROKER_ROW_H = 24;
export const QUEUE_ROW_H = 14;
export const QUEUES_PER_ROW = 4;
export const BROKER_LABEL_W = 104;
/** NameServer route chips: one small box per broker, under the NameServer's name and state. */
export const CHIP_W = 20;
export const CHIP_H = 10;
export const CHIP_GAP = 2;
const NAMESRV_HEAD_H = 28;

/** How many route chips fit on one line of a NameServer box `w` wide. */
export function chipsPerLine(w: number): number {
  return Math.max(1, Math.floor((w - 8 + CHIP_GAP) / (CHIP_W + CHIP_GAP)));
}

export interface CommitLogRow extends Box {
  /** The drawn node (broker-a-0). */
  node: string;
  broker: RocketmqBrokerView;
  /** Index of the first entry drawn. */
  start: number;
  cellW: number;
  cellX: (index: number) => number;
}

export interface GroupBox extends Box {
  group: RocketmqGroupView | null;
  name: string;
  queueBoxes: (Box & { name: string; length: number })[];
}

export interface RocketmqLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  groups: GroupBox[];
  rows: CommitLogRow[];
}

/** Groups from the view, or from the node names (broker-a-0 -> broker-a) when there is no view. */
function groupNames(nodes: readonly NodeStatusView[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (n.kind !== 'broker') continue;
    const g = n.name.replace(/-\d+$/, '');
    if (!out.includes(g)) out.push(g);
  }
  return out;
}

export function layoutRocketmq(nodes: readonly NodeStatusView[], view: RocketmqView | null, tail = 40, width = 640): RocketmqLayout {
  const boxes: NodeBox[] = [];
  const rows: CommitLogRow[] = [];
  const groups: GroupBox[] = [];
  const nameServers = nodes.filter((n) => n.kind === 'namesrv');
  let y = PAD;
  if (nameServers.length > 0) {
    const w = Math.min(120, (MID_W - PAD * (nameServers.length - 1)) / nameServers.length);
    const total = nameServers.length * w + (nameServers.length - 1) * PAD;
    const brokers = nodes.filter((n) => n.kind === 'broker').length;
    const h = NAMESRV_HEAD_H + Math.ceil(brokers / chipsPerLine(w)) * (CHIP_H + CHIP_GAP) + 2;
    nameServers.forEach((n, i) =>
      boxes.push({ name: n.name, kind: 'namesrv', x: MID_X + (MID_W - total) / 2 + i * (w + PAD), y, w, h }),
    );
    y += h + PAD * 2;
  }
  const top = y;
  for (const name of groupNames(nodes)) {
    const group = view?.groups.find((g) => g.name === name) ?? null;
    const brokers = nodes.filter((n) => n.kind === 'broker' && n.name.replace(/-\d+$/, '') === name);
    const queues = group?.queues ?? [];
    const queueLines = Math.ceil(queues.length / QUEUES_PER_ROW);
    const h = GROUP_HEADER_H + brokers.length * BROKER_ROW_H + queueLines * QUEUE_ROW_H + PAD;
    const gb: GroupBox = { name, group, x: MID_X, y, w: MID_W, h, queueBoxes: [] };
    brokers.forEach((b, i) => {
      const box: NodeBox = { name: b.name, kind: 'broker', x: MID_X + 4, y: y + GROUP_HEADER_H + i * BROKER_ROW_H, w: MID_W - 8, h: BROKER_ROW_H - 3 };
      boxes.push(box);
      const bv = group?.brokers.find((x) => `${name}-${x.brokerId}` === b.name || x.name === b.name);
      if (bv) rows.push(commitLogRow(box, bv, tail));
    });
    const qTop = y + GROUP_HEADER_H + brokers.length * BROKER_ROW_H;
    const qw = (MID_W - 8) / QUEUES_PER_ROW;
    queues.forEach((q, i) =>
      gb.queueBoxes.push({
        name: q.name, length: q.length,
        x: MID_X + 4 + (i % QUEUES_PER_ROW) * qw, y: qTop + Math.floor(i / QUEUES_PER_ROW) * QUEUE_ROW_H, w: qw - 4, h: QUEUE_ROW_H - 2,
      }),
    );
    groups.push(gb);
    y += h + PAD;
  }
  const clients = layoutClients(nodes, top);
  boxes.push(...clients.boxes);
  return { width, height: Math.max(y, clients.bottom) + PAD, nodes: boxes, groups, rows };
}

function commitLogRow(box: NodeBox, b: RocketmqBrokerView, tail: number): CommitLogRow {
  const x = box.x + BROKER_LABEL_W;
  const w = box.w - BROKER_LABEL_W - 6;
  const start = Math.max(0, b.commitLog.length - tail);
  const scale = scaleLinear().domain([start, start + tail]).range([x, x + w]);
  return { node: box.name, broker: b, x, y: box.y + 3, w, h: box.h - 6, start, cellW: w / tail, cellX: (i) => scale(i) };
}

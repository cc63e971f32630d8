/**
 * Where the Kafka diagram puts things: the controller on top, brokers down the middle with one
 * row per replica they host (the replica's log as offset cells), producers left, consumers right.
 * Pure: view in, numbers out; the React component only draws what this returns.
 */
import { scaleLinear } from 'd3-scale';
import type { KafkaConnView, KafkaView, KafkaReplicaView, NodeStatusView } from '../../sim/views';
import { CLIENT_H, layoutClients, MID_W, MID_X, PAD, type Box, type NodeBox } from './boxes';

export const BROKER_HEADER_H = 20;
export const REPLICA_ROW_H = 18;
export const REPLICA_LABEL_W = 118;

/** A producer's connection lines: two per connection that is not up, at most CONNS_SHOWN of them, then one "+n more". */
export const CONN_LINE_H = 10;
export const CONNS_SHOWN = 3;

export function connLineCount(conns: readonly KafkaConnView[]): number {
  return Math.min(conns.length, CONNS_SHOWN) * 2 + (conns.length > CONNS_SHOWN ? 1 : 0);
}

export interface ReplicaRow extends Box {
  partition: string;
  broker: string;
  replica: KafkaReplicaView;
  isLeader: boolean;
  /** x of the left edge of the cell at `offset`, in viewBox units. */
  cellX: (offset: number) => number;
  cellW: number;
  /** First offset drawn (the window's start). */
  start: number;
}

export interface KafkaLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  rows: ReplicaRow[];
}

export function layoutKafka(nodes: readonly NodeStatusView[], view: KafkaView | null, tail = 40, width = 640): KafkaLayout {
  const boxes: NodeBox[] = [];
  const rows: ReplicaRow[] = [];
  let y = PAD;
  const controller = nodes.find((n) => n.kind === 'controller');
  if (controller) {
    boxes.push({ name: controller.name, kind: 'controller', x: MID_X + MID_W / 2 - 70, y, w: 140, h: 26 });
    y += 26 + PAD * 2;
  }
  const top = y;
  for (const n of nodes) {
    if (n.kind !== 'broker') continue;
    const hosted = view ? view.partitions.flatMap((p) => p.replicas.filter((r) => r.broker === n.name).map((r) => ({ p, r }))) : [];
    const h = BROKER_HEADER_H + hosted.length * REPLICA_ROW_H + (hosted.length > 0 ? 6 : 12);
    const box: NodeBox = { name: n.name, kind: 'broker', x: MID_X, y, w: MID_W, h };
    boxes.push(box);
    hosted.forEach(({ p, r }, i) => rows.push(replicaRow(box, i, p.name, r, p.leader === n.name, tail)));
    y += h + PAD;
  }
  // A producer's box grows by its connection lines while a connection is down.
  const producerH = (n: NodeStatusView) => {
    const conns = n.kind === 'producer' ? view?.producers.find((p) => p.name === n.name)?.conns : undefined;
    return CLIENT_H + (conns ? connLineCount(conns) * CONN_LINE_H : 0);
  };
  const clients = layoutClients(nodes, top, producerH);
  boxes.push(...clients.boxes);
  return { width, height: Math.max(y, clients.bottom) + PAD, nodes: boxes, rows };
}

function replicaRow(broker: Box, i: number, partition: string, r: KafkaReplicaView, isLeader: boolean, tail: number): ReplicaRow {
  const x = broker.x + REPLICA_LABEL_W;
  const w = broker.w - REPLICA_LABEL_W - 26;
  const first = r.records.length > 0 ? r.records[0].offset : Math.max(0, r.leo - tail);
  // The window always spans `tail` cells, so cells keep their size as the log grows.
  const start = Math.max(0, Math.min(first, r.leo - tail));
  const scale = scaleLinear().domain([start, start + tail]).range([x, x + w]);
  return {
    partition, broker: r.broker, replica: r, isLeader,
    x, y: broker.y + BROKER_HEADER_H + i * REPLICA_ROW_H, w, h: REPLICA_ROW_H - 4,
    cellX: (offset) => scale(offset), cellW: w / tail, start,
  };
}

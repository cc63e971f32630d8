/** Shared layout vocabulary: boxes in the diagram's own units (the SVG viewBox), pure numbers. */
import type { NodeStatusView } from '../../sim/views';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface NodeBox extends Box {
  name: string;
  kind: NodeStatusView['kind'];
}

export const WIDTH = 640;
export const PAD = 8;
export const CLIENT_W = 112;
export const CLIENT_H = 58;
export const MID_X = CLIENT_W + 2 * PAD + 8;
export const MID_W = WIDTH - 2 * (CLIENT_W + 2 * PAD + 8);
export const RIGHT_X = WIDTH - PAD - CLIENT_W;

export function centre(b: Box): { x: number; y: number } {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/**
 * Producers down the left edge, consumers down the right, starting at `top`. `clientH` is every
 * client's height, or a function of the node for clients whose boxes grow (a Kafka producer's
 * connection lines).
 */
export function layoutClients(nodes: readonly NodeStatusView[], top: number, clientH: number | ((n: NodeStatusView) => number) = CLIENT_H): { boxes: NodeBox[]; bottom: number } {
  const boxes: NodeBox[] = [];
  let yl = top;
  let yr = top;
  for (const n of nodes) {
    if (n.kind !== 'producer' && n.kind !== 'consumer') continue;
    const h = typeof clientH === 'number' ? clientH : clientH(n);
    if (n.kind === 'producer') {
      boxes.push({ name: n.name, kind: n.kind, x: PAD, y: yl, w: CLIENT_W, h });
      yl += h + PAD;
    } else {
      boxes.push({ name: n.name, kind: n.kind, x: RIGHT_X, y: yr, w: CLIENT_W, h });
      yr += h + PAD;
    }
  }
  return { boxes, bottom: Math.max(yl, yr) };
}

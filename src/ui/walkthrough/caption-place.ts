/**
 * Where a walkthrough caption goes, as pure maths: beside the node it describes, never over it,
 * and where it can, over none of the panel's other nodes either. Right of the node first; near the
 * panel's right edge it flips to the left; then below, then above; always inside the panel. When
 * no side has room (a tiny embed), the side that covers the least of the node wins.
 */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Side = 'right' | 'left' | 'below' | 'above';
export const SIDES: readonly Side[] = ['right', 'left', 'below', 'above'];

export interface Placement {
  left: number;
  top: number;
  side: Side;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, Math.max(lo, hi)));

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The caption's box on one side of the node, pushed inside the panel. */
function onSide(side: Side, node: Box, size: { width: number; height: number }, panel: { width: number; height: number }, gap: number): Box {
  const maxLeft = panel.width - size.width - gap;
  const maxTop = panel.height - size.height - gap;
  let left: number;
  let top: number;
  if (side === 'right' || side === 'left') {
    left = side === 'right' ? node.left + node.width + gap : node.left - gap - size.width;
    top = node.top;
  } else {
    left = node.left;
    top = side === 'below' ? node.top + node.height + gap : node.top - gap - size.height;
  }
  return { left: clamp(left, gap, maxLeft), top: clamp(top, gap, maxTop), ...size };
}

/**
 * `node` is in panel coordinates; `size` is the caption's measured size; `others` are the panel's
 * other nodes. Returns the first side where the caption clears the node and every other node;
 * else the first that clears the node, covering the least of the others; else the one covering
 * least of the node.
 */
export function placeCaption(
  node: Box, size: { width: number; height: number }, panel: { width: number; height: number }, gap = 6, others: readonly Box[] = [],
): Placement {
  let best: Placement | null = null;
  let bestCover = Infinity;
  let bestClutter = Infinity;
  for (const side of SIDES) {
    const box = onSide(side, node, size, panel, gap);
    const cover = overlap(box, node);
    let clutter = 0;
    for (const o of others) clutter += overlap(box, o);
    if (cover === 0 && clutter === 0) return { left: box.left, top: box.top, side };
    if (cover < bestCover || (cover === bestCover && clutter < bestClutter)) {
      bestCover = cover;
      bestClutter = clutter;
      best = { left: box.left, top: box.top, side };
    }
  }
  return best!;
}

/**
 * Where a walkthrough caption goes, as pure maths: beside the node it describes, never over it,
 * and where it can, over none of the panel's other nodes either. Right of the node first; near the
 * panel's right edge it flips to the left; then below, then above; always inside the panel. On
 * each side it is first level with the node's start, then with its end, then centred on it, then
 * just past a neighbour's edge, as long as it still runs alongside the node; and when no place at
 * the full width is clear, narrower (taller) captions are tried, so a caption beside a wide broker
 * box can sit in the narrow column of clients next to it. When nothing is clear (a tiny embed),
 * the place that covers the least of the node, then of the others, wins.
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

export interface Size {
  width: number;
  height: number;
}

/** A placement with the caption size it was made for, and whether it covers no node at all. */
export interface Fit extends Placement {
  width: number;
  clear: boolean;
}


const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, Math.max(lo, hi)));

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The caption's box on one side of the node, `at` along that side (a top or a left), pushed inside the panel. */
function onSide(side: Side, at: number, node: Box, size: Size, panel: Size, gap: number): Box {
  const maxLeft = panel.width - size.width - gap;
  const maxTop = panel.height - size.height - gap;
  let left: number;
  let top: number;
  if (side === 'right' || side === 'left') {
    left = side === 'right' ? node.left + node.width + gap : node.left - gap - size.width;
    top = at;
  } else {
    left = at;
    top = side === 'below' ? node.top + node.height + gap : node.top - gap - size.height;
  }
  return { left: clamp(left, gap, maxLeft), top: clamp(top, gap, maxTop), ...size };
}

/**
 * Where along a side the caption may start: level with the node's start, with its end, centred,
 * then just past each neighbour's edge (to slip into the gap beside it), nearest first.
 */
function slides(side: Side, node: Box, size: Size, others: readonly Box[], gap: number): number[] {
  const across = side === 'right' || side === 'left';
  const start = across ? node.top : node.left;
  const length = across ? node.height : node.width;
  const extent = across ? size.height : size.width;
  const edges: number[] = [];
  for (const o of others) {
    const oStart = across ? o.top : o.left;
    const oEnd = oStart + (across ? o.height : o.width);
    edges.push(oEnd + gap, oStart - gap - extent);
  }
  edges.sort((a, b) => Math.abs(a - start) - Math.abs(b - start));
  return [start, start + length - extent, start + (length - extent) / 2, ...edges];
}

/** The caption still runs alongside the node: their spans along the side overlap. */
function beside(side: Side, box: Box, node: Box): boolean {
  return side === 'right' || side === 'left'
    ? box.top < node.top + node.height && node.top < box.top + box.height
    : box.left < node.left + node.width && node.left < box.left + box.width;
}

/**
 * `node` is in panel coordinates; `sizes` are the caption's measured sizes at the widths it may
 * take, widest first; `others` are the panel's other nodes. Returns the first place, widest size
 * first, that clears the node and every other node; else the place and size that covers the least
 * of the node, then of the others.
 */
export function fitCaption(node: Box, sizes: readonly Size[], panel: Size, gap = 6, others: readonly Box[] = []): Fit {
  let best: Fit | null = null;
  let bestCover = Infinity;
  let bestClutter = Infinity;
  for (const size of sizes) {
    for (const side of SIDES) {
      for (const at of slides(side, node, size, others, gap)) {
        const box = onSide(side, at, node, size, panel, gap);
        if (!beside(side, box, node)) continue;
        const cover = overlap(box, node);
        let clutter = 0;
        for (const o of others) clutter += overlap(box, o);
        if (cover === 0 && clutter === 0) return { left: box.left, top: box.top, side, width: size.width, clear: true };
        if (cover < bestCover || (cover === bestCover && clutter < bestClutter)) {
          bestCover = cover;
          bestClutter = clutter;
          best = { left: box.left, top: box.top, side, width: size.width, clear: false };
        }
      }
    }
  }
  return best!;
}

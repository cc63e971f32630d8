import { describe, expect, it } from 'vitest';
import { fitCaption, type Box, type Placement, type Size } from '../../src/ui/walkthrough/caption-place';

/** A caption of one size: where it goes, without the size and the clear flag. */
function placeCaption(node: Box, size: Size, panel: Size, gap = 6, others: readonly Box[] = []): Placement {
  const { left, top, side } = fitCaption(node, [size], panel, gap, others);
  return { left, top, side };
}

const clear = (a: Box, b: Box) =>
  a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top;
const inside = (a: Box, panel: { width: number; height: number }) =>
  a.left >= 0 && a.top >= 0 && a.left + a.width <= panel.width && a.top + a.height <= panel.height;

describe('fitCaption(node, [size], panel): one size', () => {
  const size = { width: 200, height: 60 };
  const panel = { width: 700, height: 400 };

  it('puts the caption right of the node when there is room, level with it', () => {
    const node = { left: 40, top: 100, width: 150, height: 50 };
    expect(placeCaption(node, size, panel)).toEqual({ left: 196, top: 100, side: 'right' });
  });

  it('flips to the left near the panel\'s right edge', () => {
    const node = { left: 520, top: 100, width: 150, height: 50 };
    expect(placeCaption(node, size, panel)).toEqual({ left: 314, top: 100, side: 'left' });
  });

  it('goes below, then above, a node too wide for either side, and stays inside the panel', () => {
    const wide = { left: 100, top: 50, width: 500, height: 80 };
    expect(placeCaption(wide, size, panel).side).toBe('below');
    const low = { ...wide, top: 300 };
    expect(placeCaption(low, size, panel).side).toBe('above');
  });

  it('never covers the node and stays inside the panel wherever the node is, at 1600 and 800x500 sizes', () => {
    for (const p of [panel, { width: 390, height: 215 }])
      for (let x = 0; x + 120 <= p.width; x += 37)
        for (let y = 0; y + 40 <= p.height; y += 29) {
          const node = { left: x, top: y, width: 120, height: 40 };
          const s = { width: Math.min(280, p.width - 12), height: 70 };
          const at = placeCaption(node, s, p);
          const box = { ...s, left: at.left, top: at.top };
          expect(inside(box, p), JSON.stringify({ p, node })).toBe(true);
          if (p.height >= 215 && (p.width - 120 >= s.width + 12 || p.height - 40 >= 2 * (s.height + 6) + 12))
            expect(clear(box, node), JSON.stringify({ p, node, at })).toBe(true);
        }
  });

  it('prefers a side that covers no other node: a neighbour on the right sends the caption to the left', () => {
    const node = { left: 250, top: 100, width: 120, height: 40 };
    const neighbour = { left: 400, top: 90, width: 120, height: 60 };
    expect(placeCaption(node, size, panel).side).toBe('right');
    const at = placeCaption(node, size, panel, 6, [neighbour]);
    expect(at.side).toBe('left');
    expect(clear({ ...size, left: at.left, top: at.top }, neighbour)).toBe(true);
  });

  it('with neighbours on every side it still never covers its own node, and covers the least of the others', () => {
    const node = { left: 290, top: 170, width: 120, height: 40 };
    const around = [
      { left: 420, top: 150, width: 200, height: 80 }, { left: 60, top: 150, width: 220, height: 80 },
      { left: 250, top: 220, width: 200, height: 40 }, { left: 250, top: 100, width: 200, height: 60 },
    ];
    const at = placeCaption(node, size, panel, 6, around);
    expect(clear({ ...size, left: at.left, top: at.top }, node)).toBe(true);
  });
});

describe('fitCaption(node, sizes, panel)', () => {
  const clearOf = (a: Box, boxes: Box[]) => boxes.every((b) => clear(a, b));

  it('beside a wide broker box with neighbours above and below, takes a narrower, taller size in the free column', () => {
    // The flagship's Kafka panel: three broker boxes stacked in the middle, a column of clients on each side.
    const panel = { width: 680, height: 400 };
    const broker2 = { left: 150, top: 170, width: 380, height: 80 };
    const others = [
      { left: 150, top: 80, width: 380, height: 80 }, { left: 150, top: 260, width: 380, height: 80 },
      { left: 15, top: 80, width: 115, height: 60 }, { left: 540, top: 80, width: 115, height: 60 }, { left: 540, top: 150, width: 115, height: 60 },
    ];
    const sizes = [{ width: 280, height: 110 }, { width: 220, height: 140 }, { width: 140, height: 200 }];
    const fit = fitCaption(broker2, sizes, panel, 6, others);
    expect(fit.clear).toBe(true);
    expect(fit.width).toBe(140);
    const box = { left: fit.left, top: fit.top, width: 140, height: 200 };
    expect(clearOf(box, [broker2, ...others])).toBe(true);
    expect(inside(box, panel)).toBe(true);
    // Still beside the node: the two overlap in height.
    expect(box.top < broker2.top + broker2.height && broker2.top < box.top + box.height).toBe(true);
  });

  it("slides along the side, level with the node's end or just past a neighbour, rather than leave the side", () => {
    const panel = { width: 700, height: 400 };
    const node = { left: 300, top: 100, width: 120, height: 150 };
    const size = { width: 200, height: 60 };
    const nearTop = { left: 430, top: 90, width: 100, height: 70 }; // right of the node's top
    expect(fitCaption(node, [size], panel, 6, [nearTop])).toMatchObject({ side: 'right', clear: true, top: 190 });
    // Neighbours right of its top and of its bottom: the caption slips into the gap, just above the lower one.
    const nearBottom = { left: 430, top: 230, width: 100, height: 60 };
    expect(fitCaption(node, [size], panel, 6, [nearTop, nearBottom])).toMatchObject({ side: 'right', clear: true, top: 164 });
  });

  it('keeps the widest size when it fits, and says when nothing is clear', () => {
    const panel = { width: 700, height: 400 };
    const node = { left: 40, top: 100, width: 150, height: 50 };
    expect(fitCaption(node, [{ width: 280, height: 70 }, { width: 140, height: 140 }], panel)).toMatchObject({ width: 280, clear: true, side: 'right' });
    const everywhere = [{ left: 0, top: 0, width: 700, height: 95 }, { left: 0, top: 155, width: 700, height: 245 }, { left: 195, top: 95, width: 505, height: 60 }, { left: 0, top: 95, width: 35, height: 60 }];
    const fit = fitCaption(node, [{ width: 280, height: 70 }], panel, 6, everywhere);
    expect(fit.clear).toBe(false);
    expect(clear({ left: fit.left, top: fit.top, width: 280, height: 70 }, node)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { placeCaption, type Box } from '../../src/ui/walkthrough/caption-place';

const clear = (a: Box, b: Box) =>
  a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top;
const inside = (a: Box, panel: { width: number; height: number }) =>
  a.left >= 0 && a.top >= 0 && a.left + a.width <= panel.width && a.top + a.height <= panel.height;

describe('placeCaption(node, size, panel)', () => {
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
});

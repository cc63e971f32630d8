import { describe, expect, it } from 'vitest';
import { CowList } from '../../src/sim/core/cowlist';

/** Checkpoints share chunks with the live list; these check that no copy ever sees another's writes. */
describe('CowList appends into a shared chunk', () => {
  const filled = (n: number) => new CowList<number>(Array.from({ length: n }, (_, i) => i));

  it('a checkpoint keeps its length and elements while the live list appends into the shared tail', () => {
    const live = filled(1500);
    const cp = live.clone();
    for (let i = 0; i < 700; i++) live.push(10_000 + i);
    expect(cp.length).toBe(1500);
    expect(cp.toArray()).toEqual(filled(1500).toArray());
    expect(() => cp.get(1500)).toThrow(RangeError);
    expect(live.get(1500)).toBe(10_000);
    expect(live.get(2199)).toBe(10_699);
  });

  it('a list restored from the checkpoint appends its own elements, the later list keeps its own', () => {
    const live = filled(1500);
    const cp = live.clone();
    live.push(-1);
    live.push(-2);
    const restored = cp.clone();
    restored.push(-7);
    live.push(-3);
    cp.push(-9);
    expect(restored.toArray(1499)).toEqual([1499, -7]);
    expect(live.toArray(1499)).toEqual([1499, -1, -2, -3]);
    expect(cp.toArray(1499)).toEqual([1499, -9]);
  });

  it('truncating and overwriting after shared appends leave the other copies intact', () => {
    const live = filled(1030);
    const cp = live.clone();
    live.push(5000);
    live.truncate(1026);
    live.push(6000);
    live.set(1024, 7000);
    const later = live.clone();
    live.truncate(10);
    expect(cp.toArray(1020)).toEqual([1020, 1021, 1022, 1023, 1024, 1025, 1026, 1027, 1028, 1029]);
    expect(later.toArray(1020)).toEqual([1020, 1021, 1022, 1023, 7000, 1025, 6000]);
    expect(live.toArray()).toEqual(filled(10).toArray());
    later.push(8000);
    expect(later.toArray(1024)).toEqual([7000, 1025, 6000, 8000]);
    expect(cp.length).toBe(1030);
  });
});

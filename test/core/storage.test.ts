import { describe, expect, it } from 'vitest';
import { appendEntry, bytesBefore, durableBytes, fileBytes, fsyncFile, newFile, truncateFile } from '../../src/sim/core/storage';

describe('a file of equal-sized entries', () => {
  it('gives the same byte offsets as a file that keeps them, before and after an entry of another size', () => {
    const fixed = newFile<number>(100);
    const kept = newFile<number>();
    const both = (id: number, bytes: number) => {
      appendEntry(fixed, id, bytes, 0);
      appendEntry(kept, id, bytes, 0);
    };
    const offsets = (f: typeof fixed) => [0, 1, 2, 3, 5, 9, 50].map((n) => bytesBefore(f, n)).concat(fileBytes(f), durableBytes(f));
    for (let i = 0; i < 5; i++) both(i, 100);
    fsyncFile(fixed);
    fsyncFile(kept);
    both(5, 100);
    expect(fixed.cumBytes.length).toBe(0);
    expect(offsets(fixed)).toEqual(offsets(kept));
    truncateFile(fixed, 3);
    truncateFile(kept, 3);
    expect(offsets(fixed)).toEqual(offsets(kept));
    both(6, 40);
    both(7, 100);
    expect(fixed.fixedBytes).toBe(0);
    expect(offsets(fixed)).toEqual(offsets(kept));
    expect(fileBytes(fixed)).toBe(440);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Histogram } from '../../src/sim/accounting/report';

/** The definition: nearest rank over the sorted samples. */
function reference(samples: number[]): { p50: number | null; p99: number | null } {
  if (samples.length === 0) return { p50: null, p99: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p * sorted.length) / 100) - 1)];
  return { p50: rank(50), p99: rank(99) };
}

describe('percentiles (nearest rank, counted without sorting)', () => {
  it('equal the nearest-rank definition for any integers, negative, small or beyond the counted range (fast-check)', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: -5_000, max: 5_000_000 }));
    fc.assert(fc.property(fc.array(value, { maxLength: 300 }), (samples) => {
      const h = new Histogram();
      for (const v of samples) h.add(v);
      expect(h.percentiles()).toEqual(reference(samples));
    }), { numRuns: 500 });
  });
});

import { describe, expect, it } from 'vitest';
import {
  ackedAtOf, deliveriesOf, failedAtOf, firstDeliveredAtOf, keyOf, ledgerSize, newLedger, producerOf,
  recordAcked, recordDelivered, recordFailed, recordSent, sentAtOf, seqOf,
} from '../../src/sim/accounting/ledger';
import { cloneState } from '../../src/sim/core/clone';

describe('ledger', () => {
  it('keeps a row per message: what was sent, then its first outcome and its deliveries', () => {
    const l = newLedger();
    const a = recordSent(l, 1, 3, 0, 10);
    const b = recordSent(l, 2, -1, 5, 11);
    recordAcked(l, a, 20);
    recordFailed(l, a, 21, 'TimeoutException'); // only the first outcome counts
    recordFailed(l, b, 22, 'NOT_ENOUGH_REPLICAS');
    recordDelivered(l, a, 'consumer-1', 30);
    recordDelivered(l, a, 'consumer-2', 31);
    expect(ledgerSize(l)).toBe(2);
    expect([producerOf(l, a), keyOf(l, a), seqOf(l, a), sentAtOf(l, a), ackedAtOf(l, a), failedAtOf(l, a)]).toEqual([1, 3, 0, 10, 20, -1]);
    expect([firstDeliveredAtOf(l, a), deliveriesOf(l, a), l.duplicates]).toEqual([30, 2, 1]);
    expect([producerOf(l, b), keyOf(l, b), seqOf(l, b), ackedAtOf(l, b), failedAtOf(l, b), firstDeliveredAtOf(l, b)]).toEqual([2, -1, 5, -1, 22, -1]);
  });

  it('a checkpoint keeps the rows as they were', () => {
    const l = newLedger();
    for (let i = 0; i < 2000; i++) recordSent(l, 1, i % 4, i >> 2, i);
    const cp = cloneState(l);
    recordAcked(l, 1999, 5000);
    recordDelivered(l, 10, 'consumer-1', 5001);
    recordSent(l, 1, 0, 500, 6000);
    expect([ackedAtOf(cp, 1999), firstDeliveredAtOf(cp, 10), ledgerSize(cp)]).toEqual([-1, -1, 2000]);
    expect([ackedAtOf(l, 1999), firstDeliveredAtOf(l, 10), ledgerSize(l)]).toEqual([5000, 5001, 2001]);
  });

  it('refuses a value its 32-bit cells would silently change, and adds no row', () => {
    const l = newLedger();
    expect(() => recordSent(l, 1, 0, 0, 1.5)).toThrow(/not all 32-bit integers/);
    expect(() => recordSent(l, 1, 0, 2 ** 31, 0)).toThrow(/not all 32-bit integers/);
    expect(ledgerSize(l)).toBe(0);
    const id = recordSent(l, 1, 0, 0, 0);
    expect(() => recordAcked(l, id, Number.NaN)).toThrow(/not a 32-bit integer/);
  });
});

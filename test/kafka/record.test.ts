import { describe, expect, it } from 'vitest';
import { newLedger, recordSent, keyOf, producerOf } from '../../src/sim/accounting/ledger';
import { recordEpoch, recordId, recordKey, recordPe, recordPid, recordSeq, storeRecord, toRecord } from '../../src/sim/kafka/record';
import type { KRecord } from '../../src/sim/kafka/types';

function ledgerWith(n: number) {
  const l = newLedger();
  for (let i = 0; i < n; i++) recordSent(l, 1 + (i % 3), i % 2 === 0 ? i % 16 : -1, i, 0);
  return l;
}

describe('Kafka log records as stored', () => {
  const l = ledgerWith(10);

  it('an idempotent record in range packs into one number and decodes to the record written', () => {
    const v = storeRecord(l, 4, keyOf(l, 4), 127, producerOf(l, 4), 3, 524_286);
    expect(typeof v).toBe('number');
    expect(v).toBeLessThan(2 ** 53);
    expect(toRecord(l, v)).toEqual({ id: 4, key: 4, epoch: 127, pid: 2, pe: 3, seq: 524_286 });
    expect([recordId(v), recordEpoch(v), recordSeq(v), recordPe(v), recordPid(l, v), recordKey(l, v)]).toEqual([4, 127, 524_286, 3, 2, 4]);
  });

  it('a non-idempotent record packs with producer id and sequence -1', () => {
    const v = storeRecord(l, 3, -1, 0, -1, 0, -1);
    expect(typeof v).toBe('number');
    expect(toRecord(l, v)).toEqual({ id: 3, key: -1, epoch: 0, pid: -1, pe: 0, seq: -1 });
  });

  it('a record whose fields do not fit, or differ from the ledger, keeps the object form', () => {
    const cases: KRecord[] = [
      { id: 4, key: 4, epoch: 128, pid: 2, pe: 0, seq: 0 },
      { id: 4, key: 4, epoch: 1, pid: 2, pe: 4, seq: 0 },
      { id: 4, key: 4, epoch: 1, pid: 2, pe: 0, seq: 524_287 },
      { id: 4, key: 5, epoch: 1, pid: 2, pe: 0, seq: 0 },
      { id: 4, key: 4, epoch: 1, pid: 3, pe: 0, seq: 0 },
      { id: 4, key: 4, epoch: 1, pid: 2, pe: 0, seq: -1 },
      { id: 3, key: -1, epoch: 1, pid: -1, pe: 0, seq: 7 },
      { id: 10, key: 0, epoch: 1, pid: -1, pe: 0, seq: -1 },
    ];
    for (const rec of cases) {
      const v = storeRecord(l, rec.id, rec.key, rec.epoch, rec.pid, rec.pe, rec.seq);
      expect(typeof v).toBe('object');
      expect(toRecord(l, v)).toEqual(rec);
      expect([recordId(v), recordEpoch(v), recordSeq(v), recordPe(v), recordPid(l, v), recordKey(l, v)]).toEqual([rec.id, rec.epoch, rec.seq, rec.pe, rec.pid, rec.key]);
    }
  });
});

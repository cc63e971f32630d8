import { describe, expect, it } from 'vitest';
import { pendingAdd, pendingGet, pendingRemove } from '../../src/sim/rocketmq/pending';
import type { PendingSend } from '../../src/sim/rocketmq/state';

function send(id: number): PendingSend {
  return {
    id, k: -1, deadline: id, attempts: 0, maxAttempts: 3, lastGroup: -1, attemptStart: 0, req: 0, broker: '',
    selector: false, lastError: 'MQClientException', notOk: '', q: -1,
  };
}

describe('pending sends (pending.ts)', () => {
  it('pendingGet finds every send added and nothing else', () => {
    const list: PendingSend[] = [];
    for (const id of [3, 7, 8, 20, 21]) pendingAdd(list, send(id));
    for (const id of [3, 7, 8, 20, 21]) expect(pendingGet(list, id)?.id).toBe(id);
    for (const id of [0, 4, 9, 22]) expect(pendingGet(list, id)).toBeUndefined();
  });

  it('pendingRemove(list, id) keeps the other sends in id order, from the front, middle or back', () => {
    const list: PendingSend[] = [];
    for (let id = 1; id <= 6; id++) pendingAdd(list, send(id));
    pendingRemove(list, 1);
    pendingRemove(list, 4);
    pendingRemove(list, 6);
    pendingRemove(list, 99);
    expect(list.map((ps) => ps.id)).toEqual([2, 3, 5]);
    pendingAdd(list, send(7));
    expect(list.map((ps) => ps.id)).toEqual([2, 3, 5, 7]);
  });

  it('pendingAdd refuses a send that is not newer than the last one (the order the timeout scan relies on)', () => {
    const list: PendingSend[] = [];
    pendingAdd(list, send(5));
    expect(() => pendingAdd(list, send(5))).toThrow();
    expect(() => pendingAdd(list, send(4))).toThrow();
  });
});

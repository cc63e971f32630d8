import { describe, expect, it } from 'vitest';
import { cloneState } from '../../src/sim/core/clone';
import { CowList } from '../../src/sim/core/cowlist';

describe('cloneState', () => {
  it('copies plain data deeply: objects, arrays, Maps, Sets, typed arrays, records of names', () => {
    const live = {
      n: 1, s: 'x', none: null, list: [1, { a: 2 }, [3]], map: new Map([['k', { v: 1 }]]), set: new Set([1, 2]),
      ints: Int32Array.of(1, 2), byName: { 'broker-1': { hw: 3 }, 'broker-2': { hw: 4 } }, log: new CowList([1, 2]),
    };
    const copy = cloneState(live);
    expect(copy).toEqual(live);
    (live.list[1] as { a: number }).a = 9;
    live.map.get('k')!.v = 9;
    live.ints[0] = 9;
    live.byName['broker-1'].hw = 9;
    live.log.push(3);
    live.set.add(3);
    expect([(copy.list[1] as { a: number }).a, copy.map.get('k')!.v, copy.ints[0], copy.byName['broker-1'].hw, copy.log.length, copy.set.size]).toEqual([2, 1, 1, 3, 2, 2]);
  });

  it('refuses a class instance in state, naming it', () => {
    class Thing {}
    expect(() => cloneState({ a: new Thing() })).toThrow(/holds a Thing instance/);
  });

  it('copies exactly past the number of key lists it remembers (a record keyed by ever new ids)', () => {
    const records = Array.from({ length: 25_000 }, (_, i) => ({ [`id-${i}`]: i, [`id-${i + 1}`]: { at: i } }));
    expect(cloneState(records)).toEqual(records);
    // Structs with key lists never seen before, past the limit: copied key by key, still exactly.
    const structs = Array.from({ length: 2_000 }, (_, i) => ({ [`field${i}`]: i, nested: { at: i } }));
    const copies = cloneState(structs);
    expect(copies).toEqual(structs);
    expect(copies[1999].nested).not.toBe(structs[1999].nested);
  });
});

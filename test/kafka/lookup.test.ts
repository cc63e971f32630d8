import { describe, expect, it } from 'vitest';
import { byNameNumber, nameNumber } from '../../src/sim/core/numbered';
import { brokerOf, consumerOf, fetcherTo, replicaOf } from '../../src/sim/kafka/lookup';
import { Timeline } from '../../src/sim/timeline';
import type { Sim } from '../../src/sim/core/engine';
import type { KafkaState } from '../../src/sim/kafka/types';
import { scenario } from './support';

describe('nameNumber and byNameNumber', () => {
  it('read the number a name ends in and place entries by it, with holes where none', () => {
    expect(nameNumber('broker-12')).toBe(12);
    expect(nameNumber('orders-0')).toBe(0);
    const arr = byNameNumber({ 'broker-3': 'c', 'broker-1': 'a' });
    expect(arr).toEqual([undefined, 'a', undefined, 'c']);
  });
});

/** Every broker and replica found by number is the very object the state's records hold. */
function expectCachesMatch(sim: Sim<KafkaState>): void {
  for (const [name, br] of Object.entries(sim.state.brokers)) {
    expect(brokerOf(sim, name)).toBe(br);
    for (const [p, r] of Object.entries(br.replicas)) expect(replicaOf(br, p)).toBe(r);
    expect(replicaOf(br, 'orders-99')).toBeUndefined();
    for (const [leader, f] of Object.entries(br.fetchers)) expect(fetcherTo(br, leader)).toBe(f);
  }
  for (const [name, c] of Object.entries(sim.state.consumers)) expect(consumerOf(sim, name)).toBe(c);
}

describe('the by-number caches of brokers, replicas and consumers', () => {
  it('follow a broker restart, a consumer crash and restart, and a seek back to a checkpoint (they are derived, never copied)', () => {
    const s = scenario({
      durationMs: 30_000,
      faults: [
        { atMs: 8_000, action: 'crash', target: 'broker-1' }, { atMs: 12_000, action: 'restart', target: 'broker-1' },
        { atMs: 9_000, action: 'crash', target: 'consumer-2' }, { atMs: 15_000, action: 'restart', target: 'consumer-2' },
      ],
    });
    const tl = new Timeline(s, 'kafka');
    const sim = () => tl.sim as Sim<KafkaState>;
    tl.advanceTo(7_000);
    expectCachesMatch(sim());
    const before = brokerOf(sim(), 'broker-1');
    tl.advanceTo(20_000);
    // The restart replaced broker-1's state: the cache must give the new object, not the old one.
    expect(brokerOf(sim(), 'broker-1')).not.toBe(before);
    expect(sim().state.consumers['consumer-2']).toBeDefined();
    expectCachesMatch(sim());
    tl.seek(10_000);
    expect(sim().state.consumers['consumer-2']).toBeUndefined();
    expectCachesMatch(sim());
    tl.seek(6_000);
    expectCachesMatch(sim());
    tl.advanceTo(25_000);
    expectCachesMatch(sim());
  });
});

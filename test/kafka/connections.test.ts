import { describe, expect, it } from 'vitest';
import { run } from './support';
import { firstDeliveredAtOf, sentAtOf, ledgerSize } from '../../src/sim/accounting/ledger';

/** The longest send-to-first-delivery time of the records sent in [from, to). */
function worstEndToEnd(spec: Parameters<typeof run>[0], from: number, to: number): number {
  const l = run(spec).sim.world.ledger;
  let worst = 0;
  for (let id = 0; id < ledgerSize(l); id++) {
    const sent = sentAtOf(l, id);
    const delivered = firstDeliveredAtOf(l, id);
    if (sent >= from && sent < to) worst = Math.max(worst, delivered < 0 ? Infinity : delivered - sent);
  }
  return worst;
}

describe('Kafka clients and a dead broker process: the kernel closes its connections (NetworkClient.handleDisconnections)', () => {
  const spec = (action: string) => ({
    durationMs: 60_000,
    kafka: { groupInitialRebalanceDelayMs: 0, autoOffsetReset: 'earliest' },
    workload: { consumers: 1 },
    faults: [{ action, target: 'broker-1', atMs: 10_000 }],
  });

  it('Kafka: after a leader process crash the consumer drops its parked fetch at once and reads from the new leader as soon as it is elected', () => {
    // broker-1 is fenced after broker.session.timeout.ms (9 s) and a new leader elected at about
    // 17 s; the records sent meanwhile arrive soon after. The consumer used to wait out its fetch's
    // request.timeout.ms (30 s) first.
    expect(worstEndToEnd(spec('crash'), 9_000, 12_000)).toBeLessThan(10_000);
  });

  it('Kafka: after a power loss nothing closes the connection, so the consumer only gives up on its fetch after request.timeout.ms', () => {
    expect(worstEndToEnd(spec('powerLoss'), 9_000, 12_000)).toBeGreaterThan(25_000);
  });
});

import { describe, expect, it } from 'vitest';
import { LIBRARY } from '../../src/scenarios';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { Timeline } from '../../src/sim/timeline';
import { replayJourney } from '../../src/ui/controls/Journey';
import { buildReport } from '../../src/sim/accounting/report';
import { ledgerSize } from '../../src/sim/accounting/ledger';

describe("a message's life story (journey replay)", () => {
  it('replayed from the checkpoint before the message was sent, it has exactly the steps of a replay from t = 0', () => {
    const entry = LIBRARY.find((e) => e.id === 'acks1-vs-async-master')!;
    const scenario = restoreScenario(entry.scenario);
    for (const system of ['kafka', 'rocketmq'] as const) {
      const tl = new Timeline(scenario, system);
      tl.advanceTo(scenario.durationMs);
      const sim = tl.sim;
      // A message sent late (from its 5 s checkpoint on), and the flagship's lost ones, sent around 20 s.
      const lost = buildReport(sim).anomalies.filter((a) => a.kind === 'lost').map((a) => a.id);
      if (system === 'kafka') expect(lost.length).toBe(3); // acks=1 loses three acknowledged messages
      for (const id of [...lost.slice(0, 3), ledgerSize(sim.world.ledger) - 5]) {
        const fromZero = replayJourney(sim, id, sim.now);
        const fromCheckpoint = replayJourney(sim, id, sim.now, tl);
        expect(fromZero.length, `${system} #${id}`).toBeGreaterThan(0);
        expect(fromCheckpoint, `${system} #${id}`).toEqual(fromZero);
      }
    }
  });
});

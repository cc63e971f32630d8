import { describe, expect, it } from 'vitest';
import { LIBRARY } from '../../src/scenarios';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { decodeScenarioLink, encodeScenarioLink } from '../../src/sim/scenario/link';

describe('built-in scenario library', () => {
  it('has at least 16 scenarios', () => {
    expect(LIBRARY.length).toBeGreaterThanOrEqual(16);
  });

  for (const entry of LIBRARY) {
    describe(entry.id, () => {
      it('restores through the one door, with a title, question and tags', () => {
        const s = restoreScenario(entry.scenario);
        expect(s.title).toBeDefined();
        expect(s.question).toBeDefined();
        expect(s.tags.length).toBeGreaterThan(0);
      });

      it('narrates every note in English and Chinese', () => {
        const s = restoreScenario(entry.scenario);
        const texts = [s.title, s.question, ...s.notes.flatMap((n) => [n.text, ...(n.ask?.choices ?? [])])];
        for (const t of texts) {
          expect(typeof t).toBe('object');
          expect((t as { en: string }).en.length).toBeGreaterThan(0);
          expect((t as { 'zh-CN': string })['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        }
      });

      it('round-trips through a share link', () => {
        const s = restoreScenario(entry.scenario);
        const link = encodeScenarioLink(s);
        expect(decodeScenarioLink(link)).toEqual(s);
        // Library scenarios carry two languages of narration, so they are longer than a typical link.
        expect(link.length).toBeLessThan(4000);
      });
    });
  }
});

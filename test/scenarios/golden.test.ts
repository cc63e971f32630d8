import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARY } from '../../src/scenarios';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { runScenario } from '../../src/sim/run';

/**
 * Golden trace hashes of the built-in scenarios: a change in behaviour changes a hash, so it is
 * seen and reviewed. After a deliberate model change, regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/scenarios/golden.test.ts` and explain the change in the commit.
 */
const FILE = join(__dirname, 'golden-traces.json');
const update = process.env.UPDATE_GOLDEN === '1';
const golden: Record<string, { kafka: string; rocketmq: string }> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
const fresh: typeof golden = {};

describe('golden traces', () => {
  for (const entry of LIBRARY) {
    it(`${entry.id} replays to its golden trace hashes`, () => {
      const result = runScenario(restoreScenario(entry.scenario));
      const hashes = { kafka: result.kafka!.traceHash, rocketmq: result.rocketmq!.traceHash };
      fresh[entry.id] = hashes;
      if (update) {
        writeFileSync(FILE, JSON.stringify({ ...golden, ...fresh }, null, 2) + '\n');
        return;
      }
      expect(golden[entry.id], `no golden hashes for ${entry.id}: run with UPDATE_GOLDEN=1`).toBeDefined();
      expect(hashes).toEqual(golden[entry.id]);
    });
  }
});

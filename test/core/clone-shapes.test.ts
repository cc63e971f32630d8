import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A checkpoint's copy must have the hidden classes of the live world (core/clone.ts): a restored
 * world then runs the code optimised for the live one, and a run does not turn polymorphic. V8
 * itself is asked (%HaveSameMap). Only records that the model grows key by key, or from which it
 * deletes keys, may differ: code reads those by computed key, which does not depend on one shape.
 */
const ROOT = join(__dirname, '../..');
const KEYED_RECORDS = new Set([
  'world.nodes', 'world.disks', 'world.disks.*',
  'world.model.counters',
]);

describe('checkpoint copies', () => {
  it('have the hidden classes of the objects they copy, in both systems', () => {
    const stdout = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', 'test/support/clone-shapes.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const differing = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, Record<string, number>>;
    for (const system of ['kafka', 'rocketmq']) {
      const unexpected = Object.keys(differing[system]).filter((path) => !KEYED_RECORDS.has(path));
      expect(unexpected, `${system}: copies with another hidden class`).toEqual([]);
    }
  }, 120_000);
});

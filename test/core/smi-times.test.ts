import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The engine's times and the messages' small integers stay small integers in V8 (see core/prng.ts,
 * nextSmallIntAt): asked of V8 itself in a child process (test/support/smi-times.ts), for both
 * systems' bench workloads. (Node's small integers have 32 bits and Chromium's 31: this sees what
 * Node sees.)
 */
const ROOT = join(__dirname, '../..');

describe('engine times', () => {
  it('are small integers in the clock, the queue, every queued event and its message, in both systems (and Kafka\'s replica logs are double arrays from the first record)', () => {
    const stdout = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', 'test/support/smi-times.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const problems = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, string[]>;
    expect(problems).toEqual({ kafka: [], rocketmq: [] });
  }, 120_000);
});

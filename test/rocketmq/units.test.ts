import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shouldFlush } from '../../src/sim/rocketmq/store';
import { avoidDurationMs, javaStringHash, notAvailableDurationMs, selectByHash } from '../../src/sim/rocketmq/faults';
import { allocateAveragely, allocateAveragelyByCircle } from '../../src/sim/rocketmq/allocate';
import { DELAY_LEVEL_MS, RETRY_BASE_DELAY_LEVEL } from '../../src/sim/rocketmq/constants';
import { ROCKETMQ_CAUSES } from '../../src/sim/rocketmq/causes';
import { CANDIDATE_WHY } from '../../src/sim/rocketmq/dledger';
import { renderCause } from '../../src/sim/causes';
import { createSim } from '../../src/sim/run';
import type { LogEntry } from '../../src/sim/core/types';
import { libraryScenario } from '../scenarios/support';
import { run } from './helpers';

describe('shouldFlush (FlushRealTimeService.isAbleToFlush)', () => {
  it('flushes only when at least flushCommitLogLeastPages whole pages are pending', () => {
    expect(shouldFlush(3 * 4096 + 4000, 0, 4, false)).toBe(false);
    expect(shouldFlush(4 * 4096, 0, 4, false)).toBe(true);
    // Page boundaries count, not bytes: 12 KiB pending that crosses 4 page boundaries is enough.
    expect(shouldFlush(4 * 4096 + 10, 4090, 4, false)).toBe(true);
  });
  it('flushes anything pending on the thorough pass, and nothing when clean', () => {
    expect(shouldFlush(100, 0, 4, true)).toBe(true);
    expect(shouldFlush(100, 100, 4, true)).toBe(false);
  });
});

describe('MQFaultStrategy latency tables', () => {
  it('notAvailableDurationMs maps latencyMax steps to notAvailableDuration (4.9.8 table)', () => {
    expect(notAvailableDurationMs(10, '4.x')).toBe(0);
    expect(notAvailableDurationMs(99, '4.x')).toBe(0);
    expect(notAvailableDurationMs(550, '4.x')).toBe(30_000);
    expect(notAvailableDurationMs(1_500, '4.x')).toBe(60_000);
    expect(notAvailableDurationMs(2_000, '4.x')).toBe(120_000);
    expect(notAvailableDurationMs(3_000, '4.x')).toBe(180_000);
    expect(notAvailableDurationMs(15_000, '4.x')).toBe(600_000);
  });
  it('notAvailableDurationMs uses the 5.1.4-5.3.3 table in 5.x: {50,100,550,1800,3000,5000,15000} -> {0,0,2000,5000,6000,10000,30000}', () => {
    expect(notAvailableDurationMs(99, '5.x')).toBe(0);
    expect(notAvailableDurationMs(550, '5.x')).toBe(2_000);
    expect(notAvailableDurationMs(1_500, '5.x')).toBe(2_000);
    expect(notAvailableDurationMs(1_800, '5.x')).toBe(5_000);
    expect(notAvailableDurationMs(3_000, '5.x')).toBe(6_000);
    expect(notAvailableDurationMs(5_000, '5.x')).toBe(10_000);
    expect(notAvailableDurationMs(15_000, '5.x')).toBe(30_000);
  });
  it('avoidDurationMs books an exception as 30 s of latency in 4.x (10 minutes), 10 s in 5.x (10 s)', () => {
    expect(avoidDurationMs(5, true, '4.x')).toBe(600_000);
    expect(avoidDurationMs(5, true, '5.x')).toBe(10_000);
    expect(avoidDurationMs(5, false, '4.x')).toBe(0);
    // A slow answer (2.6 s) keeps the broker out for 2 minutes in 4.x, 5 s in 5.x.
    expect(avoidDurationMs(2_600, false, '4.x')).toBe(120_000);
    expect(avoidDurationMs(2_600, false, '5.x')).toBe(5_000);
  });
});

describe('SelectMessageQueueByHash', () => {
  it('javaStringHash matches java.lang.String.hashCode', () => {
    expect(javaStringHash('k0')).toBe(3365);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
  });
  it('selectByHash takes abs(hash % size), so keys remap when the list shrinks', () => {
    expect(selectByHash('k0', 8)).toBe(5);
    expect(selectByHash('k3', 8)).toBe(0);
    expect(selectByHash('k0', 4)).toBe(1);
    expect(selectByHash('polygenelubricants', 3)).toBe(2);
  });
});

describe('allocation strategies', () => {
  const mqs = ['q0', 'q1', 'q2', 'q3', 'q4'];
  const cids = ['c1', 'c2', 'c3'];
  it('allocateAveragely gives 5 queues to 3 consumers as {q0,q1}, {q2,q3}, {q4}', () => {
    expect(cids.map((c) => allocateAveragely(mqs, cids, c))).toEqual([['q0', 'q1'], ['q2', 'q3'], ['q4']]);
  });
  it('allocateAveragely gives surplus members nothing and unknown members nothing', () => {
    expect(allocateAveragely(['q0', 'q1'], cids, 'c3')).toEqual([]);
    expect(allocateAveragely(['q0', 'q1'], cids, 'c2')).toEqual(['q1']);
    expect(allocateAveragely(mqs, cids, 'c9')).toEqual([]);
  });
  it('allocateAveragelyByCircle deals the queues round the members', () => {
    expect(cids.map((c) => allocateAveragelyByCircle(mqs, cids, c))).toEqual([['q0', 'q3'], ['q1', 'q4'], ['q2']]);
  });
});

describe('retry delay levels', () => {
  it('16 retries from level 3 take about 4 h 46 min, the first after 10 s', () => {
    expect(DELAY_LEVEL_MS[RETRY_BASE_DELAY_LEVEL - 1]).toBe(10_000);
    let total = 0;
    for (let r = 0; r < 16; r++) total += DELAY_LEVEL_MS[RETRY_BASE_DELAY_LEVEL + r - 1];
    expect(total).toBe(4 * 3_600_000 + 45 * 60_000 + 40_000);
  });
});

describe('cause catalogue', () => {
  const HAN = /[\u4e00-\u9fff]/;
  const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();

  /** Every 'rocketmq.*' literal in the model's source, with the DLedger role-change reasons expanded. */
  function codesInSource(): string[] {
    const dir = 'src/sim/rocketmq';
    const codes = new Set<string>();
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.ts') || f === 'causes.ts') continue;
      const src = readFileSync(`${dir}/${f}`, 'utf8');
      expect(src, f).not.toMatch(/sim\.emit\([^;]*\btext:/);
      for (const m of src.matchAll(/(?<!fork\()'(rocketmq\.[\w.]+)'/g)) codes.add(m[1]); // not PRNG stream names
      for (const m of src.matchAll(/`(rocketmq\.[\w.]+)\.\$\{why\}`/g)) for (const why of CANDIDATE_WHY) codes.add(`${m[1]}.${why}`);
    }
    return [...codes];
  }

  it('every rocketmq cause has English and Chinese text with the same placeholders', () => {
    for (const [code, t] of Object.entries(ROCKETMQ_CAUSES)) {
      expect(code.startsWith('rocketmq.')).toBe(true);
      expect(t.en.length, code).toBeGreaterThan(0);
      expect(t['zh-CN'], code).toMatch(HAN);
      expect(ph(t['zh-CN']), code).toBe(ph(t.en));
    }
  });

  it('every code the RocketMQ model can emit or journal is in the catalogue in both languages', () => {
    const used = codesInSource();
    expect(used).toContain('rocketmq.log.dledgerStepDown.vote');
    expect(used).toContain('rocketmq.log.publishListEmpty');
    for (const code of used) {
      expect(ROCKETMQ_CAUSES[code]?.en, code).toBeDefined();
      expect(ROCKETMQ_CAUSES[code]?.['zh-CN'], code).toBeDefined();
    }
  });

  it('every RocketMQ event-log line carries a code whose English, with its params, is its text', () => {
    const seen = new Set<string>();
    for (const id of ['dledger-failover', 'acks1-vs-async-master', 'retry-and-dlq', 'consumer-rebalance-duplicates']) {
      const s = libraryScenario(id);
      const sim = createSim(s, 'rocketmq');
      sim.runUntil(s.durationMs);
      for (const e of sim.world.log.toArray() as LogEntry[]) {
        if (e.cat === 'fault') continue;
        expect(e.code, e.text).toBeDefined();
        seen.add(e.code!);
        expect(renderCause({ code: e.code!, params: e.params }), e.code).toBe(e.text);
        expect(renderCause({ code: e.code!, params: e.params }, 'zh-CN'), e.code).not.toMatch(/\{\w+\}/);
      }
    }
    expect(seen.has('rocketmq.log.dledgerLeader')).toBe(true);
    expect(seen.has('rocketmq.log.registerBroker')).toBe(true);
  });
});

describe('determinism', () => {
  it('the same scenario twice gives the same trace hash', () => {
    const input = { seed: 42, durationMs: 60_000, workload: { ratePerSec: 50, consumeFailurePercent: 5 }, faults: [{ atMs: 20_000, system: 'rocketmq', action: 'crash', target: 'broker-a-0', durationMs: 15_000 }] };
    const a = run(input);
    const b = run(input);
    expect(a.traceHash).toBe(b.traceHash);
    expect(a).toEqual(b);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KAFKA_CAUSES } from '../../src/sim/kafka/causes';
import { CAUSES, renderCause } from '../../src/sim/causes';
import type { LogEntry } from '../../src/sim/core/types';
import { createSim } from '../../src/sim/run';
import { libraryScenario } from '../scenarios/support';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
const HAN = /[\u4e00-\u9fff]/;

/** Every 'kafka.*' string literal in the model's source: journal, cause and event-log codes. */
function codesInSource(): string[] {
  const dir = 'src/sim/kafka';
  const codes = new Set<string>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.ts') || f === 'causes.ts') continue;
    for (const m of readFileSync(`${dir}/${f}`, 'utf8').matchAll(/'(kafka\.[\w.]+)'/g)) codes.add(m[1]);
  }
  return [...codes];
}

/** The Kafka log of a built-in scenario, run to its end. */
function libraryLog(id: string): LogEntry[] {
  const s = libraryScenario(id);
  const sim = createSim(s, 'kafka');
  sim.runUntil(s.durationMs);
  return sim.world.log.toArray() as LogEntry[];
}

describe('KAFKA_CAUSES', () => {
  it('every code has English and Chinese with identical placeholders', () => {
    for (const [code, t] of Object.entries(KAFKA_CAUSES)) {
      expect(code.startsWith('kafka.'), code).toBe(true);
      expect(t.en.length, code).toBeGreaterThan(0);
      expect(t['zh-CN'], code).toMatch(HAN);
      expect(placeholders(t['zh-CN']), code).toBe(placeholders(t.en));
    }
  });

  it('every code the Kafka model names is in the catalogue', () => {
    const used = codesInSource();
    expect(used).toContain('kafka.log.isrShrink');
    for (const code of used) expect(KAFKA_CAUSES[code], code).toBeDefined();
  });

  it('no Kafka event-log line is English-only: each carries a code whose English is its text', () => {
    // Between them: ISR shrink and expand, clean and unclean elections, truncation, fencing,
    // NOT_ENOUGH_REPLICAS, failed sends, rebalances with members leaving, and faults.
    const log = ['unclean-election', 'consumer-rebalance-duplicates', 'min-insync-replicas', 'more-consumers-than-partitions'].flatMap(libraryLog);
    const kinds = new Set(log.map((e) => e.kind));
    for (const k of ['IsrShrinksPerSec', 'IsrExpandsPerSec', 'UncleanLeaderElectionsPerSec', 'LogTruncation', 'NOT_ENOUGH_REPLICAS', 'record-error-total', 'PreparingRebalance', 'RebalanceCompleted', 'MemberRemoved', 'BrokerFenced', 'crash'])
      expect(kinds, k).toContain(k);
    for (const e of log) {
      expect(e.code, `${e.kind}: ${e.text}`).toBeDefined();
      expect(CAUSES[e.code!], e.code).toBeDefined();
      expect(renderCause({ code: e.code!, params: e.params }), e.code).toBe(e.text);
      // Every placeholder is filled in Chinese too: nothing like {partition} is left over.
      expect(renderCause({ code: e.code!, params: e.params }, 'zh-CN'), e.code).not.toMatch(/\{\w+\}/);
    }
  });

  it('a fenced broker and an ISR shrink read in Chinese with Kafka terms and names kept', () => {
    const zh = (code: string, params: Record<string, string | number>) => renderCause({ code, params }, 'zh-CN');
    expect(zh('kafka.log.isrShrink', { partition: 'orders-0', from: 'broker-1, broker-2', to: 'broker-1', removed: 'broker-2', ms: 30000 }))
      .toBe('orders-0：ISR 从 broker-1, broker-2 收缩为 broker-1（broker-2 落后超过 30000 ms）');
    expect(zh('kafka.log.fencedExpired', { broker: 'broker-3', ms: 9000 }))
      .toBe('controller 将 broker-3 置为 fenced：已 9000 ms 没有心跳（broker.session.timeout.ms）');
  });
});

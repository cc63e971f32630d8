import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Sim } from '../../src/sim/core/engine';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { CORE_CAUSES, renderCause } from '../../src/sim/causes';
import type { LogEntry } from '../../src/sim/core/types';
import { echoModel } from '../support/echo-model';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
const FAULT_CODES = Object.keys(CORE_CAUSES).filter((c) => c.startsWith('core.fault.'));

/** One fault of each kind on broker-1, including the ones the node's state makes a no-op. */
const at = (atMs: number, action: string, extra: Record<string, unknown> = {}) => ({ atMs, system: 'kafka', action, target: 'broker-1', ...extra });
const EVERY_FAULT_LINE = [
  at(1000, 'slow', { delayMs: 50, durationMs: 500 }), // undone by slow with delayMs 0
  at(2000, 'isolate', { from: ['producer-1'], durationMs: 500 }), // undone by heal from producer-1
  at(3000, 'isolate'), at(3500, 'heal'),
  at(4000, 'pause'), at(4500, 'resume'),
  at(5000, 'crash'), at(5100, 'crash'), at(5200, 'pause'), at(5300, 'stop'), at(5400, 'restart'), at(5500, 'start'),
  at(6000, 'stop'), at(6100, 'start'),
  at(7000, 'powerLoss'), at(7100, 'powerLoss'), at(7200, 'restart'),
  at(8000, 'destroy'), at(8100, 'start'), at(8200, 'restart'),
];

describe('core fault lines in the cause catalogue', () => {
  it('every core code has English and Chinese with identical placeholders', () => {
    for (const [code, t] of Object.entries(CORE_CAUSES)) {
      expect(t['zh-CN'], code).toMatch(/[\u4e00-\u9fff]/);
      expect(placeholders(t['zh-CN']), code).toBe(placeholders(t.en));
    }
  });

  it('every code applyFault names is in the catalogue', () => {
    const src = readFileSync('src/sim/core/faults.ts', 'utf8');
    const used = [...src.matchAll(/'(core\.[\w.]+)'/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(15);
    for (const code of used) expect(CORE_CAUSES[code], code).toBeDefined();
  });

  it('applyFault logs every fault sentence with a code whose English is its text and whose Chinese is complete', () => {
    const s = restoreScenario({ version: 1, durationMs: 10_000, workload: { ratePerSec: 10, consumers: 1 }, faults: EVERY_FAULT_LINE });
    const sim = new Sim(s, echoModel());
    sim.runUntil(s.durationMs);
    const faults = (sim.world.log.toArray() as LogEntry[]).filter((e) => e.cat === 'fault');
    expect(new Set(faults.map((e) => e.code))).toEqual(new Set(FAULT_CODES));
    for (const e of faults) {
      expect(renderCause({ code: e.code!, params: e.params }), e.code).toBe(e.text);
      expect(renderCause({ code: e.code!, params: e.params }, 'zh-CN'), e.code).not.toMatch(/\{\w+\}/);
    }
    const line = (code: string) => faults.find((e) => e.code === code)!;
    expect(line('core.fault.crashed').text).toBe('broker-1: process crashed (page cache kept by the OS)');
    const isolated = line('core.fault.isolatedFrom');
    expect(renderCause({ code: isolated.code!, params: isolated.params }, 'zh-CN')).toBe('broker-1：与 producer-1 之间的网络被隔离');
  });
});

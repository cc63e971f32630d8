import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { decodeScenarioLink, encodeScenarioLink, fromBase64Url, toBase64Url } from '../../src/sim/scenario/link';
import { minimizeScenario } from '../../src/sim/scenario/minimize';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { ScenarioError } from '../../src/sim/scenario/errors';

const typical = restoreScenario({
  version: 1,
  title: { en: 'acks=1 loses acknowledged writes', 'zh-CN': 'acks=1 会丢失已确认的消息' },
  durationMs: 90_000,
  kafka: { acks: '1' },
  rocketmq: { brokerRole: 'SYNC_MASTER', flushDiskType: 'SYNC_FLUSH' },
  faults: [
    { atMs: 10_000, system: 'kafka', action: 'slow', target: 'broker-2', delayMs: 2_000 },
    { atMs: 20_000, system: 'kafka', action: 'crash', target: 'broker-1', durationMs: 30_000 },
    { atMs: 20_000, system: 'rocketmq', action: 'crash', target: 'broker-a-0', durationMs: 30_000 },
  ],
  notes: [{ atMs: 19_000, text: { en: 'Watch the high watermark.', 'zh-CN': '注意高水位。' }, pause: true }],
});

function errorOf(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('share links', () => {
  it('encodeScenarioLink then decodeScenarioLink gives back the same scenario', () => {
    const link = encodeScenarioLink(typical);
    expect(link).toMatch(/^s=1\.[A-Za-z0-9_-]+$/);
    expect(decodeScenarioLink(`https://example.org/brokerscope/#${link}`)).toEqual(typical);
    expect(decodeScenarioLink(`#${link}`)).toEqual(typical);
  });

  it('a typical scenario link is under 600 characters', () => {
    expect(`https://brokerscope.example/#${encodeScenarioLink(typical)}`.length).toBeLessThan(600);
  });

  it('minimizeScenario keeps only what differs from the defaults', () => {
    const min = minimizeScenario(restoreScenario({ version: 1, kafka: { release: '2.x', acks: '1' } })) as Record<string, unknown>;
    expect(min).toEqual({ version: 1, kafka: { release: '2.x' } });
    expect(minimizeScenario(restoreScenario({ version: 1 }))).toEqual({ version: 1 });
  });

  it('truncated, damaged, too new and out-of-bounds links are ScenarioErrors that say what was wrong', () => {
    const link = encodeScenarioLink(typical);
    expect(errorOf(() => decodeScenarioLink(link.slice(0, link.length - 12))).message).toMatch(/cut short|damaged/);
    expect(errorOf(() => decodeScenarioLink('#s=1.!!!')).message).toMatch(/expected "s=<version>.<data>"/);
    expect(errorOf(() => decodeScenarioLink('#s=9.AAAA')).kind).toBe('tooNew');
    expect(errorOf(() => decodeScenarioLink('#x=1')).message).toMatch(/no scenario/);
    const notDeflate = `#s=1.${toBase64Url(new TextEncoder().encode('{"version":1}'))}`;
    expect(errorOf(() => decodeScenarioLink(notDeflate)).message).toMatch(/damaged|cut short/);
    const outOfBounds = `#s=1.${toBase64Url(deflateSync(strToU8('{"version":1,"kafka":{"brokers":99}}')))}`;
    expect(errorOf(() => decodeScenarioLink(outOfBounds)).message).toBe('kafka.brokers: at most 9, got 99');
    const bomb = `#s=1.${toBase64Url(deflateSync(strToU8(' '.repeat(1_000_000))))}`;
    expect(errorOf(() => decodeScenarioLink(bomb)).message).toMatch(/larger than 256 KiB/);
  });

  it('base64url round-trips any bytes (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('random fragments never throw anything but a ScenarioError (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          decodeScenarioLink(`#s=1.${text}`);
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
        }
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});

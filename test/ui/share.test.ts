/**
 * Share links, files, the remembered scenario and embed options as the store sees them, and the
 * walkthrough's step logic, without a browser.
 */
import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { createAppStore, defaultScenario, type PrefStorage } from '../../src/ui/store';
import { parseFragment, parseLaunchParams, localText } from '../../src/ui/share/launch';
import { applyOpened, initialLaunch, LAST_SCENARIO_KEY, openLibraryInto, rememberScenario } from '../../src/ui/share/boot';
import { openFileText, openLink } from '../../src/ui/share/open';
import { noticeKey } from '../../src/ui/share/NoticeBanner';
import { encodeScenarioLink, toBase64Url } from '../../src/sim/scenario/link';
import { restoreScenario } from '../../src/sim/scenario/restore';
import { minimizeScenario } from '../../src/sim/scenario/minimize';
import { translate } from '../../src/i18n';
import { LIBRARY } from '../../src/scenarios';
import { topicOf } from '../../src/ui/gallery/topics';

function memoryStorage(init: Record<string, string> = {}): PrefStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(init));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const crashScenario = restoreScenario({
  version: 1, seed: 7, durationMs: 6000, kafka: { acks: '1' },
  faults: [{ atMs: 2000, system: 'kafka', action: 'crash', target: 'broker-1' }],
});
const rawLink = (json: string, version = 1) => `#s=${version}.${toBase64Url(deflateSync(strToU8(json)))}`;

describe('parseLaunchParams(search)', () => {
  it('reads embed, autoplay, lang, t and system, ignoring bad values', () => {
    expect(parseLaunchParams('?embed=1&autoplay=1&lang=zh-CN&t=5000&system=rocketmq')).toEqual({
      embed: true, autoplay: true, lang: 'zh-CN', atMs: 5000, system: 'rocketmq',
    });
    expect(parseLaunchParams('?embed=0&lang=fr&t=-3&system=pulsar')).toEqual({
      embed: false, autoplay: false, lang: null, atMs: null, system: null,
    });
    expect(parseLaunchParams('').embed).toBe(false);
  });
});

describe('parseFragment(hash)', () => {
  it('tells a share link, a library id, the gallery and anything else apart', () => {
    expect(parseFragment('#s=1.abc')).toEqual({ kind: 'link', text: 's=1.abc' });
    expect(parseFragment('#lib=jepsen-2013')).toEqual({ kind: 'library', id: 'jepsen-2013' });
    expect(parseFragment('#gallery')).toEqual({ kind: 'gallery' });
    expect(parseFragment('#timeline')).toEqual({ kind: 'none' });
    expect(parseFragment('')).toEqual({ kind: 'none' });
  });
});

describe('initialLaunch(location, storage)', () => {
  it('a share link restores the exact scenario it was made from', () => {
    const launch = initialLaunch({ search: '', hash: `#${encodeScenarioLink(crashScenario)}` }, null);
    expect(launch.scenario).toEqual(crashScenario);
    expect(launch.notice).toBeNull();
  });

  it('a truncated link opens the default scenario with a "malformed" notice', () => {
    const link = `#${encodeScenarioLink(crashScenario)}`;
    const launch = initialLaunch({ search: '', hash: link.slice(0, link.length - 9) }, null);
    expect(launch.scenario).toEqual(defaultScenario());
    expect(launch.notice).toMatchObject({ source: 'link', kind: 'malformed' });
    expect(launch.notice!.problems.join(' ')).toMatch(/cut short|damaged/);
  });

  it('a link from a newer format is "tooNew"; out-of-bounds settings are "invalid" and name the field', () => {
    expect(initialLaunch({ search: '', hash: rawLink('{}', 9) }, null).notice).toMatchObject({ kind: 'tooNew' });
    const bad = initialLaunch({ search: '', hash: rawLink('{"version":1,"kafka":{"acks":"2"}}') }, null);
    expect(bad.scenario).toEqual(defaultScenario());
    expect(bad.notice).toMatchObject({ source: 'link', kind: 'invalid' });
    expect(bad.notice!.problems.join(' ')).toContain('kafka.acks');
  });

  it('text from a link stays text: a problem quoting markup is kept verbatim for the banner to escape', () => {
    const n = initialLaunch({ search: '', hash: rawLink('{"version":1,"title":{"en":1,"x":"<img src=x onerror=alert(1)>"}}') }, null).notice!;
    expect(n.kind).toBe('invalid');
    expect(translate('en', noticeKey(n))).toBe('This share link holds settings that are out of bounds or do not fit together, so the default scenario is open instead.');
    expect(translate('zh-CN', noticeKey(n))).toContain('默认场景');
  });

  it('without a scenario in the address, the remembered one is restored; a damaged one is ignored with a notice', () => {
    const stored = memoryStorage({ [LAST_SCENARIO_KEY]: JSON.stringify(minimizeScenario(crashScenario)) });
    expect(initialLaunch({ search: '', hash: '' }, stored).scenario).toEqual(crashScenario);
    const damaged = initialLaunch({ search: '', hash: '' }, memoryStorage({ [LAST_SCENARIO_KEY]: '{"version":1,"seed":' }));
    expect(damaged.scenario).toEqual(defaultScenario());
    expect(damaged.notice).toMatchObject({ source: 'stored', kind: 'malformed' });
    const throwing: PrefStorage = { getItem: () => { throw new Error('denied'); }, setItem: () => {} };
    expect(initialLaunch({ search: '', hash: '' }, throwing).notice).toBeNull();
  });

  it('a link wins over the remembered scenario, and an embed ignores the remembered one', () => {
    const stored = memoryStorage({ [LAST_SCENARIO_KEY]: JSON.stringify(minimizeScenario(crashScenario)) });
    expect(initialLaunch({ search: '', hash: '#s=1.@@' }, stored).scenario).toEqual(defaultScenario());
    expect(initialLaunch({ search: '?embed=1', hash: '' }, stored).scenario).toEqual(defaultScenario());
  });

  it('#lib=<id> leaves the built-in scenario to load on demand', () => {
    expect(initialLaunch({ search: '', hash: '#lib=jepsen-2013' }, null)).toMatchObject({ libraryId: 'jepsen-2013', notice: null });
  });
});

describe('store: scenarios from outside', () => {
  it('rememberScenario stores each new scenario as its minimal JSON, and not in an embed', () => {
    const storage = memoryStorage();
    const store = createAppStore();
    rememberScenario(store, storage);
    store.getState().setScenario(crashScenario);
    expect(JSON.parse(storage.data.get(LAST_SCENARIO_KEY)!)).toEqual(minimizeScenario(crashScenario));
    const embedded = createAppStore({ embed: parseLaunchParams('?embed=1') });
    const other = memoryStorage();
    rememberScenario(embedded, other);
    embedded.getState().setScenario(crashScenario);
    expect(other.data.size).toBe(0);
  });

  it('applyOpened puts a good scenario in (clearing the notice) and a bad one as the default with its notice', () => {
    const store = createAppStore({ scenario: crashScenario });
    applyOpened(store, openLink('#s=1.AAAA'));
    expect(store.getState().scenario).toEqual(defaultScenario());
    expect(store.getState().notice).toMatchObject({ source: 'link' });
    applyOpened(store, openLink(encodeScenarioLink(crashScenario)));
    expect(store.getState()).toMatchObject({ scenario: crashScenario, notice: null, playhead: 0 });
  });

  it('a file goes through the same door: broken JSON and bad settings are notices, never exceptions', () => {
    expect(openFileText('not json')).toMatchObject({ ok: false, notice: { source: 'file', kind: 'malformed' } });
    expect(openFileText('{"version":1,"workload":{"ratePerSec":-1}}')).toMatchObject({ ok: false, notice: { kind: 'invalid' } });
    expect(openFileText(JSON.stringify(minimizeScenario(crashScenario)))).toEqual({ ok: true, scenario: crashScenario });
  });

  it('embed options: lang applies without being remembered, t opens at that moment (clamped), autoplay plays', () => {
    const storage = memoryStorage();
    const s = createAppStore({ storage, scenario: crashScenario, embed: parseLaunchParams('?embed=1&lang=zh-CN&t=99999&autoplay=1&system=kafka') });
    expect(s.getState()).toMatchObject({ lang: 'zh-CN', playhead: 6000, playing: true, embed: { embed: true, system: 'kafka' } });
    expect(storage.data.size).toBe(0);
  });

  it('openLibraryInto loads a built-in by id, then seeks to t; an unknown id gives the default and a notice', async () => {
    const store = createAppStore({ embed: parseLaunchParams('?t=4000') });
    await openLibraryInto(store, 'acks1-vs-async-master');
    expect(localText(store.getState().scenario.title, 'en')).toMatch(/acks=1/);
    expect(store.getState().playhead).toBe(4000);
    await openLibraryInto(store, '<b>nope</b>');
    expect(store.getState().notice).toMatchObject({ source: 'library', id: '<b>nope</b>' });
    expect(store.getState().scenario).toEqual(defaultScenario());
  });
});

describe('gallery topics', () => {
  it('every built-in scenario falls under a named topic', () => {
    for (const e of LIBRARY) expect([e.id, topicOf(restoreScenario(e.scenario).tags)]).not.toEqual([e.id, 'other']);
  });
});

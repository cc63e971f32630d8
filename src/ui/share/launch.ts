/**
 * What the page address asks for, read as plain data: the query string carries how to show the
 * app (`?embed=1&autoplay=1&lang=zh-CN&t=<ms>&system=kafka`), the fragment carries which scenario
 * (`#s=1.…` a share link, `#lib=<id>` a built-in scenario, `#gallery` the library). Nothing here
 * touches the DOM, so the store tests can feed it any string.
 */
import type { Lang } from '../../i18n';
import type { SystemName } from '../../sim/scenario/topology';
import type { LocalTextValue } from '../../sim/scenario/schema';

export interface EmbedOptions {
  /** The compact view for an iframe: panels, timeline and scoreboards only. */
  embed: boolean;
  autoplay: boolean;
  lang: Lang | null;
  /** Open at this simulated moment (ms); clamped to the scenario's duration by the store. */
  atMs: number | null;
  /** Show one side only. */
  system: SystemName | null;
}

export const NO_EMBED: EmbedOptions = { embed: false, autoplay: false, lang: null, atMs: null, system: null };

const TRUE = new Set(['1', 'true', 'yes', '']);

/** Reads `?embed=1&autoplay=1&lang=zh-CN&t=5000&system=kafka`; unknown or bad values are ignored. */
export function parseLaunchParams(search: string): EmbedOptions {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const flag = (name: string) => q.has(name) && TRUE.has(q.get(name)!.toLowerCase());
  const lang = q.get('lang');
  const t = q.get('t');
  const system = q.get('system');
  return {
    embed: flag('embed'),
    autoplay: flag('autoplay'),
    lang: lang === 'en' || lang === 'zh-CN' ? lang : lang?.toLowerCase().startsWith('zh') ? 'zh-CN' : null,
    atMs: t !== null && /^\d{1,9}$/.test(t) ? Number(t) : null,
    system: system === 'kafka' || system === 'rocketmq' ? system : null,
  };
}

export type FragmentRequest =
  | { kind: 'link'; text: string }
  | { kind: 'library'; id: string }
  | { kind: 'gallery' }
  | { kind: 'none' };

/** Reads the fragment: `#s=…` (a share link), `#lib=<id>`, `#gallery`, or nothing we know. */
export function parseFragment(hash: string): FragmentRequest {
  const frag = hash.startsWith('#') ? hash.slice(1) : hash;
  if (frag === '') return { kind: 'none' };
  for (const part of frag.split('&')) {
    if (part.startsWith('s=')) return { kind: 'link', text: frag };
    if (part.startsWith('lib=')) {
      let id = part.slice(4);
      try {
        id = decodeURIComponent(id);
      } catch {
        // Leave it as typed; the library lookup will say it does not exist.
      }
      return { kind: 'library', id };
    }
    if (part === 'gallery') return { kind: 'gallery' };
  }
  return { kind: 'none' };
}

/** A scenario text (title, question, note, choice) in the chosen language, English if missing. */
export function localText(v: LocalTextValue | undefined, lang: Lang): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return (lang === 'zh-CN' ? v['zh-CN'] : undefined) ?? v.en;
}

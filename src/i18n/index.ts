/**
 * The UI's message catalogue: every visible string is looked up here by key, in English or
 * Simplified Chinese. Placeholders are {name}, as in the engine's cause catalogue. A missing
 * translation falls back to English, a missing key to the key itself, so nothing renders blank.
 */
import { EN } from './en';
import { ZH_CN } from './zh-CN';
import type { Lang } from '../sim/causes';

export type { Lang };
export type MessageKey = keyof typeof EN;
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

const CATALOGUES: Record<Lang, Partial<Record<MessageKey, string>>> = { en: EN, 'zh-CN': ZH_CN };

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const template = CATALOGUES[lang][key] ?? EN[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Translates keys that are built at run time (metric names, fault verbs); unknown keys fall back. */
export function translateDynamic(lang: Lang, key: string, fallback: string, params?: Params): string {
  if (key in EN) return translate(lang, key as MessageKey, params);
  return fallback;
}

export type T = (key: MessageKey, params?: Params) => string;

export function makeT(lang: Lang): T {
  return (key, params) => translate(lang, key, params);
}

/** Language from a stored value or the browser's preference; anything else is English. */
export function pickLang(stored: string | null, navigatorLangs: readonly string[]): Lang {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  for (const l of navigatorLangs) if (l.toLowerCase().startsWith('zh')) return 'zh-CN';
  return 'en';
}

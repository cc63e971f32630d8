/**
 * The cause and journey sentence catalogue, in English and Simplified Chinese. Engine code names a
 * sentence by code with params; the report renders English, the UI renders the chosen language.
 * Placeholders are {name}. Each system adds its own sentences in its folder (kafka/causes.ts,
 * rocketmq/causes.ts); this file holds the core's and merges them.
 */
import type { Cause } from './accounting/ledger';
import { KAFKA_CAUSES } from './kafka/causes';
import { ROCKETMQ_CAUSES } from './rocketmq/causes';

export type Lang = 'en' | 'zh-CN';
export type Catalogue = Record<string, Record<Lang, string>>;

export const CORE_CAUSES: Catalogue = {
  'core.redelivered': {
    en: 'Delivered again to {consumer}.',
    'zh-CN': '再次投递给 {consumer}。',
  },
  'core.deliveredAfterLater': {
    en: 'Sequence {seq} of its key arrived after sequence {max} had already been processed.',
    'zh-CN': '该键的第 {seq} 条在第 {max} 条已被处理之后才到达。',
  },
  'core.unknown': {
    en: 'No copy of the message is left on any node.',
    'zh-CN': '任何节点上都已没有这条消息的副本。',
  },
};

export const CAUSES: Catalogue = { ...CORE_CAUSES, ...KAFKA_CAUSES, ...ROCKETMQ_CAUSES };

/** Renders a cause in a language; unknown codes fall back to the code itself (never throws). */
export function renderCause(cause: Cause, lang: Lang = 'en'): string {
  const entry = CAUSES[cause.code];
  const template = entry ? entry[lang] ?? entry.en : cause.code;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(cause.params?.[name] ?? `{${name}}`));
}

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
  // ----- fault lines in the event log (the kind beside them is the fault verb) -----
  'core.fault.crashIgnored': { en: '{node} is not running; crash ignored', 'zh-CN': '{node} 没有在运行，忽略这次崩溃' },
  'core.fault.crashed': { en: '{node}: process crashed (page cache kept by the OS)', 'zh-CN': '{node}：进程崩溃（操作系统保留了 page cache）' },
  'core.fault.powerLossIgnored': { en: '{node} has no power already', 'zh-CN': '{node} 已经断电了' },
  'core.fault.powerLost': { en: '{node}: power lost (everything not flushed to disk is gone)', 'zh-CN': '{node}：断电（所有没刷到磁盘的数据都丢了）' },
  'core.fault.destroyed': { en: '{node}: node and disk destroyed', 'zh-CN': '{node}：节点连同磁盘被销毁' },
  'core.fault.stopIgnored': { en: '{node} is not running; stop ignored', 'zh-CN': '{node} 没有在运行，忽略这次停止' },
  'core.fault.stopped': { en: '{node}: graceful shutdown', 'zh-CN': '{node}：优雅关闭' },
  'core.fault.cannotStart': { en: '{node} was destroyed and cannot start', 'zh-CN': '{node} 已被销毁，无法启动' },
  'core.fault.cannotRestart': { en: '{node} was destroyed and cannot restart', 'zh-CN': '{node} 已被销毁，无法重启' },
  'core.fault.alreadyRunning': { en: '{node} is already running', 'zh-CN': '{node} 已经在运行' },
  'core.fault.started': { en: '{node}: started', 'zh-CN': '{node}：已启动' },
  'core.fault.restarted': { en: '{node}: restarted', 'zh-CN': '{node}：已重启' },
  'core.fault.isolatedFrom': { en: '{node}: isolated from {from}', 'zh-CN': '{node}：与 {from} 之间的网络被隔离' },
  'core.fault.isolated': { en: '{node}: isolated from every node', 'zh-CN': '{node}：与所有节点的网络都被隔离' },
  'core.fault.healedTowards': { en: '{node}: network healed towards {from}', 'zh-CN': '{node}：与 {from} 之间的网络已恢复' },
  'core.fault.healed': { en: '{node}: network healed', 'zh-CN': '{node}：网络已恢复' },
  'core.fault.slowed': { en: '{node}: every message to and from it delayed by {ms} ms', 'zh-CN': '{node}：进出它的每条消息都延迟 {ms} ms' },
  'core.fault.notSlowed': { en: '{node}: no longer slowed', 'zh-CN': '{node}：不再延迟' },
  'core.fault.pauseIgnored': { en: '{node} is not running; pause ignored', 'zh-CN': '{node} 没有在运行，忽略这次暂停' },
  'core.fault.paused': { en: '{node}: process paused (like a long GC pause)', 'zh-CN': '{node}：进程暂停（就像一次很长的 GC 停顿）' },
  'core.fault.resumed': { en: '{node}: process resumed', 'zh-CN': '{node}：进程恢复运行' },
};

export const CAUSES: Catalogue = { ...CORE_CAUSES, ...KAFKA_CAUSES, ...ROCKETMQ_CAUSES };

/** Renders a cause in a language; unknown codes fall back to the code itself (never throws). */
export function renderCause(cause: Cause, lang: Lang = 'en'): string {
  const entry = CAUSES[cause.code];
  const template = entry ? entry[lang] ?? entry.en : cause.code;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(cause.params?.[name] ?? `{${name}}`));
}

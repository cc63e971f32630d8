import type { Sim } from './engine';

/**
 * When the latest event-log entry of one of `kinds` was written, on `node` (any node when null),
 * or undefined if there is none: the time a fault or a truncation happened, for explanations
 * written later (a report names when a lost message's last copy went). Answers are kept per log
 * and length, since a report asks once per lost message.
 */
export function lastLoggedAt<M>(sim: Sim<M>, node: string | null, kinds: readonly string[]): number | undefined {
  const log = sim.world.log;
  let memo = memos.get(log);
  if (!memo || memo.length !== log.length) memos.set(log, (memo = { length: log.length, answers: new Map() }));
  const key = `${node ?? '*'}|${kinds.join(',')}`;
  if (memo.answers.has(key)) return memo.answers.get(key);
  let at: number | undefined;
  for (let i = log.length - 1; i >= 0 && at === undefined; i--) {
    const e = log.get(i);
    if ((node === null || e.node === node) && kinds.includes(e.kind)) at = e.at;
  }
  memo.answers.set(key, at);
  return at;
}

const memos = new WeakMap<object, { length: number; answers: Map<string, number | undefined> }>();

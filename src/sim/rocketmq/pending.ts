import type { PendingSend } from './state';
import { removeAt } from '../core/arrays';

/**
 * A producer's sends still waiting for their outcome, oldest first. Message ids grow with every send
 * (the workload numbers them as it hands them to producers), so the list is sorted by id, and also
 * by deadline (sendMsgTimeout counts from the send): the timeout scan reads it from the front.
 *
 * A plain array rather than a Map: the producer adds and removes one entry per message, and a Map
 * under that churn rehashes its table every few messages (a visible share of a run's time in
 * profiles). Nearly every answer is for one of the first few entries, so lookups are short binary
 * searches, and removals shift few elements.
 */
export function pendingAdd(list: PendingSend[], ps: PendingSend): void {
  if (list.length > 0 && list[list.length - 1].id >= ps.id) {
    throw new Error(`pendingAdd: send ${ps.id} is not newer than ${list[list.length - 1].id}`);
  }
  list.push(ps);
}

/** The pending send for message `id`, or undefined. */
export function pendingGet(list: PendingSend[], id: number): PendingSend | undefined {
  const i = pendingIndex(list, id);
  return i < 0 ? undefined : list[i];
}

/** Forgets the pending send for message `id` (nothing if there is none). */
export function pendingRemove(list: PendingSend[], id: number): void {
  const i = pendingIndex(list, id);
  if (i >= 0) removeAt(list, i);
}

function pendingIndex(list: PendingSend[], id: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid].id;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

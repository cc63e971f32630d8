/**
 * Queue allocation strategies (AllocateMessageQueueAveragely, AllocateMessageQueueAveragelyByCircle).
 * Both take the queues and member ids already sorted; a member not in the list gets nothing.
 */
export function allocateAveragely<T>(mqAll: readonly T[], cidAll: readonly string[], cid: string): T[] {
  const index = cidAll.indexOf(cid);
  if (index < 0 || mqAll.length === 0) return [];
  const n = mqAll.length;
  const c = cidAll.length;
  const mod = n % c;
  const averageSize = n <= c ? 1 : mod > 0 && index < mod ? Math.floor(n / c) + 1 : Math.floor(n / c);
  const startIndex = mod > 0 && index < mod ? index * averageSize : index * averageSize + mod;
  const range = Math.min(averageSize, n - startIndex);
  const out: T[] = [];
  for (let i = 0; i < range; i++) out.push(mqAll[(startIndex + i) % n]);
  return out;
}

export function allocateAveragelyByCircle<T>(mqAll: readonly T[], cidAll: readonly string[], cid: string): T[] {
  const index = cidAll.indexOf(cid);
  if (index < 0) return [];
  const out: T[] = [];
  for (let i = index; i < mqAll.length; i += cidAll.length) out.push(mqAll[i]);
  return out;
}

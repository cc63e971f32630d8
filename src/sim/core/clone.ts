import { CowList } from './cowlist';

/**
 * Deep copy of engine state for checkpoints. State is plain data: objects, arrays, Maps, Sets,
 * typed arrays and CowLists (which copy themselves lazily). Anything else is a bug in a model,
 * so it throws rather than silently sharing a mutable object between the past and the present.
 */
export function cloneState<T>(value: T): T {
  return cloneValue(value) as T;
}

function cloneValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    // slice keeps the array's element kind (map would make a holey copy: another hidden class,
    // and code optimised for the live arrays would deoptimise on the restored ones).
    const out = value.slice();
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      if (v !== null && typeof v === 'object') out[i] = cloneValue(v);
    }
    return out;
  }
  if (value instanceof CowList) return value.clone();
  if (value instanceof Map) {
    const m = new Map();
    for (const [k, v] of value) m.set(k, cloneValue(v));
    return m;
  }
  if (value instanceof Set) return new Set(value);
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): unknown }).slice();
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`cloneState: state holds a ${proto?.constructor?.name ?? 'class'} instance; keep state as plain data`);
  }
  // Spread first (one native copy of every field), then the nested objects are replaced by their
  // copies. The copy still gets a hidden class of its own, not the one of an object built by the
  // model's literal: Timeline runs on a copy from the start so that the code knows both.
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in out) {
    const v = out[key];
    if (v !== null && typeof v === 'object') out[key] = cloneValue(v);
  }
  return out;
}

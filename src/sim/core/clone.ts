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
  if (Array.isArray(value)) return value.map(cloneValue);
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
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneValue((value as Record<string, unknown>)[key]);
  return out;
}

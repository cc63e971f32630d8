import { CowList } from './cowlist';
import { CowTable } from './cowtable';
import { EventQueue } from './queue';

/**
 * Deep copy of engine state for checkpoints. State is plain data: objects, arrays, Maps, Sets,
 * typed arrays, CowLists and CowTables (which copy themselves lazily), and the event queue (which
 * shares its events: queue.ts). Anything else is a bug in a model,
 * so it throws rather than silently sharing a mutable object between the past and the present.
 *
 * A property keyed by a symbol is not state but a cache derived from it (see derivedCache): it is
 * not copied, so a restored world starts without it and its reader derives it again from the copy
 * (a copied reference would point into the world it was copied from). Such a cache holds only what
 * stays the same for the object's lifetime, or is dropped whenever what it derives from changes, and
 * is defined non-enumerable, so that tests and JSON do not see it either (kafka/broker.ts:
 * replicaLog; core/numbered.ts: records read by number).
 */
export function cloneState<T>(value: T): T {
  return cloneValue(value) as T;
}

function cloneValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  // The common kinds first: plain objects and arrays are nearly all of a world.
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype) return cloneObject(value as Record<string, unknown>);
  if (proto === Array.prototype) return cloneArray(value as unknown[]);
  if (value instanceof CowList || value instanceof CowTable || value instanceof EventQueue) return value.clone();
  if (value instanceof Map) {
    const m = new Map();
    for (const [k, v] of value) m.set(k, cloneValue(v));
    return m;
  }
  if (value instanceof Set) return new Set(value);
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): unknown }).slice();
  if (Array.isArray(value)) return cloneArray(value);
  if (proto === null) return cloneObject(value as Record<string, unknown>);
  throw new TypeError(`cloneState: state holds a ${proto?.constructor?.name ?? 'class'} instance; keep state as plain data`);
}

function cloneArray(value: unknown[]): unknown[] {
  // slice keeps the array's element kind (map would make a holey copy: another hidden class,
  // and code optimised for the live arrays would deoptimise on the restored ones).
  const out = value.slice();
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v !== null && typeof v === 'object') out[i] = cloneValue(v);
  }
  return out;
}

function cloneObject(source: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(source);
  const copy = copierFor(keys);
  if (copy !== null) return copy(source, cloneValue);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]] = cloneValue(source[keys[i]]);
  return out;
}

/*
 * A copy must have the hidden class (V8 map) of the object it copies: code optimised for the live
 * objects then runs unchanged on a restored world, instead of turning polymorphic (about 10-15%
 * slower for the rest of the run) or deoptimising on the first seeks. V8 derives an object's map
 * from how it was built, so the copy is built the same way:
 * - a record keyed by names (brokers by node name, offsets by queue) grows from `{}` one key at a
 *   time, and so does its copy;
 * - a struct (a model's object literal) gets the map of a literal with the same keys in the same
 *   order, which a spread copy does not: it is copied by a literal with those keys, compiled once
 *   per key list.
 * Names contain a character an identifier cannot ('broker-1', 'orders-0', '0:1', '%RETRY%...') or
 * are numbers; struct keys are identifiers.
 */
function isRecordOfNames(keys: string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (!IDENTIFIER.test(keys[i])) return true;
  return false;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

type Copier = (source: Record<string, unknown>, clone: (v: unknown) => unknown) => Record<string, unknown>;

/**
 * The copier for each key list, found key by key: a checkpoint copies a few thousand objects, and
 * a lookup by property names (interned strings, their hashes kept) is cheaper than testing each
 * key and joining them into a new string to look up. `copier` is null for a record of names, or
 * where code cannot be compiled, and undefined until first asked.
 */
interface KeyNode {
  next: Map<string, KeyNode>;
  copier: Copier | null | undefined;
}

const keyTree: KeyNode = { next: new Map(), copier: undefined };
/**
 * Key lists are a fixed set of structs and records of a few names. Past this many nodes (a record
 * keyed by ever new ids, say) a new key list is not remembered and its object is copied key by key:
 * correct, only with another hidden class, and without compiling a copier for each copy.
 */
const KEY_TREE_MAX = 20_000;
let keyTreeSize = 0;

function copierFor(keys: string[]): Copier | null {
  let node = keyTree;
  for (let i = 0; i < keys.length; i++) {
    let next = node.next.get(keys[i]);
    if (next === undefined) {
      if (keyTreeSize >= KEY_TREE_MAX) return null;
      keyTreeSize++;
      next = { next: new Map(), copier: undefined };
      node.next.set(keys[i], next);
    }
    node = next;
  }
  if (node.copier === undefined) node.copier = isRecordOfNames(keys) ? null : structCopier(keys);
  return node.copier;
}

/**
 * A function returning `{ k1: s.k1, k2: s.k2, ... }`, the literal the model wrote (keys are
 * identifiers), with each value copied; a value that is not an object is taken as it is without a
 * call (most are numbers and strings). Null where a page's Content-Security-Policy forbids
 * compiling code: the copy is then built key by key (correct, only with another hidden class).
 */
function structCopier(keys: string[]): Copier | null {
  if (!canCompile) return null;
  const fields = keys.map((k) => `${k}: typeof (v = s.${k}) !== 'object' || v === null ? v : c(v)`);
  try {
    return new Function('s', 'c', `let v; return { ${fields.join(', ')} };`) as Copier;
  } catch {
    canCompile = false;
    return null;
  }
}

let canCompile = true;

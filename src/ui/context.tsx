/**
 * React access to the store and the engine. `useApp(selector)` re-renders only when the selected
 * slice changes; `useEngineTick(ms)` re-renders a component at most every `ms` of wall time while
 * the runs move (the scoreboard and diagrams), so per-frame work stays in the flight layer.
 */
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppActions, AppState, AppStore } from './store';
import type { Engine } from './engine/engine';
import { makeT, type T } from '../i18n';
import { throttle, type ThrottleClock } from './engine/throttle';

interface Ctx {
  store: AppStore;
  engine: Engine;
}

const AppContext = createContext<Ctx | null>(null);

export function AppProvider({ store, engine, children }: Ctx & { children: ReactNode }) {
  return <AppContext.Provider value={{ store, engine }}>{children}</AppContext.Provider>;
}

function useCtx(): Ctx {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('AppProvider is missing');
  return ctx;
}

export function useApp<U>(selector: (s: AppState & AppActions) => U): U {
  return useStore(useCtx().store, selector);
}

export function useAppStore(): AppStore {
  return useCtx().store;
}

export function useEngine(): Engine {
  return useCtx().engine;
}

/** Every engine change (every frame while playing). Use only in small components. */
export function useEngineVersion(): number {
  const engine = useEngine();
  return useSyncExternalStore(engine.subscribe, engine.getVersion);
}

/**
 * The engine version, sampled at most every `ms` of wall time while the run plays, always
 * catching the last change (a trailing update), so a paused or finished run shows its final state;
 * a jump (a seek while paused, a rewind, an action) shows at once (see throttle.ts).
 */
export function useEngineTick(ms: number): number {
  const engine = useEngine();
  const [version, setVersion] = useState(engine.version);
  useEffect(() => {
    const t = throttle(ms, () => setVersion(engine.version), WALL_CLOCK);
    const unsub = engine.subscribe(t.notify);
    setVersion(engine.version);
    return () => {
      unsub();
      t.dispose();
    };
  }, [engine, ms]);
  return version;
}

const WALL_CLOCK: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function useT(): T {
  const lang = useApp((s) => s.lang);
  return makeT(lang);
}

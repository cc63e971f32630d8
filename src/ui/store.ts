/**
 * What the user wants, and nothing derived: the scenario, the playhead, speed, play state,
 * selection, language and theme. The engine follows the playhead; views and figures are computed
 * from the engine, never stored here. `createAppStore()` gives every test a fresh store.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../sim/scenario/defaults';
import type { SystemName } from '../sim/scenario/topology';
import { restoreScenario } from '../sim/scenario/restore';
import { pickLang, type Lang } from '../i18n';
import { clampSpeed, nextSpeed } from './speed';

export type Theme = 'light' | 'dark' | 'system';
export type LogCat = 'all' | 'fault' | 'election' | 'isr' | 'route' | 'rebalance' | 'loss' | 'error' | 'status' | 'metric' | 'info';

export interface NodeSelection {
  system: SystemName;
  node: string;
}

export interface LogFilter {
  system: SystemName | 'all';
  node: string;
  cat: LogCat;
}

export interface AppState {
  scenario: Scenario;
  /** Bumped when the scenario changes in a way that restarts both runs from t = 0. */
  runId: number;
  /** Where the user wants the runs to be, in simulated ms (may be fractional while playing). */
  playhead: number;
  playing: boolean;
  speed: number;
  /** The node whose fault menu is open. */
  selectedNode: NodeSelection | null;
  /** The message whose journey is shown. */
  selectedMessage: number | null;
  counterpart: boolean;
  lang: Lang;
  theme: Theme;
  logFilter: LogFilter;
}

export interface AppActions {
  /** A new scenario (settings changed): both runs restart from 0 with the same seed and faults. */
  setScenario(s: Scenario): void;
  /** The runs forked (a fault in the present): same run, the scenario now records the fault. */
  recordFork(s: Scenario): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  seek(t: number): void;
  setSpeed(x: number): void;
  faster(): void;
  slower(): void;
  selectNode(sel: NodeSelection | null): void;
  selectMessage(id: number | null): void;
  setCounterpart(on: boolean): void;
  setLang(lang: Lang): void;
  setTheme(theme: Theme): void;
  setLogFilter(f: Partial<LogFilter>): void;
}

export type AppStore = StoreApi<AppState & AppActions>;

/** Where preferences are remembered; a Map-backed fake in tests, localStorage in the app. */
export interface PrefStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const LANG_KEY = 'brokerscope.lang';
export const THEME_KEY = 'brokerscope.theme';

export interface StoreOptions {
  scenario?: Scenario;
  storage?: PrefStorage | null;
  navigatorLangs?: readonly string[];
}

export function defaultScenario(): Scenario {
  return restoreScenario({ version: 1 });
}

export function createAppStore(opts: StoreOptions = {}): AppStore {
  const storage = opts.storage ?? null;
  const read = (k: string) => {
    try {
      return storage?.getItem(k) ?? null;
    } catch {
      return null;
    }
  };
  const write = (k: string, v: string) => {
    try {
      storage?.setItem(k, v);
    } catch {
      // Private mode or a full quota: the choice still applies to this page.
    }
  };
  const storedTheme = read(THEME_KEY);
  return createStore<AppState & AppActions>()((set, get) => ({
    scenario: opts.scenario ?? defaultScenario(),
    runId: 0,
    playhead: 0,
    playing: false,
    speed: 1,
    selectedNode: null,
    selectedMessage: null,
    counterpart: true,
    lang: pickLang(read(LANG_KEY), opts.navigatorLangs ?? []),
    theme: storedTheme === 'light' || storedTheme === 'dark' ? storedTheme : 'system',
    logFilter: { system: 'all', node: 'all', cat: 'all' },

    setScenario: (scenario) =>
      set((s) => ({ scenario, runId: s.runId + 1, playhead: 0, selectedNode: null, selectedMessage: null })),
    recordFork: (scenario) => set({ scenario }),
    play: () => {
      const s = get();
      // Playing from the end starts over, as a media player does.
      if (s.playhead >= s.scenario.durationMs) set({ playhead: 0 });
      set({ playing: true });
    },
    pause: () => set({ playing: false }),
    togglePlay: () => (get().playing ? get().pause() : get().play()),
    seek: (t) => set((s) => ({ playhead: Math.max(0, Math.min(s.scenario.durationMs, t)) })),
    setSpeed: (x) => set({ speed: clampSpeed(x) }),
    faster: () => set((s) => ({ speed: nextSpeed(s.speed, 1) })),
    slower: () => set((s) => ({ speed: nextSpeed(s.speed, -1) })),
    selectNode: (selectedNode) => set({ selectedNode }),
    selectMessage: (selectedMessage) => set({ selectedMessage }),
    setCounterpart: (counterpart) => set({ counterpart }),
    setLang: (lang) => {
      write(LANG_KEY, lang);
      set({ lang });
    },
    setTheme: (theme) => {
      write(THEME_KEY, theme);
      set({ theme });
    },
    setLogFilter: (f) => set((s) => ({ logFilter: { ...s.logFilter, ...f } })),
  }));
}

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
import { NO_EMBED, type EmbedOptions } from './share/launch';
import type { Notice } from './share/open';

export type Theme = 'light' | 'dark' | 'system';
/** 'events' (the default) is everything but metrics: those are periodic samples that would fill the list. */
export type LogCat = 'events' | 'all' | 'fault' | 'election' | 'isr' | 'route' | 'rebalance' | 'loss' | 'error' | 'status' | 'metric' | 'info';

export interface NodeSelection {
  system: SystemName;
  node: string;
}

export interface LogFilter {
  system: SystemName | 'all';
  node: string;
  cat: LogCat;
}

/** The application messages one wire message (or one aggregated dot) carried, in one system. */
export interface MessageGroup {
  system: SystemName;
  ids: readonly number[];
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
  /** The messages one clicked dot carried (two or more), so the journey can offer the others. */
  selectedGroup: MessageGroup | null;
  counterpart: boolean;
  lang: Lang;
  theme: Theme;
  logFilter: LogFilter;
  /** A scenario from a link, file or the last visit could not be opened: what was wrong. */
  notice: Notice | null;
  /** How the page was asked to show itself (`?embed=1&system=kafka…`); fixed for the page's life. */
  embed: EmbedOptions;
  galleryOpen: boolean;
  walkthrough: WalkthroughState;
}

/** The guided walkthrough over the scenario's notes, keyed by the note's index in `scenario.notes`. */
export interface WalkthroughState {
  /** Playing stops at every note with `pause: true`. */
  on: boolean;
  /** The learner's prediction for each note that asks. */
  picks: Record<number, number>;
  /** Answers revealed by Next before the run moved on. */
  revealed: Record<number, boolean>;
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
  /**
   * Shows message `id`'s journey. With `group` (what a clicked dot carried) the journey offers its
   * other messages; without, a group that holds `id` stays, any other is dropped.
   */
  selectMessage(id: number | null, group?: MessageGroup): void;
  setCounterpart(on: boolean): void;
  setLang(lang: Lang): void;
  setTheme(theme: Theme): void;
  setLogFilter(f: Partial<LogFilter>): void;
  setNotice(n: Notice | null): void;
  setGalleryOpen(open: boolean): void;
  setWalkthroughOn(on: boolean): void;
  pickAnswer(note: number, choice: number): void;
  revealAnswer(note: number): void;
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
  /** From the page address: embed view, autoplay, `lang` (applies without being remembered), `t`. */
  embed?: EmbedOptions;
  notice?: Notice | null;
}

const NO_WALK: WalkthroughState = { on: true, picks: {}, revealed: {} };

/**
 * The scenario the app opens with: the real defaults of both systems, except one setting a teacher
 * would set. Kafka's real auto.offset.reset=latest makes a new group skip what was produced before
 * its first join (about 3 s, group.initial.rebalance.delay.ms), which would show as 30 messages
 * pending for ever and hide every other lesson; RocketMQ's new groups start at the queue's
 * beginning. So the starter reads from the earliest offset, and says so in its scenario.
 */
export function defaultScenario(): Scenario {
  return restoreScenario({ version: 1, kafka: { autoOffsetReset: 'earliest' } });
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
  const embed = opts.embed ?? NO_EMBED;
  const scenario = opts.scenario ?? defaultScenario();
  return createStore<AppState & AppActions>()((set, get) => ({
    scenario,
    runId: 0,
    playhead: Math.max(0, Math.min(scenario.durationMs, embed.atMs ?? 0)),
    playing: embed.autoplay,
    speed: 1,
    selectedNode: null,
    selectedMessage: null,
    selectedGroup: null,
    counterpart: true,
    lang: embed.lang ?? pickLang(read(LANG_KEY), opts.navigatorLangs ?? []),
    theme: storedTheme === 'light' || storedTheme === 'dark' ? storedTheme : 'system',
    logFilter: { system: 'all', node: 'all', cat: 'events' },
    notice: opts.notice ?? null,
    embed,
    galleryOpen: false,
    walkthrough: NO_WALK,

    setScenario: (scenario) =>
      set((s) => ({
        scenario, runId: s.runId + 1, playhead: 0, selectedNode: null, selectedMessage: null, selectedGroup: null,
        walkthrough: { ...NO_WALK, on: s.walkthrough.on },
      })),
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
    selectMessage: (selectedMessage, group) =>
      set((s) => ({
        selectedMessage,
        selectedGroup: group && group.ids.length > 1 ? group
          : selectedMessage !== null && s.selectedGroup?.ids.includes(selectedMessage) ? s.selectedGroup : null,
      })),
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
    setNotice: (notice) => set({ notice }),
    setGalleryOpen: (galleryOpen) => set({ galleryOpen }),
    setWalkthroughOn: (on) => set((s) => ({ walkthrough: { ...s.walkthrough, on } })),
    pickAnswer: (note, choice) =>
      set((s) => ({ walkthrough: { ...s.walkthrough, picks: { ...s.walkthrough.picks, [note]: choice } } })),
    revealAnswer: (note) =>
      set((s) => ({ walkthrough: { ...s.walkthrough, revealed: { ...s.walkthrough.revealed, [note]: true } } })),
  }));
}

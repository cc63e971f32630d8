/**
 * Where the scenario comes from when the page opens, and afterwards: a share link or library id in
 * the fragment wins; otherwise the scenario remembered from the last visit; otherwise the default.
 * A fragment the learner pastes later (hashchange) is followed the same way. A link that cannot be
 * opened gives the default scenario and a notice; a damaged remembered value is ignored, with a
 * notice, never a crash.
 */
import type { Scenario } from '../../sim/scenario/defaults';
import { minimizeScenario } from '../../sim/scenario/minimize';
import { defaultScenario, type AppStore, type PrefStorage } from '../store';
import { parseFragment, parseLaunchParams, type EmbedOptions } from './launch';
import { openLibrary, openLink, openStoredText, type Notice, type Opened } from './open';
import { shareUrl } from './files';

export const LAST_SCENARIO_KEY = 'brokerscope.lastScenario';

export interface Launch {
  scenario: Scenario;
  notice: Notice | null;
  embed: EmbedOptions;
  /** A built-in scenario still to be loaded (the library is fetched on demand). */
  libraryId: string | null;
  gallery: boolean;
}

function readStored(storage: PrefStorage | null): string | null {
  try {
    return storage?.getItem(LAST_SCENARIO_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The scenario and options to create the store with, from the address and the stored value. */
export function initialLaunch(loc: { search: string; hash: string }, storage: PrefStorage | null): Launch {
  const embed = parseLaunchParams(loc.search);
  const frag = parseFragment(loc.hash);
  const launch: Launch = { scenario: defaultScenario(), notice: null, embed, libraryId: null, gallery: frag.kind === 'gallery' };
  if (frag.kind === 'link') {
    const opened = openLink(frag.text);
    if (opened.ok) launch.scenario = opened.scenario;
    else launch.notice = opened.notice;
    return launch;
  }
  if (frag.kind === 'library') {
    launch.libraryId = frag.id;
    return launch;
  }
  // An embedded view shows what its address says and nothing from this browser's last visit.
  const stored = embed.embed ? null : readStored(storage);
  if (stored !== null) {
    const opened = openStoredText(stored);
    if (opened.ok) launch.scenario = opened.scenario;
    else launch.notice = opened.notice;
  }
  return launch;
}

/** Remembers every new scenario (settings, faults, links, files) as its minimal JSON. */
export function rememberScenario(store: AppStore, storage: PrefStorage | null): () => void {
  return store.subscribe((s, prev) => {
    if (s.scenario === prev.scenario || s.embed.embed) return;
    try {
      storage?.setItem(LAST_SCENARIO_KEY, JSON.stringify(minimizeScenario(s.scenario)));
    } catch {
      // A full quota or private mode: the scenario just is not remembered.
    }
  });
}

/** True while a scenario from the address, a file or the library is being put in the store. */
let opening = false;

/** Puts an opened scenario in the store, or the default with the notice saying why. */
export function applyOpened(store: AppStore, opened: Opened): void {
  const st = store.getState();
  opening = true;
  try {
    if (opened.ok) {
      st.setScenario(opened.scenario);
      st.setNotice(null);
    } else {
      st.setScenario(defaultScenario());
      st.setNotice(opened.notice);
    }
  } finally {
    opening = false;
  }
}

/**
 * Once the learner changes the scenario (a setting, a fault), a `#s=` or `#lib=` fragment in the
 * address no longer describes the run; it is replaced by the link of what they see (replaceState:
 * no reload, no hashchange), so a reload reopens it. Scenarios opened from the address itself
 * leave the fragment as it was given; an embed never rewrites its address.
 */
export function keepAddressCurrent(store: AppStore, win: Window): () => void {
  return store.subscribe((s, prev) => {
    if (s.scenario === prev.scenario || opening || s.embed.embed) return;
    const kind = parseFragment(win.location.hash).kind;
    if (kind !== 'link' && kind !== 'library') return;
    const { origin, pathname, search } = win.location;
    win.history.replaceState(win.history.state, '', shareUrl(s.scenario, { origin, pathname, search }));
  });
}

/** Opens a built-in scenario, then applies the address's `t` and `autoplay` to it. */
export async function openLibraryInto(store: AppStore, id: string): Promise<void> {
  applyOpened(store, await openLibrary(id));
  const { embed, seek, play } = store.getState();
  if (embed.atMs !== null) seek(embed.atMs);
  if (embed.autoplay) play();
}

/** Follows the fragment: now for a pending library id or gallery, and on every later change. */
export function followLocation(store: AppStore, launch: Launch, win: Window): () => void {
  if (launch.libraryId !== null) void openLibraryInto(store, launch.libraryId);
  if (launch.gallery && !launch.embed.embed) store.getState().setGalleryOpen(true);
  const onHash = () => {
    const frag = parseFragment(win.location.hash);
    if (frag.kind === 'link') applyOpened(store, openLink(frag.text));
    else if (frag.kind === 'library') void openLibraryInto(store, frag.id);
    else if (frag.kind === 'gallery' && !store.getState().embed.embed) store.getState().setGalleryOpen(true);
  };
  win.addEventListener('hashchange', onHash);
  return () => win.removeEventListener('hashchange', onHash);
}

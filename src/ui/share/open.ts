/**
 * Turning outside input into a scenario or a notice that says what was wrong. Every path goes
 * through the engine's one door (decodeScenarioLink / restoreScenario / restoreScenarioText), and
 * nothing thrown escapes: a bad link, file or remembered value becomes a Notice for the banner.
 */
import type { Scenario } from '../../sim/scenario/defaults';
import { decodeScenarioLink } from '../../sim/scenario/link';
import { restoreScenario, restoreScenarioText } from '../../sim/scenario/restore';
import { ScenarioError, type ScenarioErrorKind } from '../../sim/scenario/errors';

export type NoticeSource = 'link' | 'file' | 'stored' | 'library';

/** What went wrong, as data; the banner translates the headline and shows `problems` as text. */
export interface Notice {
  source: NoticeSource;
  kind: ScenarioErrorKind;
  problems: string[];
  /** The library id that was asked for (source 'library'). */
  id?: string;
}

export type Opened = { ok: true; scenario: Scenario } | { ok: false; notice: Notice };

function attempt(source: NoticeSource, load: () => Scenario): Opened {
  try {
    return { ok: true, scenario: load() };
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, notice: { source, kind: e.kind, problems: e.problems } };
    return { ok: false, notice: { source, kind: 'malformed', problems: [String((e as Error)?.message ?? e)] } };
  }
}

export function openLink(text: string): Opened {
  return attempt('link', () => decodeScenarioLink(text));
}

export function openFileText(text: string): Opened {
  return attempt('file', () => restoreScenarioText(text));
}

export function openStoredText(text: string): Opened {
  return attempt('stored', () => restoreScenarioText(text));
}

/** A built-in scenario by id. The library is loaded on demand so it stays out of the initial JS. */
export async function openLibrary(id: string): Promise<Opened> {
  const { libraryEntry } = await import('../../scenarios');
  const entry = libraryEntry(id);
  if (!entry) return { ok: false, notice: { source: 'library', kind: 'invalid', id, problems: [`lib: no built-in scenario is called "${id.slice(0, 80)}"`] } };
  const opened = attempt('library', () => restoreScenario(entry.scenario));
  if (!opened.ok) opened.notice.id = id;
  return opened;
}

/**
 * Share URL and file export: the minimal scenario (only what differs from the defaults), as a
 * link fragment or as JSON. Browser-only helpers live here so the components stay small.
 */
import type { Scenario } from '../../sim/scenario/defaults';
import { encodeScenarioLink } from '../../sim/scenario/link';
import { minimizeScenario } from '../../sim/scenario/minimize';

/** The page address with the scenario in the fragment, keeping the query (embed options). */
export function shareUrl(scenario: Scenario, loc: { origin: string; pathname: string; search: string }): string {
  return `${loc.origin}${loc.pathname}${loc.search}#${encodeScenarioLink(scenario)}`;
}

export function scenarioJson(scenario: Scenario): string {
  return `${JSON.stringify(minimizeScenario(scenario), null, 2)}\n`;
}

/** A file name from the scenario's English title, or a plain one. */
export function exportFileName(scenario: Scenario): string {
  const title = typeof scenario.title === 'string' ? scenario.title : scenario.title?.en;
  const slug = (title ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48);
  return `${slug || 'brokerscope-scenario'}.json`;
}

export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Copies with the async clipboard; false when the browser refuses (no permission, no https). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The one line an embedded view shows instead of the header: the scenario's title and a link
 * that opens the same scenario in the full app (in a new tab, outside the iframe).
 */
import { useMemo } from 'react';
import { encodeScenarioLink } from '../../sim/scenario/link';
import { useApp, useT } from '../context';
import { localText } from './launch';

export function EmbedBar() {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const scenario = useApp((s) => s.scenario);
  const href = useMemo(() => `${window.location.pathname}#${encodeScenarioLink(scenario)}`, [scenario]);
  return (
    <header className="embed-bar" aria-label={t('embed.label')}>
      <strong>{t('app.title')}</strong>
      <span className="muted">{localText(scenario.title, lang)}</span>
      <a href={href} target="_blank" rel="noopener noreferrer" data-action="open-full">{t('share.openFull')}</a>
    </header>
  );
}

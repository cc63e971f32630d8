import { useState } from 'react';
import { useApp, useT } from './context';
import { LANGS, type Lang } from '../i18n';
import type { Theme } from './store';
import { RecordButton } from './record/RecordButton';
import { ShareControls } from './share/ShareControls';

const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '简体中文' };

/**
 * Title, language switch (remembered), theme switch, recording and sharing. Language names are
 * shown in their own language. On a narrow screen the controls fold behind one Menu button and
 * open as a block under the title, so no label is broken over two lines.
 */
export function Header() {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const setLang = useApp((s) => s.setLang);
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <header className="app-header">
      <a className="skip" href="#timeline">{t('app.skip')}</a>
      <h1>{t('app.title')}</h1>
      <p className="tagline">{t('app.tagline')}</p>
      <button type="button" className="menu-toggle" data-action="menu" aria-expanded={menuOpen} aria-controls="header-controls"
        onClick={() => setMenuOpen((o) => !o)}>
        {t('app.menu')} <span aria-hidden="true">{menuOpen ? '▴' : '▾'}</span>
      </button>
      <div id="header-controls" className={menuOpen ? 'header-controls open' : 'header-controls'}
        onKeyDown={(e) => { if (e.key === 'Escape' && menuOpen) { e.stopPropagation(); setMenuOpen(false); } }}>
        <RecordButton />
        <label>
          <span>{t('app.language')}</span>
          <select value={lang} data-control="language" onChange={(e) => setLang(e.target.value as Lang)}>
            {LANGS.map((l) => <option key={l} value={l} lang={l}>{LANG_NAMES[l]}</option>)}
          </select>
        </label>
        <label>
          <span>{t('app.theme')}</span>
          <select value={theme} data-control="theme" onChange={(e) => setTheme(e.target.value as Theme)}>
            <option value="system">{t('app.theme.system')}</option>
            <option value="light">{t('app.theme.light')}</option>
            <option value="dark">{t('app.theme.dark')}</option>
          </select>
        </label>
        <ShareControls />
      </div>
    </header>
  );
}

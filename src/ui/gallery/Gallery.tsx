/**
 * The library gallery: the built-in scenarios grouped by topic, each with its title, the
 * question it answers, its tags and a sketch. The library is loaded when the gallery first opens,
 * so it stays out of the initial JavaScript. Opening a card puts `#lib=<id>` in the address (a
 * link a teacher can copy) and loads the scenario; Escape or Close returns to the app.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Scenario } from '../../sim/scenario/defaults';
import { restoreScenario } from '../../sim/scenario/restore';
import { useApp, useAppStore, useT } from '../context';
import { localText } from '../share/launch';
import { openLibraryInto } from '../share/boot';
import { TOPICS, topicOf, type Topic } from './topics';
import { Thumbnail } from './Thumbnail';
import './gallery.css';

interface Card {
  id: string;
  scenario: Scenario;
}

function useLibrary(): Card[] | null {
  const [cards, setCards] = useState<Card[] | null>(null);
  useEffect(() => {
    let live = true;
    void import('../../scenarios').then(({ LIBRARY }) => {
      const out: Card[] = [];
      for (const e of LIBRARY) {
        try {
          out.push({ id: e.id, scenario: restoreScenario(e.scenario) });
        } catch {
          // A broken built-in is caught by the library tests; the gallery just leaves it out.
        }
      }
      if (live) setCards(out);
    });
    return () => {
      live = false;
    };
  }, []);
  return cards;
}

export function Gallery() {
  const open = useApp((s) => s.galleryOpen);
  return open ? <GalleryDialog /> : null;
}

function GalleryDialog() {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const setOpen = useApp((s) => s.setGalleryOpen);
  const store = useAppStore();
  const cards = useLibrary();
  const ref = useRef<HTMLDivElement>(null);
  const groups = useMemo(() => {
    const by = new Map<Topic, Card[]>(TOPICS.map((tp) => [tp, []]));
    for (const c of cards ?? []) by.get(topicOf(c.scenario.tags))!.push(c);
    return [...by].filter(([, list]) => list.length > 0);
  }, [cards]);

  useEffect(() => {
    // Focus moves into the dialog and, when it closes, back to where it was (the Library button).
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, [setOpen]);

  /**
   * A modal keeps the keyboard: Tab cycles inside the dialog, and the app's shortcuts (Space plays,
   * arrows step, +/- speed) stay out while it is open; Escape still reaches the listener above.
   */
  const trapKeys = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') return;
    e.stopPropagation();
    if (e.key !== 'Tab') return;
    const focusable = [...e.currentTarget.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex="0"]')];
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === e.currentTarget)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const openCard = (id: string) => {
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#lib=${encodeURIComponent(id)}`);
    setOpen(false);
    void openLibraryInto(store, id);
  };

  return (
    <div className="gallery-backdrop" onClick={(e) => e.target === e.currentTarget && setOpen(false)}>
      <div className="gallery" role="dialog" aria-modal="true" aria-labelledby="gallery-title" tabIndex={-1} ref={ref} data-gallery
        onKeyDown={trapKeys}>
        <header className="gallery-head">
          <h2 id="gallery-title">{t('gallery.title')}</h2>
          <p className="muted">{t('gallery.intro')}</p>
          <button type="button" onClick={() => setOpen(false)} data-action="close-gallery">{t('gallery.close')}</button>
        </header>
        {cards === null ? <p>{t('gallery.loading')}</p> : null}
        {groups.map(([topic, list]) => (
          <section key={topic} className="gallery-topic" aria-labelledby={`topic-${topic}`} data-topic={topic}>
            <h3 id={`topic-${topic}`}>{t(`gallery.topic.${topic}`)}</h3>
            <ul className="gallery-cards">
              {list.map((c) => (
                <li key={c.id}>
                  <a className="gallery-card" href={`#lib=${encodeURIComponent(c.id)}`} data-library={c.id}
                    onClick={(e) => { e.preventDefault(); openCard(c.id); }}>
                    <Thumbnail scenario={c.scenario} t={t} />
                    <strong className="card-title">{localText(c.scenario.title, lang) || c.id}</strong>
                    <span className="card-question">{localText(c.scenario.question, lang)}</span>
                    <span className="card-tags">{c.scenario.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

/**
 * The app: header, the two system panels side by side (stacked on narrow screens) each with its
 * scoreboard, the timeline, the fault menu of the selected node, the event log, the message
 * journey and the settings. The root carries the browser tests' contract: data-sim-time,
 * data-scenario and, at the end of the run, data-trace-hash-kafka / data-trace-hash-rocketmq.
 */
import { useEffect, useRef } from 'react';
import { useApp, useAppStore, useEngine } from './context';
import { Header } from './Header';
import { SystemPanel } from './panels/SystemPanel';
import { Scoreboard } from './panels/Scoreboard';
import { TimelineBar, stepBack, stepForward } from './controls/TimelineBar';
import { EventLog } from './controls/EventLog';
import { FaultMenu } from './controls/FaultMenu';
import { Journey } from './controls/Journey';
import { Settings } from './controls/Settings';
import { usePrefersDark } from './hooks';
import { SYSTEMS } from '../sim/scenario/topology';
import { NoticeBanner } from './share/NoticeBanner';
import { EmbedBar } from './share/EmbedBar';
import { WalkthroughBar } from './walkthrough/WalkthroughBar';
import { Gallery } from './gallery/Gallery';

export function App() {
  const rootRef = useRef<HTMLDivElement>(null);
  const engine = useEngine();
  const store = useAppStore();
  const scenario = useApp((s) => s.scenario);
  const lang = useApp((s) => s.lang);
  const theme = useApp((s) => s.theme);
  const embed = useApp((s) => s.embed);
  // `?system=kafka` shows one side; both runs still go on, so the contract attributes stay.
  const shown = embed.system ? [embed.system] : SYSTEMS;
  const prefersDark = usePrefersDark();
  const dark = theme === 'dark' || (theme === 'system' && prefersDark);

  // Per-frame contract attributes are written straight to the root, not through React renders.
  useEffect(() => {
    const write = () => {
      const root = rootRef.current;
      if (!root) return;
      root.setAttribute('data-sim-time', String(engine.now));
      for (const system of SYSTEMS) {
        const r = engine.runners[system];
        const attr = `data-trace-hash-${system}`;
        const hash = r.atEnd() ? r.traceHash() : null;
        if (hash) root.setAttribute(attr, hash);
        else root.removeAttribute(attr);
      }
    };
    write();
    return engine.subscribe(write);
  }, [engine]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target as HTMLElement | null;
      const tag = el?.tagName ?? '';
      const typing = tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || el?.isContentEditable;
      const s = store.getState();
      if (e.key === ' ' && !typing && tag !== 'BUTTON' && el?.getAttribute('role') !== 'button') {
        e.preventDefault();
        s.togglePlay();
      } else if (typing) {
        return;
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        stepForward(store, engine);
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        stepBack(store, engine);
      } else if (e.key === '+' || e.key === '=') s.faster();
      else if (e.key === '-' || e.key === '_') s.slower();
      else if (e.key === 'Escape') s.selectNode(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, engine]);

  return (
    <div ref={rootRef} className={`app ${dark ? 'theme-dark' : 'theme-light'}${embed.embed ? ' embed' : ''}`} data-app="brokerscope"
      data-scenario={JSON.stringify(scenario)} data-theme={dark ? 'dark' : 'light'} data-embed={embed.embed ? '1' : undefined}>
      {embed.embed ? <EmbedBar /> : <Header />}
      <main>
        <NoticeBanner />
        <WalkthroughBar />
        <div className={`panels${shown.length === 1 ? ' single' : ''}`}>
          {shown.map((system) => (
            <div className="system-column" key={system}>
              <SystemPanel system={system} />
              <ScoreboardFor system={system} />
            </div>
          ))}
        </div>
        <TimelineBar />
        {embed.embed ? null : (
          <>
            <FaultMenu />
            <div className="lower">
              <EventLog />
              <Journey />
            </div>
            <Settings />
          </>
        )}
      </main>
      {embed.embed ? null : <Gallery />}
    </div>
  );
}

/** The scoreboard sits under its panel but inside the same data-system scope for the tests. */
function ScoreboardFor({ system }: { system: (typeof SYSTEMS)[number] }) {
  return (
    <div data-system={system} data-scoreboard={system}>
      <Scoreboard system={system} />
    </div>
  );
}

/**
 * The timeline: play/pause, step, jump to start or end, speed on a log scale, and a scrubber with
 * markers for the scenario's faults and the notable events the runs have logged so far. Dragging
 * the scrubber back rewinds (checkpoint + exact replay in the engine).
 */
import { useMemo } from 'react';
import { useApp, useAppStore, useEngine, useEngineTick, useT } from '../context';
import { formatTime } from '../format';
import { formatSpeed, sliderFromSpeed, speedFromSlider, SPEED_MAX, SPEED_MIN } from '../speed';
import { collectMarkers, type Marker } from './markers';
import type { T } from '../../i18n';
import { IconBack, IconEnd, IconPause, IconPlay, IconStart, IconStep } from './icons';

export function stepForward(store: ReturnType<typeof useAppStore>, engine: ReturnType<typeof useEngine>): void {
  store.getState().pause();
  const next = engine.nextEventAt();
  const now = engine.now;
  store.getState().seek(next === null ? store.getState().scenario.durationMs : Math.max(next, now + 1));
}

/** Back to the previous engine event of either run (found by replaying from a checkpoint). */
export function stepBack(store: ReturnType<typeof useAppStore>, engine: ReturnType<typeof useEngine>): void {
  store.getState().pause();
  const prev = engine.previousEventAt();
  // The search left the runs at earlier times; the new playhead (always earlier) seeks both.
  store.getState().seek(prev ?? 0);
}

export function TimelineBar() {
  const t = useT();
  const store = useAppStore();
  const engine = useEngine();
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const duration = useApp((s) => s.scenario.durationMs);
  const st = store.getState();
  return (
    <section className="timeline" id="timeline" aria-label={t('timeline.title')}>
      <div className="transport">
        <button type="button" onClick={() => { st.pause(); st.seek(0); }} aria-label={t('timeline.restart')} title={t('timeline.restart')}><IconStart /></button>
        <button type="button" onClick={() => stepBack(store, engine)} aria-label={t('timeline.back')} title={t('timeline.back')}><IconBack /></button>
        <button type="button" className="play" data-action="play" onClick={() => st.togglePlay()} aria-pressed={playing}
          aria-label={playing ? t('timeline.pause') : t('timeline.play')} title={playing ? t('timeline.pause') : t('timeline.play')}>
          {playing ? <IconPause /> : <IconPlay />}
        </button>
        <button type="button" onClick={() => stepForward(store, engine)} aria-label={t('timeline.step')} title={t('timeline.step')}><IconStep /></button>
        <button type="button" data-action="end" onClick={() => { st.pause(); st.seek(duration); }} aria-label={t('timeline.end')} title={t('timeline.end')}><IconEnd /></button>
        <label className="speed">
          <span>{t('timeline.speed')}</span>
          <input type="range" min={Math.log10(SPEED_MIN)} max={Math.log10(SPEED_MAX)} step={0.01} value={sliderFromSpeed(speed)}
            aria-valuetext={t('timeline.speedValue', { speed: formatSpeed(speed) })} data-control="speed"
            onChange={(e) => st.setSpeed(speedFromSlider(Number(e.target.value)))} />
          <output>{t('timeline.speedValue', { speed: formatSpeed(speed) })}</output>
        </label>
        <Clock t={t} duration={duration} />
      </div>
      <Scrubber t={t} duration={duration} />
      <p className="keys muted">{t('timeline.keys')}</p>
    </section>
  );
}

function Clock({ t, duration }: { t: T; duration: number }) {
  const playhead = useApp((s) => s.playhead);
  const engine = useEngine();
  useEngineTick(200);
  // After a far jump the runs catch up over a few frames (engine.ts): say how far they have got.
  const computing = engine.catchingUp ? (
    <span className="computing" data-computing={engine.now} role="status">{t('timeline.computing', { time: formatTime(engine.now) })}</span>
  ) : null;
  return (
    <>
      {computing}
      <span className="clock" aria-live="off">{t('timeline.time', { time: formatTime(playhead), duration: formatTime(duration) })}</span>
    </>
  );
}

function Scrubber({ t, duration }: { t: T; duration: number }) {
  const playhead = useApp((s) => s.playhead);
  const seek = useApp((s) => s.seek);
  const faults = useApp((s) => s.scenario.faults);
  const engine = useEngine();
  const tick = useEngineTick(1000);
  const markers = useMemo(() => collectMarkers(engine, faults), [engine, faults, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="scrubber">
      <input type="range" min={0} max={duration} step={1} value={Math.floor(playhead)} data-control="scrubber"
        aria-label={t('timeline.scrubber')} aria-valuetext={formatTime(playhead)}
        onChange={(e) => seek(Number(e.target.value))} />
      <div className="markers" aria-label={t('timeline.markers')}>
        {markers.map((m, i) => (
          <MarkerTick key={i} m={m} duration={duration} onSeek={seek} />
        ))}
      </div>
    </div>
  );
}

function MarkerTick({ m, duration, onSeek }: { m: Marker; duration: number; onSeek: (t: number) => void }) {
  const left = `${(100 * m.at) / Math.max(1, duration)}%`;
  return (
    <button type="button" className={`marker-tick cat-${m.cat} sys-${m.system}`} style={{ left }} tabIndex={-1}
      title={`${formatTime(m.at)} ${m.system} ${m.label}`} aria-label={`${formatTime(m.at)} ${m.system} ${m.label}`}
      onClick={() => onSeek(m.at)} />
  );
}

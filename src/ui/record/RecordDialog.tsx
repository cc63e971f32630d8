/**
 * The Record dialog: range, speed, size, format and caption language; Start renders the frames
 * from simulated time (the exporter is loaded only now), with a progress bar and Cancel, and
 * ends in a download. The app keeps playing meanwhile: the recorder runs its own engine.
 */
import { useEffect, useRef, useState } from 'react';
import { useApp, useT } from '../context';
import { LANGS, type Lang } from '../../i18n';
import { usePrefersDark } from '../hooks';
import {
  FRAMES_MAX, GIF_MAX_VIDEO_MS, PRESET_SIZES, SPEED_MAX, SPEED_MIN, frameCount, videoMs,
  type RecordFormat, type RecordRequest,
} from './options';

const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '简体中文' };

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; frame: number; frames: number }
  | { kind: 'done'; url: string; name: string; bytes: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export function RecordDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const scenario = useApp((s) => s.scenario);
  const appLang = useApp((s) => s.lang);
  const theme = useApp((s) => s.theme);
  const prefersDark = usePrefersDark();
  const durationS = scenario.durationMs / 1000;
  const [fromS, setFromS] = useState(0);
  const [toS, setToS] = useState(durationS);
  const [speed, setSpeed] = useState(Math.min(SPEED_MAX, Math.max(1, Math.round(durationS / 30))));
  const [size, setSize] = useState<keyof typeof PRESET_SIZES>('720p');
  const [format, setFormat] = useState<RecordFormat>('webm');
  const [lang, setLang] = useState<Lang>(appLang);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const abortRef = useRef<AbortController | null>(null);

  // Closing the dialog cancels a recording in progress and frees a finished file's URL.
  useEffect(() => () => abortRef.current?.abort(), []);
  useEffect(() => () => (phase.kind === 'done' ? URL.revokeObjectURL(phase.url) : undefined), [phase]);

  const request: RecordRequest = {
    format, fromMs: Math.round(fromS * 1000), toMs: Math.round(toS * 1000), speed,
    ...PRESET_SIZES[size], lang, theme: theme === 'dark' || (theme === 'system' && prefersDark) ? 'dark' : 'light',
  };
  const problem = problemOf(request, scenario.durationMs, t);
  const running = phase.kind === 'running';

  const start = async () => {
    const abort = new AbortController();
    abortRef.current = abort;
    setPhase({ kind: 'running', frame: 0, frames: frameCount(request) });
    try {
      const { recordScenario, RecordCancelled } = await import('./exporter');
      try {
        const result = await recordScenario(scenario, request, {
          signal: abort.signal, onProgress: (p) => setPhase({ kind: 'running', ...p }),
        });
        const name = `brokerscope-${request.fromMs}-${request.toMs}.${format}`;
        const url = URL.createObjectURL(result.blob);
        setPhase({ kind: 'done', url, name, bytes: result.blob.size });
        download(url, name);
      } catch (e) {
        if (e instanceof RecordCancelled) setPhase({ kind: 'cancelled' });
        else throw e;
      }
    } catch (e) {
      setPhase({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    } finally {
      abortRef.current = null;
    }
  };

  return (
    <div className="record-dialog" role="dialog" aria-labelledby="record-title" data-record-dialog="">
      <header>
        <h2 id="record-title">{t('record.title')}</h2>
        <button type="button" onClick={onClose} aria-label={t('record.close')} data-action="record-close">×</button>
      </header>
      <fieldset disabled={running} className="record-fields">
        <label>{t('record.from')}<input type="number" min={0} max={durationS} step={0.1} value={fromS} data-control="record-from"
          onChange={(e) => setFromS(Number(e.target.value))} /></label>
        <label>{t('record.to')}<input type="number" min={0} max={durationS} step={0.1} value={toS} data-control="record-to"
          onChange={(e) => setToS(Number(e.target.value))} /></label>
        <label>{t('record.speed')}<input type="number" min={SPEED_MIN} max={SPEED_MAX} step="any" value={speed} data-control="record-speed"
          onChange={(e) => setSpeed(Number(e.target.value))} /></label>
        <label>{t('record.size')}<select value={size} data-control="record-size" onChange={(e) => setSize(e.target.value as keyof typeof PRESET_SIZES)}>
          {Object.keys(PRESET_SIZES).map((k) => <option key={k} value={k}>{k}</option>)}
        </select></label>
        <label>{t('record.format')}<select value={format} data-control="record-format" onChange={(e) => setFormat(e.target.value as RecordFormat)}>
          <option value="webm">{t('record.formatWebm')}</option>
          <option value="gif">{t('record.formatGif')}</option>
        </select></label>
        <label>{t('record.captions')}<select value={lang} data-control="record-lang" onChange={(e) => setLang(e.target.value as Lang)}>
          {LANGS.map((l) => <option key={l} value={l} lang={l}>{LANG_NAMES[l]}</option>)}
        </select></label>
      </fieldset>
      <p className="muted small">
        {problem ?? t('record.videoLength', { seconds: (videoMs(request) / 1000).toFixed(1), frames: frameCount(request) })}
      </p>
      <div className="record-actions">
        {running ? (
          <button type="button" onClick={() => abortRef.current?.abort()} data-action="record-cancel">{t('record.cancel')}</button>
        ) : (
          <button type="button" className="primary" disabled={problem !== null} onClick={start} data-action="record-start">{t('record.start')}</button>
        )}
      </div>
      <Status phase={phase} t={t} />
    </div>
  );
}

function Status({ phase, t }: { phase: Phase; t: ReturnType<typeof useT> }) {
  switch (phase.kind) {
    case 'running':
      return (
        <div className="record-progress" aria-live="polite">
          <progress max={phase.frames} value={phase.frame} data-record-progress="" />
          <span>{t('record.progress', { frame: phase.frame, frames: phase.frames })}</span>
        </div>
      );
    case 'done':
      return (
        <p aria-live="polite" data-record-done="">
          {t('record.done', { size: (phase.bytes / 1e6).toFixed(2) })}{' '}
          <a href={phase.url} download={phase.name}>{t('record.download', { name: phase.name })}</a>
        </p>
      );
    case 'cancelled':
      return <p aria-live="polite">{t('record.cancelled')}</p>;
    case 'failed':
      return <p role="alert">{t('record.failed', { message: phase.message })}</p>;
    default:
      return null;
  }
}

/** The first thing wrong with the request, translated, or null. */
function problemOf(r: RecordRequest, durationMs: number, t: ReturnType<typeof useT>): string | null {
  if (!(r.fromMs >= 0 && r.toMs <= durationMs && r.fromMs < r.toMs)) return t('record.badRange', { duration: durationMs / 1000 });
  if (!(r.speed >= SPEED_MIN && r.speed <= SPEED_MAX)) return t('record.badSpeed');
  if (frameCount(r) > FRAMES_MAX) return t('record.tooManyFrames');
  if (r.format === 'gif' && videoMs(r) > GIF_MAX_VIDEO_MS) return t('record.gifTooLong');
  return null;
}

function download(url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
}

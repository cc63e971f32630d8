/**
 * The guided walkthrough over the scenario's notes: the scenario's title and question, the step
 * counter with Back and Next, the caption of a note that names no node (a note on a node is
 * drawn next to it in its panel, see NodeCaption), and predict-then-reveal for a note that asks.
 * Every text comes from the note in the chosen language, rendered as text.
 */
import type { ReactNode } from 'react';
import { useApp, useAppStore, useT } from '../context';
import { localText } from '../share/launch';
import type { Lang, T } from '../../i18n';
import type { Step } from './steps';
import { nextStepTime, prevStepTime } from './steps';
import { useWalkNow, walkBack, walkNext } from './useWalk';
import './walkthrough.css';

export function WalkthroughBar() {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const title = useApp((s) => s.scenario.title);
  const question = useApp((s) => s.scenario.question);
  const shownSystem = useApp((s) => s.embed.system);
  const on = useApp((s) => s.walkthrough.on);
  const setOn = useApp((s) => s.setWalkthroughOn);
  const { steps, pos, current, beyond } = useWalkNow();
  if (title === undefined && question === undefined && steps.length === 0) return null;
  const anchored = current !== null && isAnchored(current, shownSystem);
  return (
    <section className="walkthrough" aria-label={t('walk.title')} data-walkthrough>
      {title !== undefined ? <h2 className="walk-title" data-scenario-title>{localText(title, lang)}</h2> : null}
      {question !== undefined ? <p className="walk-question">{localText(question, lang)}</p> : null}
      {steps.length > 0 ? (
        <>
          <WalkNav t={t} steps={steps} pos={pos} beyond={beyond}>
            <label className="walk-toggle">
              <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} data-control="walk-pause" />
              <span>{t('walk.pauseAtNotes')}</span>
            </label>
          </WalkNav>
          {current === null ? <p className="walk-caption muted">{t('walk.intro')}</p> : null}
          {current !== null && !anchored ? (
            <p className="walk-caption" data-caption={current.index} aria-live="polite">{localText(current.note.text, lang)}</p>
          ) : null}
          {/* A node's caption with no room beside its node is shown here (NodeCaption docks it). */}
          <div className="caption-dock" data-caption-dock />
          {current?.note.ask ? <Ask t={t} lang={lang} step={current} beyond={beyond} /> : null}
        </>
      ) : null}
    </section>
  );
}

/** A note is drawn beside its node when it names both and that system's panel is on screen. */
export function isAnchored(step: Step, shownSystem: string | null): boolean {
  const { system, node } = step.note;
  return system !== undefined && node !== undefined && (shownSystem === null || shownSystem === system);
}

function WalkNav({ t, steps, pos, beyond, children }: { t: T; steps: Step[]; pos: number; beyond: boolean; children: ReactNode }) {
  const store = useAppStore();
  const hasPrev = useApp((s) => prevStepTime(steps, s.playhead) !== null);
  const pendingAnswer = useApp((s) => steps[pos]?.note.ask !== undefined && !beyond && !s.walkthrough.revealed[steps[pos].index]);
  const hasNext = useApp((s) => nextStepTime(steps, s.playhead) !== null) || pendingAnswer;
  return (
    <div className="walk-nav">
      <button type="button" data-action="walk-back" disabled={!hasPrev} onClick={() => walkBack(store)}>{t('walk.back')}</button>
      <span className="walk-step" data-walk-step={pos + 1}>{pos >= 0 ? t('walk.step', { n: pos + 1, total: steps.length }) : t('walk.title')}</span>
      <button type="button" data-action="walk-next" disabled={!hasNext} onClick={() => walkNext(store)}>{t('walk.next')}</button>
      {children}
    </div>
  );
}

function Ask({ t, lang, step, beyond }: { t: T; lang: Lang; step: Step; beyond: boolean }) {
  const ask = step.note.ask!;
  const picked = useApp((s) => s.walkthrough.picks[step.index]);
  const revealedByNext = useApp((s) => s.walkthrough.revealed[step.index] === true);
  const pick = useApp((s) => s.pickAnswer);
  const revealed = beyond || revealedByNext;
  const choice = (i: number) => localText(ask.choices[i], lang);
  return (
    <fieldset className="walk-ask" data-ask={step.index}>
      <legend>{t('walk.predict')}</legend>
      <div className="walk-choices">
        {ask.choices.map((c, i) => (
          <button type="button" key={i} data-choice={i} aria-pressed={picked === i} disabled={revealed}
            className={revealed && i === ask.answer ? 'is-answer' : undefined} onClick={() => pick(step.index, i)}>
            {localText(c, lang)}
          </button>
        ))}
      </div>
      {revealed ? (
        <p className="walk-answer" role="status" data-answer={ask.answer} data-correct={picked === undefined ? 'none' : String(picked === ask.answer)}>
          <strong>{t('walk.answer', { choice: choice(ask.answer) })}</strong>{' '}
          {picked === undefined ? t('walk.noPick') : picked === ask.answer ? t('walk.right') : t('walk.wrong', { choice: choice(picked) })}
        </p>
      ) : (
        <p className="muted small">{t('walk.predictHint')}</p>
      )}
    </fieldset>
  );
}

/**
 * One system's figures from the core's report, each with a one-line definition on hover or focus,
 * and marked better or worse than the other system's same figure, so the difference shows without
 * reading numbers. Figures carry `data-metric="<report field>"` with the number as their text.
 */
import type { Report } from '../../sim/accounting/report';
import type { SystemName } from '../../sim/scenario/topology';
import { renderCause } from '../../sim/causes';
import { useApp, useEngine, useEngineTick, useT } from '../context';
import type { MessageKey, T } from '../../i18n';
import { formatTime } from '../format';

const REPORT_REFRESH_MS = 400;
const CATCHING_UP_REFRESH_MS = 2_000;

/** Report fields shown, and whether a higher value is worse (for the better/worse marks). */
export const METRICS: { field: string; higherIsWorse: boolean | null }[] = [
  { field: 'sent', higherIsWorse: null },
  { field: 'acked', higherIsWorse: null },
  { field: 'failed', higherIsWorse: true },
  { field: 'awaiting', higherIsWorse: null },
  { field: 'delivered', higherIsWorse: null },
  { field: 'lostAcked', higherIsWorse: true },
  { field: 'strandedAcked', higherIsWorse: true },
  { field: 'pendingAcked', higherIsWorse: null },
  { field: 'duplicates', higherIsWorse: true },
  { field: 'outOfOrder', higherIsWorse: true },
  { field: 'latencyMs.p50', higherIsWorse: true },
  { field: 'latencyMs.p99', higherIsWorse: true },
  { field: 'rebalances', higherIsWorse: null },
];

export function metricValue(r: Report | null, field: string): number | null {
  if (!r) return null;
  if (field === 'latencyMs.p50') return r.latencyMs.p50;
  if (field === 'latencyMs.p99') return r.latencyMs.p99;
  const v = (r as unknown as Record<string, unknown>)[field];
  return typeof v === 'number' ? v : null;
}

/** 'worse' | 'better' | null: this system's figure against the other's. */
export function compareMetric(mine: number | null, theirs: number | null, higherIsWorse: boolean | null): 'worse' | 'better' | null {
  if (higherIsWorse === null || mine === null || theirs === null || mine === theirs) return null;
  return (mine > theirs) === higherIsWorse ? 'worse' : 'better';
}

export function Scoreboard({ system }: { system: SystemName }) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const selectMessage = useApp((s) => s.selectMessage);
  const engine = useEngine();
  // A report reads every message; while the runs catch up with a far jump, fewer of them leave the
  // frames to the simulation.
  useEngineTick(engine.catchingUp ? CATCHING_UP_REFRESH_MS : REPORT_REFRESH_MS);
  const other: SystemName = system === 'kafka' ? 'rocketmq' : 'kafka';
  const report = engine.runners[system].report();
  const theirs = engine.runners[other].report();
  return (
    <div className="scoreboard" aria-label={`${t('score.title')}: ${t(`system.${system}`)}`}>
      <h3>{t('score.title')}</h3>
      {report === null ? <p className="muted">{t('score.unavailable')}</p> : null}
      <dl className="metrics">
        {METRICS.map(({ field, higherIsWorse }) => {
          const mine = metricValue(report, field);
          const cmp = compareMetric(mine, metricValue(theirs, field), higherIsWorse);
          return <MetricRow key={field} t={t} field={field} system={system} value={mine} cmp={cmp} />;
        })}
      </dl>
      {report ? <Anomalies t={t} report={report} lang={lang} onSelect={selectMessage} /> : null}
    </div>
  );
}

function MetricRow({ t, field, system, value, cmp }: { t: T; field: string; system: string; value: number | null; cmp: 'worse' | 'better' | null }) {
  const defId = `def-${system}-${field.replace('.', '-')}`;
  return (
    <div className={`metric${cmp ? ` is-${cmp}` : ''}`}>
      <dt>
        <span className="metric-name" tabIndex={0} aria-describedby={defId}>
          {t(`score.${field}` as MessageKey)}
        </span>
        <span className="tooltip" role="tooltip" id={defId}>
          {t(`score.${field}.def` as MessageKey)}
        </span>
      </dt>
      <dd>
        <span className="metric-value" data-metric={field}>
          {value === null ? '–' : String(value)}
        </span>
        {cmp ? <span className={`cmp cmp-${cmp}`}>{cmp === 'worse' ? `▲ ${t('score.worse')}` : `▼ ${t('score.better')}`}</span> : null}
      </dd>
    </div>
  );
}

const ANOMALIES_SHOWN = 50;

function Anomalies({ t, report, lang, onSelect }: { t: T; report: Report; lang: 'en' | 'zh-CN'; onSelect: (id: number) => void }) {
  const list = report.anomalies;
  return (
    <details className="anomalies" open={list.length > 0}>
      <summary>{t('score.anomalies')} ({list.length + report.anomaliesOmitted})</summary>
      {list.length === 0 ? <p className="muted">{t('score.noAnomalies')}</p> : null}
      <ul>
        {list.slice(0, ANOMALIES_SHOWN).map((a) => (
          <li key={`${a.kind}-${a.id}-${a.at}`}>
            <button type="button" className="link" onClick={() => onSelect(a.id)}>
              {t('score.anomalyRow', { id: a.id, key: a.key ?? '-', kind: t(`score.anomaly.${a.kind}`), time: formatTime(a.at) })}
            </button>
            <span className="cause">{renderCause(a.cause, lang)}</span>
          </li>
        ))}
      </ul>
      {list.length + report.anomaliesOmitted > ANOMALIES_SHOWN ? (
        <p className="muted">{t('score.omitted', { n: list.length + report.anomaliesOmitted - ANOMALIES_SHOWN })}</p>
      ) : null}
    </details>
  );
}

import { WIRE_STYLE, keyColour } from '../layout/palette';
import type { T } from '../../i18n';

/** What the dots and cells mean; wire kinds differ by size as well as colour. */
export function Legend({ t, system }: { t: T; system?: 'kafka' | 'rocketmq' }) {
  return (
    <div className="legend" aria-label={t('legend.title')}>
      {(Object.keys(WIRE_STYLE) as (keyof typeof WIRE_STYLE)[]).map((k) => (
        <span key={k} className="legend-item">
          <svg width="12" height="12" aria-hidden="true">
            <circle cx="6" cy="6" r={WIRE_STYLE[k].radius} fill={WIRE_STYLE[k].colour} />
          </svg>
          {t(`wire.${k}`)}
        </span>
      ))}
      <span className="legend-item">
        <svg width="30" height="10" aria-hidden="true">
          {[0, 1, 2, 3].map((k) => <rect key={k} x={k * 7} y={1} width={6} height={8} fill={keyColour(k)} />)}
        </svg>
        {t('legend.key')}
      </span>
      <span className="legend-item">
        <svg width="16" height="10" aria-hidden="true"><rect className="cell page-cache" x={1} y={1} width={6} height={8} fill={keyColour(0)} /><rect x={8} y={1} width={6} height={8} fill={keyColour(0)} /></svg>
        {t('rocketmq.pageCache')} / {t('rocketmq.flushed')}
      </span>
      {system === 'rocketmq' ? (
        <span className="legend-item">
          <svg width="44" height="10" aria-hidden="true">
            {(['live', 'stale', 'absent'] as const).map((state, i) => (
              <g key={state} className={`route-chip chip-${state}`}><rect x={1 + i * 14} y={1} width={12} height={8} rx={2} /></g>
            ))}
          </svg>
          {t('legend.routeChips')}
        </span>
      ) : null}
    </div>
  );
}

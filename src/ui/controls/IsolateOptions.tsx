/**
 * The isolate part of the fault menu: which nodes to cut the node off from (none ticked: from
 * everyone), in which direction, and what the counterpart fault in the other system would be.
 */
import type { Dispatch, SetStateAction } from 'react';
import { useT } from '../context';
import type { Isolation } from '../counterpart';
import type { Direction, FaultOptions } from './fault-options';

const DIRECTIONS: Direction[] = ['both', 'in', 'out'];

export interface IsolateProps {
  node: string;
  peers: string[];
  opts: FaultOptions;
  setOpts: Dispatch<SetStateAction<FaultOptions>>;
  /** The counterpart isolation that will be applied too, or null (none, or the option is off). */
  twin: Isolation | null;
  otherSystem: string;
  onIsolate(): void;
}

export function IsolateOptions({ node, peers, opts, setOpts, twin, otherSystem, onIsolate }: IsolateProps) {
  const t = useT();
  const from = opts.from.filter((p) => peers.includes(p));
  const toggle = (peer: string, on: boolean) =>
    setOpts((o) => ({ ...o, from: on ? [...o.from, peer] : o.from.filter((p) => p !== peer) }));
  return (
    <fieldset className="isolate-options" data-isolate-options={node}>
      <legend>{t('faults.isolateTitle')}</legend>
      <div className="iso-peers" role="group" aria-label={t('faults.isolateFromLabel', { node })}>
        {peers.map((peer) => (
          <label key={peer} className="chip-check">
            <input type="checkbox" checked={from.includes(peer)} data-isolate-from={peer} onChange={(e) => toggle(peer, e.target.checked)} />
            {peer}
          </label>
        ))}
      </div>
      <div className="iso-direction" role="radiogroup" aria-label={t('faults.direction')} aria-describedby="fault-direction-hint">
        <span>{t('faults.direction')}</span>
        {DIRECTIONS.map((d) => (
          <label key={d}>
            <input type="radio" name="iso-direction" value={d} checked={opts.direction === d} data-direction={d}
              onChange={() => setOpts((o) => ({ ...o, direction: d }))} />
            {t(`faults.direction.${d}`)}
          </label>
        ))}
      </div>
      <p id="fault-direction-hint" className="muted small">{t('faults.directionHint', { node })}</p>
      <button type="button" data-fault="isolate" onClick={onIsolate}>
        {from.length ? t('faults.isolateFrom', { node: from.join(', ') }) : t('faults.isolate')}
      </button>
      {from.length && !twin ? <p className="muted small">{t('faults.noTwinIsolation', { system: otherSystem })}</p> : null}
      {twin ? (
        <p className="muted small" data-twin-isolation>
          {t('faults.twinIsolation', { system: otherSystem, node: twin.target, from: twin.from.length ? twin.from.join(', ') : t('faults.everyone') })}
        </p>
      ) : null}
    </fieldset>
  );
}

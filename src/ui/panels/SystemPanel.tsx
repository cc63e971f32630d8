/**
 * One system's panel: its diagram (re-rendered a few times a second while the run moves), the
 * in-flight layer (every frame) and, when the model cannot run, a translated notice instead of a
 * blank space. Carries `data-system` for the browser tests.
 */
import { useCallback, useMemo, useRef } from 'react';
import type { SystemName } from '../../sim/scenario/topology';
import type { KafkaView, RocketmqView } from '../../sim/views';
import { useApp, useAppStore, useEngine, useEngineTick, useT } from '../context';
import { nodeStatuses } from '../engine/views';
import { layoutKafka } from '../layout/kafka-layout';
import { layoutRocketmq } from '../layout/rocketmq-layout';
import { KafkaDiagram } from './KafkaDiagram';
import { RocketmqDiagram } from './RocketmqDiagram';
import { FlightLayer, MIN_FLIGHT_WALL_MS } from './FlightLayer';
import { Legend } from './Legend';
import { usePrefersReducedMotion } from '../hooks';
import { NodeCaption } from '../walkthrough/NodeCaption';

const DIAGRAM_REFRESH_MS = 150;

export function SystemPanel({ system }: { system: SystemName }) {
  const t = useT();
  const engine = useEngine();
  useEngineTick(DIAGRAM_REFRESH_MS);
  const selectedNode = useApp((s) => (s.selectedNode?.system === system ? s.selectedNode.node : null));
  const selectedMessage = useApp((s) => s.selectedMessage);
  const selectNode = useApp((s) => s.selectNode);
  const selectMessage = useApp((s) => s.selectMessage);
  const reducedMotion = usePrefersReducedMotion();
  const countRef = useRef<HTMLSpanElement>(null);
  const runner = engine.runners[system];
  const sim = runner.sim;
  const view = runner.view();
  const nodes = view?.nodes ?? (sim ? nodeStatuses(sim) : []);
  const layout = system === 'kafka' ? layoutKafka(nodes, view as KafkaView | null) : layoutRocketmq(nodes, view as RocketmqView | null);
  const onOpenNode = useCallback((node: string) => selectNode({ system, node }), [selectNode, system]);
  const getRunner = useCallback(() => engine.runners[system], [engine, system]);
  const store = useAppStore();
  const minSpanMs = useCallback(() => Math.round(store.getState().speed * MIN_FLIGHT_WALL_MS), [store]);
  const onCount = useCallback(
    (n: number) => {
      if (countRef.current) countRef.current.textContent = t('panel.inFlight', { count: n });
    },
    [t],
  );
  const title = t(`system.${system}`);
  const boxes = useMemo(() => layout.nodes, [layout.nodes]);

  return (
    <section className={`panel panel-${system}`} data-system={system} aria-labelledby={`panel-title-${system}`}>
      <header className="panel-head">
        <h2 id={`panel-title-${system}`}>{title}</h2>
        <span className="in-flight" ref={countRef} aria-live="off" />
      </header>
      {runner.error !== null ? (
        <div className="panel-error" role="alert" data-panel-error={system}>
          <p>{t('panel.unavailable', { system: title })}</p>
          <p className="detail">{t('panel.unavailableDetail', { message: runner.error })}</p>
          <p>{t('panel.unavailableHint')}</p>
        </div>
      ) : (
        <>
          {view === null ? <p className="panel-note">{t('panel.viewUnavailable', { system: title })}</p> : null}
          <svg className="diagram" viewBox={`0 0 ${layout.width} ${layout.height}`} role="group"
            aria-label={t('panel.diagramLabel', { system: title })} onClick={() => selectNode(null)}>
            {system === 'kafka' ? (
              <KafkaDiagram layout={layout as ReturnType<typeof layoutKafka>} nodes={nodes} view={view as KafkaView | null} t={t}
                selectedNode={selectedNode} selectedMessage={selectedMessage} onOpenNode={onOpenNode} onSelectMessage={selectMessage} />
            ) : (
              <RocketmqDiagram layout={layout as ReturnType<typeof layoutRocketmq>} nodes={nodes} view={view as RocketmqView | null} t={t}
                selectedNode={selectedNode} selectedMessage={selectedMessage} onOpenNode={onOpenNode} onSelectMessage={selectMessage} />
            )}
            <FlightLayer engine={engine} runner={getRunner} boxes={boxes} reducedMotion={reducedMotion} onCount={onCount} minSpanMs={minSpanMs}
              t={t} onSelectMessage={selectMessage} />
          </svg>
          <Legend t={t} system={system} />
          <NodeCaption system={system} />
        </>
      )}
    </section>
  );
}

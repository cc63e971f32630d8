/**
 * A static sketch of a scenario, drawn from its settings: Kafka brokers on the left, RocketMQ
 * broker groups (master over slaves) on the right, nodes hit by a fault marked, and a time strip
 * with the faults (ticks) and the walkthrough's notes (dots). No screenshot, no run.
 */
import type { Scenario } from '../../sim/scenario/defaults';
import { kafkaBrokerName, rocketmqBrokerName } from '../../sim/scenario/topology';
import type { T } from '../../i18n';
import { thumbSketch, type Hit } from './topics';

const W = 200;
const H = 84;
const HALF = 96;
const TOP = 16;
const BOX_H = 12;

export function Thumbnail({ scenario, t }: { scenario: Scenario; t: T }) {
  const k = thumbSketch(scenario);
  const kw = Math.min(20, (HALF - 8) / Math.max(1, k.kafkaBrokers) - 3);
  const gw = Math.min(28, (HALF - 8) / Math.max(1, k.rocketmqGroups) - 4);
  const label = t('gallery.thumb', { kafka: k.kafkaBrokers, groups: k.rocketmqGroups, replicas: k.replicasPerGroup, faults: k.faults.length });
  return (
    <svg className="thumb" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label}>
      <text x={4} y={10} className="thumb-sys sys-kafka">Kafka</text>
      <text x={HALF + 8} y={10} className="thumb-sys sys-rocketmq">RocketMQ</text>
      {Array.from({ length: k.kafkaBrokers }, (_, i) => (
        <ThumbNode key={i} x={4 + i * (kw + 3)} y={TOP + 8} w={kw} hit={k.hitKafka.get(i + 1)} title={kafkaBrokerName(i + 1)} />
      ))}
      {Array.from({ length: k.rocketmqGroups }, (_, g) =>
        Array.from({ length: k.replicasPerGroup }, (_, r) => (
          <ThumbNode key={`${g}-${r}`} x={HALF + 8 + g * (gw + 4)} y={TOP + r * (BOX_H + 3)} w={gw}
            hit={k.hitRocketmq.get(rocketmqBrokerName(g, r))} title={rocketmqBrokerName(g, r)} master={r === 0} />
        )),
      )}
      <line x1={4} x2={W - 4} y1={H - 10} y2={H - 10} className="thumb-axis" />
      {k.notes.map((x, i) => <circle key={`n${i}`} cx={4 + x * (W - 8)} cy={H - 4} r={2} className="thumb-note" />)}
      {k.faults.map((f, i) => (
        <line key={`f${i}`} x1={4 + f.x * (W - 8)} x2={4 + f.x * (W - 8)} y1={H - 15} y2={H - 10} className={`thumb-fault sys-${f.system}`} />
      ))}
    </svg>
  );
}

function ThumbNode({ x, y, w, hit, title, master }: { x: number; y: number; w: number; hit?: Hit; title: string; master?: boolean }) {
  return (
    <g className={`thumb-node${hit ? ` is-${hit}` : ''}${master ? ' is-master' : ''}`}>
      <title>{title}</title>
      <rect x={x} y={y} width={w} height={BOX_H} rx={2} />
      {hit === 'down' ? <path d={`M${x + 2} ${y + 2}L${x + w - 2} ${y + BOX_H - 2}M${x + w - 2} ${y + 2}L${x + 2} ${y + BOX_H - 2}`} /> : null}
    </g>
  );
}

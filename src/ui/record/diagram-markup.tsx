/**
 * One system's diagram at the run's current moment, as SVG markup: the same layout maths and the
 * same React diagram components the panels use, rendered synchronously into a detached element
 * (never shown), plus the messages in flight drawn from the same flight maths as FlightLayer.
 * Nothing here reads the wall clock, so a frame is a pure function of (scenario, simulated time).
 */
import { queuedEvents } from '../../sim/core/queue';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { SystemName } from '../../sim/scenario/topology';
import type { KafkaView, RocketmqView } from '../../sim/views';
import type { SystemRunner } from '../engine/runner';
import { nodeStatuses, wireKindOf } from '../engine/views';
import { layoutKafka } from '../layout/kafka-layout';
import { layoutRocketmq } from '../layout/rocketmq-layout';
import { centre, type NodeBox } from '../layout/boxes';
import { along, inFlight, wireEnvelopes } from '../layout/flight';
import { WIRE_STYLE } from '../layout/palette';
import { KafkaDiagram } from '../panels/KafkaDiagram';
import { RocketmqDiagram } from '../panels/RocketmqDiagram';
import type { T } from '../../i18n';

export interface DiagramMarkup {
  /** Inner markup of an <svg> whose viewBox is 0 0 width height. */
  body: string;
  width: number;
  height: number;
}

const noop = () => {};

export class DiagramRenderer {
  private readonly host = document.createElement('div');
  private readonly root: Root = createRoot(this.host);
  private readonly serializer = new XMLSerializer();

  constructor(private readonly system: SystemName, private readonly t: T) {}

  /** `minSpanMs`: simulated ms a flight is drawn over at least, as the app does at this speed. */
  render(runner: SystemRunner, minSpanMs: number): DiagramMarkup {
    const sim = runner.sim;
    const view = runner.view();
    const nodes = view?.nodes ?? (sim ? nodeStatuses(sim) : []);
    const t = this.t;
    const common = { nodes, t, selectedNode: null, selectedMessage: null, onOpenNode: noop, onSelectMessage: noop };
    let layout: { width: number; height: number; nodes: NodeBox[] };
    let diagram;
    if (this.system === 'kafka') {
      const l = layoutKafka(nodes, view as KafkaView | null);
      layout = l;
      diagram = <KafkaDiagram layout={l} view={view as KafkaView | null} {...common} />;
    } else {
      const l = layoutRocketmq(nodes, view as RocketmqView | null);
      layout = l;
      diagram = <RocketmqDiagram layout={l} view={view as RocketmqView | null} {...common} />;
    }
    flushSync(() => this.root.render(<svg xmlns="http://www.w3.org/2000/svg">{diagram}</svg>));
    const svg = this.host.firstElementChild;
    let body = '';
    if (svg) for (const child of Array.from(svg.childNodes)) body += this.serializer.serializeToString(child);
    body += flightsMarkup(runner, layout.nodes, minSpanMs);
    return { body, width: layout.width, height: layout.height };
  }

  dispose(): void {
    this.root.unmount();
  }
}

/** The dots in flight, as FlightLayer draws them (one per message, or one per busy link with a count). */
export function flightsMarkup(runner: SystemRunner, boxes: readonly NodeBox[], minSpanMs: number): string {
  const sim = runner.sim;
  if (!sim) return '';
  runner.wire.trim(sim.now, sim.now - minSpanMs);
  const envelopes = wireEnvelopes(queuedEvents(sim.world.queue), runner.wire.envelopes()).values();
  const { flights } = inFlight(envelopes, sim.now, (b) => wireKindOf(runner.system, b), minSpanMs);
  const anchors = new Map(boxes.map((b) => [b.name, centre(b)]));
  let out = '<g class="flights">';
  for (const f of flights) {
    const a = anchors.get(f.src);
    const b = anchors.get(f.dest);
    if (!a || !b) continue;
    const p = along(a, b, f.frac);
    const style = WIRE_STYLE[f.kind];
    const r = f.count > 1 ? style.radius + 2 : style.radius;
    out += `<g class="flight flight-${f.kind}" transform="translate(${p.x.toFixed(1)},${p.y.toFixed(1)})">`;
    out += `<circle r="${r}" fill="${style.colour}"/>`;
    if (f.count > 1) out += `<text x="5" y="-4">${f.count}</text>`;
    out += '</g>';
  }
  return out + '</g>';
}

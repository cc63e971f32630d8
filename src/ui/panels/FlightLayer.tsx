/**
 * Messages in flight, redrawn every frame without React: the layer subscribes to the engine and
 * moves a pool of SVG dots (one per message, or one per busy link and kind with a count). React
 * renders the empty group; this component alone fills it, through a ref.
 */
import { useEffect, useRef } from 'react';
import type { SystemRunner } from '../engine/runner';
import type { Engine } from '../engine/engine';
import type { NodeBox } from '../layout/boxes';
import { centre } from '../layout/boxes';
import { along, inFlight, wireEnvelopes, type Flight } from '../layout/flight';
import { WIRE_STYLE } from '../layout/palette';
import { wireKindOf } from '../engine/views';

const SVG_NS = 'http://www.w3.org/2000/svg';

interface Props {
  engine: Engine;
  runner: () => SystemRunner;
  boxes: readonly NodeBox[];
  reducedMotion: boolean;
  onCount?: (n: number) => void;
  /** Simulated ms a flight is drawn over at least: speed x MIN_FLIGHT_WALL_MS. */
  minSpanMs: () => number;
}

/** However short a hop, its dot is on screen for about this long in wall time. */
export const MIN_FLIGHT_WALL_MS = 250;

export function FlightLayer({ engine, runner, boxes, reducedMotion, onCount, minSpanMs }: Props) {
  const ref = useRef<SVGGElement>(null);
  const latest = useRef({ boxes, reducedMotion, onCount, runner, minSpanMs });
  latest.current = { boxes, reducedMotion, onCount, runner, minSpanMs };

  useEffect(() => {
    const g = ref.current;
    if (!g) return;
    const pool: SVGGElement[] = [];
    const draw = () => {
      const { boxes, reducedMotion, onCount, runner, minSpanMs } = latest.current;
      const r = runner();
      const sim = r.sim;
      const anchors = new Map(boxes.map((b) => [b.name, centre(b)]));
      const span = minSpanMs();
      let flights: Flight[] = [];
      let total = 0;
      if (sim) {
        r.wire.trim(sim.now, sim.now - span);
        ({ flights, total } = inFlight(wireEnvelopes(sim.world.queue, r.wire.envelopes()).values(), sim.now, (b) => wireKindOf(r.system, b), span));
      }
      let used = 0;
      for (const f of flights) {
        const a = anchors.get(f.src);
        const b = anchors.get(f.dest);
        if (!a || !b) continue;
        // Reduced motion: a message is shown half-way along its link until it lands, not moving.
        const p = along(a, b, reducedMotion ? 0.5 : f.frac);
        const dot = pool[used] ?? makeDot(g, pool);
        used++;
        const style = WIRE_STYLE[f.kind];
        dot.setAttribute('transform', `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`);
        dot.setAttribute('class', `flight flight-${f.kind}`);
        dot.style.display = '';
        const circle = dot.firstChild as SVGCircleElement;
        circle.setAttribute('r', String(f.count > 1 ? style.radius + 2 : style.radius));
        circle.setAttribute('fill', style.colour);
        const label = dot.lastChild as SVGTextElement;
        label.textContent = f.count > 1 ? String(f.count) : '';
      }
      for (let i = used; i < pool.length; i++) pool[i].style.display = 'none';
      onCount?.(total);
    };
    draw();
    const unsub = engine.subscribe(draw);
    return () => {
      unsub();
      for (const d of pool) d.remove();
    };
  }, [engine]);

  return <g ref={ref} className="flights" aria-hidden="true" />;
}

function makeDot(parent: SVGGElement, pool: SVGGElement[]): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  const c = document.createElementNS(SVG_NS, 'circle');
  const t = document.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', '5');
  t.setAttribute('y', '-4');
  g.appendChild(c);
  g.appendChild(t);
  parent.appendChild(g);
  pool.push(g);
  return g;
}

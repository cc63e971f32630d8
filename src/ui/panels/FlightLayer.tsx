/**
 * Messages in flight, redrawn every frame without React: the layer subscribes to the engine and
 * moves a pool of SVG dots (one per message, or one per busy link and kind with a count). React
 * renders the empty group; this component alone fills it, through a ref. A dot that carries
 * application messages is a button: a click opens its first message's journey, which offers the others.
 */
import { queuedEvents } from '../../sim/core/queue';
import { useEffect, useRef } from 'react';
import type { SystemRunner } from '../engine/runner';
import type { Engine } from '../engine/engine';
import type { NodeBox } from '../layout/boxes';
import type { SystemName } from '../../sim/scenario/topology';
import { centre } from '../layout/boxes';
import { along, drawnFrac, flightMessageIds, inFlight, wireEnvelopes, type Flight } from '../layout/flight';
import { WIRE_STYLE } from '../layout/palette';
import { VIEWS, wireKindOf } from '../engine/views';
import type { T } from '../../i18n';
import type { MessageGroup } from '../store';

const SVG_NS = 'http://www.w3.org/2000/svg';

interface Props {
  engine: Engine;
  runner: () => SystemRunner;
  boxes: readonly NodeBox[];
  reducedMotion: boolean;
  onCount?: (n: number) => void;
  /** Simulated ms a flight is drawn over at least: speed x MIN_FLIGHT_WALL_MS. */
  minSpanMs: () => number;
  t: T;
  onSelectMessage: (id: number, group: MessageGroup) => void;
}

/** What a pooled dot shows now; its label and message ids are rebuilt only when this changes. */
interface DotState {
  key: string;
  ids: number[];
}
type Dot = SVGGElement & { dotState?: DotState };

/** However short a hop, its dot is on screen for about this long in wall time. */
export const MIN_FLIGHT_WALL_MS = 250;

export function FlightLayer({ engine, runner, boxes, reducedMotion, onCount, minSpanMs, t, onSelectMessage }: Props) {
  const ref = useRef<SVGGElement>(null);
  const latest = useRef({ boxes, reducedMotion, onCount, runner, minSpanMs, t, onSelectMessage });
  latest.current = { boxes, reducedMotion, onCount, runner, minSpanMs, t, onSelectMessage };

  useEffect(() => {
    const g = ref.current;
    if (!g) return;
    const pool: Dot[] = [];
    let lang: T | null = null;
    const draw = () => {
      const { boxes, reducedMotion, onCount, runner, minSpanMs, t } = latest.current;
      if (t !== lang) {
        lang = t; // the language changed: every label is rebuilt
        for (const d of pool) d.dotState = undefined;
      }
      const r = runner();
      const sim = r.sim;
      const anchors = new Map(boxes.map((b) => [b.name, centre(b)]));
      const byName = new Map(boxes.map((b) => [b.name, b]));
      const span = minSpanMs();
      let flights: Flight[] = [];
      let total = 0;
      if (sim) {
        r.wire.trim(sim.now, sim.now - span);
        ({ flights, total } = inFlight(wireEnvelopes(queuedEvents(sim.world.queue), r.wire.envelopes()).values(), sim.now, (b) => wireKindOf(r.system, b), span));
      }
      let used = 0;
      for (const f of flights) {
        const a = anchors.get(f.src);
        const b = anchors.get(f.dest);
        if (!a || !b) continue;
        const p = along(a, b, drawnFrac(f, reducedMotion));
        const dot = pool[used] ?? makeDot(g, pool);
        used++;
        const style = WIRE_STYLE[f.kind];
        dot.setAttribute('transform', `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`);
        dot.style.display = '';
        const circle = dot.children[1] as SVGCircleElement;
        circle.setAttribute('r', String(f.count > 1 ? style.radius + 2 : style.radius));
        circle.setAttribute('fill', style.colour);
        const label = dot.lastChild as SVGTextElement;
        label.textContent = f.count > 1 ? String(f.count) : '';
        describeDot(dot, f, r.system, t);
        // Over its sender or receiver, or over any node's name, a dot lets clicks through, so that
        // the node under it still opens.
        const selectable = dot.dotState!.ids.length > 0 && !inside(byName.get(f.src)!, p) && !inside(byName.get(f.dest)!, p) && !overName(boxes, p);
        dot.setAttribute('class', `flight flight-${f.kind}${selectable ? ' is-selectable' : ''}`);
      }
      for (let i = used; i < pool.length; i++) pool[i].style.display = 'none';
      onCount?.(total);
    };
    // One listener for the whole pool: the dot under the pointer names its messages.
    const onClick = (e: MouseEvent) => {
      const dot = (e.target as Element).closest('.flight') as Dot | null;
      const ids = dot?.dotState?.ids;
      if (!ids || ids.length === 0) return;
      e.stopPropagation(); // not a click on the diagram's background, which closes the fault menu
      // The first message's journey opens; the journey lists the others the dot carried.
      latest.current.onSelectMessage(ids[0], { system: latest.current.runner().system, ids });
    };
    g.addEventListener('click', onClick);
    draw();
    const unsub = engine.subscribe(draw);
    return () => {
      unsub();
      g.removeEventListener('click', onClick);
      for (const d of pool) d.remove();
    };
  }, [engine]);

  return <g ref={ref} className="flights" role="group" aria-label={t('flight.group')} />;
}

/** Gives a dot its ARIA label and message ids when it starts standing for another message or link. */
function describeDot(dot: Dot, f: Flight, system: SystemName, t: T): void {
  const key = `${f.src}>${f.dest}>${f.kind}>${f.group ? f.group[0].envId : f.envId}>${f.count}`;
  if (dot.dotState?.key === key) return;
  const idsOf = VIEWS[system]?.messageIds;
  let ids: number[] = [];
  try {
    ids = idsOf ? flightMessageIds(f, idsOf) : [];
  } catch {
    ids = []; // a model whose ids function throws: the dot is drawn, not selectable
  }
  dot.dotState = { key, ids };
  const kind = t(`wire.${f.kind}`);
  const what = f.count > 1 ? t('flight.dotMany', { count: f.count, kind, src: f.src, dest: f.dest }) : t('flight.dot', { kind, src: f.src, dest: f.dest });
  const shown = ids.slice(0, 5).map((id) => `#${id}`).join(', ') + (ids.length > 5 ? ' …' : '');
  dot.setAttribute('aria-label', ids.length ? t('flight.carries', { dot: what, ids: shown }) : what);
  dot.setAttribute('role', ids.length ? 'button' : 'img');
}

function inside(b: NodeBox, p: { x: number; y: number }): boolean {
  return p.x >= b.x - 4 && p.x <= b.x + b.w + 4 && p.y >= b.y - 4 && p.y <= b.y + b.h + 4;
}

function overName(boxes: readonly NodeBox[], p: { x: number; y: number }): boolean {
  for (const b of boxes) if (p.x >= b.x - 6 && p.x <= b.x + b.w + 6 && p.y >= b.y - 6 && p.y <= b.y + 22) return true;
  return false;
}

function makeDot(parent: SVGGElement, pool: Dot[]): Dot {
  const g = document.createElementNS(SVG_NS, 'g') as Dot;
  // A transparent, larger circle under the dot: a moving 3 px dot is hard to hit with a finger.
  const hit = document.createElementNS(SVG_NS, 'circle');
  hit.setAttribute('class', 'hit');
  hit.setAttribute('r', '6');
  g.appendChild(hit);
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

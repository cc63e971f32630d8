/**
 * The caption of the current walkthrough note, drawn beside the node it names, inside that
 * system's panel, over no node (caption-place.ts does the maths); where there is no such room, in
 * the walkthrough bar with the node ringed. Its place is measured
 * from the drawn node (the diagram owns the layout) and measured again when the window or the
 * panel changes size, the language changes, or the run moves on.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { SystemName } from '../../sim/scenario/topology';
import { useApp, useEngineTick, useT } from '../context';
import { localText } from '../share/launch';
import { useWalkNow } from './useWalk';
import { fitCaption, type Box, type Fit, type Size } from './caption-place';

const WIDTH_PX = 280;
/** Narrower widths tried when no place at the full width is clear (a caption must stay readable). */
const NARROWER_PX = [220, 170, 140];
const MIN_WIDTH_PX = 120;
const GAP_PX = 6;

/** The caption's size at each width it may take, widest first, measured on the element itself. */
function sizesAt(el: HTMLElement, widest: number): Size[] {
  const widths = [widest, ...NARROWER_PX.filter((w) => w < widest && w >= MIN_WIDTH_PX)];
  const shown = el.style.width;
  const sizes = widths.map((w) => {
    el.style.width = `${w}px`;
    return { width: w, height: el.offsetHeight };
  });
  el.style.width = shown;
  return sizes;
}

export function NodeCaption({ system }: { system: SystemName }) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const { current } = useWalkNow();
  const tick = useEngineTick(500);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<Fit | null>(null);
  const [width, setWidth] = useState(WIDTH_PX);
  /** The node's box in the panel, ringed while the caption is docked in the walkthrough bar. */
  const [ring, setRing] = useState<Box | null>(null);
  const [dock, setDock] = useState<Element | null>(null);
  const node = current && current.note.system === system ? current.note.node : undefined;

  const measure = useCallback(() => {
    const el = ref.current;
    const panel = el?.parentElement;
    if (!el || !panel || node === undefined) return;
    setDock(el.closest('[data-app]')?.querySelector('[data-caption-dock]') ?? null);
    const p = panel.getBoundingClientRect();
    const widest = Math.max(MIN_WIDTH_PX, Math.min(WIDTH_PX, p.width - 2 * GAP_PX));
    const target = panel.querySelector(`[data-node="${CSS.escape(node)}"]`);
    if (!target) {
      setWidth((old) => (old === widest ? old : widest));
      setPos((old) => (old && old.left === GAP_PX && old.top === GAP_PX ? old : { left: GAP_PX, top: GAP_PX, side: 'below', width: widest, clear: false }));
      setRing(null);
      return;
    }
    const inPanel = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { left: r.left - p.left, top: r.top - p.top, width: r.width, height: r.height };
    };
    const others = [...panel.querySelectorAll('[data-node]')].filter((e) => e !== target).map(inPanel);
    const box = inPanel(target);
    const next = fitCaption(box, sizesAt(el, widest), { width: panel.clientWidth, height: panel.clientHeight }, GAP_PX, others);
    setWidth((old) => (old === next.width ? old : next.width));
    setPos((old) => (old && old.left === next.left && old.top === next.top && old.side === next.side && old.width === next.width && old.clear === next.clear ? old : next));
    setRing((old) => (next.clear ? null : old && sameBox(old, box) ? old : box));
  }, [node]);

  useLayoutEffect(measure, [measure, tick, lang, current?.index, width]);

  // The window, the panel (stacking, the walkthrough bar growing) or the node changing size moves the node.
  useLayoutEffect(() => {
    const panel = ref.current?.parentElement;
    if (!panel || node === undefined) return;
    const ro = new ResizeObserver(() => measure());
    ro.observe(panel);
    const target = panel.querySelector(`[data-node="${CSS.escape(node)}"]`);
    if (target) ro.observe(target);
    window.addEventListener('resize', measure);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [measure, node]);

  if (node === undefined || !current) return null;
  const text = localText(current.note.text, lang);
  // No clear room beside the node (a crowded panel, a small embed): the caption goes to the
  // walkthrough bar, named after its node, and the node is ringed, so that no node is hidden. The
  // element in the panel stays, unseen, to be measured at every change.
  const docked = pos !== null && !pos.clear && dock !== null;
  return (
    <>
      <div ref={ref} className="node-caption" data-caption={docked ? undefined : current.index} data-caption-node={docked ? undefined : node}
        data-caption-side={docked ? undefined : pos?.side} aria-hidden={docked || undefined}
        role={docked ? undefined : 'note'} aria-label={docked ? undefined : t('walk.captionFor', { node })} aria-live={docked ? undefined : 'polite'}
        style={{ left: pos?.left ?? GAP_PX, top: pos?.top ?? GAP_PX, width, visibility: pos && !docked ? 'visible' : 'hidden' }}>
        {text}
      </div>
      {docked && ring ? <div className="node-ring" data-caption-ring={node} style={{ left: ring.left - 3, top: ring.top - 3, width: ring.width + 6, height: ring.height + 6 }} /> : null}
      {docked
        ? createPortal(
            <p className="walk-caption" data-caption={current.index} data-caption-docked={node} aria-live="polite">
              <strong className="caption-node">{node}</strong> {text}
            </p>,
            dock,
          )
        : null}
    </>
  );
}

function sameBox(a: Box, b: Box): boolean {
  return a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height;
}

/**
 * The caption of the current walkthrough note, drawn beside the node it names, inside that
 * system's panel, never over the node and where it can over no other (caption-place.ts does the maths). Its place is measured
 * from the drawn node (the diagram owns the layout) and measured again when the window or the
 * panel changes size, the language changes, or the run moves on.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { SystemName } from '../../sim/scenario/topology';
import { useApp, useEngineTick, useT } from '../context';
import { localText } from '../share/launch';
import { useWalkNow } from './useWalk';
import { placeCaption, type Placement } from './caption-place';

const WIDTH_PX = 280;
const GAP_PX = 6;

export function NodeCaption({ system }: { system: SystemName }) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const { current } = useWalkNow();
  const tick = useEngineTick(500);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<Placement | null>(null);
  const [width, setWidth] = useState(WIDTH_PX);
  const node = current && current.note.system === system ? current.note.node : undefined;

  const measure = useCallback(() => {
    const el = ref.current;
    const panel = el?.parentElement;
    if (!el || !panel || node === undefined) return;
    const p = panel.getBoundingClientRect();
    const w = Math.max(120, Math.min(WIDTH_PX, p.width - 2 * GAP_PX));
    setWidth((old) => (old === w ? old : w));
    const target = panel.querySelector(`[data-node="${CSS.escape(node)}"]`);
    if (!target) {
      setPos((old) => (old && old.left === GAP_PX && old.top === GAP_PX ? old : { left: GAP_PX, top: GAP_PX, side: 'below' }));
      return;
    }
    const inPanel = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { left: r.left - p.left, top: r.top - p.top, width: r.width, height: r.height };
    };
    const others = [...panel.querySelectorAll('[data-node]')].filter((e) => e !== target).map(inPanel);
    const next = placeCaption(
      inPanel(target), { width: el.offsetWidth, height: el.offsetHeight },
      { width: panel.clientWidth, height: panel.clientHeight }, GAP_PX, others,
    );
    setPos((old) => (old && old.left === next.left && old.top === next.top && old.side === next.side ? old : next));
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
  return (
    <div ref={ref} className="node-caption" data-caption={current.index} data-caption-node={node} data-caption-side={pos?.side}
      role="note" aria-label={t('walk.captionFor', { node })} aria-live="polite"
      style={{ left: pos?.left ?? GAP_PX, top: pos?.top ?? GAP_PX, width, visibility: pos ? 'visible' : 'hidden' }}>
      {localText(current.note.text, lang)}
    </div>
  );
}

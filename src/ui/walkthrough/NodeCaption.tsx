/**
 * The caption of the current walkthrough note, drawn beside the node it names, inside that
 * system's panel. Its place is measured from the drawn node (the diagram owns the layout), below
 * the node when there is room and above it otherwise, kept inside the panel.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { SystemName } from '../../sim/scenario/topology';
import { useApp, useEngineTick, useT } from '../context';
import { localText } from '../share/launch';
import { useWalkNow } from './useWalk';

const WIDTH_PX = 280;
const GAP_PX = 6;

export function NodeCaption({ system }: { system: SystemName }) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const { current } = useWalkNow();
  const tick = useEngineTick(500);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const node = current && current.note.system === system ? current.note.node : undefined;

  useLayoutEffect(() => {
    const el = ref.current;
    const panel = el?.parentElement;
    if (!el || !panel || node === undefined) return;
    const target = panel.querySelector(`[data-node="${CSS.escape(node)}"]`);
    const p = panel.getBoundingClientRect();
    if (!target) {
      setPos({ left: GAP_PX, top: GAP_PX });
      return;
    }
    const r = target.getBoundingClientRect();
    const width = Math.min(WIDTH_PX, p.width - 2 * GAP_PX);
    const left = Math.max(GAP_PX, Math.min(r.left - p.left, p.width - width - GAP_PX));
    const below = r.bottom - p.top + GAP_PX;
    const h = el.offsetHeight;
    const top = below + h <= p.height ? below : Math.max(GAP_PX, r.top - p.top - h - GAP_PX);
    setPos((old) => (old && old.left === left && old.top === top ? old : { left, top }));
  }, [node, tick, lang, current?.index]);

  if (node === undefined || !current) return null;
  return (
    <div ref={ref} className="node-caption" data-caption={current.index} data-caption-node={node} role="note"
      aria-label={t('walk.captionFor', { node })} aria-live="polite"
      style={{ left: pos?.left ?? GAP_PX, top: pos?.top ?? GAP_PX, maxWidth: WIDTH_PX }}>
      {localText(current.note.text, lang)}
    </div>
  );
}

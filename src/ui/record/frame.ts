/**
 * One video frame as a standalone SVG document: a title bar with the time readout, the two
 * diagrams side by side (each scaled to fit its half), the walkthrough caption in force, and a
 * progress bar over the whole scenario with its faults marked. The app's stylesheet is embedded
 * so the diagrams look as they do on the page. Pure string building; geometry is in pixels of the
 * output size, with text scaled to the frame height so 320x180 and 1080p frame alike.
 */
import type { Scenario } from '../../sim/scenario/defaults';
import type { SystemName } from '../../sim/scenario/topology';
import { SYSTEMS } from '../../sim/scenario/topology';
import type { T } from '../../i18n';
import { formatTime } from '../format';
import { captionAt, localText, wrapText } from './captions';
import type { DiagramMarkup } from './diagram-markup';
import type { RecordRequest } from './options';

/** Latin first, then a CJK face (Debian: fonts-noto-cjk), so Chinese captions have glyphs. */
export const FRAME_FONT = '"DejaVu Sans", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const CAPTION_LINES = 3;

export interface FrameInput {
  scenario: Scenario;
  request: RecordRequest;
  t: T;
  /** The app's CSS rules, embedded so the diagram classes keep their look. */
  css: string;
  /** Text width in px at a given font size, for caption wrapping. */
  measure: (text: string, fontPx: number) => number;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Sizes in px for a frame of height h (designed at 720 and scaled). */
function metrics(w: number, h: number) {
  const s = h / 720;
  return {
    s, pad: Math.round(14 * s), top: Math.round(48 * s), title: 22 * s, label: 18 * s,
    caption: 22 * s, captionLine: 30 * s, bar: Math.max(4, Math.round(10 * s)), gap: Math.round(14 * s), w, h,
  };
}

export function frameSvg(input: FrameInput, simMs: number, diagrams: Record<SystemName, DiagramMarkup>): string {
  const { scenario, request: r, t } = input;
  const m = metrics(r.width, r.height);
  const hasNotes = scenario.notes.length > 0;
  const captionH = hasNotes ? Math.round(CAPTION_LINES * m.captionLine + 2 * m.pad) : 0;
  const barY = m.h - m.pad - m.bar;
  const panelsBottom = barY - m.gap - captionH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${m.w}" height="${m.h}" viewBox="0 0 ${m.w} ${m.h}">`);
  parts.push(`<style>${escapeXml(input.css)}\nsvg.frame-root, .frame-root text { font-family: ${escapeXml(FRAME_FONT)}; }</style>`);
  parts.push(`<g class="app theme-${r.theme} frame-root">`);
  parts.push(`<rect width="${m.w}" height="${m.h}" style="fill: var(--bg)"/>`);
  parts.push(titleBar(input, simMs, m));
  parts.push(panels(diagrams, t, m, m.top, panelsBottom));
  if (hasNotes) parts.push(caption(input, simMs, m, panelsBottom + m.gap / 2, captionH));
  parts.push(progressBar(scenario, r, simMs, m, barY));
  parts.push('</g></svg>');
  return parts.join('');
}

type M = ReturnType<typeof metrics>;

function titleBar(input: FrameInput, simMs: number, m: M): string {
  const { scenario, request: r, t } = input;
  const title = localText(scenario.title, r.lang) || t('app.title');
  const clock = t('timeline.time', { time: formatTime(simMs), duration: formatTime(scenario.durationMs) });
  const y = m.top * 0.62;
  const clockW = input.measure(clock, m.title) + m.pad;
  const titleMax = m.w - 3 * m.pad - clockW;
  const titleLine = wrapText(title, titleMax, (s) => input.measure(s, m.title), 1)[0] ?? '';
  return (
    `<text x="${m.pad}" y="${y}" style="fill: var(--fg); font-size: ${m.title}px; font-weight: 700">${escapeXml(titleLine)}</text>` +
    `<text x="${m.w - m.pad}" y="${y}" text-anchor="end" data-frame="clock" style="fill: var(--fg); font-size: ${m.title}px; font-variant-numeric: tabular-nums">${escapeXml(clock)}</text>`
  );
}

function panels(diagrams: Record<SystemName, DiagramMarkup>, t: T, m: M, top: number, bottom: number): string {
  const colW = (m.w - 2 * m.pad - m.gap) / 2;
  let out = '';
  SYSTEMS.forEach((system, i) => {
    const x = m.pad + i * (colW + m.gap);
    const d = diagrams[system];
    const labelY = top + m.label;
    const svgY = labelY + m.gap / 2;
    const h = Math.max(1, bottom - svgY);
    out += `<rect x="${x}" y="${top}" width="${colW}" height="${bottom - top}" rx="${6 * m.s}" style="fill: var(--panel); stroke: var(--border)"/>`;
    out += `<text x="${x + m.pad / 2}" y="${labelY}" style="fill: var(--fg); font-size: ${m.label}px; font-weight: 600">${escapeXml(t(`system.${system}`))}</text>`;
    out += `<svg x="${x}" y="${svgY}" width="${colW}" height="${h}" viewBox="0 0 ${d.width} ${d.height}" preserveAspectRatio="xMidYMin meet" class="diagram" style="font-size: 10px">${d.body}</svg>`;
  });
  return out;
}

function caption(input: FrameInput, simMs: number, m: M, y: number, h: number): string {
  const text = captionAt(input.scenario.notes, simMs, input.request.lang);
  if (!text) return '';
  const maxW = m.w - 4 * m.pad;
  const lines = wrapText(text, maxW, (s) => input.measure(s, m.caption), CAPTION_LINES);
  let out = `<rect x="${m.pad}" y="${y}" width="${m.w - 2 * m.pad}" height="${h - m.gap / 2}" rx="${6 * m.s}" style="fill: var(--fg); opacity: 0.9"/>`;
  lines.forEach((line, i) => {
    const ly = y + m.pad + (i + 0.75) * m.captionLine;
    out += `<text x="${2 * m.pad}" y="${ly}" data-frame="caption" style="fill: var(--bg); font-size: ${m.caption}px; white-space: pre">${escapeXml(line)}</text>`;
  });
  return out;
}

function progressBar(scenario: Scenario, r: RecordRequest, simMs: number, m: M, y: number): string {
  const x0 = m.pad;
  const w = m.w - 2 * m.pad;
  const at = (ms: number) => x0 + (w * Math.max(0, Math.min(scenario.durationMs, ms))) / scenario.durationMs;
  let out = `<rect x="${x0}" y="${y}" width="${w}" height="${m.bar}" rx="${m.bar / 2}" style="fill: var(--track); stroke: var(--border)"/>`;
  // The recorded range, lightly, so a clip of a long scenario shows where it sits.
  out += `<rect x="${at(r.fromMs)}" y="${y}" width="${at(r.toMs) - at(r.fromMs)}" height="${m.bar}" style="fill: var(--focus); opacity: 0.2"/>`;
  out += `<rect x="${x0}" y="${y}" width="${at(simMs) - x0}" height="${m.bar}" rx="${m.bar / 2}" style="fill: var(--focus)"/>`;
  for (const f of scenario.faults) {
    const fx = at(f.atMs);
    const colour = f.system === 'kafka' ? '#0072B2' : '#D55E00';
    out += `<rect x="${fx - 1}" y="${y - m.bar * 0.4}" width="2" height="${m.bar * 1.8}" style="fill: ${colour}"/>`;
  }
  return out;
}

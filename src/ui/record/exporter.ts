/**
 * The recorder, loaded on demand (it brings the WebM muxer and the GIF encoder): a private store
 * and engine run the scenario from t = 0, and for every frame the engine is seeked to that
 * frame's simulated time, the frame is drawn as SVG, rasterised onto a canvas and handed to the
 * encoder. The app's own playhead is never touched, and the frames depend only on simulated time,
 * so a slow machine makes a slow export, never a jerky video.
 */
import type { Scenario } from '../../sim/scenario/defaults';
import { SYSTEMS, type SystemName } from '../../sim/scenario/topology';
import { makeT } from '../../i18n';
import { createAppStore } from '../store';
import { Engine } from '../engine/engine';
import { MIN_FLIGHT_WALL_MS } from '../panels/FlightLayer';
import { DiagramRenderer, type DiagramMarkup } from './diagram-markup';
import { FRAME_FONT, frameSvg, type FrameInput } from './frame';
import { frameCount, frameSimMs, requestProblems, type RecordRequest } from './options';
import { gifSink, webmSink, type FrameSink } from './sinks';

export interface RecordProgress {
  frame: number;
  frames: number;
}

export interface RecordResult {
  blob: Blob;
  frames: number;
  codec: string;
}

export class RecordCancelled extends Error {
  constructor() {
    super('recording cancelled');
  }
}

/** The page's CSS rules as text, to embed in each frame (an SVG image sees no outside styles). */
export function pageCss(): string {
  const out: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      for (const rule of Array.from(sheet.cssRules)) out.push(rule.cssText);
    } catch {
      // A cross-origin sheet cannot be read; the app has none of its own.
    }
  }
  return out.join('\n');
}

function textMeasurer(): (text: string, fontPx: number) => number {
  const ctx = document.createElement('canvas').getContext('2d')!;
  return (text, px) => {
    ctx.font = `${px}px ${FRAME_FONT}`;
    return ctx.measureText(text).width;
  };
}

/** Rasterises an SVG document onto the canvas through an <img>, the browser's own SVG renderer. */
async function drawSvg(ctx: CanvasRenderingContext2D, svg: string, width: number, height: number): Promise<void> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image(width, height);
    img.src = url;
    await img.decode();
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function recordScenario(
  scenario: Scenario, request: RecordRequest,
  opts: { onProgress?: (p: RecordProgress) => void; signal?: AbortSignal } = {},
): Promise<RecordResult> {
  const problems = requestProblems(request, scenario.durationMs);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  await document.fonts?.ready;
  const { width, height } = request;
  const frames = frameCount(request);
  const t = makeT(request.lang);
  const input: FrameInput = { scenario, request, t, css: pageCss(), measure: textMeasurer() };
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: request.format === 'gif' })!;
  const store = createAppStore({ scenario });
  const engine = new Engine(store);
  const renderers = { kafka: new DiagramRenderer('kafka', t), rocketmq: new DiagramRenderer('rocketmq', t) };
  // Flights are drawn over at least the span the app uses at this speed (speed x 250 ms of wall time).
  const minSpanMs = Math.round(request.speed * MIN_FLIGHT_WALL_MS);
  let sink: FrameSink | null = null;
  try {
    sink = request.format === 'gif' ? gifSink(width, height) : await webmSink(width, height);
    for (let i = 0; i < frames; i++) {
      if (opts.signal?.aborted) throw new RecordCancelled();
      const simMs = frameSimMs(request, i);
      store.getState().seek(simMs);
      const diagrams = {} as Record<SystemName, DiagramMarkup>;
      for (const system of SYSTEMS) diagrams[system] = renderers[system].render(engine.runners[system], minSpanMs);
      await drawSvg(ctx, frameSvg(input, simMs, diagrams), width, height);
      await sink.add(canvas, i);
      opts.onProgress?.({ frame: i + 1, frames });
    }
    if (opts.signal?.aborted) throw new RecordCancelled();
    return { blob: await sink.finish(), frames, codec: sink.codec };
  } finally {
    sink?.close();
    for (const system of SYSTEMS) renderers[system].dispose();
    engine.dispose();
  }
}

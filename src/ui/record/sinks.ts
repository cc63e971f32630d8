/**
 * Where rendered frames go: a WebM sink (WebCodecs VideoEncoder, VP9 where the browser has it,
 * else VP8, muxed by webm-muxer) and a GIF sink (gifenc, one palette per frame). Both take a
 * canvas and the frame's index; timestamps come from the index, never from a clock.
 */
import { ArrayBufferTarget, Muxer } from 'webm-muxer';
import { GIFEncoder, applyPalette, quantize } from 'gifenc';
import { GIF_FPS, VIDEO_FPS, frameTimestampUs } from './options';
import { setWebmDuration } from './ebml';

export interface FrameSink {
  readonly codec: string;
  add(canvas: HTMLCanvasElement, index: number): Promise<void>;
  finish(): Promise<Blob>;
  close(): void;
}

/** Keyframe every two seconds of video, so players can seek in a long recording. */
const KEYFRAME_EVERY = 2 * VIDEO_FPS;
/** Encoded frames allowed to queue before rendering waits: bounds memory at 1080p. */
const MAX_QUEUE = 8;

const CODECS = [
  { webcodecs: 'vp09.00.10.08', webm: 'V_VP9' },
  { webcodecs: 'vp8', webm: 'V_VP8' },
];

/** Diagrams are flat colour: about 0.05 bits per pixel keeps edges and text sharp. */
function bitrateFor(width: number, height: number): number {
  return Math.max(200_000, Math.round(width * height * VIDEO_FPS * 0.05));
}

export async function webmSink(width: number, height: number): Promise<FrameSink> {
  if (typeof VideoEncoder === 'undefined') throw new Error('WebCodecs VideoEncoder is not available in this browser');
  let chosen: (typeof CODECS)[number] | null = null;
  let config: VideoEncoderConfig | null = null;
  for (const c of CODECS) {
    const candidate: VideoEncoderConfig = {
      codec: c.webcodecs, width, height, bitrate: bitrateFor(width, height), framerate: VIDEO_FPS,
      latencyMode: 'quality', hardwareAcceleration: 'prefer-software',
    };
    const support = await VideoEncoder.isConfigSupported(candidate).catch(() => null);
    if (support?.supported) {
      chosen = c;
      config = candidate;
      break;
    }
  }
  if (!chosen || !config) throw new Error('this browser cannot encode VP9 or VP8 video');
  const target = new ArrayBufferTarget();
  const muxer = new Muxer({ target, video: { codec: chosen.webm, width, height, frameRate: VIDEO_FPS }, firstTimestampBehavior: 'strict' });
  let failure: unknown = null;
  const encoder = new VideoEncoder({
    output: (chunk, meta) => muxer.addVideoChunk(chunk, meta),
    error: (e) => (failure = e),
  });
  encoder.configure(config);
  let frames = 0;
  const check = () => {
    if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  };
  return {
    codec: chosen.webcodecs,
    async add(canvas, index) {
      check();
      frames = Math.max(frames, index + 1);
      while (encoder.encodeQueueSize > MAX_QUEUE) await new Promise((r) => encoder.addEventListener('dequeue', r, { once: true }));
      const frame = new VideoFrame(canvas, { timestamp: frameTimestampUs('webm', index), duration: frameTimestampUs('webm', 1) });
      try {
        encoder.encode(frame, { keyFrame: index % KEYFRAME_EVERY === 0 });
      } finally {
        frame.close();
      }
    },
    async finish() {
      await encoder.flush();
      check();
      encoder.close();
      muxer.finalize();
      // The muxer records the last frame's start as the duration; the last frame also lasts 1/fps.
      setWebmDuration(new Uint8Array(target.buffer), (frames * 1000) / VIDEO_FPS);
      return new Blob([target.buffer], { type: 'video/webm' });
    },
    close() {
      if (encoder.state !== 'closed') encoder.close();
    },
  };
}

export function gifSink(width: number, height: number): FrameSink {
  const gif = GIFEncoder({ initialCapacity: width * height });
  const delay = 1000 / GIF_FPS;
  return {
    codec: 'gif',
    async add(canvas, index) {
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const { data } = ctx.getImageData(0, 0, width, height);
      const palette = quantize(data, 256);
      gif.writeFrame(applyPalette(data, palette), width, height, { palette, delay, repeat: index === 0 ? 0 : undefined });
    },
    async finish() {
      gif.finish();
      return new Blob([gif.bytes()], { type: 'image/gif' });
    },
    close() {},
  };
}

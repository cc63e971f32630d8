/**
 * Just enough of the EBML/Matroska container to check and finish a WebM file: read its doc type,
 * codec, frame size, duration and the frames (timestamp, keyframe flag, payload), and rewrite the
 * segment Duration. The muxer writes the last frame's timestamp as the duration; a video of N
 * frames at 30 fps lasts N/30 s, so the exporter sets that. Tests use the reader where ffprobe is
 * missing. Element IDs are from the Matroska specification (RFC 9559).
 */
const ID = {
  EBML: 0x1a45dfa3, DocType: 0x4282, Segment: 0x18538067, Info: 0x1549a966, TimecodeScale: 0x2ad7b1,
  Duration: 0x4489, Tracks: 0x1654ae6b, TrackEntry: 0xae, CodecID: 0x86, Video: 0xe0, PixelWidth: 0xb0,
  PixelHeight: 0xba, Cluster: 0x1f43b675, ClusterTimecode: 0xe7, SimpleBlock: 0xa3, BlockGroup: 0xa0, Block: 0xa1,
} as const;

/** Elements whose body is more elements. */
const MASTERS = new Set<number>([ID.EBML, ID.Segment, ID.Info, ID.Tracks, ID.TrackEntry, ID.Video, ID.Cluster, ID.BlockGroup]);

export interface WebmFrame {
  timestampMs: number;
  key: boolean;
  payload: Uint8Array;
}

export interface WebmInfo {
  docType: string;
  codecId: string;
  width: number;
  height: number;
  durationMs: number;
  frames: WebmFrame[];
}

interface Element {
  id: number;
  /** Where the body starts and ends. */
  start: number;
  end: number;
}

function readVint(b: Uint8Array, pos: number, keepMarker: boolean): { value: number; length: number } {
  const first = b[pos];
  if (first === undefined || first === 0) throw new Error(`EBML: bad variable-length integer at byte ${pos}`);
  let length = 1;
  while (!(first & (0x80 >> (length - 1)))) length++;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[pos + i];
    if (b[pos + i] !== 0xff) allOnes = false;
  }
  // An all-ones size means "unknown": the element runs to the end of its parent.
  return { value: !keepMarker && allOnes ? -1 : value, length };
}

function* children(b: Uint8Array, start: number, end: number): Generator<Element> {
  let pos = start;
  while (pos < end) {
    const id = readVint(b, pos, true);
    const size = readVint(b, pos + id.length, false);
    const bodyStart = pos + id.length + size.length;
    const bodyEnd = size.value < 0 ? end : Math.min(end, bodyStart + size.value);
    yield { id: id.value, start: bodyStart, end: bodyEnd };
    pos = bodyEnd;
  }
}

function uint(b: Uint8Array, e: Element): number {
  let v = 0;
  for (let i = e.start; i < e.end; i++) v = v * 256 + b[i];
  return v;
}

function float(b: Uint8Array, e: Element): number {
  const view = new DataView(b.buffer, b.byteOffset + e.start, e.end - e.start);
  return e.end - e.start === 4 ? view.getFloat32(0) : view.getFloat64(0);
}

function text(b: Uint8Array, e: Element): string {
  return new TextDecoder().decode(b.subarray(e.start, e.end)).replace(/\0+$/, '');
}

/** Walks every element depth-first, calling `visit` with the element and its parent's id. */
function walk(b: Uint8Array, start: number, end: number, parent: number, visit: (e: Element, parent: number) => void): void {
  for (const e of children(b, start, end)) {
    visit(e, parent);
    if (MASTERS.has(e.id)) walk(b, e.start, e.end, e.id, visit);
  }
}

export function readWebm(bytes: Uint8Array): WebmInfo {
  const info: WebmInfo = { docType: '', codecId: '', width: 0, height: 0, durationMs: NaN, frames: [] };
  let scaleNs = 1_000_000;
  let rawDuration = NaN;
  let clusterMs = 0;
  walk(bytes, 0, bytes.length, 0, (e) => {
    switch (e.id) {
      case ID.DocType: info.docType = text(bytes, e); break;
      case ID.TimecodeScale: scaleNs = uint(bytes, e); break;
      case ID.Duration: rawDuration = float(bytes, e); break;
      case ID.CodecID: info.codecId = text(bytes, e); break;
      case ID.PixelWidth: info.width = uint(bytes, e); break;
      case ID.PixelHeight: info.height = uint(bytes, e); break;
      case ID.ClusterTimecode: clusterMs = (uint(bytes, e) * scaleNs) / 1e6; break;
      case ID.SimpleBlock:
      case ID.Block: {
        // Block header: track number (vint), a signed 16-bit timecode relative to the cluster, flags.
        const track = readVint(bytes, e.start, false);
        const at = e.start + track.length;
        const rel = new DataView(bytes.buffer, bytes.byteOffset + at, 2).getInt16(0);
        const flags = bytes[at + 2];
        info.frames.push({
          timestampMs: clusterMs + (rel * scaleNs) / 1e6,
          key: e.id === ID.SimpleBlock ? (flags & 0x80) !== 0 : false,
          payload: bytes.subarray(at + 3, e.end),
        });
        break;
      }
    }
  });
  info.durationMs = (rawDuration * scaleNs) / 1e6;
  return info;
}

/** Rewrites the segment's Duration in place (in ms; the file's TimecodeScale is honoured). */
export function setWebmDuration(bytes: Uint8Array, durationMs: number): boolean {
  let scaleNs = 1_000_000;
  let done = false;
  walk(bytes, 0, bytes.length, 0, (e, parent) => {
    if (e.id === ID.TimecodeScale) scaleNs = uint(bytes, e);
    if (e.id !== ID.Duration || parent !== ID.Info || done) return;
    const view = new DataView(bytes.buffer, bytes.byteOffset + e.start, e.end - e.start);
    const value = (durationMs * 1e6) / scaleNs;
    if (e.end - e.start === 8) view.setFloat64(0, value);
    else view.setFloat32(0, value);
    done = true;
  });
  return done;
}

import { open } from 'node:fs/promises';

/**
 * MPEG audio frame arithmetic from ISO/IEC 11172-3 §2.4.2.3 and 13818-3 (the tables every MP3 parser carries;
 * see e.g. http://www.mp3-tech.org/programmer/frame_header.html). Bitrates in kbit/s, index 0 = free format.
 */
const BITRATES: Record<string, readonly number[]> = {
  'v1-l1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  'v1-l2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  'v1-l3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  'v2-l1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  'v2-l2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  'v2-l3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, readonly number[]> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

/** Length in bytes of the MPEG audio frame whose 4-byte header is `h`, or null if `h` is not a usable header. */
export function mpegFrameLength(h: number): number | null {
  if ((h >>> 21) !== 0x7ff) return null;
  const version = (h >>> 19) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 = reserved
  const layerBits = (h >>> 17) & 3; // 3 = Layer I, 2 = Layer II, 1 = Layer III
  const bitrateIndex = (h >>> 12) & 15;
  const rateIndex = (h >>> 10) & 3;
  const padding = (h >>> 9) & 1;
  if (version === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const layer = 4 - layerBits;
  const table = BITRATES[`${version === 3 ? 'v1' : 'v2'}-l${layer}`]!;
  const bitrate = table[bitrateIndex]! * 1000;
  const sampleRate = SAMPLE_RATES[version]![rateIndex]!;
  if (layer === 1) return (Math.floor((12 * bitrate) / sampleRate) + padding) * 4;
  if (layer === 3 && version !== 3) return Math.floor((72 * bitrate) / sampleRate) + padding;
  return Math.floor((144 * bitrate) / sampleRate) + padding;
}

/** What walking an MP3's frames found. `complete: null` = inconclusive (sync lost, free-format, unknown tags). */
export interface Mp3WalkResult {
  complete: boolean | null;
  frames: number;
  /** Bytes the last frame needs beyond the end of the file (0 when complete). */
  missingBytes: number;
}

const CHUNK = 1 << 20;

/**
 * Walks the MPEG audio frames of the MP3 at `path` from the first frame (after an ID3v2 tag) to the end,
 * reading 1 MiB at a time and looking only at frame headers. A file whose last frame runs past the end of the
 * file was cut (e.g. `head -c`); that holds for CBR and VBR files with or without a Xing header. Trailing
 * ID3v1/APE/Lyrics tags end the walk; anything else unparseable makes the result inconclusive.
 */
export async function walkMp3Frames(path: string): Promise<Mp3WalkResult> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    let chunkStart = 0;
    let chunk = Buffer.alloc(0);
    const bytesAt = async (pos: number, n: number): Promise<Buffer | null> => {
      if (pos + n > size) return null;
      if (pos < chunkStart || pos + n > chunkStart + chunk.length) {
        const buf = Buffer.alloc(Math.min(CHUNK, size - pos));
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        chunkStart = pos;
        chunk = buf.subarray(0, bytesRead);
        if (bytesRead < n) return null;
      }
      return chunk.subarray(pos - chunkStart, pos - chunkStart + n);
    };

    let pos = 0;
    const id3 = await bytesAt(0, 10);
    if (id3 && id3.toString('latin1', 0, 3) === 'ID3') {
      const tagSize = ((id3[6]! & 0x7f) << 21) | ((id3[7]! & 0x7f) << 14) | ((id3[8]! & 0x7f) << 7) | (id3[9]! & 0x7f);
      pos = 10 + tagSize + ((id3[5]! & 0x10) !== 0 ? 10 : 0);
    }
    let frames = 0;
    while (pos < size) {
      const head = await bytesAt(pos, Math.min(8, size - pos));
      if (!head) break;
      const text = head.toString('latin1');
      if (text.startsWith('TAG') || text.startsWith('APETAGEX') || text.startsWith('LYRICS')) {
        return { complete: frames > 0 ? true : null, frames, missingBytes: 0 };
      }
      if (head.length < 4) {
        // A stub shorter than a frame header at the very end: a cut inside the next header.
        return { complete: frames > 0 ? false : null, frames, missingBytes: 4 - head.length };
      }
      const len = mpegFrameLength(head.readUInt32BE(0));
      if (len === null) return { complete: null, frames, missingBytes: 0 };
      frames++;
      if (pos + len > size) return { complete: false, frames, missingBytes: pos + len - size };
      pos += len;
    }
    return { complete: frames > 0 ? true : null, frames, missingBytes: 0 };
  } finally {
    await fh.close();
  }
}

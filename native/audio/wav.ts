import { open, type FileHandle } from 'node:fs/promises';
import wavefile from 'wavefile';
import { z } from 'zod';
import { EarshotError } from '../../electron/shared/errors.js';

/** Bytes read to find the header: ffmpeg writes RIFF + fmt + LIST(INFO) + data header in under 100 bytes. */
const HEADER_PROBE_BYTES = 64 * 1024;

/** What a WAV header says, plus where its samples are. Frame = one sample per channel. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** WAVE_FORMAT code: 1 = PCM integer, 3 = IEEE float, 0xFFFE = extensible. */
  audioFormat: number;
  /** Byte offset of the first sample in the file. */
  dataOffset: number;
  /** Size the header declares for the data chunk (0 or 0xFFFFFFFF when a streaming writer never filled it in). */
  declaredDataBytes: number;
  /** Sample bytes actually present: min(declared, file size - dataOffset), or what the file holds when undeclared. */
  dataBytes: number;
  frames: number;
  /** frames / sampleRate, in ms (rounded). */
  durationMs: number;
}

/** The fields of wavefile's parsed `fmt ` chunk that Earshot reads (wavefile types it as `object`). */
const FmtChunk = z.object({
  audioFormat: z.number().int(),
  numChannels: z.number().int().positive(),
  sampleRate: z.number().int().positive(),
  bitsPerSample: z.number().int().positive(),
  blockAlign: z.number().int().positive(),
});
const DataChunk = z.object({ chunkSize: z.number().int().nonnegative() });

/**
 * Byte offset of the `data` chunk's payload, found by walking the RIFF chunk list (wavefile parses the chunks
 * but its built bundle does not expose their offsets). Returns null when no data chunk starts within `buf`.
 */
function findDataOffset(buf: Buffer): number | null {
  let pos = 12; // after "RIFF" <size> "WAVE"
  while (pos + 8 <= buf.length) {
    const id = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    if (id === 'data') return pos + 8;
    pos += 8 + size + (size % 2);
  }
  return null;
}

/**
 * Reads only the header of the WAV at `path` (the first 64 KiB at most, never the samples) and returns its
 * format and the byte range of its samples. The header is parsed by `wavefile`; the data chunk offset by a
 * RIFF chunk walk. Throws EarshotError FILE_MISSING (no file), NOT_MEDIA (not a RIFF/WAVE file or no data
 * chunk in the first 64 KiB).
 */
export async function readWavInfo(path: string): Promise<WavInfo> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EarshotError('FILE_MISSING', `${path}: no such WAV file`, { cause: err });
    throw new EarshotError('IO_ERROR', `${path}: cannot open: ${(err as Error).message}`, { cause: err });
  }
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, HEADER_PROBE_BYTES));
    await fh.read(head, 0, head.length, 0);
    const dataOffset = head.length >= 12 && head.toString('latin1', 8, 12) === 'WAVE' ? findDataOffset(head) : null;
    if (dataOffset === null) throw new EarshotError('NOT_MEDIA', `${path}: not a WAV file (no RIFF/WAVE data chunk in its header)`);
    const wav = new wavefile.WaveFile();
    let fmt: z.infer<typeof FmtChunk>;
    let data: z.infer<typeof DataChunk>;
    try {
      wav.fromBuffer(head.subarray(0, dataOffset), false);
      fmt = FmtChunk.parse(wav.fmt);
      data = DataChunk.parse(wav.data);
    } catch (err) {
      throw new EarshotError('NOT_MEDIA', `${path}: unreadable WAV header: ${(err as Error).message}`, { cause: err });
    }
    const present = Math.max(0, size - dataOffset);
    const undeclared = data.chunkSize === 0 || data.chunkSize === 0xffffffff;
    const dataBytes = undeclared ? present : Math.min(data.chunkSize, present);
    const frames = Math.floor(dataBytes / fmt.blockAlign);
    return {
      sampleRate: fmt.sampleRate,
      channels: fmt.numChannels,
      bitsPerSample: fmt.bitsPerSample,
      audioFormat: fmt.audioFormat,
      dataOffset,
      declaredDataBytes: data.chunkSize,
      dataBytes,
      frames,
      durationMs: Math.round((frames / fmt.sampleRate) * 1000),
    };
  } finally {
    await fh.close();
  }
}

/** What whisper.cpp reads: 16 kHz mono signed 16-bit little-endian PCM in a WAV container. */
export const WHISPER_SAMPLE_RATE = 16_000;

/**
 * Throws EarshotError CONVERT_FAILED unless `info` is what whisper.cpp and the window planner read:
 * 16 kHz, mono, 16-bit PCM (what convertToWav writes).
 */
export function assertWhisperWav(path: string, info: WavInfo): void {
  if (info.sampleRate !== WHISPER_SAMPLE_RATE || info.channels !== 1 || info.bitsPerSample !== 16 || info.audioFormat !== 1) {
    throw new EarshotError(
      'CONVERT_FAILED',
      `${path}: expected 16 kHz mono 16-bit PCM WAV, found ${info.sampleRate} Hz, ${info.channels} channel(s), ` +
        `${info.bitsPerSample}-bit, format ${info.audioFormat}; convert it with convertToWav first`,
    );
  }
}

/**
 * Reads frames [startFrame, startFrame + frameCount) of a 16-bit PCM WAV described by `info`, clamped to the
 * data present, reading only that byte range from disk. Returns the raw little-endian bytes (what the
 * whisper addon's `transcribeData` takes) — for a mono file, 2 bytes per frame.
 */
export async function readPcm16Bytes(path: string, info: WavInfo, startFrame: number, frameCount: number): Promise<Buffer> {
  const start = Math.max(0, Math.min(info.frames, Math.floor(startFrame)));
  const end = Math.max(start, Math.min(info.frames, Math.floor(startFrame + frameCount)));
  const bytesPerFrame = (info.bitsPerSample / 8) * info.channels;
  const buf = Buffer.alloc((end - start) * bytesPerFrame);
  if (buf.length === 0) return buf;
  const fh = await open(path, 'r');
  try {
    const { bytesRead } = await fh.read(buf, 0, buf.length, info.dataOffset + start * bytesPerFrame);
    return bytesRead === buf.length ? buf : buf.subarray(0, bytesRead - (bytesRead % bytesPerFrame));
  } finally {
    await fh.close();
  }
}

/** Like readPcm16Bytes, as signed 16-bit samples (mono: one per frame). */
export async function readPcm16(path: string, info: WavInfo, startFrame: number, frameCount: number): Promise<Int16Array> {
  const bytes = await readPcm16Bytes(path, info, startFrame, frameCount);
  const out = new Int16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

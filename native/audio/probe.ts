import { open, stat } from 'node:fs/promises';
import { z } from 'zod';
import { EarshotError } from '../../electron/shared/errors.js';
import { ffprobePath, lastLines, runTool, toolInput } from './tools.js';
import type { MediaInfo } from './types.js';

/** The part of `ffprobe -print_format json -show_format -show_streams` that Earshot reads. Numbers arrive as strings. */
const FfprobeStream = z.object({
  index: z.number().int(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  duration: z.string().optional(),
  sample_rate: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
const FfprobeOutput = z.object({
  streams: z.array(FfprobeStream).default([]),
  format: z
    .object({
      format_name: z.string(),
      duration: z.string().optional(),
    })
    .optional(),
});
type FfprobeStream = z.infer<typeof FfprobeStream>;

/**
 * The sample rates (Hz) an audio stream may declare: from 1 kHz (below any real recording; telephone audio is 8 kHz)
 * to 768 kHz (the highest rate of studio formats). A header outside them is a damaged or hostile file: a 20 KB WAV
 * that claims 1 Hz would decode to 2.8 hours.
 */
export const MIN_SAMPLE_RATE = 1000;
export const MAX_SAMPLE_RATE = 768_000;

/** ffprobe messages that mean "this is a media file, but it ends too early". */
const TRUNCATION_MARKERS = [/moov atom not found/i, /partial file/i];

/** Seconds as ffprobe prints them ("11.088000", or "N/A") to whole ms; null when absent or not a number. */
function secondsToMs(value: string | undefined): number | null {
  if (value === undefined) return null;
  const s = Number(value);
  return Number.isFinite(s) && s >= 0 ? Math.round(s * 1000) : null;
}

/** Matroska's per-stream DURATION tag, "HH:MM:SS.nnnnnnnnn", to ms; null when absent or malformed. */
function durationTagToMs(stream: FfprobeStream): number | null {
  const tag = stream.tags?.DURATION ?? stream.tags?.duration;
  const m = tag ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(tag.trim()) : null;
  if (!m) return null;
  return Math.round((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000);
}

/** ISO base media (MP4, MOV, M4A, 3GP) top-level box types a file may start with. */
const MP4_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid', 'styp']);

/**
 * Whether the file starts like an ISO base media file: its first box has a known type and a size of 0, 1 or at least
 * 8. ffprobe says "moov atom not found" both for an MP4 cut before its index and for any bytes that merely carry an
 * MP4 name; only the first is a truncated file, the second is not media at all.
 */
async function startsLikeMp4(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await fh.read(head, 0, 8, 0);
    if (bytesRead < 8) return false;
    const size = head.readUInt32BE(0);
    return MP4_FIRST_BOXES.has(head.toString('latin1', 4, 8)) && (size === 0 || size === 1 || size >= 8);
  } finally {
    await fh.close();
  }
}

/**
 * Probes `path` with ffprobe (`@ffprobe-installer/ffprobe`) and returns what Earshot needs to plan a job.
 *
 * Throws EarshotError, each message naming the file and the cause:
 * - FILE_MISSING: no such file; NOT_A_FILE: a folder, FIFO, device or socket (never opened); NOT_A_FOLDER, LINK_LOOP,
 *   NAME_TOO_LONG: the path goes through a file, loops, or has a name too long for the file system;
 * - FILE_EMPTY: the file has 0 bytes;
 * - MEDIA_TRUNCATED: ffprobe recognises a container whose index is missing because the file ends early
 *   (an MP4 cut before its `moov` atom: the file must start with an MP4 box, otherwise it is NOT_MEDIA);
 * - NOT_MEDIA: ffprobe cannot read it (text renamed .mp3, random bytes), with ffprobe's own last lines;
 * - NO_AUDIO_STREAM: readable media without an audio stream (a silent video);
 * - BAD_AUDIO: the audio stream declares a sample rate outside MIN_SAMPLE_RATE..MAX_SAMPLE_RATE (nothing decoded).
 */
export async function probeMedia(path: string): Promise<MediaInfo> {
  let sizeBytes: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new EarshotError('NOT_A_FILE', `${path}: ${st.isDirectory() ? 'a folder' : 'a FIFO, device or socket'}, not a media file; not opened`);
    sizeBytes = st.size;
  } catch (err) {
    if (err instanceof EarshotError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EarshotError('FILE_MISSING', `${path}: no such file`, { cause: err });
    if (code === 'ENOTDIR') throw new EarshotError('NOT_A_FOLDER', `${path}: a part of this path is a file, not a folder`, { cause: err });
    if (code === 'ELOOP') throw new EarshotError('LINK_LOOP', `${path}: symbolic links loop; not followed`, { cause: err });
    if (code === 'ENAMETOOLONG') throw new EarshotError('NAME_TOO_LONG', `${path}: the name is too long for the file system`, { cause: err });
    throw new EarshotError('IO_ERROR', `${path}: cannot read the file: ${(err as Error).message}`, { cause: err });
  }
  if (sizeBytes === 0) throw new EarshotError('FILE_EMPTY', `${path}: the file is empty (0 bytes)`);

  const run = await runTool(
    ffprobePath(),
    ['-v', 'warning', '-print_format', 'json', '-show_format', '-show_streams', toolInput(path)],
    { label: `${path}: ffprobe` },
  );
  if (run.code !== 0) {
    if (TRUNCATION_MARKERS.some((re) => re.test(run.stderr)) && (await startsLikeMp4(path))) {
      throw new EarshotError('MEDIA_TRUNCATED', `${path}: the file ends early; its index is missing (ffprobe: ${lastLines(run.stderr, 2)})`);
    }
    throw new EarshotError('NOT_MEDIA', `${path}: not an audio or video file ffmpeg can read (ffprobe: ${lastLines(run.stderr)})`);
  }

  let parsed: z.infer<typeof FfprobeOutput>;
  try {
    parsed = FfprobeOutput.parse(JSON.parse(run.stdout));
  } catch (err) {
    throw new EarshotError('NOT_MEDIA', `${path}: ffprobe gave no usable description of the file`, { cause: err });
  }
  if (!parsed.format) throw new EarshotError('NOT_MEDIA', `${path}: ffprobe found no container format`);

  const audio = parsed.streams.filter((s) => s.codec_type === 'audio');
  const video = parsed.streams.filter((s) => s.codec_type === 'video');
  const containerMs = secondsToMs(parsed.format.duration);
  if (audio.length === 0) {
    const found = parsed.streams.map((s) => `${s.codec_type ?? 'unknown'} (${s.codec_name ?? '?'})`).join(', ') || 'no streams';
    throw new EarshotError('NO_AUDIO_STREAM', `${path}: no audio stream to transcribe (found: ${found})`);
  }
  const first = audio[0]!;
  const audioDurationMs = secondsToMs(first.duration) ?? durationTagToMs(first) ?? (video.length === 0 ? containerMs : null);
  const rate = Number(first.sample_rate);
  const sampleRate = Number.isFinite(rate) && rate > 0 ? rate : null;
  if (sampleRate !== null && (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE)) {
    throw new EarshotError(
      'BAD_AUDIO',
      `${path}: the audio stream claims a sample rate of ${sampleRate} Hz, outside ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz; ` +
        'the file is damaged or not what it seems, so it is not decoded',
    );
  }

  return {
    path,
    sizeBytes,
    durationMs: containerMs ?? 0,
    formatName: parsed.format.format_name,
    audioStreams: audio.length,
    videoStreams: video.length,
    audioDurationMs,
    sampleRate,
    durationEstimated: /Estimating duration from bitrate/i.test(run.stderr),
  };
}

import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { EarshotError } from '../../electron/shared/errors.js';
import { probeMedia } from './probe.js';
import { ffmpegPath, lastLines, runTool, toolInput } from './tools.js';
import { checkDecodedDuration, checkStructure } from './truncation.js';
import type { MediaInfo } from './types.js';
import { WHISPER_SAMPLE_RATE, readWavInfo } from './wav.js';

/** ffmpeg warnings that say the input ends early; quoted in the MEDIA_TRUNCATED message when present. */
const TRUNCATION_WARNINGS = [/filesize and duration do not match/i, /partial file/i, /Read error/i, /corrupt input packet/i];

export interface ConvertOptions {
  /** Aborting kills ffmpeg, removes the partial output and rejects with CANCELLED. */
  signal?: AbortSignal;
  /** The input's probe result, if the caller already has it (saves one ffprobe run). */
  info?: MediaInfo;
}

/**
 * Decodes any audio or video ffmpeg reads (first audio stream) to a 16 kHz mono pcm_s16le WAV at `outPath`.
 * The output is written under a temporary name beside `outPath` and renamed into place only when it is
 * complete and checked, so `outPath` either does not exist or holds the whole file. Creates the folder.
 *
 * Returns the decoded duration in ms (from the WAV's sample count).
 *
 * Throws EarshotError:
 * - FILE_MISSING / FILE_EMPTY / NOT_MEDIA / NO_AUDIO_STREAM from probeMedia;
 * - MEDIA_TRUNCATED when the input ends before its headers say it should (see truncation.ts: WAV data size,
 *   Ogg end-of-stream page, MP3 last frame, decoded vs declared duration);
 * - CONVERT_FAILED when ffmpeg fails or decodes no audio, with ffmpeg's last stderr lines;
 * - CANCELLED when `signal` aborts.
 */
export async function convertToWav(inputPath: string, outPath: string, opts: ConvertOptions = {}): Promise<{ durationMs: number }> {
  const info = opts.info ?? (await probeMedia(inputPath));
  const structural = await checkStructure(inputPath, info);
  if (structural) throw new EarshotError('MEDIA_TRUNCATED', `${inputPath}: the file ends early: ${structural}`);

  await mkdir(path.dirname(outPath), { recursive: true });
  const tmp = `${outPath}.${randomUUID().slice(0, 8)}.partial`;
  try {
    const run = await runTool(
      ffmpegPath(),
      [
        '-nostdin', '-hide_banner', '-v', 'warning',
        '-i', toolInput(inputPath),
        '-map', '0:a:0', '-vn', '-sn', '-dn', '-map_metadata', '-1',
        '-ac', '1', '-ar', String(WHISPER_SAMPLE_RATE), '-c:a', 'pcm_s16le',
        '-f', 'wav', '-y', toolInput(tmp),
      ],
      { signal: opts.signal, label: `${inputPath}: ffmpeg` },
    );
    if (run.code !== 0) {
      const why = run.signal ? `killed by ${run.signal}` : `exit code ${run.code}`;
      throw new EarshotError('CONVERT_FAILED', `${inputPath}: ffmpeg could not convert it (${why}): ${lastLines(run.stderr)}`);
    }
    const wav = await readWavInfo(tmp);
    if (wav.frames === 0) {
      throw new EarshotError('CONVERT_FAILED', `${inputPath}: ffmpeg decoded no audio${run.stderr ? ` (${lastLines(run.stderr)})` : ''}`);
    }
    const shortfall = checkDecodedDuration(info, wav.durationMs);
    if (shortfall) {
      const warning = run.stderr.split(/\r?\n/).find((l) => TRUNCATION_WARNINGS.some((re) => re.test(l)));
      throw new EarshotError(
        'MEDIA_TRUNCATED',
        `${inputPath}: the file ends early: ${shortfall}${warning ? ` (ffmpeg: ${warning.trim()})` : ''}`,
      );
    }
    await rename(tmp, outPath);
    return { durationMs: wav.durationMs };
  } finally {
    await rm(tmp, { force: true });
  }
}

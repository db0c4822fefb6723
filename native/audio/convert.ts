import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
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
  /**
   * The most audio to decode, ms: ffmpeg stops writing one second after it (`-t`), so a file whose header
   * understates its length cannot fill the disk; one that decodes to more than this is refused with TOO_LONG.
   */
  maxDurationMs?: number;
}

/** ffmpeg's words when the output's file system is full. */
const NO_SPACE = /No space left on device/i;

/** `ms` as hours, minutes and seconds for messages ("10 h 0 min", "3 min 0 s", "12.5 s"). */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(1))} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${Math.floor(s % 60)} s`;
}

/**
 * Decodes any audio or video ffmpeg reads (first audio stream) to a 16 kHz mono pcm_s16le WAV at `outPath`; a WAV
 * that is that already is copied instead (copyIfWhisperWav: ffmpeg would copy its samples bit for bit anyway).
 * The output is written under a temporary name beside `outPath` and renamed into place only when it is
 * complete and checked, so `outPath` either does not exist or holds the whole file. Creates the folder.
 *
 * Returns the decoded duration in ms (from the WAV's sample count).
 *
 * Throws EarshotError:
 * - FILE_MISSING / FILE_EMPTY / NOT_MEDIA / NO_AUDIO_STREAM from probeMedia;
 * - MEDIA_TRUNCATED when the input ends before its headers say it should (see truncation.ts: WAV data size,
 *   Ogg end-of-stream page, MP3 last frame, decoded vs declared duration);
 * - BAD_AUDIO from probeMedia (an absurd sample rate);
 * - TOO_LONG when the audio decodes to more than `opts.maxDurationMs` (ffmpeg stops shortly after it);
 * - DISK_FULL when the output's file system fills up (the partial output is removed);
 * - CONVERT_FAILED when ffmpeg fails or decodes no audio, with ffmpeg's last stderr lines;
 * - CANCELLED when `signal` aborts.
 */
export async function convertToWav(inputPath: string, outPath: string, opts: ConvertOptions = {}): Promise<{ durationMs: number }> {
  const info = opts.info ?? (await probeMedia(inputPath));
  const structural = await checkStructure(inputPath, info);
  if (structural) throw new EarshotError('MEDIA_TRUNCATED', `${inputPath}: the file ends early: ${structural}`);

  await mkdir(path.dirname(outPath), { recursive: true });
  if (opts.signal?.aborted) throw new EarshotError('CANCELLED', `${inputPath}: conversion cancelled`);
  const copied = await copyIfWhisperWav(inputPath, outPath, info, opts.maxDurationMs);
  if (copied) return copied;
  const tmp = `${outPath}.${randomUUID().slice(0, 8)}.partial`;
  const cap = opts.maxDurationMs === undefined ? [] : ['-t', String((opts.maxDurationMs + 1000) / 1000)];
  try {
    const run = await runTool(
      ffmpegPath(),
      [
        '-nostdin', '-hide_banner', '-v', 'warning',
        '-i', toolInput(inputPath),
        '-map', '0:a:0', '-vn', '-sn', '-dn', '-map_metadata', '-1',
        '-ac', '1', '-ar', String(WHISPER_SAMPLE_RATE), '-c:a', 'pcm_s16le',
        ...cap, '-f', 'wav', '-y', toolInput(tmp),
      ],
      { signal: opts.signal, label: `${inputPath}: ffmpeg` },
    );
    if (run.code !== 0 && NO_SPACE.test(run.stderr)) {
      throw new EarshotError('DISK_FULL', `${inputPath}: no space left on the disk of ${path.dirname(outPath)} while converting it; free some space and retry`);
    }
    if (run.code !== 0) {
      const why = run.signal ? `killed by ${run.signal}` : `exit code ${run.code}`;
      throw new EarshotError('CONVERT_FAILED', `${inputPath}: ffmpeg could not convert it (${why}): ${lastLines(run.stderr)}`);
    }
    const wav = await readWavInfo(tmp);
    if (wav.frames === 0) {
      throw new EarshotError('CONVERT_FAILED', `${inputPath}: ffmpeg decoded no audio${run.stderr ? ` (${lastLines(run.stderr)})` : ''}`);
    }
    if (opts.maxDurationMs !== undefined && wav.durationMs > opts.maxDurationMs) {
      throw new EarshotError(
        'TOO_LONG',
        `${inputPath}: the audio goes on past the limit of ${formatDuration(opts.maxDurationMs)} ` +
          `(its header said ${formatDuration(info.audioDurationMs ?? info.durationMs)}); stopped converting there`,
      );
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

/**
 * Copies `inputPath` to `outPath` (through a temporary name, like the conversion) when it is already what whisper
 * reads: a WAV of 16 kHz mono 16-bit PCM with samples in it, within `maxDurationMs`. Saves the ffmpeg process a
 * short clip would otherwise cost (tens of ms each, a good share of a short clip's time on a small machine). Returns
 * its duration in ms, or null when the input is anything else (ffmpeg converts it) or cannot be read as such.
 */
async function copyIfWhisperWav(inputPath: string, outPath: string, info: MediaInfo, maxDurationMs: number | undefined): Promise<{ durationMs: number } | null> {
  if (!info.formatName.split(',').includes('wav') || info.sampleRate !== WHISPER_SAMPLE_RATE) return null;
  let wav;
  try {
    wav = await readWavInfo(inputPath);
  } catch {
    return null;
  }
  const whisperReady = wav.sampleRate === WHISPER_SAMPLE_RATE && wav.channels === 1 && wav.bitsPerSample === 16 && wav.audioFormat === 1;
  if (!whisperReady || wav.frames === 0 || (maxDurationMs !== undefined && wav.durationMs > maxDurationMs)) return null;
  const tmp = `${outPath}.${randomUUID().slice(0, 8)}.partial`;
  try {
    await copyFile(inputPath, tmp, constants.COPYFILE_FICLONE);
    await rename(tmp, outPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new EarshotError('DISK_FULL', `${inputPath}: no space left on the disk of ${path.dirname(outPath)} while copying it; free some space and retry`);
    }
    throw new EarshotError('IO_ERROR', `${inputPath}: could not copy it to ${outPath}: ${(err as Error).message}`, { cause: err });
  } finally {
    await rm(tmp, { force: true });
  }
  return { durationMs: wav.durationMs };
}

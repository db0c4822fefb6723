import type { Command } from 'commander';
import { Concurrency } from '../services/config.js';
import type { InputFilters, JobParamsChoice } from '../shared/contract.js';
import { JobParams, type OutputFormat, SUBTITLE_CHARS_MAX, SUBTITLE_CHARS_MIN, WINDOW_SEC_DEFAULT, WindowSec } from '../shared/jobs.js';
import { type LimitOptions, addLimitOptions, parseDuration, parseFormats, parsePositiveInt, parseSize, zodOption } from './options.js';
import { printable } from './printable.js';

/** The options of the commands that queue jobs (`transcribe`, `watch`): job parameters, batch filters, limits. */
export interface JobOptions extends LimitOptions {
  dataDir?: string;
  model?: string;
  language: string;
  task: 'transcribe' | 'translate';
  format: OutputFormat[];
  out?: string;
  overwrite?: boolean;
  concurrency: number;
  window: number;
  beamSize?: number;
  bestOf?: number;
  maxLineChars?: number;
  maxCueChars?: number;
  /** false with --no-vad; commander sets true otherwise. */
  vad?: boolean;
  minSize?: number;
  maxSize?: number;
  minDuration?: number;
  maxDuration?: number;
}

/**
 * Adds the job options to `cmd`, each checked where it is parsed: --concurrency (1-64) and --window (10-3600 s) by
 * the same zod schemas REST and the WebSocket use, sizes and durations by their parsers, and the resource limits.
 */
export function addJobOptions(cmd: Command): Command {
  return addLimitOptions(cmd)
    .option('--model <name|path>', 'whisper.cpp model name (tiny.en, base-q5_1, …) or a ggml file')
    .option('--language <code>', 'spoken language, or auto', 'auto')
    .option('--task <task>', 'transcribe or translate (to English)', 'transcribe')
    .option('--format <list>', 'output formats', parseFormats, ['txt', 'srt', 'vtt', 'json'] as OutputFormat[])
    .option('--out <dir>', 'write outputs here, mirroring folder trees (default: beside each input)')
    .option('--overwrite', 'replace output files Earshot did not write (default: keep them and write name.1.txt beside)')
    .option('--concurrency <n>', 'files transcribed at once (1-64)', zodOption(Concurrency), 1)
    .option('--window <seconds>', 'crash-safe window length (10-3600)', zodOption(WindowSec), WINDOW_SEC_DEFAULT)
    .option('--beam-size <n>', 'beam search width (1 = greedy, the default)', parsePositiveInt)
    .option('--best-of <n>', 'candidates when whisper retries at a higher temperature (default 5)', parsePositiveInt)
    .option('--max-line-chars <n>', `SRT/VTT: at most this many characters a line, cues split at word boundaries (${SUBTITLE_CHARS_MIN}-${SUBTITLE_CHARS_MAX}; e.g. 42)`, zodOption(JobParams.shape.maxLineChars.unwrap()))
    .option('--max-cue-chars <n>', 'SRT/VTT: at most this many characters a cue (default: two lines)', zodOption(JobParams.shape.maxCueChars.unwrap()))
    .option('--no-vad', 'decode every stretch of the input, silence and noise included (default: voice activity detection skips them and drops text invented there)')
    .option('--min-size <size>', 'skip files smaller than this (e.g. 1MB)', parseSize)
    .option('--max-size <size>', 'skip files larger than this (e.g. 100MB)', parseSize)
    .option('--min-duration <time>', 'skip media shorter than this (e.g. 5s)', parseDuration)
    .option('--max-duration <time>', 'skip media longer than this (e.g. 5m)', parseDuration);
}

/** Refuses (through commander's cmd.error, exit 1) a --task other than transcribe/translate and a minimum above its maximum. */
export function checkJobOptions(cmd: Command, opts: JobOptions): void {
  if (opts.task !== 'transcribe' && opts.task !== 'translate') cmd.error(`--task must be transcribe or translate, not ${printable(opts.task)}`);
  const bounds: Array<[string, number | undefined, string, number | undefined]> = [
    ['--min-size', opts.minSize, '--max-size', opts.maxSize],
    ['--min-duration', opts.minDuration, '--max-duration', opts.maxDuration],
  ];
  for (const [minName, min, maxName, max] of bounds) {
    if (min !== undefined && max !== undefined && min > max) cmd.error(`${minName} is larger than ${maxName}: no file could be selected`);
  }
}

/** The job parameters the options choose, with the resolved model's name. */
export function jobParams(opts: JobOptions, model: string): JobParamsChoice {
  return {
    model,
    language: opts.language,
    task: opts.task,
    formats: opts.format,
    outDir: opts.out ?? null,
    windowSec: opts.window,
    overwrite: opts.overwrite === true,
    ...(opts.beamSize !== undefined ? { beamSize: opts.beamSize } : {}),
    ...(opts.bestOf !== undefined ? { bestOf: opts.bestOf } : {}),
    ...(opts.maxLineChars !== undefined ? { maxLineChars: opts.maxLineChars } : {}),
    ...(opts.maxCueChars !== undefined ? { maxCueChars: opts.maxCueChars } : {}),
    // Only `false` is written: absent means on, and keeps the parameter key of jobs enqueued before the switch existed.
    ...(opts.vad === false ? { vad: false } : {}),
  };
}

/** The batch filters the options choose (sizes in bytes, durations in ms; absent = off). */
export function jobFilters(opts: JobOptions): InputFilters {
  return { minSizeBytes: opts.minSize, maxSizeBytes: opts.maxSize, minDurationMs: opts.minDuration, maxDurationMs: opts.maxDuration };
}

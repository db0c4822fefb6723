import bytes from 'bytes';
import { type Command, InvalidArgumentError } from 'commander';
import ms from 'ms';
import type { z } from 'zod';
import { type ConfigFlags, MaxDurationMs, MinFreeBytes } from '../services/config.js';
import { OutputFormat } from '../shared/jobs.js';

/** Parses "1MB", "500kb", "2GB" (the `bytes` package; 1 MB = 1,048,576 bytes) for commander. */
export function parseSize(value: string): number {
  const n = bytes.parse(value);
  if (n === null || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a size (e.g. 1MB, 500KB)`);
  return n;
}

/** Parses "5s", "5m", "1.5h" (the `ms` package) to milliseconds for commander. */
export function parseDuration(value: string): number {
  const n = ms(value as ms.StringValue);
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a duration (e.g. 5s, 5m)`);
  return n;
}

/** Parses "txt,srt" into output formats. */
export function parseFormats(value: string): OutputFormat[] {
  const parts = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const parsed = parts.map((p) => OutputFormat.safeParse(p));
  const bad = parts.filter((_, i) => !parsed[i]!.success);
  if (bad.length || parts.length === 0) throw new InvalidArgumentError(`unknown format(s) ${bad.join(', ') || '(none)'}; use txt,srt,vtt,json`);
  return parsed.map((p) => p.data!);
}

/** Parses a positive integer option. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${value}" is not a positive integer`);
  return n;
}

/** Parses a positive number of seconds. */
export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive number`);
  return n;
}

/**
 * A commander option parser from a zod schema: the text is turned into a number (when `numeric`, the default) and
 * parsed with `schema`; a value the schema refuses is an InvalidArgumentError with the schema's own messages (commander
 * prints "option '--window <seconds>' argument '0.0001' is invalid. …" and exits 1). The same schemas check
 * REST and WebSocket requests, so every edge takes the same values.
 */
export function zodOption<T>(schema: z.ZodType<T>, opts: { numeric?: boolean } = {}): (value: string) => T {
  const numeric = opts.numeric ?? true;
  return (value) => {
    const raw = numeric ? (value.trim() === '' ? Number.NaN : Number(value)) : value;
    const result = schema.safeParse(raw);
    if (!result.success) throw new InvalidArgumentError(result.error.issues.map((i) => i.message).join('; '));
    return result.data;
  };
}

/** Checks a parsed value with `schema`, as commander's InvalidArgumentError with the schema's messages. */
function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidArgumentError(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

/** The resource-limit options of the commands that run jobs, as given on the command line. */
export interface LimitOptions {
  durationLimit?: number;
  minFree?: number;
}

/**
 * Adds `--duration-limit <time>` (config `maxDurationMs`) and `--min-free <size>` (config `minFreeBytes`) to `cmd`;
 * each wins over its environment variable and settings.json key (config.ts).
 */
export function addLimitOptions(cmd: Command): Command {
  return cmd
    .option('--duration-limit <time>', 'fail inputs longer than this with TOO_LONG (e.g. 90m; default $EARSHOT_MAX_DURATION or 24h)', (v) =>
      checked(MaxDurationMs, Math.round(parseDuration(v))))
    .option('--min-free <size>', 'disk space to keep free in the work folder; fail with DISK_FULL otherwise (default $EARSHOT_MIN_FREE or 1GB)', (v) =>
      checked(MinFreeBytes, Math.round(parseSize(v))));
}

/** The configuration flags of the limit options given (none when absent). */
export function limitFlags(opts: LimitOptions): ConfigFlags {
  return {
    ...(opts.durationLimit !== undefined ? { maxDurationMs: opts.durationLimit } : {}),
    ...(opts.minFree !== undefined ? { minFreeBytes: opts.minFree } : {}),
  };
}

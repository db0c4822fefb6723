import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bytes from 'bytes';
import ms from 'ms';
import { z } from 'zod';
import { EarshotError } from '../shared/errors.js';

/** pino's levels; `silent` logs nothing. */
export const LogLevel = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/**
 * Earshot's whole configuration, built once by the composition root (loadConfig) and handed down: nothing below the
 * root reads `process.env`. Each key's source, highest first: a command-line flag (or the Electron shell's choice),
 * an `EARSHOT_*` environment variable, `<data-dir>/settings.json`, the default.
 */
/** Jobs transcribed at once (engine worker threads): a whole number from 1 to 64. */
export const Concurrency = z
  .number({ error: 'the concurrency must be a whole number' })
  .int('the concurrency must be a whole number')
  .min(1, 'the concurrency must be at least 1')
  .max(64, 'the concurrency must be at most 64');

/** The longest audio one job may hold, ms (default 24 h): at least 1 s, at most 30 days. */
export const MaxDurationMs = z
  .number({ error: 'the duration limit must be a number of milliseconds' })
  .int('the duration limit must be a whole number of milliseconds')
  .min(1000, 'the duration limit must be at least 1 s')
  .max(30 * 24 * 3600_000, 'the duration limit must be at most 30 days');
export const DEFAULT_MAX_DURATION_MS = 24 * 3600_000;

/** Bytes kept free on the work folder's disk, whatever a conversion needs (default 1 GiB; 0 keeps nothing back). */
export const MinFreeBytes = z
  .number({ error: 'the free-space reserve must be a number of bytes' })
  .int('the free-space reserve must be a whole number of bytes')
  .min(0, 'the free-space reserve cannot be negative')
  .max(Number.MAX_SAFE_INTEGER, 'the free-space reserve is too large');
export const DEFAULT_MIN_FREE_BYTES = 1024 ** 3;

export const EarshotConfig = z.object({
  /** Absolute data directory: database, models, work files, uploads, recordings, logs, settings.json. */
  dataDir: z.string().min(1),
  /** The model of jobs that name none, above settings.json's `defaultModel` (`--model`, `$EARSHOT_MODEL`). */
  model: z.string().min(1).nullable(),
  /** Download models from `<modelBaseUrl>/<file>` instead of the catalog's URLs (a mirror). */
  modelBaseUrl: z.string().url().nullable(),
  /** Jobs transcribed at once, i.e. engine worker threads. */
  concurrency: Concurrency,
  /** whisper.cpp threads per engine worker; null: the engine's choice (cores / workers). */
  threads: z.number().int().min(1).max(256).nullable(),
  /** Compute back end: auto probes CUDA > Vulkan > CPU. */
  backend: z.enum(['auto', 'cpu', 'cuda', 'vulkan']),
  /**
   * CPU build of whisper.cpp: auto = the one compiled at install (native/addon/build.mjs) when it loads, else the
   * prebuilt package (slow; the reason is logged and put on each job); compiled = only the compiled one; prebuilt.
   */
  cpuAddon: z.enum(['auto', 'compiled', 'prebuilt']),
  /**
   * whisper's encoder context for windows shorter than 30 s: `sized` to the audio (whisper.cpp's audio_ctx; a 5 s
   * clip costs about a fifth of a full pass) or `full` (always 30 s, whisper's own behaviour). See native/engine/audio-context.ts.
   */
  audioContext: z.enum(['sized', 'full']),
  logLevel: LogLevel,
  /** ffmpeg and ffprobe binaries; null: the static builds shipped in @ffmpeg-installer / @ffprobe-installer. */
  ffmpegPath: z.string().min(1).nullable(),
  ffprobePath: z.string().min(1).nullable(),
  /** The packaged app checks its release channel for updates unless this is set (offline or managed installs). */
  disableUpdates: z.boolean(),
  /** electron-vite's dev server for the renderer (development only); null loads the built renderer. */
  rendererUrl: z.string().url().nullable(),
  /**
   * The longest audio a job may hold, ms (`--duration-limit`, `$EARSHOT_MAX_DURATION`, settings.json
   * `maxDurationMs`): longer inputs fail with TOO_LONG before they are converted, and no conversion writes more.
   */
  maxDurationMs: MaxDurationMs,
  /**
   * Bytes to keep free on the disk of the work folder (`--min-free`, `$EARSHOT_MIN_FREE`, settings.json
   * `minFreeBytes`): a job whose 16 kHz WAV would leave less fails with DISK_FULL before it is converted.
   */
  minFreeBytes: MinFreeBytes,
  /** The environment engine host processes start with (this process's, which they would inherit anyway). */
  childEnv: z.record(z.string(), z.string()),
});
export type EarshotConfig = z.infer<typeof EarshotConfig>;

/** What a caller may set explicitly (command-line flags, the Electron shell); each wins over the environment. */
export type ConfigFlags = Partial<
  Pick<EarshotConfig, 'dataDir' | 'model' | 'concurrency' | 'threads' | 'backend' | 'cpuAddon' | 'logLevel' | 'maxDurationMs' | 'minFreeBytes'>
>;

/** The keys settings.json may hold for the configuration (other keys belong to features and are kept as they are). */
const SettingsKeys = z.looseObject({
  concurrency: z.number().int().min(1).optional(),
  threads: z.number().int().min(1).optional(),
  backend: z.string().optional(),
  logLevel: z.string().optional(),
  maxDurationMs: z.number().optional(),
  minFreeBytes: z.number().optional(),
});

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The data directory: the flag > `$EARSHOT_DATA_DIR` > `$XDG_DATA_HOME/earshot` > `~/.local/share/earshot` (the
 * XDG Base Directory default). Absolute; not created here.
 */
function dataDirFrom(flag: string | undefined, env: Env): string {
  if (flag) return path.resolve(flag);
  if (env.EARSHOT_DATA_DIR) return path.resolve(env.EARSHOT_DATA_DIR);
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'earshot');
}

function readSettingsKeys(file: string): z.infer<typeof SettingsKeys> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = SettingsKeys.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    throw new EarshotError('BAD_REQUEST', `${file}: ${z.prettifyError(parsed.error)}; fix or delete the file`);
  } catch (err) {
    if (err instanceof EarshotError) throw err;
    throw new EarshotError('BAD_REQUEST', `${file}: settings are not valid JSON (${(err as Error).message}); fix or delete the file`);
  }
}

const blank = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());
const int = (v: string | undefined): number | undefined => (blank(v) === undefined ? undefined : Number(v));
const NUMBER = /^\d+(\.\d+)?$/;
/** `$EARSHOT_MAX_DURATION`: "90m", "24h", "1.5h" (the `ms` package), or a number alone as seconds; NaN if neither. */
const durationMs = (v: string | undefined): number | undefined => {
  const t = blank(v);
  if (t === undefined) return undefined;
  if (NUMBER.test(t)) return Math.round(Number(t) * 1000);
  const n = ms(t as ms.StringValue);
  return typeof n === 'number' ? Math.round(n) : Number.NaN;
};
/** `$EARSHOT_MIN_FREE`: "1GB", "500MB" (the `bytes` package; 1 GB = 1024³ bytes), or a number alone as bytes. */
const sizeBytes = (v: string | undefined): number | undefined => {
  const t = blank(v);
  if (t === undefined) return undefined;
  const n = bytes.parse(t);
  return n === null ? Number.NaN : Math.round(n);
};

/**
 * Builds the configuration from explicit `flags`, the environment `env` (default: this process's) and the data
 * directory's settings.json. Throws EarshotError BAD_REQUEST naming the variable or file when a value is invalid
 * (e.g. `EARSHOT_CONCURRENCY=zero`, a settings.json that is not JSON).
 */
export function loadConfig(flags: ConfigFlags = {}, env: Env = process.env): EarshotConfig {
  const dataDir = dataDirFrom(flags.dataDir, env);
  const settings = readSettingsKeys(path.join(dataDir, 'settings.json'));
  const raw = {
    dataDir,
    model: flags.model ?? blank(env.EARSHOT_MODEL) ?? null,
    modelBaseUrl: blank(env.EARSHOT_MODEL_BASE_URL) ?? null,
    concurrency: flags.concurrency ?? int(env.EARSHOT_CONCURRENCY) ?? settings.concurrency ?? 1,
    threads: flags.threads ?? int(env.EARSHOT_THREADS) ?? settings.threads ?? null,
    backend: (flags.backend ?? blank(env.EARSHOT_BACKEND) ?? settings.backend ?? 'auto').toLowerCase(),
    cpuAddon: (flags.cpuAddon ?? blank(env.EARSHOT_ENGINE_ADDON) ?? 'auto').toLowerCase(),
    audioContext: (blank(env.EARSHOT_AUDIO_CONTEXT) ?? 'sized').toLowerCase(),
    logLevel: flags.logLevel ?? blank(env.EARSHOT_LOG_LEVEL) ?? settings.logLevel ?? 'warn',
    ffmpegPath: blank(env.EARSHOT_FFMPEG) ?? null,
    ffprobePath: blank(env.EARSHOT_FFPROBE) ?? null,
    disableUpdates: env.EARSHOT_DISABLE_UPDATES === '1',
    rendererUrl: blank(env.ELECTRON_RENDERER_URL) ?? null,
    maxDurationMs: flags.maxDurationMs ?? durationMs(env.EARSHOT_MAX_DURATION) ?? settings.maxDurationMs ?? DEFAULT_MAX_DURATION_MS,
    minFreeBytes: flags.minFreeBytes ?? sizeBytes(env.EARSHOT_MIN_FREE) ?? settings.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES,
    childEnv: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
  };
  const parsed = EarshotConfig.safeParse(raw);
  if (!parsed.success) {
    const where: Record<string, string> = {
      concurrency: 'EARSHOT_CONCURRENCY / settings.json concurrency',
      threads: 'EARSHOT_THREADS / settings.json threads',
      backend: 'EARSHOT_BACKEND / settings.json backend',
      cpuAddon: 'EARSHOT_ENGINE_ADDON',
      audioContext: 'EARSHOT_AUDIO_CONTEXT (sized or full)',
      logLevel: 'EARSHOT_LOG_LEVEL / settings.json logLevel',
      modelBaseUrl: 'EARSHOT_MODEL_BASE_URL',
      rendererUrl: 'ELECTRON_RENDERER_URL',
      maxDurationMs: '--duration-limit / EARSHOT_MAX_DURATION (e.g. 90m, 24h) / settings.json maxDurationMs',
      minFreeBytes: '--min-free / EARSHOT_MIN_FREE (e.g. 500MB, 2GB) / settings.json minFreeBytes',
    };
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw new EarshotError('BAD_REQUEST', `invalid configuration: ${key} (${where[key] ?? 'flag'}): ${issue.message}`);
  }
  return parsed.data;
}

import { z } from 'zod';
import { ErrorCode } from './errors.js';

/**
 * Job lifecycle (GUIDE §3): queued -> running -> completed | failed | cancelled.
 * A failed job with a future `retryAt` is waiting out its backoff and goes back to queued then.
 */
export const JobStatus = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

/** Where a job's input came from. */
export const SourceKind = z.enum(['file', 'recording', 'folder-item']);
export type SourceKind = z.infer<typeof SourceKind>;

export const OutputFormat = z.enum(['txt', 'srt', 'vtt', 'json']);
export type OutputFormat = z.infer<typeof OutputFormat>;

/** The engine backend that ran a job; whisper.cpp's own names for its GPU back-ends. */
export const Backend = z.enum(['cpu', 'cuda', 'vulkan']);
export type Backend = z.infer<typeof Backend>;

/** Bounds of the crash-safe window length, seconds: shorter windows cut speech too often, longer ones risk more work. */
export const WINDOW_SEC_MIN = 10;
export const WINDOW_SEC_MAX = 3600;
/**
 * The crash-safe window length of a job that names none, seconds. Each window restarts whisper's 30 s passes at its
 * cut, so windows cost time: on the 6-minute test file, 120 s windows made `earshot transcribe` 1.19x whisper-cli's
 * time and one window 1.05x (npm run bench, 2 cores). 10 minutes of audio is about a minute of work to redo after a
 * crash on a 2-core CPU with the compiled engine (RTF about 0.07-0.2), seconds on a GPU.
 */
export const WINDOW_SEC_DEFAULT = 600;
/** The crash-safe window length a request may ask for, seconds (WINDOW_SEC_MIN..WINDOW_SEC_MAX). */
export const WindowSec = z
  .number({ error: 'the window length must be a number of seconds' })
  .min(WINDOW_SEC_MIN, `the window length must be at least ${WINDOW_SEC_MIN} s`)
  .max(WINDOW_SEC_MAX, `the window length must be at most ${WINDOW_SEC_MAX} s (1 hour)`);

/** Bounds of the subtitle line length a job may ask for, characters. */
export const SUBTITLE_CHARS_MIN = 10;
export const SUBTITLE_CHARS_MAX = 200;

/**
 * What the user asked for. `model` is a whisper.cpp model name (`tiny.en`, `base-q5_1`, …) or a path to a ggml file;
 * `language` is an ISO 639-1 code or `auto`; `outDir` null means "beside the input".
 * `windowSec` is the crash-safe window length in seconds (default WINDOW_SEC_DEFAULT, 600).
 */
export const JobParams = z.object({
  model: z.string().min(1),
  language: z.string().min(2).default('auto'),
  task: z.enum(['transcribe', 'translate']).default('transcribe'),
  formats: z.array(OutputFormat).min(1).default(['txt', 'srt', 'vtt', 'json']),
  outDir: z.string().nullable().default(null),
  windowSec: WindowSec.default(WINDOW_SEC_DEFAULT),
  /**
   * whisper.cpp decoding: beam search with this many beams (2 or more), greedy for 1; absent: the engine's default
   * (greedy, chosen by `npm run bench`'s WER/time comparison; see README Benchmarks). Absent rather than defaulted,
   * so jobs enqueued before the field existed keep their parameter key.
   */
  beamSize: z.number().int().min(1).max(16).optional(),
  /** Candidates sampled when whisper falls back to a higher temperature (whisper.cpp's best_of); absent: 5. */
  bestOf: z.number().int().min(1).max(16).optional(),
  /**
   * Subtitle layout of SRT/VTT: at most this many characters per line (lines broken at spaces; 42 is the common
   * broadcast figure), and cues split at word boundaries, timed by whisper's words (whisper.cpp's max-len with
   * split-on-word). Absent: one cue per segment, one line.
   */
  maxLineChars: z.number().int().min(SUBTITLE_CHARS_MIN).max(SUBTITLE_CHARS_MAX).optional(),
  /** At most this many characters per cue (its lines together); absent: two lines of maxLineChars. */
  maxCueChars: z.number().int().min(SUBTITLE_CHARS_MIN).max(SUBTITLE_CHARS_MAX * 2).optional(),
  /**
   * Voice activity detection (absent: on). On: the speech in the input is found once, after conversion; whisper never
   * decodes non-speech stretches longer than a few seconds, windows are cut in pauses, and segments whisper puts
   * where no one speaks are dropped. false (`--no-vad`): every window is decoded whole, cut at its quietest stretch.
   * Absent rather than defaulted, so jobs enqueued before the field existed keep their parameter key.
   */
  vad: z.boolean().optional(),
  /**
   * Replace output files that exist and that Earshot did not write (or that changed since it wrote them). Off: such a
   * file is kept and the transcript goes beside it with a numbered suffix (`talk.1.txt`). Sources, uploads and
   * recording sidecars are never replaced. Not part of what makes two jobs the same work (paramsKey).
   */
  overwrite: z.boolean().default(false),
});
export type JobParams = z.infer<typeof JobParams>;
export type JobParamsInput = z.input<typeof JobParams>;

/**
 * One word as whisper.cpp timed it (from its token-level timestamps): `text` as spoken, with its leading space if
 * whisper gave one; t0/t1 in milliseconds from the start of the input; `p` the lowest probability among the word's
 * tokens (0-1), low where whisper was unsure.
 */
export const Word = z.object({
  text: z.string(),
  t0Ms: z.number().int().nonnegative(),
  t1Ms: z.number().int().nonnegative(),
  p: z.number().min(0).max(1),
});
export type Word = z.infer<typeof Word>;

/**
 * One transcribed segment; t0/t1 in milliseconds from the start of the input. `id` is stable: it survives edits,
 * splits (the second half gets a new id), merges (the first segment's id is kept), undo and redo. `index` is the
 * segment's position (0, 1, 2, … in time order). `text` is what the transcript says now (edited or not);
 * `original` is what whisper heard when the text was edited, null when `text` is whisper's own.
 */
export const Segment = z.object({
  id: z.number().int().positive(),
  index: z.number().int().nonnegative(),
  t0Ms: z.number().int().nonnegative(),
  t1Ms: z.number().int().nonnegative(),
  text: z.string(),
  original: z.string().nullable(),
  /**
   * whisper's words with their times, in order, inside [t0Ms, t1Ms]; absent for transcripts made before Earshot kept
   * words. They are whisper's words: once a segment's text is edited (`original` not null) they no longer match it.
   */
  words: z.array(Word).optional(),
});
export type Segment = z.infer<typeof Segment>;

/** A job as stored and as sent to every UI. Timestamps are epoch milliseconds. */
export const Job = z.object({
  id: z.string().uuid(),
  /** What the library shows: set by the user (transcripts.setTitle), else the input's file name. */
  title: z.string(),
  sourcePath: z.string(),
  sourceKind: SourceKind,
  /** The folder a folder-item job was found under (for mirroring the tree under --out). */
  sourceRoot: z.string().nullable(),
  contentHash: z.string().nullable(),
  /**
   * As asked when the job was made; jobs stored before the window bounds existed may have any positive window, and
   * those stored before the window was recorded had 120 s, the default then.
   */
  params: JobParams.extend({ windowSec: z.number().positive().default(120) }),
  status: JobStatus,
  /** 0..1 */
  progress: z.number().min(0).max(1),
  /** Media duration in ms, once probed. */
  durationMs: z.number().int().nonnegative().nullable(),
  /** Audio transcribed and committed so far, in ms from the start. */
  offsetMs: z.number().int().nonnegative(),
  windowsDone: z.number().int().nonnegative(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  heartbeatAt: z.number().int().nullable(),
  /**
   * Runs of the job at its current window: counted when a run starts, back to 1 when a window commits, and not counted
   * for a run whose owner process was killed or stopped. A recoverable failure (an engine crash, a timeout) with
   * `attempts` < `maxAttempts` is retried; at `maxAttempts` failures at one window the job fails for good.
   */
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  retryAt: z.number().int().nullable(),
  errorCode: ErrorCode.nullable(),
  errorMessage: z.string().nullable(),
  backend: Backend.nullable(),
  /**
   * What ran and why not a better backend, e.g. "cpu · avx2 · 2 threads — cuda: libcudart.so.12: cannot open…",
   * or "cpu (prebuilt, slow: native: build failed at tools: cmake not found) · 2 threads".
   */
  backendNote: z.string().nullable(),
  /** Real-time factor: processing time / audio time (lower is faster). */
  rtf: z.number().nonnegative().nullable(),
  language: z.string().nullable(),
  outputs: z.record(z.string(), z.string()),
  /** What the user should know about the outputs: a file that was kept, and where the transcript went instead. */
  notes: z.array(z.string()).optional(),
  /**
   * Segments the guards removed whole: whisper's text where voice activity detection heard no speech, or nothing but
   * a phrase repeated over and over (a decoding loop). Absent: none.
   */
  droppedSegments: z.number().int().positive().optional(),
  /** Segments the loop guard cut a repeated phrase out of (the first occurrence kept). Absent: none. */
  trimmedSegments: z.number().int().positive().optional(),
});
export type Job = z.infer<typeof Job>;

/** How a job's backendNote starts when it ran on the slow prebuilt CPU build (native/engine/addon.ts describeCpuBuild). */
export const PREBUILT_CPU_NOTE = 'cpu (prebuilt, slow:';

/** Statuses after which a job never changes by itself. */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

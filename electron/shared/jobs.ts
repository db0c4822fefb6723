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

/**
 * What the user asked for. `model` is a whisper.cpp model name (`tiny.en`, `base-q5_1`, …) or a path to a ggml file;
 * `language` is an ISO 639-1 code or `auto`; `outDir` null means "beside the input".
 * `windowSec` is the crash-safe window length in seconds (default 120).
 */
export const JobParams = z.object({
  model: z.string().min(1),
  language: z.string().min(2).default('auto'),
  task: z.enum(['transcribe', 'translate']).default('transcribe'),
  formats: z.array(OutputFormat).min(1).default(['txt', 'srt', 'vtt', 'json']),
  outDir: z.string().nullable().default(null),
  windowSec: z.number().positive().default(120),
});
export type JobParams = z.infer<typeof JobParams>;
export type JobParamsInput = z.input<typeof JobParams>;

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
  params: JobParams,
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
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  retryAt: z.number().int().nullable(),
  errorCode: ErrorCode.nullable(),
  errorMessage: z.string().nullable(),
  backend: Backend.nullable(),
  /** Why the engine fell back to a slower backend, if it did. */
  backendNote: z.string().nullable(),
  /** Real-time factor: processing time / audio time (lower is faster). */
  rtf: z.number().nonnegative().nullable(),
  language: z.string().nullable(),
  outputs: z.record(z.string(), z.string()),
});
export type Job = z.infer<typeof Job>;

/** Statuses after which a job never changes by itself. */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

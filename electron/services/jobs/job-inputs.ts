import type { Backend, JobParams, JobParamsInput, SourceKind, Word } from '../../shared/jobs.js';

/** What enqueue needs; `contentHash` (sha256 hex of the input bytes) enables skip/resume of identical work. */
export interface EnqueueInput {
  sourcePath: string;
  sourceKind: SourceKind;
  sourceRoot?: string | null;
  contentHash?: string | null;
  params: JobParamsInput;
  maxAttempts?: number;
}

/** `created`: new job; `resumed`: an unfinished job for the same content+params was reused; `skipped`: already completed. */
export type EnqueueAction = 'created' | 'resumed' | 'skipped';

/** One committed window: its segments (absolute ms) and where the transcription now stands. */
export interface WindowCommit {
  t0Ms: number;
  t1Ms: number;
  /** The window's segments in file time (ms), each with whisper's words when the engine timed them. */
  segments: ReadonlyArray<{ t0Ms: number; t1Ms: number; text: string; words?: readonly Word[] | undefined }>;
  elapsedMs: number;
  progress: number;
  /** The backend that decoded the window; null for a window nothing decoded (skipped non-speech): the job keeps its own. */
  backend: Backend | null;
  backendNote: string | null;
  language: string | null;
  /** Segments the guards removed whole from this window, and segments they trimmed (segment-guards.ts); absent: 0. */
  dropped?: number;
  trimmed?: number;
}

/** Params that say how outputs are written, not what is transcribed or where: left out of paramsKey. */
const NOT_IN_KEY: ReadonlySet<string> = new Set(['overwrite']);

/**
 * Canonical JSON of params (sorted keys): two enqueues with equal params share a key. `overwrite` is left out, so
 * a run with --overwrite finds the job an earlier run made (and keys stored before it existed stay equal), and so is
 * `vad: true`, which says what its absence says.
 */
export function paramsKey(params: JobParams): string {
  const sorted = Object.fromEntries(
    Object.entries(params)
      .filter(([k, v]) => !NOT_IN_KEY.has(k) && !(k === 'vad' && v === true))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify(sorted);
}

/**
 * Whether two jobs' params ask for the same transcription (model, language, task, window length, beam size, best-of,
 * voice activity detection), whatever their outputs (formats, folder, overwrite): a job may then reuse the other's
 * committed segments.
 */
export function sameTranscription(a: JobParams, b: JobParams): boolean {
  return a.model === b.model && a.language === b.language && a.task === b.task && a.windowSec === b.windowSec
    && a.beamSize === b.beamSize && a.bestOf === b.bestOf && (a.vad ?? true) === (b.vad ?? true);
}

import type { Backend, JobParams, JobParamsInput, SourceKind } from '../../shared/jobs.js';

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
  segments: ReadonlyArray<{ t0Ms: number; t1Ms: number; text: string }>;
  elapsedMs: number;
  progress: number;
  backend: Backend;
  backendNote: string | null;
  language: string | null;
}

/** Canonical JSON of params (sorted keys): two enqueues with equal params share a key. */
export function paramsKey(params: JobParams): string {
  const sorted = Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify(sorted);
}

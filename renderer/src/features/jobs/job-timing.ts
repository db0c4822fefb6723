import type { Job } from '../../../../electron/shared/jobs.js';

export interface JobTiming {
  /** ms left, estimated from the pace so far; null when not running or too early to tell. */
  etaMs: number | null;
  /** Real-time factor (processing time / audio time; lower is faster): the job's own once done, live estimate while running. */
  rtf: number | null;
}

/** Below this much progress the pace is mostly start-up (model load, decode), so no ETA is shown. */
const MIN_PROGRESS_FOR_ETA = 0.02;

/**
 * ETA and RTF for a job card at `now` (epoch ms). While running: elapsed = now - startedAt, ETA = elapsed * (1 - p) / p,
 * RTF = elapsed / (p * durationMs). Otherwise the job's recorded `rtf` and no ETA.
 */
export function jobTiming(job: Job, now: number): JobTiming {
  if (job.status !== 'running' || job.startedAt === null) return { etaMs: null, rtf: job.rtf };
  const p = job.progress;
  const elapsed = Math.max(0, now - job.startedAt);
  if (p < MIN_PROGRESS_FOR_ETA) return { etaMs: null, rtf: null };
  const etaMs = (elapsed * (1 - p)) / p;
  const rtf = job.durationMs ? elapsed / (p * job.durationMs) : null;
  return { etaMs, rtf };
}

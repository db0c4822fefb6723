import fs from 'node:fs';
import path from 'node:path';
import { EarshotError, type ErrorCode, isRecoverable } from '../../shared/errors.js';
import type { Job } from '../../shared/jobs.js';
import type { MediaInfo } from '../../../native/audio/index.js';
import type { Engine, EngineSegment } from '../../../native/engine/index.js';
import { checkOutputFolder, writeOutputs } from '../transcripts/write-outputs.js';
import type { WrittenFiles } from '../transcripts/written-files.js';
import type { Logger } from '../_utils/logger.js';
import type { JobStore } from './job-store.js';
import { RAISE_DURATION_LIMIT, type ResourceLimits, checkLimits } from './limits.js';

/** The media operations a job needs (native/audio); injectable so a test can hand in others. */
export interface MediaOps {
  probeMedia(file: string): Promise<MediaInfo>;
  /**
   * `info`: the input's probe result, so the conversion does not probe it again; `maxDurationMs`: decode no more than
   * about this much (TOO_LONG beyond it).
   */
  convertToWav(input: string, out: string, opts?: { signal?: AbortSignal; info?: MediaInfo; maxDurationMs?: number }): Promise<{ durationMs: number }>;
  nextWindowEnd(wavPath: string, offsetMs: number, windowMs: number, totalMs: number): Promise<number>;
}

/** Everything one run of one job touches. */
export interface RunContext {
  store: JobStore;
  engine: Engine;
  media: MediaOps;
  /** Where transcripts are written through (never over a file Earshot did not write; see written-files.ts). */
  files: WrittenFiles;
  workDir: string;
  /** The duration and disk-space limits checked before the input is converted. */
  limits: ResourceLimits;
  owner: string;
  log: Logger;
  signal: AbortSignal;
  resolveModelPath: (model: string) => Promise<string>;
  onProgress: (progress: number) => void;
  onSegments: (segments: EngineSegment[]) => void;
  onWindow: () => void;
}

/**
 * How one run of a job ended: `completed` (outputs written), `taken` (cancelled or claimed by another owner while it
 * ran; nothing to record), or `failed` with the error's code and message and whether the code is one that may
 * succeed on a retry (see isRecoverable).
 */
export type RunOutcome =
  | { kind: 'completed' }
  | { kind: 'taken' }
  | { kind: 'failed'; code: ErrorCode; message: string; recoverable: boolean };

/**
 * Runs one claimed job to completion and says how it ended (never throws). First, before any work, the folder its
 * outputs go to is checked (IO_ERROR when it cannot be written). A job with nothing committed whose content was
 * transcribed already the same way (a completed twin: the same file under another name, in this batch or before)
 * takes that transcript instead of transcribing again. Otherwise: probe the input once (BAD_AUDIO for an absurd sample
 * rate), check it against the limits (TOO_LONG, DISK_FULL; see limits.ts), convert it once, at most the duration
 * limit, to a 16 kHz
 * WAV in the job's work folder (kept while the job may resume, so it does not convert again; its duration then comes
 * from one probe of that WAV), then window by window from the committed offset; each window's segments are committed
 * with the offset reached in one transaction. Finally the outputs are written (never over a file Earshot did not
 * write, unless the job says overwrite) and the job completes with them and any notes about where they went.
 */
export async function runJob(job: Job, ctx: RunContext): Promise<RunOutcome> {
  try {
    return (await transcribeJob(job, ctx)) ? { kind: 'completed' } : { kind: 'taken' };
  } catch (err) {
    const e = EarshotError.from(err);
    return { kind: 'failed', code: e.code, message: e.message, recoverable: isRecoverable(e.code) };
  }
}

async function transcribeJob(job: Job, ctx: RunContext): Promise<boolean> {
  const { store, owner, signal } = ctx;
  const checkAbort = () => {
    if (signal.aborted) throw new EarshotError('CANCELLED', `${job.sourcePath}: stopped`);
  };
  await checkOutputFolder(job);
  const twin = job.windowsDone === 0 ? store.completedTwin(job) : null;
  if (twin) {
    if (!store.adoptTranscript(job.id, owner, twin.id)) return false;
    ctx.log.info({ twinId: twin.id, twinSource: twin.sourcePath }, 'same content as a completed job: reusing its transcript');
    ctx.onWindow();
    return finish(job, ctx);
  }
  const modelPath = await ctx.resolveModelPath(job.params.model);
  const info = await ctx.media.probeMedia(job.sourcePath);
  checkAbort();
  const wav = path.join(ctx.workDir, job.id, 'audio.wav');
  let totalMs: number;
  if (fs.existsSync(wav)) {
    totalMs = (await ctx.media.probeMedia(wav)).durationMs;
  } else {
    await checkLimits(job.sourcePath, job.id, info, ctx.limits, path.dirname(wav));
    ctx.log.info({ wav }, 'converting');
    try {
      totalMs = (await ctx.media.convertToWav(job.sourcePath, wav, { signal, info, maxDurationMs: ctx.limits.maxDurationMs })).durationMs;
    } catch (err) {
      const e = EarshotError.from(err);
      if (e.code === 'TOO_LONG') throw new EarshotError('TOO_LONG', `${e.message}. To transcribe it, ${RAISE_DURATION_LIMIT}`, { cause: err });
      throw e;
    }
  }
  if (!store.setDuration(job.id, owner, totalMs)) return false;
  const windowMs = Math.round(job.params.windowSec * 1000);
  let offset = store.require(job.id).offsetMs;
  ctx.log.info({ offset, totalMs, windowMs }, 'transcribing');
  while (offset < totalMs) {
    checkAbort();
    const end = await ctx.media.nextWindowEnd(wav, offset, windowMs, totalMs);
    ctx.log.info({ t0Ms: offset, t1Ms: end }, 'window started');
    const handle = ctx.engine.transcribe(
      {
        jobId: job.id,
        modelPath,
        audioPath: wav,
        offsetMs: offset,
        durationMs: end - offset,
        language: job.params.language,
        translate: job.params.task === 'translate',
        beamSize: job.params.beamSize,
        bestOf: job.params.bestOf,
      },
      {
        onProgress: (f) => ctx.onProgress((offset + f * (end - offset)) / totalMs),
        onSegments: (segs) => ctx.onSegments(segs),
      },
    );
    const onAbort = () => handle.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    let result;
    try {
      result = await handle.promise;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    const clamp = (ms: number) => Math.max(offset, Math.min(ms, end));
    const segments = result.segments
      .filter((s) => s.text.trim().length > 0)
      .map((s) => ({
        t0Ms: clamp(s.t0Ms),
        t1Ms: clamp(s.t1Ms),
        text: s.text,
        ...(s.words ? { words: s.words.map((w) => ({ ...w, t0Ms: clamp(w.t0Ms), t1Ms: clamp(w.t1Ms) })) } : {}),
      }));
    const committed = store.commitWindow(job.id, owner, {
      t0Ms: offset,
      t1Ms: end,
      segments,
      elapsedMs: result.elapsedMs,
      progress: end / totalMs,
      backend: result.backend,
      // The job's note says what ran, then why not a better backend: "cpu · avx2 · 2 threads — cuda: …".
      backendNote: [result.backendDetail, result.backendNote].filter((p) => p).join(' — ') || null,
      language: result.language,
    });
    if (!committed) return false;
    ctx.log.info({ t0Ms: offset, t1Ms: end, segments: segments.length, elapsedMs: result.elapsedMs }, 'window committed');
    ctx.onWindow();
    offset = end;
  }
  checkAbort();
  return finish(job, ctx);
}

/** Writes the outputs of a job whose transcript is all committed, and completes it with them. */
async function finish(job: Job, ctx: RunContext): Promise<boolean> {
  const { outputs, notes } = await writeOutputs(ctx.store.require(job.id), ctx.store.segments(job.id), ctx.files);
  for (const note of notes) ctx.log.info({ note }, 'an output went elsewhere than planned');
  return ctx.store.complete(job.id, ctx.owner, outputs, notes);
}

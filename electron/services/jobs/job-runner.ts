import fs from 'node:fs';
import path from 'node:path';
import { EarshotError, type ErrorCode, isRecoverable } from '../../shared/errors.js';
import type { Job } from '../../shared/jobs.js';
import type { MediaInfo } from '../../../native/audio/index.js';
import type { Engine, EngineSegment } from '../../../native/engine/index.js';
import { type SpeechRegion, type VadResult, nextSpeechWindow, speechMs } from '../../../native/vad/index.js';
import { checkOutputFolder, writeOutputs } from '../transcripts/write-outputs.js';
import type { WrittenFiles } from '../transcripts/written-files.js';
import type { Logger } from '../_utils/logger.js';
import type { JobStore } from './job-store.js';
import { RAISE_DURATION_LIMIT, type ResourceLimits, checkLimits } from './limits.js';
import { guardSegments } from './segment-guards.js';

/** The media operations a job needs (native/audio); injectable so a test can hand in others. */
export interface MediaOps {
  probeMedia(file: string): Promise<MediaInfo>;
  /**
   * `info`: the input's probe result, so the conversion does not probe it again; `maxDurationMs`: decode no more than
   * about this much (TOO_LONG beyond it).
   */
  convertToWav(input: string, out: string, opts?: { signal?: AbortSignal; info?: MediaInfo; maxDurationMs?: number }): Promise<{ durationMs: number }>;
  nextWindowEnd(wavPath: string, offsetMs: number, windowMs: number, totalMs: number): Promise<number>;
  /** Speech regions of a 16 kHz WAV (native/vad detectSpeech); VAD_FAILED when the detector cannot run. */
  detectSpeech(wavPath: string, opts?: { signal?: AbortSignal }): Promise<VadResult>;
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
 * from one probe of that WAV). Unless the job says `vad: false`, the speech in that WAV is found once and stored with
 * the job (a resumed run reads it; see speechRegions). Then window by window from the committed offset: with speech
 * regions, long non-speech is committed as an empty window that nothing decodes and windows are cut in pauses
 * (native/vad nextSpeechWindow), else at the quietest stretch; each window's segments go through the guards
 * (segment-guards.ts) and are committed with the offset reached and what the guards removed, in one transaction. Finally the outputs are written (never over a file Earshot did not
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
  const regions = job.params.vad === false ? null : await speechRegions(job, ctx, wav, totalMs);
  if (regions === false) return false;
  const windowMs = Math.round(job.params.windowSec * 1000);
  let offset = store.require(job.id).offsetMs;
  ctx.log.info({ offset, totalMs, windowMs, vad: regions !== null }, 'transcribing');
  while (offset < totalMs) {
    checkAbort();
    const loudnessCut = () => ctx.media.nextWindowEnd(wav, offset, windowMs, totalMs);
    const plan = regions ? await nextSpeechWindow(regions, offset, windowMs, totalMs, loudnessCut) : { endMs: await loudnessCut(), skip: false };
    const end = plan.endMs;
    if (plan.skip) {
      const committed = store.commitWindow(job.id, owner, {
        t0Ms: offset, t1Ms: end, segments: [], elapsedMs: 0, progress: end / totalMs, backend: null, backendNote: null, language: null,
      });
      if (!committed) return false;
      ctx.log.info({ t0Ms: offset, t1Ms: end }, 'window skipped: no speech');
      ctx.onProgress(end / totalMs);
      ctx.onWindow();
      offset = end;
      continue;
    }
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
    const decoded = result.segments
      .filter((s) => s.text.trim().length > 0)
      .map((s) => ({
        t0Ms: clamp(s.t0Ms),
        t1Ms: clamp(s.t1Ms),
        text: s.text,
        ...(s.words ? { words: s.words.map((w) => ({ ...w, t0Ms: clamp(w.t0Ms), t1Ms: clamp(w.t1Ms) })) } : {}),
      }));
    const { segments, dropped, trimmed } = guardSegments(decoded, regions);
    if (dropped + trimmed > 0) {
      const removed = decoded.filter((s) => !segments.includes(s)).map((s) => ({ t0Ms: s.t0Ms, t1Ms: s.t1Ms, text: s.text }));
      ctx.log.info({ t0Ms: offset, t1Ms: end, dropped, trimmed, removed }, 'guards removed invented text');
    }
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
      dropped,
      trimmed,
    });
    if (!committed) return false;
    ctx.log.info({ t0Ms: offset, t1Ms: end, segments: segments.length, elapsedMs: result.elapsedMs }, 'window committed');
    ctx.onWindow();
    offset = end;
  }
  checkAbort();
  return finish(job, ctx);
}

/**
 * The speech regions of the job's WAV: those stored with the job (a resumed run), else found now by VAD and stored,
 * clamped to `totalMs`. Returns null when the detector cannot run (VAD_FAILED: logged, and the job goes on without
 * VAD, as if it had said `vad: false`), false when the job was taken meanwhile; throws CANCELLED on abort.
 */
async function speechRegions(job: Job, ctx: RunContext, wav: string, totalMs: number): Promise<SpeechRegion[] | null | false> {
  let speech = ctx.store.speech(job.id);
  if (speech) {
    ctx.log.info({ regions: speech.regions.length, detector: speech.detector }, 'speech regions read from the job store');
  } else {
    ctx.log.info({ wav }, 'detecting speech');
    try {
      speech = await ctx.media.detectSpeech(wav, { signal: ctx.signal });
    } catch (err) {
      const e = EarshotError.from(err);
      if (e.code !== 'VAD_FAILED') throw e;
      ctx.log.warn({ err: e.message }, 'voice activity detection failed; transcribing without it');
      return null;
    }
    if (!ctx.store.setSpeech(job.id, ctx.owner, speech)) return false;
    const speechShare = speech.totalMs > 0 ? speechMs(speech.regions) / speech.totalMs : 0;
    ctx.log.info({ regions: speech.regions.length, speechShare: Number(speechShare.toFixed(3)), elapsedMs: speech.elapsedMs, detector: speech.detector }, 'speech detected');
  }
  return speech.regions
    .map((r) => ({ t0Ms: Math.min(r.t0Ms, totalMs), t1Ms: Math.min(r.t1Ms, totalMs) }))
    .filter((r) => r.t1Ms > r.t0Ms);
}

/** Writes the outputs of a job whose transcript is all committed, and completes it with them. */
async function finish(job: Job, ctx: RunContext): Promise<boolean> {
  const { outputs, notes } = await writeOutputs(ctx.store.require(job.id), ctx.store.segments(job.id), ctx.files);
  for (const note of notes) ctx.log.info({ note }, 'an output went elsewhere than planned');
  return ctx.store.complete(job.id, ctx.owner, outputs, notes);
}

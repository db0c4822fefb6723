import { z } from 'zod';
import { Backend, Word } from '../../electron/shared/jobs.js';
import { CpuBuild } from './addon.js';

/**
 * The engine's request and result shapes. Each is a zod schema (they cross the process and thread boundaries
 * of the engine host and are parsed on arrival) with its type inferred under the same name.
 */

/**
 * One window of one job for the engine: whisper.cpp transcribes `audioPath` (16 kHz mono s16 WAV, as
 * convertToWav writes) from `offsetMs` for `durationMs` (0 = to the end of the file). The engine reads only
 * that span of the file and hands it to whisper, so timestamps come back relative to the window and are
 * shifted to the file here.
 */
export const TranscribeWindowRequest = z.object({
  jobId: z.string(),
  /** Absolute path of a ggml model file. */
  modelPath: z.string().min(1),
  audioPath: z.string().min(1),
  offsetMs: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  /** ISO 639-1 code or 'auto'. */
  language: z.string().min(2),
  translate: z.boolean(),
  /** Beam search width (2+) or greedy (1); absent: greedy. */
  beamSize: z.number().int().min(1).max(16).optional(),
  /** whisper.cpp's best_of (candidates at temperature fallback); absent: whisper's default (5). */
  bestOf: z.number().int().min(1).max(16).optional(),
});
export type TranscribeWindowRequest = z.infer<typeof TranscribeWindowRequest>;

/**
 * A segment as the engine reports it: t0/t1 in ms from the start of the audio file (not of the window), and its
 * words in the same time base when the build times tokens (the compiled one does; the prebuilt one gives none).
 */
export const EngineSegment = z.object({
  t0Ms: z.number().int().nonnegative(),
  t1Ms: z.number().int().nonnegative(),
  text: z.string(),
  words: z.array(Word).optional(),
});
export type EngineSegment = z.infer<typeof EngineSegment>;

export const TranscribeWindowResult = z.object({
  segments: z.array(EngineSegment),
  /** Language whisper detected or was given. */
  language: z.string().nullable(),
  backend: Backend,
  /** Why the engine is not on the best backend, if it is not (e.g. "cuda: libcudart.so.12 not found; vulkan: …"). */
  backendNote: z.string().nullable(),
  /** What ran: "cpu · avx2 · 2 threads", "cpu (prebuilt, slow: <reason>) · 2 threads", "cuda · CUDA0". */
  backendDetail: z.string().nullable(),
  /** The CPU build that ran (compiled variant and features, or prebuilt and why); null on a GPU. */
  backendCpu: CpuBuild.nullable(),
  /** The encoder context the window's transcript came from, frames of 20 ms (audio-context.ts); null: whisper's full 1500. */
  audioCtx: z.number().int().positive().nullable(),
  /** Wall time spent in whisper for this window, ms. */
  elapsedMs: z.number().nonnegative(),
  /** Which worker thread of the engine host ran it (0-based). */
  workerIndex: z.number().int().nonnegative(),
  /**
   * How many times that worker has loaded a model so far, this window included: it stays the same from one
   * window to the next while the worker keeps its whisper context (same model), and grows on a model change.
   */
  contextLoads: z.number().int().nonnegative(),
});
export type TranscribeWindowResult = z.infer<typeof TranscribeWindowResult>;

export interface TranscribeCallbacks {
  /** Fraction 0..1 of this window done. */
  onProgress?: (fraction: number) => void;
  /** New segments as whisper emits them (absolute ms). */
  onSegments?: (segments: EngineSegment[]) => void;
}

/** A running transcription: await `promise`; `cancel()` asks the addon to stop (the promise then rejects with CANCELLED). */
export interface TranscribeHandle {
  promise: Promise<TranscribeWindowResult>;
  cancel: () => void;
}

/**
 * What the job manager needs from an engine. Implemented by EngineHost (child process + worker threads);
 * Electron's utilityProcess can implement the same. Errors reject as EarshotError:
 * ENGINE_CRASHED (host died; recoverable), ENGINE_TIMEOUT (host stopped answering and was killed; recoverable),
 * ENGINE_ERROR (whisper failed), CANCELLED, MODEL_INVALID (model file missing or not a ggml model),
 * FILE_MISSING / CONVERT_FAILED (audio file missing / not a 16 kHz mono 16-bit WAV).
 */
export interface Engine {
  start(): Promise<void>;
  stop(): Promise<void>;
  transcribe(req: TranscribeWindowRequest, callbacks?: TranscribeCallbacks): TranscribeHandle;
}

/** Which whisper.cpp build to use: 'auto' probes CUDA, then Vulkan, then CPU. */
export const BackendPreference = z.enum(['auto', 'cpu', 'cuda', 'vulkan']);
export type BackendPreference = z.infer<typeof BackendPreference>;

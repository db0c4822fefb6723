import type { Backend } from '../../electron/shared/jobs.js';

/**
 * One window of one job for the engine: whisper.cpp reads `audioPath` (16 kHz mono s16 WAV)
 * from `offsetMs` for `durationMs` (0 = to the end), through the addon's offset/duration options.
 */
export interface TranscribeWindowRequest {
  jobId: string;
  /** Absolute path of a ggml model file. */
  modelPath: string;
  audioPath: string;
  offsetMs: number;
  durationMs: number;
  /** ISO 639-1 code or 'auto'. */
  language: string;
  translate: boolean;
  /** Text of the previous window, given to whisper as its initial prompt for continuity. */
  prompt?: string;
}

/** A segment as the engine reports it: t0/t1 in ms from the start of the audio file (not of the window). */
export interface EngineSegment {
  t0Ms: number;
  t1Ms: number;
  text: string;
}

export interface TranscribeWindowResult {
  segments: EngineSegment[];
  /** Language whisper detected or was given. */
  language: string | null;
  backend: Backend;
  /** Why the engine is not on the best backend, if it is not (e.g. "CUDA: libcudart.so.12 not found"). */
  backendNote: string | null;
  /** Wall time spent in whisper for this window, ms. */
  elapsedMs: number;
}

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
 * ENGINE_CRASHED (host died; recoverable), ENGINE_ERROR (whisper failed), CANCELLED, MODEL_INVALID.
 */
export interface Engine {
  start(): Promise<void>;
  stop(): Promise<void>;
  transcribe(req: TranscribeWindowRequest, callbacks?: TranscribeCallbacks): TranscribeHandle;
}

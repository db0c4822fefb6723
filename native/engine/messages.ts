import { z } from 'zod';
import { Backend } from '../../electron/shared/jobs.js';
import { EarshotError, ErrorCode } from '../../electron/shared/errors.js';
import { CpuAddonChoice, CpuBuild } from './addon.js';
import { BackendPreference, EngineSegment, TranscribeWindowRequest, TranscribeWindowResult } from './types.js';

/**
 * The engine's wire protocol (GUIDE §4), on two hops that share one vocabulary:
 *   EngineHost (parent process) ⇄ host process (child_process.fork / Electron utilityProcess), and
 *   host process ⇄ worker threads (worker_threads).
 * Every message is a member of a zod discriminated union on `type` and is parsed on arrival; one that does
 * not parse is logged and dropped. `seq` is the request id a reply belongs to: the parent numbers its
 * transcribe requests and the host keeps those numbers when it passes them on to a worker.
 */

const Seq = z.number().int().nonnegative();

/** An error as it crosses a boundary: enough to rebuild an EarshotError with the remote stack kept. */
export const WireError = z.object({
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
  code: ErrorCode,
});
export type WireError = z.infer<typeof WireError>;

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;

/** How a worker sizes whisper's encoder context for short windows (see audio-context.ts). */
export const AudioContextMode = z.enum(['sized', 'full']);
export type AudioContextMode = z.infer<typeof AudioContextMode>;

/** Host configuration, sent once after the host starts. */
export const HostConfig = z.object({
  /** Worker threads in the pool (each with its own whisper context). */
  workers: z.number().int().positive(),
  /** whisper.cpp threads per worker (`n_threads`). */
  threadsPerWorker: z.number().int().positive(),
  backend: BackendPreference,
  /** Which CPU build: the compiled one when it loads ('auto'), only it ('compiled'), or the prebuilt one. */
  cpuAddon: CpuAddonChoice,
  /** Folder of the compiled builds (native/addon/build); null: none. */
  addonBuildDir: z.string().nullable(),
  /** Lowest level of `log` messages worth sending to the parent (whisper.cpp's own lines count as debug). */
  logLevel: LogLevel,
  /** A window with no progress from whisper for this long fails with ENGINE_TIMEOUT, ms. */
  stallTimeoutMs: z.number().int().positive(),
  /** Encoder context of windows under 30 s: sized to the audio, or whisper's full 30 s (audio-context.ts). */
  audioContext: AudioContextMode,
});
export type HostConfig = z.infer<typeof HostConfig>;

/** What one worker thread needs: its slot in the pool plus the host's settings. */
export const WorkerConfig = z.object({
  workerIndex: z.number().int().nonnegative(),
  threads: z.number().int().positive(),
  backend: BackendPreference,
  cpuAddon: CpuAddonChoice,
  addonBuildDir: z.string().nullable(),
  logLevel: LogLevel,
  stallTimeoutMs: z.number().int().positive(),
  audioContext: AudioContextMode,
});
export type WorkerConfig = z.infer<typeof WorkerConfig>;

/** The whisper.cpp build a worker settled on, and why it is not a better one. */
export const BackendChoice = z.object({
  backend: Backend,
  /** Why not a better backend (GPU fallbacks), or null. */
  note: z.string().nullable(),
  /** The CPU build (compiled or prebuilt, and why) when the backend is the CPU; null on a GPU. */
  cpu: CpuBuild.nullable(),
  /** What ran, for the job record: "cpu · avx2 · 2 threads", "cpu (prebuilt, slow: …) · 2 threads", "cuda · CUDA0". */
  detail: z.string(),
});
export type BackendChoice = z.infer<typeof BackendChoice>;

const Log = z.object({
  type: z.literal('log'),
  level: LogLevel,
  msg: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const Progress = z.object({ type: z.literal('progress'), seq: Seq, fraction: z.number().min(0).max(1) });
const Segments = z.object({ type: z.literal('segments'), seq: Seq, segments: z.array(EngineSegment) });
const Done = z.object({ type: z.literal('done'), seq: Seq, result: TranscribeWindowResult });
const Failed = z.object({ type: z.literal('error'), seq: Seq, error: WireError });
const Cancel = z.object({ type: z.literal('cancel'), seq: Seq });

/** Parent → host. */
export const ToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), seq: Seq, config: HostConfig }),
  z.object({ type: z.literal('transcribe'), seq: Seq, request: TranscribeWindowRequest }),
  Cancel,
  z.object({ type: z.literal('ping'), seq: Seq }),
  z.object({ type: z.literal('shutdown'), seq: Seq }),
]);
export type ToHost = z.infer<typeof ToHost>;

/** Host → parent. `ready` answers `init`; `pong` answers `ping`. */
export const FromHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), seq: Seq, pid: z.number().int() }),
  Progress,
  Segments,
  Done,
  Failed,
  Log,
  z.object({ type: z.literal('pong'), seq: Seq }),
]);
export type FromHost = z.infer<typeof FromHost>;

/** Host → worker. `backend` in transcribe is the choice another worker already probed (null: probe it yourself). */
export const ToWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), config: WorkerConfig }),
  z.object({ type: z.literal('transcribe'), seq: Seq, request: TranscribeWindowRequest, backend: BackendChoice.nullable() }),
  Cancel,
]);
export type ToWorker = z.infer<typeof ToWorker>;

/** Worker → host. `backend` reports a finished probe, before the window's own result. */
export const FromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), workerIndex: z.number().int().nonnegative() }),
  z.object({ type: z.literal('backend'), choice: BackendChoice }),
  Progress,
  Segments,
  Done,
  Failed,
  Log,
]);
export type FromWorker = z.infer<typeof FromWorker>;

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** True when a `level` message passes a `threshold` (debug < info < warn < error). */
export function levelPasses(level: LogLevel, threshold: LogLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[threshold];
}

/** Turns anything thrown into a WireError (ENGINE_ERROR unless it already carries an Earshot code). */
export function toWireError(err: unknown, fallback: ErrorCode = 'ENGINE_ERROR'): WireError {
  const e = EarshotError.from(err, fallback);
  return { name: e.name, message: e.message, stack: e.stack, code: e.code };
}

/** Rebuilds an EarshotError from a WireError; the remote stack is kept under `cause`. */
export function fromWireError(w: WireError): EarshotError {
  const remote = new Error(w.message);
  remote.name = w.name;
  if (w.stack) remote.stack = w.stack;
  return new EarshotError(w.code, w.message, { cause: remote });
}

/**
 * Parses `raw` with `schema`; on failure calls `onInvalid` with a short reason and returns null
 * (a bad message is dropped, never thrown: one malformed line must not take the engine down).
 */
export function parseMessage<T>(schema: z.ZodType<T>, raw: unknown, onInvalid: (reason: string, raw: unknown) => void): T | null {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  onInvalid(z.prettifyError(parsed.error), raw);
  return null;
}

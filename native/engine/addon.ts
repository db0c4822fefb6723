import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Backend } from '../../electron/shared/jobs.js';

/**
 * The slice of `@fugood/whisper.node` 1.1.3's native module Earshot uses, typed here (the package ships its
 * typings as .ts sources, not .d.ts) and loaded from its per-backend platform packages directly, because the
 * package's own `loadModule(variant)` silently falls back to the CPU build. Load this only inside worker threads.
 *
 * Facts about this addon version, read from its src/WhisperContext.cpp and checked by experiment:
 * - segment t0/t1 come back in ms (whisper.cpp's 10 ms units, multiplied by 10 in the binding);
 * - `transcribeData` takes 16-bit little-endian PCM mono at 16 kHz in an ArrayBuffer; timestamps are relative
 *   to the start of that buffer;
 * - with the `offset`/`duration` options (on `transcribe(path)`) timestamps are absolute, but whisper still
 *   decodes audio past `offset + duration` (jfk.wav, offset 3000, duration 5000 gave one segment 3000–11000 ms
 *   holding the text up to 11 s) and the binding reads the whole file into memory on every call, so Earshot
 *   slices the window itself and uses `transcribeData`;
 * - `stop()` only sets a flag: whisper runs the window to its end, and after a stop (or any whisper failure)
 *   the returned promise NEVER settles (AsyncWorker::OnError calls back with one argument, which the binding's
 *   callback ignores). The worker therefore answers a cancel itself and guards every window with a stall timer.
 */

export interface AddonSegment {
  text: string;
  t0: number;
  t1: number;
}

export interface AddonTranscribeOptions {
  language?: string;
  translate?: boolean;
  maxThreads?: number;
  prompt?: string;
  onProgress?: (percent: number) => void;
  onNewSegments?: (result: unknown) => void;
}

export interface AddonContext {
  transcribeData(audio: ArrayBuffer, options: AddonTranscribeOptions): { stop: () => Promise<void>; promise: Promise<unknown> };
  release(): Promise<void>;
}

export interface AddonModule {
  WhisperContext: {
    new (options: { filePath: string; useGpu?: boolean; useFlashAttn?: boolean }): AddonContext;
    toggleNativeLog(enable: boolean, callback?: (level: string, text: string) => void): void;
  };
}

/** What `transcribeData` resolves with. */
export const AddonResult = z.object({
  result: z.string(),
  language: z.string().optional(),
  segments: z.array(z.object({ text: z.string(), t0: z.number(), t1: z.number() })),
  isAborted: z.boolean(),
});
export type AddonResult = z.infer<typeof AddonResult>;

/** What `onNewSegments` receives. */
export const AddonNewSegments = z.object({
  segments: z.array(z.object({ text: z.string(), t0: z.number(), t1: z.number() })),
});

/** npm package of the whisper.cpp build for `backend` on this platform, e.g. `@fugood/node-whisper-linux-x64-cuda`. */
export function addonPackage(backend: Backend): string {
  const suffix = backend === 'cpu' ? '' : `-${backend}`;
  return `@fugood/node-whisper-${process.platform}-${process.arch}${suffix}`;
}

const require = createRequire(import.meta.url);

function isAddonModule(m: unknown): m is AddonModule {
  const ctor = (m as { WhisperContext?: unknown } | null)?.WhisperContext;
  return typeof ctor === 'function' && typeof (ctor as { toggleNativeLog?: unknown }).toggleNativeLog === 'function';
}

/**
 * Loads the native module of one backend build. Throws an Error whose message is the loader's reason
 * (first line only, e.g. "libcudart.so.12: cannot open shared object file: No such file or directory").
 */
export function loadAddon(backend: Backend): AddonModule {
  const pkg = addonPackage(backend);
  let mod: unknown;
  try {
    mod = require(pkg);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'MODULE_NOT_FOUND' ? `${pkg} is not installed` : (msg.split('\n')[0] ?? msg), { cause: err });
  }
  if (!isAddonModule(mod)) throw new Error(`${pkg} does not export WhisperContext`);
  return mod;
}

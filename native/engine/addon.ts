import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Backend } from '../../electron/shared/jobs.js';

/**
 * The slice of `@fugood/whisper.node` 1.1.3's native module Earshot uses, typed here (the package ships its
 * typings as .ts sources, not .d.ts). Two builds of that module exist on the CPU:
 * - the compiled one, `native/addon/build/<variant>/earshot-whisper.node`, built at install by
 *   native/addon/build.mjs from the binding's own sources against whisper.cpp 1.9.1 (nodejs-whisper's tree),
 *   with gcc, OpenMP and the CPU's own vector instructions, and patched so that `stop()` aborts the running
 *   pass (whisper's abort_callback) and its promise rejects with "Transcription cancelled";
 * - the prebuilt one, `@fugood/node-whisper-linux-x64`: SSE only and, in effect, one thread (about 15x slower;
 *   issue 13), and its `stop()` never aborts and never settles the promise.
 * GPU builds are the prebuilt per-backend packages, loaded directly because the package's own
 * `loadModule(variant)` silently falls back to the CPU build. Load this only inside worker threads.
 *
 * Facts about the binding, read from its src/WhisperContext.cpp and checked by experiment:
 * - segment t0/t1 come back in ms (whisper.cpp's 10 ms units, multiplied by 10 in the binding);
 * - `transcribeData` takes 16-bit little-endian PCM mono at 16 kHz in an ArrayBuffer; timestamps are relative
 *   to the start of that buffer;
 * - with the `offset`/`duration` options (on `transcribe(path)`) timestamps are absolute, but whisper still
 *   decodes audio past `offset + duration` and the binding reads the whole file into memory on every call,
 *   so Earshot slices the window itself and uses `transcribeData`.
 */
export interface AddonSegment {
  text: string;
  t0: number;
  t1: number;
  /** The segment's text tokens (compiled build only: native/addon/patches/0003); see AddonToken. */
  tokens?: AddonToken[] | undefined;
}

/**
 * One text token of a segment (special and timestamp tokens left out by the patch): its text (a word's first token
 * carries the leading space), probability 0-1, and t0/t1 in ms from the start of the buffer (whisper.cpp's
 * token-level timestamps, `token_timestamps`; -10 when they were not computed).
 */
export const AddonToken = z.object({ text: z.string(), p: z.number(), t0: z.number(), t1: z.number() });
export type AddonToken = z.infer<typeof AddonToken>;

export interface AddonTranscribeOptions {
  language?: string;
  translate?: boolean;
  maxThreads?: number;
  prompt?: string;
  /** Beam search width; 2 or more selects beam search (native/addon/patches/0002), 1 greedy. */
  beamSize?: number;
  /** whisper.cpp's greedy best_of. */
  bestOf?: number;
  /** Temperature step of whisper's fallback when a pass fails its thresholds (0: no fallback). */
  temperatureInc?: number;
  /** Time each token (whisper.cpp's `token_timestamps`), for word times. */
  tokenTimestamps?: boolean;
  /** Encoder frames per pass (whisper.cpp's `audio_ctx`; 0 or absent: the model's, 1500 = 30 s); patch 0003. */
  audioCtx?: number;
  /** Do not condition a 30 s pass on the text of the one before (whisper.cpp's `no_context`); patch 0003. */
  noContext?: boolean;
  /** Suppress non-speech tokens: [BLANK_AUDIO], [MUSIC], (wind), ♪ … (whisper.cpp's `suppress_nst`); patch 0004. */
  suppressNst?: boolean;
  /** A pass with no-speech probability above this and average log probability below logprobThold gives no text; patch 0004. */
  noSpeechThold?: number;
  /** A pass whose average log probability is below this is decoded again at a higher temperature; patch 0004. */
  logprobThold?: number;
  /** A pass of 32+ tokens with entropy below this (repetitive) is decoded again at a higher temperature; patch 0004. */
  entropyThold?: number;
  onProgress?: (percent: number) => void;
  onNewSegments?: (result: unknown) => void;
}

export interface AddonContext {
  transcribeData(audio: ArrayBuffer, options: AddonTranscribeOptions): { stop: () => Promise<void>; promise: Promise<unknown> };
  release(): Promise<void>;
}

/**
 * Options of every whisper context Earshot creates. Flash attention is on, as whisper.cpp's own default
 * (`whisper_context_default_params`, and `whisper-cli` unless `-nfa`); the binding turns it off unless asked, which
 * made a 6-minute file 1.4x slower on the CPU than whisper-cli with the same sources and flags.
 */
export function contextOptions(modelPath: string, useGpu: boolean): { filePath: string; useGpu: boolean; useFlashAttn: boolean } {
  return { filePath: modelPath, useGpu, useFlashAttn: true };
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
  segments: z.array(z.object({ text: z.string(), t0: z.number(), t1: z.number(), tokens: z.array(AddonToken).optional() })),
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

/** Which CPU build to load: 'auto' = the compiled one when it loads, else the prebuilt one (with the reason). */
export const CpuAddonChoice = z.enum(['auto', 'compiled', 'prebuilt']);
export type CpuAddonChoice = z.infer<typeof CpuAddonChoice>;

/** Compiled CPU variants, in native/addon/build/<variant>/ (see native/addon/build.mjs). */
export const CompiledVariant = z.enum(['native', 'avx2', 'sse42']);
export type CompiledVariant = z.infer<typeof CompiledVariant>;

/** native/addon/build/<variant>/status.json as build.mjs writes it (a file: parsed, never trusted). */
export const CompiledStatus = z.object({
  version: z.literal(1),
  ok: z.boolean(),
  variant: z.string(),
  stage: z.string().optional(),
  reason: z.string().optional(),
  install: z.string().optional(),
  whisperCpp: z.string().optional(),
  compiler: z.string().optional(),
  cpuFeatures: z.array(z.string()).optional(),
  checks: z
    .object({ gompParallel: z.boolean().nullable().optional(), ymmInstructions: z.number().nullable().optional() })
    .optional(),
  builtAt: z.string().optional(),
});
export type CompiledStatus = z.infer<typeof CompiledStatus>;

/** The CPU build a worker runs: compiled (which variant, what it was built with) or prebuilt (and why). */
export const CpuBuild = z.object({
  kind: z.enum(['compiled', 'prebuilt']),
  /** Compiled variant; null for the prebuilt build. */
  variant: CompiledVariant.nullable(),
  /** whisper.cpp version of the build, e.g. "1.9.1"; null when unknown (the prebuilt package does not say). */
  whisperCpp: z.string().nullable(),
  /** CPU features the build uses, in /proc/cpuinfo's names (e.g. avx2, fma, f16c); [] for the prebuilt SSE build. */
  features: z.array(z.string()),
  /** Why this is the prebuilt build (null for a compiled one). */
  reason: z.string().nullable(),
});
export type CpuBuild = z.infer<typeof CpuBuild>;

/**
 * The portable variant for a CPU with these /proc/cpuinfo flags: 'avx2' when it has AVX2, FMA and F16C (the
 * build's -mavx2 -mfma -mf16c code would fault without any of them), 'sse42' when it has SSE4.2, else null
 * (only the prebuilt build runs there).
 */
export function portableVariant(flags: readonly string[]): CompiledVariant | null {
  const has = (f: string) => flags.includes(f);
  if (has('avx2') && has('fma') && has('f16c') && has('avx')) return 'avx2';
  if (has('sse4_2')) return 'sse42';
  return null;
}

/**
 * The compiled variants to try, best first: the install-time 'native' build (made on this machine, for this
 * CPU) when its status says it built, then the portable variant the CPU can run (installers ship those).
 */
export function compiledVariantOrder(flags: readonly string[]): CompiledVariant[] {
  const portable = portableVariant(flags);
  return portable ? ['native', portable] : ['native'];
}

/** /proc/cpuinfo's `flags` line as a list ([] where there is none: not Linux, or not x86). */
export function readCpuFlags(cpuinfo?: string): string[] {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = fs.readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return [];
    }
  }
  const line = text.split('\n').find((l) => /^flags\s*:/.test(l));
  return line ? line.replace(/^flags\s*:\s*/, '').trim().split(/\s+/) : [];
}

/**
 * The folder holding the compiled variants: the first `native/addon/build` above this module (the repository
 * from source, dist/ after `tsc`, out/ in the Electron bundle, app.asar.unpacked when packaged), else null.
 */
export function defaultAddonBuildDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
  for (;;) {
    const candidate = path.join(dir, 'native', 'addon', 'build');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Reads one variant's status.json; null when missing or unreadable. */
export function readCompiledStatus(buildDir: string, variant: CompiledVariant): CompiledStatus | null {
  try {
    const parsed = CompiledStatus.safeParse(JSON.parse(fs.readFileSync(path.join(buildDir, variant, 'status.json'), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Loads one compiled variant. Throws an Error saying why not (not built, build failed and why, load error). */
export function loadCompiledAddon(buildDir: string | null, variant: CompiledVariant): { addon: AddonModule; build: CpuBuild } {
  if (!buildDir) throw new Error('no native/addon/build folder (the engine was never built: npm run build:engine)');
  const status = readCompiledStatus(buildDir, variant);
  if (!status) throw new Error(`${variant}: not built (no ${path.join(buildDir, variant, 'status.json')}; run npm run build:engine)`);
  if (!status.ok) {
    const install = status.install && ['tools', 'configure', 'compile'].includes(status.stage ?? '') ? `; install ${status.install}` : '';
    throw new Error(`${variant}: build failed at ${status.stage ?? 'an unknown stage'}: ${(status.reason ?? 'no reason recorded').split('\n')[0]}${install}`);
  }
  const file = path.join(buildDir, variant, 'earshot-whisper.node');
  let mod: unknown;
  try {
    mod = require(file);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`${variant}: ${file} does not load: ${msg.split('\n')[0] ?? msg}`, { cause: err });
  }
  if (!isAddonModule(mod)) throw new Error(`${variant}: ${file} does not export WhisperContext`);
  return {
    addon: mod,
    build: { kind: 'compiled', variant, whisperCpp: status.whisperCpp ?? null, features: status.cpuFeatures ?? [], reason: null },
  };
}

/**
 * Loads the CPU build `choice` asks for. 'auto' tries the compiled variants (compiledVariantOrder) and falls
 * back to the prebuilt package, with every variant's reason joined into `build.reason`; 'compiled' throws when
 * no compiled variant loads; 'prebuilt' loads the package and says it was asked for. Throws an Error when the
 * prebuilt package does not load either.
 */
export function loadCpuAddon(
  choice: CpuAddonChoice,
  buildDir: string | null,
  flags: readonly string[] = readCpuFlags(),
): { addon: AddonModule; build: CpuBuild } {
  const reasons: string[] = [];
  if (choice !== 'prebuilt') {
    for (const variant of compiledVariantOrder(flags)) {
      try {
        return loadCompiledAddon(buildDir, variant);
      } catch (err) {
        reasons.push(err instanceof Error ? err.message : String(err));
      }
    }
    if (choice === 'compiled') throw new Error(`no compiled whisper.cpp build loads: ${reasons.join('; ')}`);
  } else {
    reasons.push('prebuilt engine requested (engine addon option)');
  }
  const addon = loadAddon('cpu');
  return { addon, build: { kind: 'prebuilt', variant: null, whisperCpp: null, features: [], reason: reasons.join('; ') } };
}

/** The vector level worth naming for a feature list: avx512, avx2, avx, sse4.2, or null. */
export function featureLevel(features: readonly string[]): string | null {
  if (features.includes('avx512f')) return 'avx512';
  if (features.includes('avx2')) return 'avx2';
  if (features.includes('avx')) return 'avx';
  if (features.includes('sse4_2')) return 'sse4.2';
  return null;
}

/** How a CPU build is described on a job and in `earshot doctor`: "cpu · avx2 · 2 threads", "cpu (prebuilt, slow: …) · 2 threads". */
export function describeCpuBuild(build: CpuBuild, threads: number): string {
  const t = `${threads} thread${threads === 1 ? '' : 's'}`;
  if (build.kind === 'prebuilt') return `cpu (prebuilt, slow: ${build.reason ?? 'unknown reason'}) · ${t}`;
  const level = featureLevel(build.features);
  return ['cpu', level, t].filter((p) => p !== null).join(' · ');
}

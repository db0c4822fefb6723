import { z } from 'zod';
import { Backend } from './jobs.js';

/**
 * `earshot doctor`'s report (electron/services/doctor): what engine build runs and why, the GPU back ends,
 * ffmpeg, the data directory and models, and a short self-test transcription. Printed as text or as JSON
 * (`--json`), and the shape an About/diagnostics panel reads.
 */

/** One compiled variant's build status (native/addon/build/<variant>/status.json), as far as it was found. */
export const DoctorCompiledVariant = z.object({
  variant: z.string(),
  /** 'built', 'failed' or 'missing' (never built here). */
  state: z.enum(['built', 'failed', 'missing']),
  /** Why it failed (status.json's stage and reason). */
  reason: z.string().nullable(),
  whisperCpp: z.string().nullable(),
  cpuFeatures: z.array(z.string()),
  /** OpenMP really linked (objdump found GOMP_parallel); null: not checked. */
  openmp: z.boolean().nullable(),
  /** 256-bit AVX instructions in the addon (objdump); null: not checked. */
  ymmInstructions: z.number().int().nullable(),
});
export type DoctorCompiledVariant = z.infer<typeof DoctorCompiledVariant>;

export const DoctorEngine = z.object({
  /** The CPU build the self-test ran on; null when the self-test did not run on the CPU or did not run. */
  build: z.enum(['compiled', 'prebuilt']).nullable(),
  variant: z.string().nullable(),
  whisperCpp: z.string().nullable(),
  cpuFeatures: z.array(z.string()),
  threads: z.number().int().positive(),
  /** Where the thread count comes from: 'option' (EARSHOT_THREADS / --threads), 'physical cores', 'logical cpus'. */
  threadSource: z.string(),
  /** The job record's description of what ran, e.g. "cpu · avx2 · 2 threads". */
  detail: z.string().nullable(),
  /** A loud warning when the slow prebuilt build runs (with the reason and the packages to install), else null. */
  warning: z.string().nullable(),
  compiled: z.array(DoctorCompiledVariant),
  /** The CPU's own flags that matter to ggml (avx2, fma, f16c, avx512f, …). */
  cpuFlags: z.array(z.string()),
});
export type DoctorEngine = z.infer<typeof DoctorEngine>;

export const DoctorGpu = z.object({
  backend: Backend,
  /** True when the self-test ran on it. */
  used: z.boolean(),
  /** The device used, or why this back end is not used. */
  detail: z.string(),
});
export type DoctorGpu = z.infer<typeof DoctorGpu>;

export const DoctorTool = z.object({
  path: z.string(),
  /** First line of `-version`, or null when it does not run. */
  version: z.string().nullable(),
  error: z.string().nullable(),
});
export type DoctorTool = z.infer<typeof DoctorTool>;

export const DoctorSelfTest = z.object({
  ok: z.boolean(),
  audio: z.string().nullable(),
  model: z.string().nullable(),
  /** Audio transcribed, ms. */
  audioMs: z.number().int().nonnegative(),
  /** Time whisper spent on it, ms (the engine's own figure). */
  whisperMs: z.number().nonnegative().nullable(),
  /** Whole self-test: engine start, model load, conversion and transcription, ms. */
  wallMs: z.number().nonnegative().nullable(),
  /** whisperMs / audioMs (lower is faster). */
  rtf: z.number().nonnegative().nullable(),
  text: z.string().nullable(),
  backend: Backend.nullable(),
  error: z.string().nullable(),
});
export type DoctorSelfTest = z.infer<typeof DoctorSelfTest>;

export const DoctorReport = z.object({
  engine: DoctorEngine,
  gpus: z.array(DoctorGpu),
  ffmpeg: DoctorTool,
  ffprobe: DoctorTool,
  dataDir: z.string(),
  models: z.array(z.object({ name: z.string(), path: z.string().nullable(), bytes: z.number().int().nonnegative().nullable(), isDefault: z.boolean() })),
  selfTest: DoctorSelfTest,
});
export type DoctorReport = z.infer<typeof DoctorReport>;

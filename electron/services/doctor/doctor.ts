import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertToWav, ffmpegPath, ffprobePath } from '../../../native/audio/index.js';
import {
  compiledVariantOrder,
  defaultAddonBuildDir,
  readCompiledStatus,
  readCpuFlags,
  readCpuTopology,
  threadPlan,
  type CompiledVariant,
  type Engine,
  type TranscribeWindowResult,
} from '../../../native/engine/index.js';
import {
  DoctorReport,
  type DoctorCompiledVariant,
  type DoctorGpu,
  type DoctorSelfTest,
  type DoctorTool,
} from '../../shared/doctor.js';
import type { RequestInput } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import type { Backend } from '../../shared/jobs.js';
import type { ModelsService } from '../models/models-service.js';

/** CPU flags ggml's x86 kernels use, in the order the report lists them. */
const GGML_FLAGS = ['sse4_2', 'avx', 'avx2', 'fma', 'f16c', 'bmi2', 'avx_vnni', 'avx512f', 'avx512bw', 'avx512vl', 'avx512_vnni', 'avx512_bf16', 'amx_int8'];
const GPU_BACKENDS: readonly Backend[] = ['cuda', 'vulkan'];
const ALL_VARIANTS: readonly CompiledVariant[] = ['native', 'avx2', 'sse42'];

/** What the doctor looks at: the composition root's engine and model store, and the configuration's figures. */
export interface DoctorDeps {
  engine: Engine;
  models: ModelsService;
  dataDir: string;
  /** The configured whisper.cpp threads per worker (null: the physical cores). */
  threads: number | null;
}

/** Options of one report. */
export interface DoctorOptions {
  /** Model name or ggml path for the self-test; default: the model `earshot transcribe` would use. */
  model?: string;
  /** Speech file for the self-test; default: resources/audio/jfk.wav. */
  selfTestAudio?: string;
  /** Audio the self-test transcribes from the start of the file, ms (default 5000). */
  selfTestMs?: number;
}

/**
 * The self-test's default speech file: `resources/audio/jfk.wav` above this module (repository or app root),
 * else `../shared/audio/jfk.wav` beside the repository; null when neither exists.
 */
export function defaultSelfTestAudio(from: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (;;) {
    const bundled = path.join(dir, 'resources', 'audio', 'jfk.wav');
    if (fs.existsSync(bundled)) return bundled;
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const shared = path.resolve(dir, '..', 'shared', 'audio', 'jfk.wav');
      if (fs.existsSync(shared)) return shared;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim())?.trim() ?? '';
}

function toolVersion(binary: string): Promise<DoctorTool> {
  return new Promise((resolve) => {
    execFile(binary, ['-hide_banner', '-version'], { timeout: 15_000 }, (err, stdout) => {
      if (err) resolve({ path: binary, version: null, error: firstLine(err.message) });
      else resolve({ path: binary, version: firstLine(stdout) || null, error: null });
    });
  });
}

function compiledVariants(buildDir: string | null): DoctorCompiledVariant[] {
  return ALL_VARIANTS.flatMap((variant): DoctorCompiledVariant[] => {
    const status = buildDir ? readCompiledStatus(buildDir, variant) : null;
    if (!status) {
      // Only the install-time build is expected on a developer's machine; portable ones only in installers.
      return variant === 'native'
        ? [{ variant, state: 'missing', reason: 'never built (npm run build:engine)', whisperCpp: null, cpuFeatures: [], openmp: null, ymmInstructions: null }]
        : [];
    }
    return [{
      variant,
      state: status.ok ? 'built' : 'failed',
      reason: status.ok ? null : `${status.stage ?? 'build'}: ${(status.reason ?? '').split('\n')[0]}`,
      whisperCpp: status.whisperCpp ?? null,
      cpuFeatures: status.cpuFeatures ?? [],
      openmp: status.checks?.gompParallel ?? null,
      ymmInstructions: status.checks?.ymmInstructions ?? null,
    }];
  });
}

/**
 * Each GPU back end: used by the self-test, or the reason the probe gave for passing it over (the job note's
 * "cuda: …; vulkan: …" part), or, when the self-test did not run, "not probed".
 */
function gpuLines(result: TranscribeWindowResult | null, selfTestError: string | null): DoctorGpu[] {
  return GPU_BACKENDS.map((backend) => {
    if (result?.backend === backend) return { backend, used: true, detail: result.backendDetail ?? backend };
    const source = result?.backendNote ?? selfTestError ?? '';
    const m = new RegExp(`(?:^|; |: )${backend}: (.*?)(?=; (?:cuda|vulkan|cpu): |$)`).exec(source);
    const detail = m?.[1] ?? (result ? (result.backend === 'cpu' && result.backendNote === null ? 'not probed (backend forced)' : 'not needed') : 'not probed (self-test did not run)');
    return { backend, used: false, detail };
  });
}

/**
 * The `doctor` feature (`earshot doctor`, channel `doctor.report`): reads the engine's build status, checks
 * ffmpeg/ffprobe, lists the models, and transcribes the first `selfTestMs` of a real speech file through the real
 * engine host (worker thread, backend probe and all), timing it. Never throws for a failed check: each part records
 * its own error.
 *
 * Figures: `selfTest.whisperMs` is the engine's own time in whisper for the window (TranscribeWindowResult
 * elapsedMs), `wallMs` the whole self-test from engine start, `rtf` = whisperMs / audioMs.
 */
export class DoctorService {
  constructor(private readonly deps: DoctorDeps) {}

  /** `doctor.report`: the whole report (see DoctorReport in electron/shared/doctor.ts). */
  async report({ model }: RequestInput<'doctor.report'> = {}): Promise<DoctorReport> {
    return this.run(model === undefined ? {} : { model });
  }

  /** The report with the options a caller in this process may also set (the CLI's --audio). */
  run(opts: DoctorOptions = {}): Promise<DoctorReport> {
    return runDoctor(this.deps, opts);
  }
}

async function runDoctor(deps: DoctorDeps, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const buildDir = defaultAddonBuildDir();
  const flags = readCpuFlags();
  const plan = threadPlan(readCpuTopology(), 1, deps.threads ?? undefined);
  const [ffmpeg, ffprobe, listing] = await Promise.all([toolVersion(ffmpegPath()), toolVersion(ffprobePath()), deps.models.list()]);
  const models = listing
    .filter((m) => m.installed)
    .map((m) => ({ name: m.name, path: m.path, bytes: m.sizeBytes, isDefault: m.isDefault }));

  const { selfTest, result } = await selfTestRun(deps, opts);
  const cpu = result?.backendCpu ?? null;
  const warning =
    cpu?.kind === 'prebuilt'
      ? `whisper.cpp runs on the SLOW prebuilt CPU build (${cpu.reason ?? 'reason unknown'}). ` +
        'Install build-essential and cmake (Debian/Ubuntu: sudo apt-get install build-essential cmake), then run `npm run build:engine`.'
      : null;
  return DoctorReport.parse({
    engine: {
      build: cpu?.kind ?? null,
      variant: cpu?.variant ?? null,
      whisperCpp: cpu?.whisperCpp ?? null,
      cpuFeatures: cpu?.features ?? [],
      threads: plan.threadsPerWorker,
      threadSource: plan.source,
      detail: result?.backendDetail ?? null,
      warning,
      compiled: compiledVariants(buildDir).sort((a, b) => compiledVariantOrder(flags).indexOf(a.variant as CompiledVariant) - compiledVariantOrder(flags).indexOf(b.variant as CompiledVariant)),
      cpuFlags: GGML_FLAGS.filter((f) => flags.includes(f)),
    },
    gpus: gpuLines(result, selfTest.error),
    ffmpeg,
    ffprobe,
    dataDir: deps.dataDir,
    models,
    selfTest,
  });
}

async function selfTestRun(deps: DoctorDeps, opts: DoctorOptions): Promise<{ selfTest: DoctorSelfTest; result: TranscribeWindowResult | null }> {
  const audioMs = opts.selfTestMs ?? 5000;
  const audio = opts.selfTestAudio ?? defaultSelfTestAudio();
  const empty: DoctorSelfTest = { ok: false, audio, model: null, audioMs, whisperMs: null, wallMs: null, rtf: null, text: null, backend: null, error: null };
  if (!audio) return { selfTest: { ...empty, error: 'no speech file for the self-test (resources/audio/jfk.wav)' }, result: null };
  let model: { name: string; path: string };
  try {
    model = await deps.models.resolve(opts.model);
  } catch (err) {
    return { selfTest: { ...empty, error: `no model to test with: ${EarshotError.from(err).message}` }, result: null };
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-doctor-'));
  const started = performance.now();
  try {
    const wav = path.join(work, 'self-test.wav');
    const { durationMs } = await convertToWav(audio, wav);
    const windowMs = Math.min(audioMs, durationMs);
    await deps.engine.start();
    const result = await deps.engine.transcribe({
      jobId: 'doctor-self-test',
      modelPath: model.path,
      audioPath: wav,
      offsetMs: 0,
      durationMs: windowMs,
      language: 'auto',
      translate: false,
    }).promise;
    return {
      selfTest: {
        ok: true,
        audio,
        model: model.name,
        audioMs: windowMs,
        whisperMs: result.elapsedMs,
        wallMs: Math.round(performance.now() - started),
        rtf: windowMs > 0 ? result.elapsedMs / windowMs : null,
        text: result.segments.map((s) => s.text).join('').trim(),
        backend: result.backend,
        error: null,
      },
      result,
    };
  } catch (err) {
    const e = EarshotError.from(err);
    return { selfTest: { ...empty, model: model.name, error: `[${e.code}] ${e.message}` }, result: null };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

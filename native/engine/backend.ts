import { EarshotError } from '../../electron/shared/errors.js';
import type { Backend } from '../../electron/shared/jobs.js';
import { contextOptions, describeCpuBuild, loadAddon, loadCpuAddon, type AddonContext, type AddonModule, type CpuAddonChoice, type CpuBuild } from './addon.js';
import type { BackendChoice } from './messages.js';
import type { BackendPreference } from './types.js';

/** Probe order for 'auto': fastest first (the CPU step itself tries the compiled build, then the prebuilt one). */
export const BACKEND_ORDER: readonly Backend[] = ['cuda', 'vulkan', 'cpu'];

/**
 * Resolves the backend preference: the explicit option (the configuration's backend), else 'auto'.
 * Throws EarshotError ENGINE_ERROR for an unknown value.
 */
export function backendPreference(option?: string): BackendPreference {
  const raw = option ?? 'auto';
  const value = raw.trim().toLowerCase();
  if (value === 'auto' || value === 'cpu' || value === 'cuda' || value === 'vulkan') return value;
  throw new EarshotError('ENGINE_ERROR', `the backend option is "${raw}"; expected auto, cpu, cuda or vulkan`);
}

/**
 * Native log lines whisper.cpp prints while it picks a device (src/whisper.cpp `whisper_backend_init_gpu`):
 * "whisper_backend_init_gpu: using CUDA0 backend" or "… no GPU found". A GPU build that finds no device falls
 * back to the CPU without an error, so these lines are the only truthful signal.
 */
const GPU_USED = /whisper_backend_init_gpu: using (.+?) backend/;
const GPU_NONE = /whisper_backend_init_gpu: no GPU found/;

/** What a probe settled on: the module, the backend, why not a better one, and the context it already loaded. */
export interface ProbeResult {
  addon: AddonModule;
  choice: BackendChoice;
  /** The model context created while probing (on the chosen backend), to keep rather than load twice. */
  context: AddonContext;
}

/** Hooks the probe needs from the worker: where native log lines go, and a way to let queued ones arrive. */
export interface ProbeIo {
  /** Routes the module's native log to the worker's sink, which appends every line to `captured`. */
  attachLog(addon: AddonModule): void;
  captured: string[];
  /** Resolves once native log lines queued during a synchronous call have been delivered. */
  drainLog(): Promise<void>;
}

/** First line of an error's message, for a backend note. */
function reason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0] ?? msg;
}

/** What the probe needs besides the model: which CPU build to allow, where compiled builds live, threads. */
export interface ProbeOptions {
  cpuAddon: CpuAddonChoice;
  /** native/addon/build, or null when there is none. */
  addonBuildDir: string | null;
  /** `n_threads` the worker will run with (for the description only). */
  threads: number;
}

/**
 * Loads the module for a backend: the GPU packages directly, the CPU through loadCpuAddon (compiled first).
 * Throws an Error whose message is the reason the build cannot be used.
 */
export function loadBackendAddon(backend: Backend, opts: ProbeOptions): { addon: AddonModule; cpu: CpuBuild | null } {
  if (backend !== 'cpu') return { addon: loadAddon(backend), cpu: null };
  const { addon, build } = loadCpuAddon(opts.cpuAddon, opts.addonBuildDir);
  return { addon, cpu: build };
}

/**
 * Picks the whisper.cpp build: for 'auto', CUDA, then Vulkan, then the compiled CPU build, then the prebuilt
 * CPU build; the first whose module loads AND which initialises `modelPath` (on its GPU, for a GPU build)
 * wins. A forced preference tries only that backend and fails if it cannot. Returns the choice with `note`
 * saying why not a better backend (e.g. "cuda: libcudart.so.12: cannot open shared object file…; vulkan: …"),
 * `cpu` saying which CPU build and why, and `detail` for the job record ("cpu · avx2 · 2 threads").
 *
 * Throws EarshotError MODEL_INVALID when even the CPU build cannot initialise the model (so the model is at
 * fault), ENGINE_ERROR when a forced backend is unavailable or no build loads at all.
 */
export async function probeBackend(modelPath: string, preference: BackendPreference, io: ProbeIo, opts: ProbeOptions): Promise<ProbeResult> {
  const order = preference === 'auto' ? BACKEND_ORDER : [preference];
  const notes: string[] = [];
  for (const backend of order) {
    let addon: AddonModule;
    let cpu: CpuBuild | null;
    try {
      ({ addon, cpu } = loadBackendAddon(backend, opts));
    } catch (err) {
      notes.push(`${backend}: ${reason(err)}`);
      continue;
    }
    io.attachLog(addon);
    const mark = io.captured.length;
    let context: AddonContext;
    try {
      context = new addon.WhisperContext(contextOptions(modelPath, backend !== 'cpu'));
    } catch (err) {
      if (backend === 'cpu') {
        throw new EarshotError('MODEL_INVALID', `${modelPath}: whisper.cpp could not load the model (${reason(err)})`, { cause: err });
      }
      notes.push(`${backend}: model failed to initialise (${reason(err)})`);
      continue;
    }
    if (backend === 'cpu' && cpu) {
      const note = preference === 'cpu' ? 'cpu requested (backend option or EARSHOT_BACKEND)' : notes.join('; ') || null;
      return { addon, choice: { backend, note, cpu, detail: describeCpuBuild(cpu, opts.threads) }, context };
    }

    await io.drainLog();
    const lines = io.captured.slice(mark);
    const used = lines.map((l) => GPU_USED.exec(l)?.[1]).find((d) => d !== undefined);
    if (used !== undefined) {
      return { addon, choice: { backend, note: notes.length ? notes.join('; ') : null, cpu: null, detail: `${backend} · ${used}` }, context };
    }
    notes.push(
      `${backend}: library loaded but ${lines.some((l) => GPU_NONE.test(l)) ? 'no GPU device found' : 'whisper.cpp did not report a GPU device'}`,
    );
    await context.release();
  }
  const note = notes.join('; ');
  if (preference !== 'auto') {
    throw new EarshotError('ENGINE_ERROR', `backend ${preference} was requested (option or EARSHOT_BACKEND) but is unavailable: ${note}`);
  }
  throw new EarshotError('ENGINE_ERROR', `no whisper.cpp build could be loaded: ${note}`);
}

import { EarshotError } from '../../electron/shared/errors.js';
import type { Backend } from '../../electron/shared/jobs.js';
import { loadAddon, type AddonContext, type AddonModule } from './addon.js';
import type { BackendChoice } from './messages.js';
import type { BackendPreference } from './types.js';

/** Probe order for 'auto': fastest first. */
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

/**
 * Picks the whisper.cpp build: for 'auto', CUDA, then Vulkan, then CPU; the first whose module loads AND which
 * initialises `modelPath` on its GPU wins. A forced preference tries only that build and fails if it cannot.
 * Returns the choice with a note such as "cuda: libcudart.so.12: cannot open shared object file…; vulkan: …".
 *
 * Throws EarshotError MODEL_INVALID when even the CPU build cannot initialise the model (so the model is at
 * fault), ENGINE_ERROR when a forced backend is unavailable or no build loads at all.
 */
export async function probeBackend(modelPath: string, preference: BackendPreference, io: ProbeIo): Promise<ProbeResult> {
  const order = preference === 'auto' ? BACKEND_ORDER : [preference];
  const notes: string[] = [];
  for (const backend of order) {
    let addon: AddonModule;
    try {
      addon = loadAddon(backend);
    } catch (err) {
      notes.push(`${backend}: ${reason(err)}`);
      continue;
    }
    io.attachLog(addon);
    const mark = io.captured.length;
    let context: AddonContext;
    try {
      context = new addon.WhisperContext({ filePath: modelPath, useGpu: backend !== 'cpu' });
    } catch (err) {
      if (backend === 'cpu') {
        throw new EarshotError('MODEL_INVALID', `${modelPath}: whisper.cpp could not load the model (${reason(err)})`, { cause: err });
      }
      notes.push(`${backend}: model failed to initialise (${reason(err)})`);
      continue;
    }
    if (backend === 'cpu') {
      const note = preference === 'cpu' ? 'cpu requested (backend option or EARSHOT_BACKEND)' : notes.join('; ') || null;
      return { addon, choice: { backend, note }, context };
    }

    await io.drainLog();
    const lines = io.captured.slice(mark);
    const used = lines.map((l) => GPU_USED.exec(l)?.[1]).find((d) => d !== undefined);
    if (used !== undefined) return { addon, choice: { backend, note: notes.length ? notes.join('; ') : null }, context };
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

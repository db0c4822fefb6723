// Worker-thread entry of the engine host: the only place the whisper.cpp addon is loaded (GUIDE §4).
// One window at a time; the whisper context stays loaded between windows and is rebuilt only on a model change.
import { parentPort } from 'node:worker_threads';
import { EarshotError } from '../../electron/shared/errors.js';
import { assertWhisperWav, readPcm16Bytes, readWavInfo } from '../audio/wav.js';
import { AddonNewSegments, AddonResult, contextOptions, type AddonContext, type AddonModule } from './addon.js';
import { loadBackendAddon, probeBackend, type ProbeIo, type ProbeOptions } from './backend.js';
import {
  ToWorker,
  levelPasses,
  parseMessage,
  toWireError,
  type BackendChoice,
  type FromWorker,
  type LogLevel,
  type WorkerConfig,
} from './messages.js';
import { DECODING_GUARDS } from './decoding.js';
import { assertModelFile, type ModelHeader } from './model-file.js';
import { SAMPLES_PER_MS, toFileTime, windowAudio } from './window-audio.js';
import { refineWordEdges } from './words.js';
import { sizedAudioCtx, sizedPassSuspect } from './audio-context.js';
import type { TranscribeWindowRequest, TranscribeWindowResult } from './types.js';

const port = parentPort;
if (!port) throw new Error('native/engine/worker.ts must run in a worker thread');

const NATIVE_LOG_KEEP = 200;

let config: WorkerConfig | null = null;
let addon: AddonModule | null = null;
let choice: BackendChoice | null = null;
let loaded: { modelPath: string; context: AddonContext } | null = null;
let contextLoads = 0;
/** The header of the model last checked: read once per model, not once per window. */
let checkedModel: { modelPath: string; header: ModelHeader } | null = null;

async function modelHeader(modelPath: string): Promise<ModelHeader> {
  if (checkedModel?.modelPath !== modelPath) checkedModel = { modelPath, header: await assertModelFile(modelPath) };
  return checkedModel.header;
}

/** One window in flight (the host sends one at a time; a cancelled one may still be computing natively). */
interface Run {
  seq: number;
  answered: boolean;
  cancel: (() => void) | null;
}
const runs = new Map<number, Run>();

/** Sends to the host (which parses what it receives; the types here keep the shapes right). */
function post(msg: FromWorker): void {
  port!.postMessage(msg);
}

function log(level: LogLevel, msg: string, data?: Record<string, unknown>): void {
  if (config && !levelPasses(level, config.logLevel)) return;
  post({ type: 'log', level, msg, data: { worker: config?.workerIndex, ...data } });
}

/** whisper.cpp's own log lines: kept for the GPU probe, forwarded as debug (warn/error as such). */
const nativeLines: string[] = [];
const nativeSink = (level: string, text: string): void => {
  const line = text.trimEnd();
  if (!line) return;
  nativeLines.push(line);
  if (nativeLines.length > NATIVE_LOG_KEEP * 2) nativeLines.splice(0, nativeLines.length - NATIVE_LOG_KEEP);
  log(level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'debug', `whisper.cpp: ${line}`);
};

const probeIo: ProbeIo = {
  captured: nativeLines,
  attachLog: (m) => m.WhisperContext.toggleNativeLog(true, nativeSink),
  // Lines logged during a synchronous native call arrive through a thread-safe function on a later loop turn.
  drainLog: () => new Promise((resolve) => setTimeout(() => setImmediate(resolve), 20)),
};

function answer(run: Run, msg: FromWorker): void {
  if (run.answered) return;
  run.answered = true;
  post(msg);
}

/** The whisper context for `modelPath`: the loaded one, or a new one (probing the backend on first use). */
async function contextFor(modelPath: string, hint: BackendChoice | null): Promise<AddonContext> {
  if (loaded?.modelPath === modelPath) return loaded.context;
  if (loaded) {
    const old = loaded;
    loaded = null;
    await old.context.release();
  }
  const probeOpts: ProbeOptions = { cpuAddon: config!.cpuAddon, addonBuildDir: config!.addonBuildDir, threads: config!.threads };
  if (!addon && hint) {
    try {
      // The same build the other worker settled on: a compiled CPU build, else whatever loadBackendAddon picks.
      addon = loadBackendAddon(hint.backend, hint.cpu?.kind === 'prebuilt' ? { ...probeOpts, cpuAddon: 'prebuilt' } : probeOpts).addon;
      probeIo.attachLog(addon);
      choice = hint;
    } catch (err) {
      log('warn', 'could not load the backend another worker chose; probing', { backend: hint.backend, err: String(err) });
    }
  }
  if (!addon || !choice) {
    const probed = await probeBackend(modelPath, config!.backend, probeIo, probeOpts);
    addon = probed.addon;
    choice = probed.choice;
    post({ type: 'backend', choice });
    log(choice.cpu?.kind === 'prebuilt' ? 'warn' : 'info', `backend chosen: ${choice.detail}`, { ...choice });
    loaded = { modelPath, context: probed.context };
    contextLoads++;
    return probed.context;
  }
  let context: AddonContext;
  try {
    context = new addon.WhisperContext(contextOptions(modelPath, choice.backend !== 'cpu'));
  } catch (err) {
    throw new EarshotError('MODEL_INVALID', `${modelPath}: whisper.cpp could not load the model (${String(err)})`, { cause: err });
  }
  loaded = { modelPath, context };
  contextLoads++;
  return context;
}

async function transcribe(run: Run, request: TranscribeWindowRequest, hint: BackendChoice | null): Promise<void> {
  const header = await modelHeader(request.modelPath);
  // An English-only model cannot detect a language; whisper then reports a meaningless one for 'auto'.
  const language = header.multilingual ? request.language : 'en';
  if (!header.multilingual && request.language !== 'auto' && request.language !== 'en') {
    log('warn', 'English-only model: the requested language is ignored', {
      jobId: request.jobId,
      model: request.modelPath,
      language: request.language,
    });
  }
  const context = await contextFor(request.modelPath, hint);
  const wav = await readWavInfo(request.audioPath);
  assertWhisperWav(request.audioPath, wav);
  const startFrame = request.offsetMs * SAMPLES_PER_MS;
  const frames = request.durationMs > 0 ? request.durationMs * SAMPLES_PER_MS : wav.frames - startFrame;
  const pcm = await readPcm16Bytes(request.audioPath, wav, startFrame, frames);
  const windowMs = Math.floor(pcm.length / 2 / SAMPLES_PER_MS);
  if (run.answered) return; // cancelled while the model or the audio loaded
  const base = { language: null, backend: choice!.backend, backendNote: choice!.note, backendDetail: choice!.detail, backendCpu: choice!.cpu, workerIndex: config!.workerIndex, contextLoads };
  if (windowMs === 0) {
    answer(run, { type: 'done', seq: run.seq, result: { ...base, segments: [], elapsedMs: 0, audioCtx: null } });
    return;
  }
  const { audio, leadInMs } = windowAudio(pcm, request.offsetMs);
  const started = Date.now();
  let computeStarted: number | null = null;
  /** One whisper pass over the window; `audioCtx` undefined: whisper's full encoder context. */
  const pass = (audioCtx: number | undefined) => new Promise<unknown>((resolve, reject) => {
    let stall: NodeJS.Timeout | undefined;
    const armStall = () => {
      clearTimeout(stall);
      stall = setTimeout(() => {
        void handle.stop();
        reject(new EarshotError('ENGINE_TIMEOUT', `${request.audioPath}: whisper made no progress for ${config!.stallTimeoutMs} ms`));
      }, config!.stallTimeoutMs);
    };
    const handle = context.transcribeData(audio, {
      language,
      translate: request.translate,
      maxThreads: config!.threads,
      tokenTimestamps: true,
      ...(audioCtx !== undefined ? { audioCtx } : {}),
      ...DECODING_GUARDS,
      ...(request.beamSize !== undefined ? { beamSize: request.beamSize } : {}),
      ...(request.bestOf !== undefined ? { bestOf: request.bestOf } : {}),
      onProgress: (percent) => {
        if (run.answered) return;
        computeStarted ??= Date.now();
        armStall();
        post({ type: 'progress', seq: run.seq, fraction: Math.min(1, Math.max(0, percent / 100)) });
      },
      onNewSegments: (value) => {
        const parsed = AddonNewSegments.safeParse(value);
        if (run.answered || !parsed.success) return;
        post({ type: 'segments', seq: run.seq, segments: toFileTime(parsed.data.segments, request.offsetMs, windowMs, leadInMs) });
      },
    });
    armStall();
    // The compiled build aborts on stop() and rejects "Transcription cancelled" within milliseconds; the prebuilt
    // one never settles after a stop (see addon.ts). The cancel answers at once either way, so both behave alike.
    run.cancel = () => {
      clearTimeout(stall);
      void handle.stop();
      reject(new EarshotError('CANCELLED', `${request.audioPath}: transcription cancelled`));
    };
    handle.promise.then(
      (v) => {
        clearTimeout(stall);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(stall);
        reject(err instanceof Error && /cancel/i.test(err.message) ? new EarshotError('CANCELLED', err.message) : err);
      },
    );
  });
  const audioMs = leadInMs + windowMs;
  // Sized contexts were measured on transcription only: translation of a short German clip (base) lost half its
  // content words with one, so a translating window keeps whisper's full context.
  const audioCtx = config!.audioContext === 'sized' && !request.translate ? sizedAudioCtx(audioMs) : undefined;
  let result = AddonResult.parse(await pass(audioCtx));
  if (result.isAborted) throw new EarshotError('CANCELLED', `${request.audioPath}: transcription cancelled`);
  let usedCtx = audioCtx ?? null;
  if (audioCtx !== undefined && sizedPassSuspect(result, audioMs)) {
    usedCtx = null;
    log('debug', 'the pass with a sized encoder context looks wrong; decoding again with the full context', { jobId: request.jobId, audioCtx, text: result.result });
    result = AddonResult.parse(await pass(undefined));
    if (result.isAborted) throw new EarshotError('CANCELLED', `${request.audioPath}: transcription cancelled`);
  }
  const done: TranscribeWindowResult = {
    ...base,
    segments: refineWordEdges(
      toFileTime(result.segments, request.offsetMs, windowMs, leadInMs),
      // Little-endian samples as the platform's Int16Array reads them (x64 and arm64 are little-endian).
      pcm.byteOffset % 2 === 0 ? new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength >> 1) : new Int16Array(Uint8Array.from(pcm).buffer),
      request.offsetMs,
    ),
    language: header.multilingual ? (result.language ?? null) : 'en',
    audioCtx: usedCtx,
    elapsedMs: Date.now() - (computeStarted ?? started),
  };
  answer(run, { type: 'done', seq: run.seq, result: done });
}

port.on('message', (raw: unknown) => {
  const msg = parseMessage(ToWorker, raw, (why) => log('warn', 'dropped a malformed message', { why }));
  if (!msg) return;
  switch (msg.type) {
    case 'init':
      config = msg.config;
      post({ type: 'ready', workerIndex: config.workerIndex });
      return;
    case 'transcribe': {
      if (!config) {
        post({ type: 'error', seq: msg.seq, error: toWireError(new EarshotError('INTERNAL', 'worker got work before init')) });
        return;
      }
      const run: Run = { seq: msg.seq, answered: false, cancel: null };
      runs.set(msg.seq, run);
      transcribe(run, msg.request, msg.backend)
        .catch((err: unknown) => answer(run, { type: 'error', seq: run.seq, error: toWireError(err) }))
        .finally(() => runs.delete(run.seq));
      return;
    }
    case 'cancel': {
      const run = runs.get(msg.seq);
      if (!run) return;
      if (run.cancel) run.cancel();
      else answer(run, { type: 'error', seq: run.seq, error: toWireError(new EarshotError('CANCELLED', 'transcription cancelled')) });
      return;
    }
    default: {
      const never: never = msg;
      log('warn', 'unhandled message', { msg: never });
    }
  }
});

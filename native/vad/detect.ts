import { EarshotError } from '../../electron/shared/errors.js';
import { startWorkerThread } from '../entry.js';
import { fromWireError, parseMessage } from '../engine/messages.js';
import { FromVadWorker, type ToVadWorker } from './messages.js';
import { VadSettings, type VadResult, type VadSettingsInput } from './types.js';

/**
 * Finds the speech in a 16 kHz mono 16-bit WAV (what convertToWav writes) with Silero VAD v6.2, in a worker thread
 * of its own (native/vad/vad-worker.ts) that ends with the call, so the caller's event loop never waits on it.
 * Returns the regions in ms from the start of the file, with the duration read and the time taken.
 * `settings`: Silero's thresholds (VadSettings; defaults: those of the silero-vad package). An aborted `signal`
 * stops the worker at once and rejects with CANCELLED.
 * Rejects with EarshotError: FILE_MISSING / NOT_MEDIA / CONVERT_FAILED (no such file, not a WAV, not 16 kHz mono
 * 16-bit), VAD_FAILED (the detector did not load or run, or its worker died), CANCELLED.
 */
export function detectSpeech(wavPath: string, opts: { settings?: VadSettingsInput; signal?: AbortSignal } = {}): Promise<VadResult> {
  const request: ToVadWorker = { type: 'detect', wavPath, settings: VadSettings.parse(opts.settings ?? {}) };
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(new EarshotError('CANCELLED', `${wavPath}: voice activity detection cancelled`));
  return new Promise<VadResult>((resolve, reject) => {
    const worker = startWorkerThread(import.meta.url, 'vad-worker');
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(new EarshotError('CANCELLED', `${wavPath}: voice activity detection cancelled`)));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (raw: unknown) => {
      const msg = parseMessage(FromVadWorker, raw, (why) =>
        finish(() => reject(new EarshotError('VAD_FAILED', `${wavPath}: malformed answer from the VAD worker: ${why}`))),
      );
      if (!msg) return;
      if (msg.type === 'done') finish(() => resolve(msg.result));
      else finish(() => reject(fromWireError(msg.error)));
    });
    worker.on('error', (err) => finish(() => reject(new EarshotError('VAD_FAILED', `${wavPath}: the VAD worker failed: ${err.message}`, { cause: err }))));
    worker.on('exit', (code) => finish(() => reject(new EarshotError('VAD_FAILED', `${wavPath}: the VAD worker exited (code ${code}) before answering`))));
    worker.postMessage(request);
  });
}

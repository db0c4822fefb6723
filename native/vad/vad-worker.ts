// Worker-thread entry of the voice activity detector: runs Silero over one 16 kHz WAV, off the caller's main
// thread (the CLI's or the server's event loop stays free while a long file is read frame by frame).
import { parentPort } from 'node:worker_threads';
import { EarshotError } from '../../electron/shared/errors.js';
import { assertWhisperWav, readPcm16, readWavInfo } from '../audio/wav.js';
import { parseMessage, toWireError } from '../engine/messages.js';
import { type FromVadWorker, ToVadWorker } from './messages.js';
import { SileroVad } from './silero.js';
import { RegionTracker, VAD_FRAME_SAMPLES } from './speech-regions.js';
import type { VadResult, VadSettings } from './types.js';

const port = parentPort;
if (!port) throw new Error('native/vad/vad-worker.ts must run in a worker thread');

/** Samples read from disk at once: 20 s, a whole number of frames. */
const CHUNK_SAMPLES = VAD_FRAME_SAMPLES * 625;

async function detect(wavPath: string, settings: VadSettings): Promise<VadResult> {
  const started = performance.now();
  const info = await readWavInfo(wavPath);
  assertWhisperWav(wavPath, info);
  const vad = await SileroVad.load();
  try {
    const tracker = new RegionTracker(settings, info.sampleRate);
    const frame = new Float32Array(VAD_FRAME_SAMPLES);
    for (let at = 0; at < info.frames; at += CHUNK_SAMPLES) {
      const pcm = await readPcm16(wavPath, info, at, CHUNK_SAMPLES);
      for (let i = 0; i < pcm.length; i += VAD_FRAME_SAMPLES) {
        const n = Math.min(VAD_FRAME_SAMPLES, pcm.length - i);
        for (let j = 0; j < n; j++) frame[j] = pcm[i + j]! / 32768;
        frame.fill(0, n);
        tracker.push(await vad.probability(frame), at + i);
      }
    }
    return {
      regions: tracker.finish(info.frames),
      totalMs: info.durationMs,
      elapsedMs: Math.round(performance.now() - started),
      detector: vad.detector,
    };
  } finally {
    await vad.release();
  }
}

const post = (msg: FromVadWorker) => port.postMessage(msg);

port.on('message', (raw: unknown) => {
  const msg = parseMessage(ToVadWorker, raw, (why) => post({ type: 'error', error: toWireError(new EarshotError('INTERNAL', `malformed VAD request: ${why}`)) }));
  if (!msg) return;
  detect(msg.wavPath, msg.settings).then(
    (result) => post({ type: 'done', result }),
    (err: unknown) => post({ type: 'error', error: toWireError(err, 'VAD_FAILED') }),
  );
});

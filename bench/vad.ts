// `npm run bench -- --only vad`: voice activity detection and the guards.
//  1. Silero VAD alone (in its worker thread) on jfk.wav, the 6-minute file, the paused-speech file and the
//     silence-and-music file: time, the process's peak memory while it ran, and the share of audio marked non-speech;
//  2. with a model: those last two files transcribed with VAD on and off (tiny.en, 2 threads): wall time, decoding
//     time, what was written where no one speaks, and what the guards dropped or trimmed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../electron/services/config.js';
import { openEarshot } from '../electron/services/earshot.js';
import { detectSpeech, speechMs } from '../native/vad/index.js';
import { JFK_TEXT, longSpeech, pausedSpeech, silenceAndMusic, wavSeconds } from './speech-fixtures.js';
import { wordErrorRate } from './wer.js';

const JFK_WAV = path.join(import.meta.dirname, '..', 'resources', 'audio', 'jfk.wav');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Runs detectSpeech on `wav`, sampling this process's RSS every 20 ms (the VAD worker is a thread of it). */
async function vadOnce(name: string, wav: string): Promise<void> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const result = await detectSpeech(wav).finally(() => clearInterval(timer));
  const wallMs = performance.now() - started;
  const audioSec = result.totalMs / 1000;
  const nonSpeech = 1 - speechMs(result.regions) / result.totalMs;
  console.log(
    `  ${name.padEnd(26)} ${audioSec.toFixed(0).padStart(4)} s audio: VAD ${(result.elapsedMs / 1000).toFixed(2)} s ` +
      `(${((result.elapsedMs / 1000 / audioSec) * 1000).toFixed(1)} ms per audio s; ${(wallMs / 1000).toFixed(2)} s with the worker's start), ` +
      `peak RSS ${mib(peak)} (+${mib(peak - before)}), ${result.regions.length} regions, ${(nonSpeech * 100).toFixed(1)}% non-speech`,
  );
}

/** Transcribes `wav` in a fresh data dir with VAD on or off; returns the job's figures and its segments. */
async function transcribe(model: string, wav: string, vad: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-vad-'));
  const earshot = openEarshot(loadConfig({ dataDir, concurrency: 1, threads: 2 }));
  try {
    const { job } = earshot.manager.enqueue([
      { sourcePath: wav, sourceKind: 'file', params: { model, language: 'en', formats: ['json'], ...(vad ? {} : { vad: false }) } },
    ])[0]!;
    const started = performance.now();
    await earshot.start();
    await earshot.manager.waitForIdle([job.id]);
    const wallMs = performance.now() - started;
    const done = earshot.store.require(job.id);
    const decodedMs = earshot.store.windows(job.id).reduce((sum, w) => sum + w.elapsedMs, 0);
    return { wallMs, decodedMs, job: done, segments: earshot.store.segments(job.id) };
  } finally {
    await earshot.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchVad(model: string | null): Promise<void> {
  console.log('voice activity detection (Silero v6.2, onnxruntime-node, 1 thread, in a worker thread):');
  const long = longSpeech(360);
  const paused = pausedSpeech(180);
  const sm = silenceAndMusic();
  await vadOnce('jfk.wav', JFK_WAV);
  await vadOnce('6-minute speech', long.wav);
  await vadOnce('paused speech (8-20 s gaps)', paused.wav);
  await vadOnce('silence, noise, tones', sm.wav);
  if (!model) return;
  console.log(`transcription with VAD on and off (tiny.en, 2 threads):`);
  for (const vad of [true, false]) {
    const r = await transcribe(model, sm.wav, vad);
    const inGap = r.segments.filter((s) => s.t1Ms > sm.gapStartMs + 1000 && s.t0Ms < sm.gapEndMs - 1000);
    const first = r.segments.filter((s) => s.t1Ms <= sm.gapStartMs + 1000).map((s) => s.text).join(' ');
    console.log(
      `  silence-and-music, VAD ${vad ? 'on ' : 'off'}: ${(r.wallMs / 1000).toFixed(1)} s wall, whisper ${(r.decodedMs / 1000).toFixed(1)} s; ` +
        `${inGap.length} segment(s) kept in the 150 s without speech; guards dropped ${r.job.droppedSegments ?? 0}, trimmed ${r.job.trimmedSegments ?? 0}; ` +
        `first jfk WER ${(wordErrorRate(JFK_TEXT, first) * 100).toFixed(1)}%`,
    );
  }
  for (const vad of [true, false]) {
    const r = await transcribe(model, paused.wav, vad);
    const text = r.segments.map((s) => s.text).join(' ');
    console.log(
      `  paused speech (${wavSeconds(paused.wav).toFixed(0)} s), VAD ${vad ? 'on ' : 'off'}: ${(r.wallMs / 1000).toFixed(1)} s wall, whisper ${(r.decodedMs / 1000).toFixed(1)} s; ` +
        `WER ${(wordErrorRate(paused.text, text) * 100).toFixed(1)}%; guards dropped ${r.job.droppedSegments ?? 0}, trimmed ${r.job.trimmedSegments ?? 0}`,
    );
  }
}

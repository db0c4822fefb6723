import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EarshotError } from '../../../../electron/shared/errors.js';
import { EngineHost, type EngineCrash } from '../../../../native/engine/engine-host.js';
import type { EngineSegment, TranscribeWindowRequest } from '../../../../native/engine/types.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { wordErrorRate } from '../../../helpers/wer.js';
import { rejection } from '../../../helpers/rejection.js';

// The real whisper.cpp (tiny.en) in the real engine host process. Each window costs one 30 s encoder pass,
// which takes seconds to tens of seconds on 2 shared cores, so the tests share one host and few windows.
const model = testModelPath();


describe.skipIf(!model)('EngineHost with whisper.cpp and the tiny.en model', () => {
  let host: EngineHost;
  const req = (o: Partial<TranscribeWindowRequest> = {}): TranscribeWindowRequest => ({
    jobId: 'job-jfk',
    modelPath: model!,
    audioPath: JFK_WAV,
    offsetMs: 0,
    durationMs: 0,
    language: 'auto',
    translate: false,
    ...o,
  });

  beforeAll(async () => {
    host = new EngineHost({ workers: 1 });
    await host.start();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('transcribes jfk.wav (WER ≤ 10 %) on the CPU, says why not a GPU, and streams progress and segments', async () => {
    const progress: number[] = [];
    const streamed: EngineSegment[] = [];
    const result = await host.transcribe(req(), {
      onProgress: (f) => progress.push(f),
      onSegments: (s) => streamed.push(...s),
    }).promise;
    const text = result.segments.map((s) => s.text).join(' ');
    expect(wordErrorRate(JFK_TEXT, text)).toBeLessThanOrEqual(0.1);
    expect(result.backend).toBe('cpu');
    expect(result.backendNote).toMatch(/cuda: .+; vulkan: .+/);
    // The build compiled at install (native/addon/build.mjs), not the slow prebuilt one.
    expect(result.backendCpu, result.backendDetail ?? '').toMatchObject({ kind: 'compiled', whisperCpp: '1.9.1' });
    expect(result.backendDetail).toMatch(/^cpu · (avx512|avx2|avx|sse4\.2) · \d+ threads?$/);
    expect(result.language).toBe('en');
    expect(result.contextLoads).toBe(1);
    expect(result.elapsedMs).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((f) => f >= 0 && f <= 1)).toBe(true);
    // Live segments are whisper's as they come; the result's also carry words (words.ts).
    expect(streamed).toEqual(result.segments.map(({ words: _words, ...s }) => s));
    // 11 s of audio: an encoder context sized to it plus 1 s (600 frames, rounded up to 640), not whisper's 1500.
    expect(result.audioCtx).toBe(640);
    for (const s of result.segments) expect(s.words?.map((w) => w.text).join('')).toBe(s.text);
    for (const s of result.segments) {
      expect(s.t0Ms).toBeGreaterThanOrEqual(0);
      expect(s.t1Ms).toBeGreaterThanOrEqual(s.t0Ms);
      expect(s.t1Ms).toBeLessThanOrEqual(11_000);
    }
    // Timestamps are ms: the last segment ends near the 11 s end of the speech, not at 1100 or 110 000.
    expect(result.segments.at(-1)!.t1Ms).toBeGreaterThan(9_000);
  });

  it('runs a window with beam search (beamSize 5, bestOf 5) as a job asks', async () => {
    const result = await host.transcribe(req({ beamSize: 5, bestOf: 5 })).promise;
    expect(wordErrorRate(JFK_TEXT, result.segments.map((s) => s.text).join(' '))).toBeLessThanOrEqual(0.1);
  });

  it('keeps the whisper context between requests', async () => {
    // An empty window (offset at the end) still goes through the context lookup but costs no whisper pass.
    const result = await host.transcribe(req({ offsetMs: 11_000 })).promise;
    expect(result).toMatchObject({ segments: [], contextLoads: 1, workerIndex: 0 });
  });

  it('kill -9 of the host mid-window rejects with ENGINE_CRASHED within 5 s; the next window runs on a new host', async () => {
    const pid = host.hostPid!;
    const crashes: EngineCrash[] = [];
    host.on('crash', (c: EngineCrash) => crashes.push(c));
    let killedAt = 0;
    const handle = host.transcribe(req(), {
      onProgress: () => {
        if (killedAt) return;
        killedAt = Date.now();
        process.kill(pid, 'SIGKILL');
      },
    });
    const err = await rejection(handle.promise);
    expect(killedAt).toBeGreaterThan(0);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(err.code).toBe('ENGINE_CRASHED');
    expect(err.message).toContain('SIGKILL');
    expect(crashes).toEqual([expect.objectContaining({ pid, signal: 'SIGKILL', inFlight: 1 })]);

    // The restarted host transcribes a window: timestamps in ms from the start of the FILE, inside the window.
    const result = await host.transcribe(req({ offsetMs: 3_000, durationMs: 5_000 })).promise;
    expect(host.restarts).toBe(1);
    expect(host.hostPid).not.toBe(pid);
    expect(result.contextLoads).toBe(1); // a fresh host loads the model again
    expect(result.segments.length).toBeGreaterThan(0);
    for (const s of result.segments) {
      expect(s.t0Ms).toBeGreaterThanOrEqual(3_000);
      expect(s.t1Ms).toBeLessThanOrEqual(8_000);
    }
    const text = result.segments.map((s) => s.text).join(' ').toLowerCase();
    expect(text).toContain('ask not what your country');
    // Only the window's audio went to whisper: nothing from after 8 s ("ask what you can do for your country").
    expect(text).not.toContain('what you can do for your country');
  });

  it('cancel() mid-window rejects with CANCELLED at once', async () => {
    const handle = host.transcribe(req(), { onProgress: () => handle.cancel() });
    const started = Date.now();
    const err = await rejection(handle.promise);
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toContain(JFK_WAV);
    // Well before whisper could have finished the 11 s.
    expect(Date.now() - started).toBeLessThan(60_000);
    // The compiled build aborted the native pass: the same worker's context is free for the next window at once.
    const next = await host.transcribe(req({ offsetMs: 11_000 })).promise;
    expect(next).toMatchObject({ segments: [], contextLoads: 1 });
  });
});

// An empty window (offset at the end of the file) loads the model and the backend but runs no whisper pass:
// a cheap way to check the backend choice and the pool.
describe.skipIf(!model)('EngineHost backend choice and worker pool', () => {
  const empty = (jobId: string): TranscribeWindowRequest => ({
    jobId,
    modelPath: model!,
    audioPath: JFK_WAV,
    offsetMs: 11_000,
    durationMs: 0,
    language: 'en',
    translate: false,
  });

  it('EARSHOT_BACKEND-style forcing: cpu says so; an unavailable cuda fails with its reason', async () => {
    const cpu = new EngineHost({ backend: 'cpu' });
    try {
      const r = await cpu.transcribe(empty('forced-cpu')).promise;
      expect(r).toMatchObject({ backend: 'cpu', segments: [], contextLoads: 1 });
      expect(r.backendNote).toMatch(/cpu requested/);
    } finally {
      await cpu.stop();
    }
    const cuda = new EngineHost({ backend: 'cuda' });
    try {
      const outcome = await cuda.transcribe(empty('forced-cuda')).promise.then(
        (r) => r,
        (e: unknown) => e,
      );
      if (outcome instanceof EarshotError) {
        expect(outcome.code).toBe('ENGINE_ERROR');
        expect(outcome.message).toMatch(/backend cuda was requested .* unavailable: cuda: /);
      } else {
        // A machine with a working CUDA build and device.
        expect(outcome).toMatchObject({ backend: 'cuda' });
      }
    } finally {
      await cuda.stop();
    }
  });

  it('runs windows on two worker threads at once; the second worker reuses the probed backend', async () => {
    const pool = new EngineHost({ workers: 2 });
    try {
      const [a, b] = await Promise.all([pool.transcribe(empty('a')).promise, pool.transcribe(empty('b')).promise]);
      expect(new Set([a.workerIndex, b.workerIndex])).toEqual(new Set([0, 1]));
      expect(a.backend).toBe(b.backend);
      expect(a.backendNote).toBe(b.backendNote);
      // Each worker holds its own context, loaded once.
      expect([a.contextLoads, b.contextLoads]).toEqual([1, 1]);
    } finally {
      await pool.stop();
    }
  });
});

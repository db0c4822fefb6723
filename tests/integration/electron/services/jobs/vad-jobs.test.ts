import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MediaOps } from '../../../../../electron/services/jobs/job-runner.js';
import { realMedia } from '../../../../../electron/services/earshot.js';
import type { Segment } from '../../../../../electron/shared/jobs.js';
import { EngineHost } from '../../../../../native/engine/engine-host.js';
import type { Engine, EngineSegment, TranscribeCallbacks, TranscribeHandle, TranscribeWindowRequest } from '../../../../../native/engine/types.js';
import { SPEECH_MARGIN_MS } from '../../../../../native/vad/index.js';
import { JFK_TEXT, silenceAndMusic } from '../../../../../bench/speech-fixtures.js';
import { wordErrorRate } from '../../../../../bench/wer.js';
import { testEarshot } from '../../../../helpers/earshot.js';
import { testModelPath } from '../../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../../helpers/temp-dir.js';

const model = testModelPath();

/** The real engine, recording the spans it was asked to decode and what whisper wrote (a decorator, not a stand-in). */
class RecordingEngine implements Engine {
  readonly spans: Array<[number, number]> = [];
  readonly decoded: EngineSegment[] = [];
  constructor(readonly inner: EngineHost) {}
  start() {
    return this.inner.start();
  }
  stop() {
    return this.inner.stop();
  }
  transcribe(req: TranscribeWindowRequest, callbacks?: TranscribeCallbacks): TranscribeHandle {
    this.spans.push([req.offsetMs, req.offsetMs + req.durationMs]);
    const handle = this.inner.transcribe(req, callbacks);
    handle.promise.then((r) => this.decoded.push(...r.segments), () => undefined);
    return handle;
  }
}

/** The real media operations, counting VAD runs. */
function countingMedia(): { media: MediaOps; vadRuns: () => number } {
  let runs = 0;
  return {
    media: { ...realMedia, detectSpeech: (wav, opts) => (runs++, realMedia.detectSpeech(wav, opts)) },
    vadRuns: () => runs,
  };
}

const until = async (what: string, check: () => boolean, timeoutMs = 120_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const show = (segs: Array<Pick<Segment, 't0Ms' | 't1Ms' | 'text'>>) =>
  segs.map((s) => `${(s.t0Ms / 1000).toFixed(1)}-${(s.t1Ms / 1000).toFixed(1)} s:${s.text}`).join('\n');

describe.skipIf(!model)('voice activity detection in jobs: jfk.wav, 150 s of silence, noise and tones, jfk.wav', () => {
  const suiteDir = useSuiteTempDir();
  const fixture = { wav: '', gapStartMs: 0, gapEndMs: 0 };
  const params = (vad?: boolean) => ({ model: model!, language: 'en', formats: ['json' as const], ...(vad === undefined ? {} : { vad }) });

  beforeAll(() => {
    Object.assign(fixture, silenceAndMusic());
  });

  it('transcribes both speeches, decodes none of the 150 s between them and writes nothing there', async () => {
    const engine = new RecordingEngine(new EngineHost({ workers: 1 }));
    const earshot = testEarshot(path.join(suiteDir(), 'vad-on'), {}, { engine });
    try {
      const { job } = earshot.manager.enqueue([{ sourcePath: fixture.wav, sourceKind: 'file', params: params() }])[0]!;
      await earshot.start();
      await earshot.manager.waitForIdle([job.id]);
      expect(earshot.store.require(job.id)).toMatchObject({ status: 'completed', errorCode: null });
      const segments = earshot.store.segments(job.id);
      const before = segments.filter((s) => s.t1Ms <= fixture.gapStartMs + SPEECH_MARGIN_MS).map((s) => s.text).join(' ');
      const after = segments.filter((s) => s.t0Ms >= fixture.gapEndMs - SPEECH_MARGIN_MS).map((s) => s.text).join(' ');
      expect(wordErrorRate(JFK_TEXT, before), before).toBeLessThanOrEqual(0.15);
      expect(wordErrorRate(JFK_TEXT, after), after).toBeLessThanOrEqual(0.15);
      // Segments may reach into the non-speech by the SPEECH_MARGIN_MS of audio kept beside speech (whisper often
      // ends a sentence's segment at the end of the audio it was given), never further.
      const inside = (ms: number) => ms > fixture.gapStartMs + SPEECH_MARGIN_MS && ms < fixture.gapEndMs - SPEECH_MARGIN_MS;
      expect(segments.filter((s) => inside(s.t0Ms) || inside(s.t1Ms)), show(segments)).toEqual([]);
      // whisper was never asked to decode the non-speech: each span it got overlaps the gap by at most the margin.
      for (const [a, b] of engine.spans) {
        const overlap = Math.max(0, Math.min(b, fixture.gapEndMs) - Math.max(a, fixture.gapStartMs));
        expect(overlap, `decoded ${a}-${b} ms`).toBeLessThanOrEqual(SPEECH_MARGIN_MS);
      }
      const windows = earshot.store.windows(job.id);
      expect(windows.some((w) => w.elapsedMs === 0 && w.t1Ms - w.t0Ms > 100_000)).toBe(true);
    } finally {
      await earshot.close();
    }
  }, 300_000);

  it('with --no-vad whisper decodes it all (what it invents there is printed, not asserted)', async () => {
    const engine = new RecordingEngine(new EngineHost({ workers: 1 }));
    const earshot = testEarshot(path.join(suiteDir(), 'vad-off'), {}, { engine });
    try {
      const { job } = earshot.manager.enqueue([{ sourcePath: fixture.wav, sourceKind: 'file', params: params(false) }])[0]!;
      await earshot.start();
      await earshot.manager.waitForIdle([job.id]);
      const done = earshot.store.require(job.id);
      expect(done).toMatchObject({ status: 'completed', errorCode: null });
      const inGap = (s: Pick<Segment, 't0Ms' | 't1Ms'>) => s.t1Ms > fixture.gapStartMs + 500 && s.t0Ms < fixture.gapEndMs - 500;
      const written = engine.decoded.filter(inGap);
      const kept = earshot.store.segments(job.id).filter(inGap);
      expect(engine.spans.some(([a, b]) => a < fixture.gapEndMs && b > fixture.gapStartMs)).toBe(true);
      console.log(
        `VAD off: whisper wrote ${written.length} segment(s) between the speeches:\n${show(written) || '(none)'}\n` +
          `the guards dropped ${done.droppedSegments ?? 0} and trimmed ${done.trimmedSegments ?? 0}; ${kept.length} kept there:\n${show(kept) || '(none)'}`,
      );
    } finally {
      await earshot.close();
    }
  }, 300_000);

  it('detects speech once per job: a resumed job reads the stored regions', async () => {
    const dataDir = path.join(suiteDir(), 'resume');
    const first = countingMedia();
    let earshot = testEarshot(dataDir, {}, { media: first.media });
    const { job } = earshot.manager.enqueue([{ sourcePath: fixture.wav, sourceKind: 'file', params: params() }])[0]!;
    try {
      await earshot.start();
      // Stop after the first speech window and the skipped stretch are committed, before the last window is.
      await until('two windows', () => earshot.store.require(job.id).windowsDone >= 2);
    } finally {
      await earshot.close();
    }
    expect(first.vadRuns()).toBe(1);

    const second = countingMedia();
    earshot = testEarshot(dataDir, {}, { media: second.media });
    try {
      const resumedAt = earshot.store.require(job.id);
      expect(resumedAt.status).not.toBe('completed');
      expect(earshot.store.speech(job.id)?.regions.length).toBeGreaterThan(0);
      await earshot.start();
      await earshot.manager.waitForIdle([job.id]);
      expect(earshot.store.require(job.id)).toMatchObject({ status: 'completed' });
      expect(second.vadRuns()).toBe(0);
      const windows = earshot.store.windows(job.id);
      expect(windows[0]!.t0Ms).toBe(0);
      for (let i = 1; i < windows.length; i++) expect(windows[i]!.t0Ms).toBe(windows[i - 1]!.t1Ms);
      expect(windows.at(-1)!.t1Ms).toBe(earshot.store.require(job.id).durationMs);
    } finally {
      await earshot.close();
    }
  }, 300_000);
});

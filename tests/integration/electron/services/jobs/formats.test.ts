import fs from 'node:fs';
import path from 'node:path';
import { parseSync, type NodeCue } from 'subtitle';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../../../electron/shared/jobs.js';
import { testEarshot, transcriptText } from '../../../../helpers/earshot.js';
import { JFK_MP3, JFK_OGG, makeMkvWithAudio, makeMp4WithAudio } from '../../../../helpers/media-fixtures.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../../helpers/temp-dir.js';
import { wordErrorRate } from '../../../../helpers/wer.js';

const model = testModelPath();

describe.skipIf(!model)('transcribing the same speech in five containers', () => {
  const suiteDir = useSuiteTempDir();
  const results = new Map<string, { job: Job; text: string }>();
  let outDir = '';

  beforeAll(async () => {
    const dir = suiteDir();
    outDir = path.join(dir, 'out');
    // Distinct stems: outputs are <stem>.<ext> in one --out folder.
    const copy = (from: string, name: string) => (fs.copyFileSync(from, path.join(dir, name)), path.join(dir, name));
    const inputs = [copy(JFK_WAV, 'speech-wav.wav'), copy(JFK_MP3, 'speech-mp3.mp3'), copy(JFK_OGG, 'speech-ogg.ogg'),
      await makeMp4WithAudio(dir, 'speech-mp4.mp4'), await makeMkvWithAudio(dir, 'speech-mkv.mkv')];
    // Two jobs at once: this whisper.cpp build runs each pass on one core.
    const earshot = testEarshot(path.join(dir, 'data'), { concurrency: 2 });
    try {
      const enqueued = earshot.manager.enqueue(
        inputs.map((sourcePath) => ({ sourcePath, sourceKind: 'file' as const, params: { model: model!, language: 'en', outDir } })),
      );
      await earshot.start();
      await earshot.manager.waitForIdle(enqueued.map((e) => e.job.id));
      for (const { job } of enqueued) {
        results.set(path.extname(job.sourcePath).slice(1), { job: earshot.store.require(job.id), text: transcriptText(earshot, job) });
      }
    } finally {
      await earshot.close();
    }
  }, 600_000);

  it.each(['wav', 'mp3', 'ogg', 'mp4', 'mkv'])('%s: completes with WER <= 10%% on the CPU backend', (ext) => {
    const r = results.get(ext)!;
    expect(r.job, r.job.errorMessage ?? '').toMatchObject({ status: 'completed', backend: 'cpu', language: 'en' });
    expect(r.job.backendNote).toBeTruthy();
    expect(r.job.rtf).toBeGreaterThan(0);
    const wer = wordErrorRate(JFK_TEXT, r.text);
    console.log(`${ext}: WER ${(wer * 100).toFixed(1)}%, RTF ${r.job.rtf?.toFixed(2)}: ${r.text}`);
    expect(wer).toBeLessThanOrEqual(0.1);
  });

  it('writes SRT and VTT that a subtitle parser reads, with ordered, non-overlapping cues', () => {
    for (const ext of ['srt', 'vtt'] as const) {
      const file = results.get('mp4')!.job.outputs[ext]!;
      expect(path.dirname(file)).toBe(outDir);
      const cues = parseSync(fs.readFileSync(file, 'utf8')).filter((n): n is NodeCue => n.type === 'cue');
      expect(cues.length).toBeGreaterThan(0);
      expect(wordErrorRate(JFK_TEXT, cues.map((c) => c.data.text).join(' '))).toBeLessThanOrEqual(0.1);
      cues.forEach((c, i) => {
        expect(c.data.end).toBeGreaterThan(c.data.start);
        if (i > 0) expect(c.data.start).toBeGreaterThanOrEqual(cues[i - 1]!.data.end);
      });
      expect(cues.at(-1)!.data.end).toBeLessThanOrEqual(11_100);
    }
  });

  it('writes JSON with t0/t1 in ms, model, language and backend', () => {
    const json = JSON.parse(fs.readFileSync(results.get('wav')!.job.outputs.json!, 'utf8')) as {
      model: string; language: string; backend: string; segments: Array<{ t0: number; t1: number; text: string }>;
    };
    expect(json).toMatchObject({ model: model!, language: 'en', backend: 'cpu' });
    expect(json.segments[0]!.t0).toBe(0);
    expect(json.segments.at(-1)!.t1).toBeGreaterThan(9000);
    expect(fs.readFileSync(results.get('wav')!.job.outputs.txt!, 'utf8').toLowerCase()).toContain('ask not what your country');
  });
});

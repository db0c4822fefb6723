import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backbone } from '../../../electron/services/backbone.js';
import { testBackbone, transcriptText } from '../../helpers/backbone.js';
import { testModelPath } from '../../helpers/paths.js';
import { longSpeech } from '../../helpers/speech-fixtures.js';
import { useSuiteTempDir } from '../../helpers/temp-dir.js';
import { normaliseWords, wordErrorRate } from '../../helpers/wer.js';

const model = testModelPath();

/** True if `probe` matches some same-length run of `words` with at most `maxSubs` substitutions (no shifts allowed). */
function occursWithSubstitutions(probe: string[], words: string[], maxSubs: number): boolean {
  for (let i = 0; i + probe.length <= words.length; i++) {
    let subs = 0;
    for (let j = 0; j < probe.length && subs <= maxSubs; j++) if (probe[j] !== words[i + j]) subs++;
    if (subs <= maxSubs) return true;
  }
  return false;
}

describe.skipIf(!model)('windowed transcription of a 6-minute file', () => {
  const suiteDir = useSuiteTempDir();
  let speech: { wav: string; text: string };
  let windowed: { text: string; windows: Array<{ t0Ms: number; t1Ms: number }>; segments: Array<{ t0Ms: number; t1Ms: number; text: string }> };
  let single: string;

  const run = async (windowSec: number) => {
    const backbone: Backbone = testBackbone(path.join(suiteDir(), `data-${windowSec}`));
    try {
      const job = backbone.manager.enqueue([{ sourcePath: speech.wav, sourceKind: 'file', params: { model: model!, language: 'en', windowSec, formats: ['json'] } }])[0]!.job;
      await backbone.start();
      await backbone.manager.waitForIdle([job.id]);
      expect(backbone.store.require(job.id)).toMatchObject({ status: 'completed', errorCode: null });
      return { text: transcriptText(backbone, job), windows: backbone.store.windows(job.id), segments: backbone.store.segments(job.id) };
    } finally {
      await backbone.close();
    }
  };

  beforeAll(async () => {
    speech = longSpeech(360);
    windowed = await run(120);
    single = (await run(10_000)).text;
  }, 900_000);

  it('runs in at least 3 windows that tile the file without gaps', () => {
    expect(windowed.windows.length).toBeGreaterThanOrEqual(3);
    expect(windowed.windows[0]!.t0Ms).toBe(0);
    for (let i = 1; i < windowed.windows.length; i++) expect(windowed.windows[i]!.t0Ms).toBe(windowed.windows[i - 1]!.t1Ms);
    for (const w of windowed.windows.slice(0, -1)) expect(Math.abs(w.t1Ms - w.t0Ms - 120_000)).toBeLessThanOrEqual(5_000);
  });

  it('has WER at most 15% against the spoken text', () => {
    const wer = wordErrorRate(speech.text, windowed.text);
    console.log(`6-minute file: windowed WER ${(wer * 100).toFixed(1)}%, single-window WER ${(wordErrorRate(speech.text, single) * 100).toFixed(1)}%`);
    expect(wer).toBeLessThanOrEqual(0.15);
  });

  it('neither loses nor doubles a word at a window boundary', () => {
    const singleWords = normaliseWords(single);
    const refWords = normaliseWords(speech.text);
    for (const w of windowed.windows.slice(0, -1)) {
      const before = windowed.segments.filter((s) => s.t1Ms <= w.t1Ms).map((s) => s.text).join(' ');
      const after = windowed.segments.filter((s) => s.t0Ms >= w.t1Ms).map((s) => s.text).join(' ');
      const probe = [...normaliseWords(before).slice(-4), ...normaliseWords(after).slice(0, 4)];
      expect(probe).toHaveLength(8);
      const ok = occursWithSubstitutions(probe, singleWords, 1) || occursWithSubstitutions(probe, refWords, 1);
      expect(ok, `words across the boundary at ${w.t1Ms} ms: "${probe.join(' ')}"`).toBe(true);
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { parseSync } from 'subtitle';
import { beforeAll, describe, expect, it } from 'vitest';
import { timedWordsSpeech } from '../../../../../bench/speech-fixtures.js';
import type { Segment } from '../../../../../electron/shared/jobs.js';
import { testEarshot } from '../../../../helpers/earshot.js';
import { JFK_WAV, testModelPath } from '../../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../../helpers/temp-dir.js';
import { normaliseWords } from '../../../../helpers/wer.js';

const model = testModelPath();

/** Transcribes each file as its own job on a fresh Earshot; returns each job's segments and output paths. */
async function transcribe(dataDir: string, files: string[], params: Record<string, unknown> = {}) {
  const earshot = testEarshot(dataDir);
  try {
    const jobs = earshot.manager
      .enqueue(files.map((sourcePath) => ({ sourcePath, sourceKind: 'file' as const, params: { model: model!, language: 'en', outDir: path.join(dataDir, 'out'), ...params } })))
      .map((r) => r.job);
    await earshot.start();
    await earshot.manager.waitForIdle(jobs.map((j) => j.id));
    return jobs.map((job) => {
      const done = earshot.store.require(job.id);
      expect(done).toMatchObject({ status: 'completed', errorCode: null });
      return { segments: earshot.store.segments(job.id), outputs: done.outputs };
    });
  } finally {
    await earshot.close();
  }
}

/**
 * Pairs recognised words with reference words in order (longest common subsequence over normalised words), so a
 * misheard or extra word does not shift the pairs after it.
 */
function alignWords<A, B>(hyp: A[], ref: B[], key: { hyp: (a: A) => string; ref: (b: B) => string }): Array<[A, B]> {
  const n = hyp.length;
  const m = ref.length;
  const dp = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i]![j] = key.hyp(hyp[i]!) === key.ref(ref[j]!) ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const pairs: Array<[A, B]> = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (key.hyp(hyp[i]!) === key.ref(ref[j]!)) pairs.push([hyp[i++]!, ref[j++]!]);
    else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

const norm = (text: string) => normaliseWords(text).join(' ');

describe.skipIf(!model)('word timing on real speech', () => {
  const dir = useSuiteTempDir();
  let jfk: Segment[];
  let jfkSrt: string;
  let timed: Segment[];
  let truth: ReturnType<typeof timedWordsSpeech>['words'];

  beforeAll(async () => {
    const fixture = timedWordsSpeech();
    truth = fixture.words;
    const [a, b] = await transcribe(dir(), [JFK_WAV, fixture.wav], { maxLineChars: 42, maxCueChars: 42, formats: ['srt', 'json'] });
    jfk = a!.segments;
    jfkSrt = fs.readFileSync(a!.outputs!.srt!, 'utf8');
    timed = b!.segments;
  });

  it('gives every word of jfk.wav t0 < t1 in ms, in order, inside its segment, spelling the segment', () => {
    expect(jfk.length).toBeGreaterThan(0);
    let last = 0;
    for (const seg of jfk) {
      expect(seg.words?.length).toBeGreaterThan(0);
      expect(seg.words!.map((w) => w.text).join('').trim()).toBe(seg.text.trim());
      for (const w of seg.words!) {
        expect(w.t0Ms).toBeLessThan(w.t1Ms);
        expect(w.t0Ms).toBeGreaterThanOrEqual(seg.t0Ms);
        expect(w.t1Ms).toBeLessThanOrEqual(seg.t1Ms);
        expect(w.t0Ms).toBeGreaterThanOrEqual(last);
        expect(w.p).toBeGreaterThanOrEqual(0);
        expect(w.p).toBeLessThanOrEqual(1);
        last = w.t0Ms;
      }
    }
    // JFK's pause between "Americans" and "ask not" (2.1 s to 3.3 s in the recording) is where the words say.
    const all = jfk.flatMap((s) => s.words!);
    const americans = all.find((w) => norm(w.text) === 'americans');
    const ask = all.find((w) => norm(w.text) === 'ask');
    expect(americans!.t1Ms).toBeLessThan(2700);
    expect(ask!.t0Ms).toBeGreaterThan(2700);
  });

  it('starts at least 90% of the words of a file with known word times within 300 ms of the truth', () => {
    const words = timed.flatMap((s) => s.words ?? []);
    const pairs = alignWords(words, truth, { hyp: (w) => norm(w.text), ref: (w) => w.text });
    // Most words must be recognised at all for the timing figure to mean something.
    expect(pairs.length).toBeGreaterThanOrEqual(truth.length * 0.8);
    const close = pairs.filter(([h, r]) => Math.abs(h.t0Ms - r.t0Ms) <= 300);
    const errors = pairs.map(([h, r]) => h.t0Ms - r.t0Ms);
    expect(close.length / pairs.length, `start errors (ms): ${errors.join(", ")}`).toBeGreaterThanOrEqual(0.9);
    console.log(`word starts within 300 ms: ${close.length}/${pairs.length}; errors (ms): ${errors.join(", ")}`);
  });

  it('writes SRT with at most 42 characters a line, parsed by a subtitle library, cut only between words', () => {
    const cues = parseSync(jfkSrt).filter((n) => n.type === 'cue');
    expect(cues.length).toBeGreaterThan(jfk.length); // one 42-character line a cue splits whisper's long segments
    for (const cue of cues) {
      if (cue.type !== 'cue') continue;
      expect(cue.data.start).toBeLessThan(cue.data.end);
      for (const line of cue.data.text.split('\n')) expect(line.length).toBeLessThanOrEqual(42);
    }
    // Cue texts joined give the segments' words exactly: no word was cut in two or lost.
    const cueWords = cues.flatMap((c) => (c.type === 'cue' ? c.data.text.split(/\s+/) : [])).filter(Boolean);
    const segmentWords = jfk.flatMap((s) => s.text.trim().split(/\s+/)).filter(Boolean);
    expect(cueWords).toEqual(segmentWords);
  });
});

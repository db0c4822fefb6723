import fs from 'node:fs';
import path from 'node:path';
import { parseSync } from 'subtitle';
import { describe, expect, it } from 'vitest';
import { renderTranscript, toCues } from '../../../../../electron/services/transcripts/formats.js';
import { outputPaths } from '../../../../../electron/services/transcripts/write-outputs.js';
import { writeFileAtomic } from '../../../../../electron/services/_utils/write-file-atomic.js';
import { JobParams } from '../../../../../electron/shared/jobs.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const segments = [
  { index: 0, t0Ms: 0, t1Ms: 2500, text: ' And so my fellow Americans,' },
  { index: 1, t0Ms: 2400, t1Ms: 5000, text: ' ask not' },
  { index: 2, t0Ms: 5000, t1Ms: 5000, text: ' what your country' },
  { index: 3, t0Ms: 6000, t1Ms: 7000, text: '   ' },
];
const meta = { source: 'a.wav', model: 'tiny.en', language: 'en', backend: 'cpu' as const, durationMs: 7000 };

describe('renderTranscript', () => {
  it('writes SRT and VTT that a subtitle parser reads back, ordered and non-overlapping', () => {
    for (const format of ['srt', 'vtt'] as const) {
      const cues = parseSync(renderTranscript(format, segments, meta)).filter((n) => n.type === 'cue');
      expect(cues.map((c) => (c.data as { text: string }).text)).toEqual(['And so my fellow Americans,', 'ask not', 'what your country']);
      const times = cues.map((c) => c.data as { start: number; end: number });
      expect(times[0]).toMatchObject({ start: 0, end: 2400 });
      for (let i = 1; i < times.length; i++) expect(times[i]!.start).toBeGreaterThanOrEqual(times[i - 1]!.end);
      times.forEach((t) => expect(t.end).toBeGreaterThan(t.start));
    }
  });

  it('writes TXT one segment per line and JSON with t0/t1 in ms', () => {
    expect(renderTranscript('txt', segments, meta)).toBe('And so my fellow Americans,\nask not\nwhat your country\n');
    const json = JSON.parse(renderTranscript('json', segments, meta)) as { model: string; segments: Array<{ t0: number; t1: number }> };
    expect(json.model).toBe('tiny.en');
    expect(json.segments[1]).toEqual({ t0: 2400, t1: 5000, text: 'ask not' });
  });

  it('drops empty cues', () => {
    expect(toCues(segments)).toHaveLength(3);
  });
});

describe('outputs', () => {
  const tempDir = useTempDir();
  it('puts outputs beside the input, or under outDir mirroring the folder', () => {
    const p = JobParams.parse({ model: 'tiny.en' });
    expect(outputPaths({ sourcePath: '/music/a/talk.mp3', sourceRoot: null, params: p }).srt).toBe('/music/a/talk.srt');
    const out = JobParams.parse({ model: 'tiny.en', outDir: '/out' });
    expect(outputPaths({ sourcePath: '/music/a/b/talk.mp3', sourceRoot: '/music', params: out }).vtt).toBe('/out/a/b/talk.vtt');
  });

  it('keeps the source extension when the folder holds another media file of the same name', () => {
    const dir = tempDir();
    for (const f of ['talk.mp3', 'talk.wav', 'talk.txt', 'solo.mp3', 'solo.md']) fs.writeFileSync(path.join(dir, f), '');
    const p = JobParams.parse({ model: 'tiny.en' });
    const at = (name: string) => outputPaths({ sourcePath: path.join(dir, name), sourceRoot: null, params: p });
    expect(at('talk.mp3').srt).toBe(path.join(dir, 'talk.mp3.srt'));
    expect(at('talk.wav').srt).toBe(path.join(dir, 'talk.wav.srt'));
    // A transcript or notes file of the same name is not media: solo.mp3 keeps the plain name.
    expect(at('solo.mp3').txt).toBe(path.join(dir, 'solo.txt'));
    const out = JobParams.parse({ model: 'tiny.en', outDir: path.join(dir, 'out') });
    expect(outputPaths({ sourcePath: path.join(dir, 'talk.wav'), sourceRoot: dir, params: out }).json).toBe(path.join(dir, 'out', 'talk.wav.json'));
  });

  it('writes atomically and leaves no temp file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sub', 'x.txt');
    await writeFileAtomic(file, 'hello');
    expect(fs.readFileSync(file, 'utf8')).toBe('hello');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['x.txt']);
    await expect(writeFileAtomic(path.join(dir, 'sub', 'x.txt', 'nope.txt'), 'x')).rejects.toMatchObject({ code: 'IO_ERROR' });
  });
});

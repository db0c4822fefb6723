import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Job, type Segment } from '../../../electron/shared/jobs.js';
import { parseRoute, routeHash, tabOf } from '../../../renderer/src/app/route.js';
import { activeSegmentIndex, activeWordIndex, canSplitAt, shownWords, splitTimeAt } from '../../../renderer/src/features/editor/playback.js';
import { NO_LIBRARY_FILTER, durationBucket, formatDate, libraryFacets, libraryRows, modelName } from '../../../renderer/src/features/library/library-rows.js';

function job(over: Partial<Job> & { model?: string }): Job {
  const { model = 'tiny.en', ...rest } = over;
  return Job.parse({
    id: randomUUID(), title: 'a.wav', sourcePath: '/media/a.wav', sourceKind: 'file', sourceRoot: null, contentHash: null, params: { model },
    status: 'completed', progress: 1, durationMs: 60_000, offsetMs: 0, windowsDone: 1, createdAt: 1_000, updatedAt: 1_000, startedAt: 1_000,
    finishedAt: 2_000, heartbeatAt: null, attempts: 1, maxAttempts: 3, retryAt: null, errorCode: null, errorMessage: null,
    backend: 'cpu', backendNote: null, rtf: null, language: 'en', outputs: {}, ...rest,
  });
}

const segment = (over: Partial<Segment>): Segment => ({ id: 1, index: 0, t0Ms: 0, t1Ms: 1000, text: '', original: null, ...over });

describe('routes', () => {
  it('round-trips every view through the hash, and falls back for junk', () => {
    const id = randomUUID();
    const routes = [
      { view: 'queue' },
      { view: 'library' },
      { view: 'watch' },
      { view: 'about' },
      { view: 'search', query: 'budget meeting & more' },
      { view: 'editor', jobId: id, atMs: 12_340, play: true },
      { view: 'editor', jobId: id, atMs: null, play: false },
    ] as const;
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
    expect(parseRoute('')).toEqual({ view: 'queue' });
    expect(parseRoute('#/nonsense')).toEqual({ view: 'queue' });
    expect(parseRoute('#/editor/not-a-uuid')).toEqual({ view: 'library' });
    expect(parseRoute(`#/editor/${id}?t=-5`)).toMatchObject({ atMs: null });
    expect(tabOf({ view: 'editor', jobId: id, atMs: null, play: false })).toBe('library');
  });
});

describe('playback', () => {
  const segs = [segment({ t0Ms: 0, t1Ms: 2000 }), segment({ t0Ms: 2500, t1Ms: 4000 }), segment({ t0Ms: 4000, t1Ms: 6000 })];

  it('finds the segment playing, keeps the last one through a pause, and none before the first', () => {
    expect(activeSegmentIndex(segs, 0)).toBe(0);
    expect(activeSegmentIndex(segs, 1999)).toBe(0);
    expect(activeSegmentIndex(segs, 2200)).toBe(0); // in the pause: still the one that ended
    expect(activeSegmentIndex(segs, 2500)).toBe(1);
    expect(activeSegmentIndex(segs, 4000)).toBe(2);
    expect(activeSegmentIndex(segs, 99_000)).toBe(2);
    expect(activeSegmentIndex([segment({ t0Ms: 500 })], 100)).toBe(-1);
    expect(activeSegmentIndex([], 100)).toBe(-1);
    // Thousands of segments: the same answer as a linear scan.
    const many = Array.from({ length: 2500 }, (_, i) => segment({ t0Ms: i * 4000, t1Ms: i * 4000 + 3500 }));
    for (const ms of [0, 3999, 4000, 5_000_000, 9_999_999]) {
      expect(activeSegmentIndex(many, ms)).toBe(many.findLastIndex((s) => s.t0Ms <= ms));
    }
  });

  it('uses whisper words only while the text is whisper own, and finds the word spoken', () => {
    const words = [
      { text: ' Hello', t0Ms: 0, t1Ms: 400, p: 0.9 },
      { text: ' there', t0Ms: 500, t1Ms: 900, p: 0.3 },
    ];
    expect(shownWords(segment({ text: ' Hello there', words }))).toBe(words);
    expect(shownWords(segment({ text: 'Hello  there', words }))).toBe(words); // spacing aside
    expect(shownWords(segment({ text: ' Hello there', words, original: ' Hallo there' }))).toBeNull();
    expect(shownWords(segment({ text: ' Hello', words }))).toBeNull(); // a split left the words of both halves
    expect(shownWords(segment({ text: ' Hello there' }))).toBeNull();
    expect(activeWordIndex(words, 450)).toBe(-1);
    expect(activeWordIndex(words, 600)).toBe(1);
  });

  it('cuts a split at the start of the next word when whisper words spell the text', () => {
    const words = [
      { text: ' Hello', t0Ms: 100, t1Ms: 400, p: 0.9 },
      { text: ' big', t0Ms: 500, t1Ms: 700, p: 0.9 },
      { text: ' world', t0Ms: 800, t1Ms: 1000, p: 0.9 },
    ];
    const s = segment({ t0Ms: 0, t1Ms: 1200, text: ' Hello big world', words });
    expect(splitTimeAt(s, 6)).toBe(500); // " Hello| big world"
    expect(splitTimeAt(s, 7)).toBe(500); // " Hello |big world"
    expect(splitTimeAt(s, 9)).toBe(800); // inside "big": the next word
    expect(splitTimeAt({ ...s, original: ' Hello big world!' }, 6)).toBeUndefined();
    expect(splitTimeAt({ ...s, text: ' Hello big world.' }, 6)).toBeUndefined();
    expect(canSplitAt(' Hello', 0)).toBe(false);
    expect(canSplitAt(' Hello big', 1)).toBe(false); // the first part would be blank
    expect(canSplitAt(' Hello big', 6)).toBe(true);
  });
});

describe('library rows', () => {
  const a = job({ title: 'Zebra talk', sourcePath: '/m/zebra.wav', createdAt: Date.UTC(2025, 5, 1, 12), durationMs: 30_000, model: '/models/ggml-base.en.bin', language: 'en' });
  const b = job({ title: 'apple meeting', sourcePath: '/m/apple.mp3', createdAt: Date.UTC(2025, 6, 1, 12), durationMs: 7_200_000, language: 'de' });
  const c = job({ title: 'Budget 2', status: 'running', durationMs: null, createdAt: Date.UTC(2025, 4, 1, 12), language: null });
  const queued = job({ title: 'waiting', status: 'queued' });
  const failed = job({ title: 'broken', status: 'failed' });
  const all = [a, b, c, queued, failed];

  it('lists completed and running jobs only, sorted by each column both ways', () => {
    const titles = (sort: Parameters<typeof libraryRows>[2]) => libraryRows(all, NO_LIBRARY_FILTER, sort).map((j) => j.title);
    expect(titles({ column: 'date', direction: 'desc' })).toEqual(['apple meeting', 'Zebra talk', 'Budget 2']);
    expect(titles({ column: 'title', direction: 'asc' })).toEqual(['apple meeting', 'Budget 2', 'Zebra talk']);
    expect(titles({ column: 'title', direction: 'desc' })).toEqual(['Zebra talk', 'Budget 2', 'apple meeting']);
    expect(titles({ column: 'duration', direction: 'asc' })).toEqual(['Budget 2', 'Zebra talk', 'apple meeting']);
    expect(titles({ column: 'source', direction: 'asc' })).toEqual(['apple meeting', 'Zebra talk', 'Budget 2']); // /m/… before /media/…
    expect(titles({ column: 'model', direction: 'asc' })).toEqual(['Zebra talk', 'apple meeting', 'Budget 2']);
    expect(titles({ column: 'language', direction: 'asc' })).toEqual(['Budget 2', 'apple meeting', 'Zebra talk']);
    expect(titles({ column: 'status', direction: 'asc' })[2]).toBe('Budget 2');
  });

  it('filters by each column', () => {
    const titles = (f: Partial<typeof NO_LIBRARY_FILTER>) => libraryRows(all, { ...NO_LIBRARY_FILTER, ...f }, { column: 'title', direction: 'asc' }).map((j) => j.title);
    expect(titles({ title: 'TALK' })).toEqual(['Zebra talk']);
    expect(titles({ source: '.mp3' })).toEqual(['apple meeting']);
    expect(titles({ date: formatDate(a.createdAt).slice(0, 7) })).toEqual(['Zebra talk']);
    expect(titles({ duration: 'very-long' })).toEqual(['apple meeting']);
    expect(titles({ duration: 'unknown' })).toEqual(['Budget 2']);
    expect(titles({ model: 'base.en' })).toEqual(['Zebra talk']);
    expect(titles({ language: 'de' })).toEqual(['apple meeting']);
    expect(titles({ status: 'running' })).toEqual(['Budget 2']);
    expect(titles({ title: 'a', language: 'en' })).toEqual(['Zebra talk']);
    expect(libraryFacets(all)).toEqual({ models: ['base.en', 'tiny.en'], languages: ['auto', 'de', 'en'] });
    expect(modelName(a)).toBe('base.en');
    expect([durationBucket(59_999), durationBucket(60_000), durationBucket(600_000), durationBucket(3_600_000)]).toEqual(['short', 'medium', 'long', 'very-long']);
  });
});

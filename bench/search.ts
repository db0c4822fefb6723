// `npm run bench:search` (also the last part of `npm run bench`): full-text search over 100,000 segments.
// 1,000 completed jobs of 100 segments each, written through the job store (so the FTS triggers index them as in
// real use); the text is drawn from a 5,000-word vocabulary with Zipf-like frequencies, ~12 words a segment.
// Prints the time to build the index and the median and p95 time of search.query (through SearchService, snippets
// and the join to jobs included) for common, rare, prefix and two-word queries. Target: median under 50 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../electron/services/jobs/database.js';
import { JobStore } from '../electron/services/jobs/job-store.js';
import { SearchService } from '../electron/services/search/search-service.js';

const JOBS = 1000;
const SEGMENTS_PER_JOB = 100;
const VOCABULARY = 5000;

/** A deterministic pseudo-random generator (mulberry32), so every run indexes the same text. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Made-up words: consonant-vowel syllables, so prefixes are shared the way real words share them. */
function makeWords(rand: () => number): string[] {
  const c = 'bcdfghjklmnprstvwz';
  const v = 'aeiou';
  const words = new Set<string>();
  while (words.size < VOCABULARY) {
    let w = '';
    const syllables = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < syllables; i++) w += c[Math.floor(rand() * c.length)]! + v[Math.floor(rand() * v.length)]!;
    if (rand() < 0.5) w += c[Math.floor(rand() * c.length)]!;
    words.add(w);
  }
  return [...words];
}

/** Run after `benchSearch` builds its database; returns the median query time in ms. */
export async function benchSearch(): Promise<number> {
  const rand = random(42);
  const words = makeWords(rand);
  // Zipf-like: word i is drawn with weight 1 / (i + 1).
  const weights = words.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const pick = () => {
    const r = rand();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-search-'));
  try {
    const db = openDatabase(path.join(dir, 'earshot.db'));
    const store = new JobStore({ db, quarantineFile: path.join(dir, 'q.log') });
    const built = performance.now();
    const jobs = store.enqueueMany(Array.from({ length: JOBS }, (_, i) => ({ sourcePath: `/media/talk-${i}.wav`, sourceKind: 'file' as const, params: { model: 'tiny.en' } })));
    for (const { job } of jobs) {
      store.claimNext('bench', [job.id]);
      const segments = Array.from({ length: SEGMENTS_PER_JOB }, (_, s) => ({
        t0Ms: s * 4000,
        t1Ms: s * 4000 + 3500,
        text: ` ${Array.from({ length: 8 + Math.floor(rand() * 9) }, pick).join(' ')}.`,
      }));
      store.commitWindow(job.id, 'bench', { t0Ms: 0, t1Ms: SEGMENTS_PER_JOB * 4000, segments, elapsedMs: 1, progress: 1, backend: 'cpu', backendNote: null, language: 'en' });
      store.complete(job.id, 'bench', {});
    }
    const buildMs = performance.now() - built;
    const count = (db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number }).n;
    const search = new SearchService(db);

    const queries: Array<[string, string]> = [];
    for (let i = 0; i < 40; i++) queries.push(['common word', words[Math.floor(rand() * 20)]!]);
    for (let i = 0; i < 40; i++) queries.push(['mid word', words[200 + Math.floor(rand() * 800)]!]);
    for (let i = 0; i < 40; i++) queries.push(['rare word', words[3000 + Math.floor(rand() * 2000)]!]);
    for (let i = 0; i < 40; i++) queries.push(['prefix (2 letters)', words[Math.floor(rand() * 1000)]!.slice(0, 2)]);
    for (let i = 0; i < 40; i++) queries.push(['two words', `${words[Math.floor(rand() * 100)]} ${words[100 + Math.floor(rand() * 900)]}`]);
    search.search(queries[0]![1], 50); // warm the statement and page cache
    const times = new Map<string, number[]>();
    const all: number[] = [];
    let hits = 0;
    for (const [kind, q] of queries) {
      const t = performance.now();
      hits += (await search.query({ query: q, limit: 50 })).results.length;
      const ms = performance.now() - t;
      all.push(ms);
      times.set(kind, [...(times.get(kind) ?? []), ms]);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
    console.log(`search over ${count.toLocaleString('en')} segments in ${JOBS} transcripts (indexed through the store in ${(buildMs / 1000).toFixed(1)} s; ${hits} hits in ${queries.length} queries of limit 50):`);
    for (const [kind, xs] of times) console.log(`  ${kind.padEnd(20)} median ${median(xs).toFixed(2).padStart(7)} ms   p95 ${p95(xs).toFixed(2).padStart(7)} ms`);
    console.log(`  all queries          median ${median(all).toFixed(2).padStart(7)} ms   p95 ${p95(all).toFixed(2).padStart(7)} ms   (target: median < 50 ms)`);
    db.close();
    return median(all);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSearch();

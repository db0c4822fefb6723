import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../electron/services/jobs/database.js';
import { JobStore } from '../../electron/services/jobs/job-store.js';
import type { Job, Word } from '../../electron/shared/jobs.js';

/** The real job database on `dir` (migrations run) with its store. Close `db` when done. */
export function openStore(dir: string): { db: Database.Database; store: JobStore } {
  const db = openDatabase(path.join(dir, 'earshot.db'));
  return { db, store: new JobStore({ db, quarantineFile: path.join(dir, 'quarantine.log') }) };
}

/**
 * A completed job for `sourcePath` whose transcript is `texts`, one segment per text, 1 s each from 0 ms, committed
 * through the store's own claim/commit/complete path (what a real run writes).
 */
export function completedJob(store: JobStore, sourcePath: string, texts: readonly string[], contentHash: string | null = null, opts: { words?: boolean } = {}): Job {
  const { job } = store.enqueue({ sourcePath, sourceKind: 'file', contentHash, params: { model: 'tiny.en' } });
  const claimed = store.claimNext('test-owner', [job.id]);
  if (!claimed) throw new Error('could not claim the job just made');
  const segments = texts.map((text, i) => ({ t0Ms: i * 1000, t1Ms: (i + 1) * 1000, text, ...(opts.words ? { words: evenWords(text, i * 1000, 1000) } : {}) }));
  store.setDuration(job.id, 'test-owner', texts.length * 1000);
  store.commitWindow(job.id, 'test-owner', {
    t0Ms: 0, t1Ms: texts.length * 1000, segments, elapsedMs: 10, progress: 1, backend: 'cpu', backendNote: null, language: 'en',
  });
  store.complete(job.id, 'test-owner', {});
  return store.require(job.id);
}

/** `text`'s words (each with its leading space) spread evenly over [t0Ms, t0Ms + spanMs), probability 0.9. */
export function evenWords(text: string, t0Ms: number, spanMs: number): Word[] {
  const parts = text.match(/\s*\S+/g) ?? [];
  const step = Math.floor(spanMs / Math.max(1, parts.length));
  return parts.map((w, i) => ({ text: w, t0Ms: t0Ms + i * step, t1Ms: t0Ms + (i + 1) * step, p: 0.9 }));
}

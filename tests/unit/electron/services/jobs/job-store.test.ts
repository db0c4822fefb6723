import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../electron/services/jobs/database.js';
import { JobStore } from '../../../../../electron/services/jobs/job-store.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const params = { model: 'tiny.en' };

describe('JobStore', () => {
  const tempDir = useTempDir();
  const open = (dir = tempDir()) => {
    const db = openDatabase(path.join(dir, 'earshot.db'));
    return { db, dir, store: new JobStore({ db, quarantineFile: path.join(dir, 'quarantine.log') }) };
  };

  it('opens with WAL, synchronous=FULL and foreign keys, and refuses a newer schema', () => {
    const { db, dir } = open();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(path.join(dir, 'earshot.db'))).toThrow(/schema version 99 is newer/);
  });

  it('walks a job through claim, windows and completion', () => {
    const { store } = open();
    const { job } = store.enqueue({ sourcePath: '/in/a.wav', sourceKind: 'file', params });
    expect(job.status).toBe('queued');
    expect(job.params.formats).toEqual(['txt', 'srt', 'vtt', 'json']);
    const claimed = store.claimNext('me');
    expect(claimed?.id).toBe(job.id);
    expect(claimed?.attempts).toBe(1);
    expect(store.claimNext('me')).toBeNull();
    expect(store.setDuration(job.id, 'me', 10_000)).toBe(true);
    const w = { elapsedMs: 500, backend: 'cpu' as const, backendNote: null, language: 'en' };
    expect(store.commitWindow(job.id, 'me', { ...w, t0Ms: 0, t1Ms: 6000, progress: 0.6, segments: [{ t0Ms: 0, t1Ms: 2000, text: 'one' }] })).toBe(true);
    expect(store.commitWindow(job.id, 'someone-else', { ...w, t0Ms: 6000, t1Ms: 10_000, progress: 1, segments: [] })).toBe(false);
    expect(store.commitWindow(job.id, 'me', { ...w, t0Ms: 6000, t1Ms: 10_000, progress: 1, segments: [{ t0Ms: 6000, t1Ms: 9000, text: 'two' }] })).toBe(true);
    expect(store.complete(job.id, 'me', { txt: '/in/a.txt' })).toBe(true);
    const done = store.require(job.id);
    expect(done).toMatchObject({ status: 'completed', offsetMs: 10_000, windowsDone: 2, progress: 1, backend: 'cpu', language: 'en' });
    expect(done.rtf).toBeCloseTo(1000 / 10_000);
    expect(store.segments(job.id).map((s) => [s.index, s.text])).toEqual([[0, 'one'], [1, 'two']]);
    expect(store.windows(job.id)).toHaveLength(2);
  });

  it("stores a job's speech regions once, counts what the guards removed, and keeps the backend over a skipped window", () => {
    const { db, dir, store } = open();
    const { job } = store.enqueue({ sourcePath: '/in/a.wav', sourceKind: 'file', params });
    store.claimNext('me');
    expect(store.speech(job.id)).toBeNull();
    const speech = { regions: [{ t0Ms: 300, t1Ms: 2300 }, { t0Ms: 60_000, t1Ms: 61_000 }], totalMs: 62_000, elapsedMs: 120, detector: 'silero-vad v6.2' };
    expect(store.setSpeech(job.id, 'someone-else', speech)).toBe(false);
    expect(store.setSpeech(job.id, 'me', speech)).toBe(true);
    expect(store.speech(job.id)).toEqual(speech);
    const w = { elapsedMs: 500, backendNote: 'cpu · avx2 · 2 threads', language: 'en' };
    store.commitWindow(job.id, 'me', { ...w, backend: 'cpu', t0Ms: 0, t1Ms: 3300, progress: 0.05, segments: [{ t0Ms: 0, t1Ms: 2000, text: 'one' }], dropped: 1, trimmed: 1 });
    store.commitWindow(job.id, 'me', { t0Ms: 3300, t1Ms: 59_000, progress: 0.95, segments: [], elapsedMs: 0, backend: null, backendNote: null, language: null });
    expect(store.require(job.id)).toMatchObject({ backend: 'cpu', backendNote: 'cpu · avx2 · 2 threads', language: 'en', droppedSegments: 1, trimmedSegments: 1, windowsDone: 2 });
    // A stored row that does not parse is quarantined and read as none (the job detects again).
    db.prepare('UPDATE job_speech SET regions_json = ? WHERE job_id = ?').run('[{"t0Ms": 5, "t1Ms": 1}]', job.id);
    expect(store.speech(job.id)).toBeNull();
    expect(fs.readFileSync(path.join(dir, 'quarantine.log'), 'utf8')).toContain('job_speech');
  });

  it('skips a completed job of the same input, resumes an unfinished one, and makes a job for every other input', () => {
    const { store } = open();
    const first = store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', contentHash: 'h1', params });
    expect(first.action).toBe('created');
    expect(store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', contentHash: 'h1', params }).action).toBe('resumed');
    expect(store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', contentHash: 'h1', params: { model: 'base' } }).action).toBe('created');
    // The same content under another name, in the same batch: a job of its own, so it gets outputs of its own.
    const copy = store.enqueue({ sourcePath: '/copy-of-a.wav', sourceKind: 'file', contentHash: 'h1', params });
    expect(copy.action).toBe('created');
    expect(copy.job.id).not.toBe(first.job.id);
    store.claimNext('me');
    store.complete(first.job.id, 'me', {});
    expect(store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', contentHash: 'h1', params })).toMatchObject({ action: 'skipped', job: { id: first.job.id } });
    expect(store.enqueue({ sourcePath: '/b.wav', sourceKind: 'file', contentHash: 'h1', params }).action).toBe('created');
    // --overwrite is not part of what makes two jobs the same work.
    expect(store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', contentHash: 'h1', params: { ...params, overwrite: true } }).action).toBe('skipped');
  });

  it('resumes a failed job of the same content under its new name when its input was moved away', () => {
    const { store, dir } = open();
    const moved = path.join(dir, 'renamed.wav');
    fs.writeFileSync(moved, 'x');
    const old = store.enqueue({ sourcePath: path.join(dir, 'gone.wav'), sourceKind: 'file', contentHash: 'h2', params }).job;
    store.claimNext('me');
    store.fail(old.id, 'me', { code: 'IO_ERROR', message: 'disk' }, null);
    expect(store.enqueue({ sourcePath: moved, sourceKind: 'file', contentHash: 'h2', params })).toMatchObject({ action: 'resumed', job: { id: old.id, sourcePath: moved, status: 'queued' } });
  });

  it('holds a job back while its twin runs, then lets it take the twin\'s transcript', () => {
    const { store } = open();
    const w = { elapsedMs: 700, backend: 'cpu' as const, backendNote: null, language: 'en' };
    const a = store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', contentHash: 'h3', params }).job;
    const b = store.enqueue({ sourcePath: '/b.wav', sourceKind: 'file', contentHash: 'h3', params: { ...params, formats: ['txt'] } }).job;
    const other = store.enqueue({ sourcePath: '/c.wav', sourceKind: 'file', contentHash: 'h4', params }).job;
    expect(store.claimNext('me')?.id).toBe(a.id);
    expect(store.completedTwin(store.require(b.id))).toBeNull();
    // b has other formats (another params key): it is not held back, but it may still reuse a's transcript later.
    const c = store.enqueue({ sourcePath: '/c2.wav', sourceKind: 'file', contentHash: 'h3', params }).job;
    expect(store.claimNext('me', [c.id, other.id])?.id).toBe(other.id);
    expect(store.claimNext('me', [c.id])).toBeNull();
    store.setDuration(a.id, 'me', 8000);
    store.commitWindow(a.id, 'me', { ...w, t0Ms: 0, t1Ms: 8000, progress: 1, segments: [{ t0Ms: 0, t1Ms: 3000, text: 'hello' }, { t0Ms: 3000, t1Ms: 8000, text: 'there' }] });
    store.complete(a.id, 'me', { txt: '/a.txt' });
    expect(store.claimNext('me', [c.id])?.id).toBe(c.id);
    expect(store.completedTwin(store.require(c.id))?.id).toBe(a.id);
    expect(store.adoptTranscript(c.id, 'someone-else', a.id)).toBe(false);
    expect(store.adoptTranscript(c.id, 'me', a.id)).toBe(true);
    expect(store.require(c.id)).toMatchObject({ durationMs: 8000, offsetMs: 8000, windowsDone: 1, progress: 1, language: 'en', backend: 'cpu' });
    // The same segments, each a row of c's own (ids differ).
    const plain = (id: string) => store.segments(id).map(({ id: _id, ...rest }) => rest);
    expect(plain(c.id)).toEqual(plain(a.id));
    expect(store.windows(c.id)).toEqual([{ t0Ms: 0, t1Ms: 8000, elapsedMs: 0 }]);
    expect(store.adoptTranscript(c.id, 'me', a.id)).toBe(false);
    // Another model is another transcription: nothing to reuse.
    const d = store.enqueue({ sourcePath: '/d.wav', sourceKind: 'file', contentHash: 'h3', params: { model: 'base' } }).job;
    expect(store.completedTwin(d)).toBeNull();
    const e = store.enqueue({ sourcePath: '/e.wav', sourceKind: 'file', contentHash: 'h3', params: { ...params, beamSize: 5 } }).job;
    expect(store.completedTwin(e)).toBeNull();
  });

  it('retries recoverable failures after retry_at and fails for good when attempts run out', () => {
    let now = 1_000;
    const { db, dir } = open();
    const store = new JobStore({ db, quarantineFile: path.join(dir, 'q.log'), now: () => now });
    const { job } = store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', params, maxAttempts: 2 });
    store.claimNext('me');
    store.fail(job.id, 'me', { code: 'ENGINE_CRASHED', message: 'boom' }, now + 5000);
    expect(store.require(job.id)).toMatchObject({ status: 'queued', retryAt: 6000, errorCode: 'ENGINE_CRASHED' });
    expect(store.claimNext('me')).toBeNull();
    now = 6000;
    expect(store.claimNext('me')?.attempts).toBe(2);
    store.fail(job.id, 'me', { code: 'ENGINE_CRASHED', message: 'boom again' }, now + 5000);
    expect(store.require(job.id)).toMatchObject({ status: 'failed', retryAt: null, errorMessage: 'boom again' });
    expect(store.retry(job.id)).toMatchObject({ status: 'queued', attempts: 0, errorCode: null });
    expect(() => store.retry(job.id)).toThrow(/only failed or cancelled/);
  });

  it('cancels queued and running jobs; the running owner loses its heartbeat', () => {
    const { store } = open();
    const a = store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', params }).job;
    const b = store.enqueue({ sourcePath: '/b.wav', sourceKind: 'file', params }).job;
    store.claimNext('me');
    expect(store.cancel(a.id).status).toBe('cancelled');
    expect(store.heartbeat(a.id, 'me')).toBe(false);
    expect(store.cancel(b.id).status).toBe('cancelled');
    expect(store.claimNext('me')).toBeNull();
  });

  it('recovers jobs whose owner died and keeps their committed offset', () => {
    const { store } = open();
    const { job } = store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', params });
    store.claimNext('dead');
    store.commitWindow(job.id, 'dead', { t0Ms: 0, t1Ms: 5000, progress: 0.5, segments: [], elapsedMs: 1, backend: 'cpu', backendNote: null, language: null });
    expect(store.recoverInterrupted((o) => o !== 'dead', 60_000).map((j) => j.id)).toEqual([job.id]);
    expect(store.require(job.id)).toMatchObject({ status: 'queued', offsetMs: 5000 });
    expect(store.claimNext('alive')?.offsetMs).toBe(5000);
    expect(store.recoverInterrupted(() => true, 60_000)).toEqual([]);
  });

  it('never counts a run whose owner died: the job resumes however often that happens', () => {
    const { store } = open();
    const { job } = store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', params, maxAttempts: 3 });
    for (let kill = 1; kill <= 10; kill++) {
      expect(store.claimNext(`dead-${kill}`)).toMatchObject({ id: job.id, attempts: 1 });
      store.recoverInterrupted((o) => !o.startsWith('dead'), 60_000);
      expect(store.require(job.id)).toMatchObject({ status: 'queued', attempts: 0, errorCode: null });
    }
  });

  it('counts failures at one window; a committed window starts the count again', () => {
    const { store } = open();
    const { job } = store.enqueue({ sourcePath: '/a.wav', sourceKind: 'file', params, maxAttempts: 3 });
    const crash = () => {
      store.claimNext('me');
      return store.fail(job.id, 'me', { code: 'ENGINE_CRASHED', message: 'boom' }, 0);
    };
    crash();
    crash();
    expect(store.require(job.id)).toMatchObject({ status: 'queued', attempts: 2 });
    store.claimNext('me');
    store.commitWindow(job.id, 'me', { t0Ms: 0, t1Ms: 5000, progress: 0.5, segments: [], elapsedMs: 1, backend: 'cpu', backendNote: null, language: null });
    store.fail(job.id, 'me', { code: 'ENGINE_CRASHED', message: 'boom' }, 0);
    expect(store.require(job.id)).toMatchObject({ status: 'queued', attempts: 1 });
    crash();
    crash();
    expect(store.require(job.id)).toMatchObject({ status: 'failed', attempts: 3, offsetMs: 5000 });
  });

  it('claims atomically across two connections to one file', () => {
    const { dir, store } = open();
    for (let i = 0; i < 20; i++) store.enqueue({ sourcePath: `/f${i}.wav`, sourceKind: 'file', params });
    const other = new JobStore({ db: openDatabase(path.join(dir, 'earshot.db')), quarantineFile: path.join(dir, 'q.log') });
    const seen: string[] = [];
    for (;;) {
      const a = store.claimNext('A');
      const b = other.claimNext('B');
      if (a) seen.push(a.id);
      if (b) seen.push(b.id);
      if (!a && !b) break;
    }
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
  });

  it('quarantines a corrupt row instead of crashing, and keeps the good ones', () => {
    const { dir, store } = open();
    store.enqueue({ sourcePath: '/good.wav', sourceKind: 'file', params });
    const bad = store.enqueue({ sourcePath: '/bad.wav', sourceKind: 'file', params }).job;
    const raw = new Database(path.join(dir, 'earshot.db'));
    raw.prepare(`UPDATE jobs SET params_json = '{not json', status = 'exploded' WHERE id = ?`).run(bad.id);
    raw.close();
    const jobs = store.list();
    expect(jobs.map((j) => j.sourcePath)).toEqual(['/good.wav']);
    const log = fs.readFileSync(path.join(dir, 'quarantine.log'), 'utf8');
    expect(log).toContain(bad.id);
    expect(log).toContain('exploded');
  });
});

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { EarshotError, type ErrorCode } from '../../shared/errors.js';
import { type Job, JobParams, type Segment } from '../../shared/jobs.js';
import { type EnqueueAction, type EnqueueInput, type WindowCommit, paramsKey, sameTranscription } from './job-inputs.js';
import { wordsJson } from '../transcripts/words-json.js';
import { JobRow, SEGMENT_COLUMNS, SegmentRow, SpeechRow, type StoredSpeech, parseRows } from './job-row.js';

export type { EnqueueAction, EnqueueInput, WindowCommit } from './job-inputs.js';

/**
 * Durable job state in SQLite (better-sqlite3, synchronous). Every state transition is one guarded UPDATE,
 * so a transition that lost a race (job cancelled, claimed by another process) changes nothing and returns false.
 * Every row read is zod-parsed; bad rows go to the quarantine log and are skipped (job-row.ts).
 */
export class JobStore {
  private readonly db: Database.Database;
  private readonly quarantineFile: string;
  private readonly now: () => number;

  constructor(opts: { db: Database.Database; quarantineFile: string; now?: () => number }) {
    this.db = opts.db;
    this.quarantineFile = opts.quarantineFile;
    this.now = opts.now ?? Date.now;
  }

  private parseJobs(rows: unknown[]): Job[] {
    return parseRows(JobRow, rows, this.quarantineFile, 'jobs');
  }

  private one(sql: string, ...args: unknown[]): Job | null {
    const row = this.db.prepare(sql).get(...args);
    return row === undefined ? null : (this.parseJobs([row])[0] ?? null);
  }

  /** The job, or null if unknown (or quarantined). */
  get(id: string): Job | null {
    return this.one('SELECT * FROM jobs WHERE id = ?', id);
  }

  /** The job, or EarshotError('NOT_FOUND'). */
  require(id: string): Job {
    const job = this.get(id);
    if (!job) throw new EarshotError('NOT_FOUND', `no job with id ${id}`);
    return job;
  }

  /** Jobs, newest first; `ids` restricts to those ids. */
  list(filter: { ids?: readonly string[]; limit?: number } = {}): Job[] {
    const limit = filter.limit ?? -1;
    if (filter.ids) {
      const rows = this.db
        .prepare('SELECT * FROM jobs WHERE id IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, rowid DESC LIMIT ?')
        .all(JSON.stringify(filter.ids), limit);
      return this.parseJobs(rows);
    }
    return this.parseJobs(this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit));
  }

  /**
   * One page of jobs, newest first (keyset pagination on created_at, rowid: a page costs `limit` rows however many
   * jobs there are, and jobs added meanwhile never shift a page). `cursor` is a previous page's `nextCursor`
   * ("<createdAt>_<rowid>"); `nextCursor` is null on the last page. Throws BAD_REQUEST for a malformed cursor.
   */
  page(opts: { limit: number; cursor?: string }): { jobs: Job[]; nextCursor: string | null } {
    let after: [number, number] | null = null;
    if (opts.cursor !== undefined) {
      const m = /^(\d{1,15})_(\d{1,15})$/.exec(opts.cursor);
      if (!m) throw new EarshotError('BAD_REQUEST', `invalid cursor ${JSON.stringify(opts.cursor)}`);
      after = [Number(m[1]), Number(m[2])];
    }
    const where = after ? 'WHERE (created_at, rowid) < (?, ?)' : '';
    const rows = this.db
      .prepare(`SELECT rowid AS seq_, * FROM jobs ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
      .all(...(after ?? []), opts.limit + 1) as Array<{ seq_: number; created_at: number }>;
    const more = rows.length > opts.limit;
    const pageRows = more ? rows.slice(0, opts.limit) : rows;
    const last = pageRows.at(-1);
    return { jobs: this.parseJobs(pageRows), nextCursor: more && last ? `${last.created_at}_${last.seq_}` : null };
  }

  /**
   * Enqueues many inputs in one transaction. With a content hash, identical content and params are not transcribed
   * twice, and every input still gets its own outputs:
   * - a job of the same input path: completed -> `skipped`; unfinished -> `resumed` (a failed or cancelled one is
   *   queued again, keeping its committed windows);
   * - a failed or cancelled job of the same content whose input no longer exists (the file was moved or renamed)
   *   -> `resumed` under the new path;
   * - otherwise a new job (`created`), also when another input (in this batch or before) has the same content: it
   *   waits while that twin runs (claimNext) and then reuses the twin's segments instead of transcribing
   *   (completedTwin, adoptTranscript).
   * A resumed job takes the new params (they differ at most in `overwrite`, which paramsKey leaves out).
   */
  enqueueMany(inputs: readonly EnqueueInput[]): Array<{ job: Job; action: EnqueueAction }> {
    const insert = this.db.prepare(
      `INSERT INTO jobs (id, source_path, source_kind, source_root, content_hash, params_json, params_key, status,
        created_at, updated_at, max_attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
    );
    const twins = this.db.prepare(
      `SELECT * FROM jobs WHERE content_hash = ? AND params_key = ? ORDER BY (status = 'completed') DESC, created_at DESC, rowid DESC`,
    );
    const requeue = this.db.prepare(
      `UPDATE jobs SET status = 'queued', source_path = ?, params_json = ?, attempts = 0, retry_at = NULL, error_code = NULL,
        error_message = NULL, updated_at = ? WHERE id = ? AND status IN ('failed', 'cancelled')`,
    );
    const setParams = this.db.prepare(`UPDATE jobs SET params_json = ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'running')`);
    return this.db.transaction(() =>
      inputs.map((input) => {
        const params = JobParams.parse(input.params);
        const key = paramsKey(params);
        const json = JSON.stringify(params);
        const now = this.now();
        if (input.contentHash) {
          const known = this.parseJobs(twins.all(input.contentHash, key));
          const same = known.find((j) => j.sourcePath === input.sourcePath);
          if (same?.status === 'completed') return { job: same, action: 'skipped' as const };
          const unfinished = (j: Job) => j.status === 'failed' || j.status === 'cancelled';
          const resumable = same ?? known.find((j) => unfinished(j) && !fs.existsSync(j.sourcePath));
          if (resumable) {
            if (unfinished(resumable)) requeue.run(input.sourcePath, json, now, resumable.id);
            else setParams.run(json, now, resumable.id);
            return { job: this.require(resumable.id), action: 'resumed' as const };
          }
        }
        const id = randomUUID();
        insert.run(id, input.sourcePath, input.sourceKind, input.sourceRoot ?? null, input.contentHash ?? null,
          json, key, now, now, input.maxAttempts ?? 3);
        return { job: this.require(id), action: 'created' as const };
      }),
    )();
  }

  /** Enqueues one input (see enqueueMany). */
  enqueue(input: EnqueueInput): { job: Job; action: EnqueueAction } {
    return this.enqueueMany([input])[0]!;
  }

  /**
   * Atomically claims the oldest runnable queued job for `owner` (GUIDE §3: UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING *),
   * so two processes on one database never get the same job. `ids` restricts the claim to those jobs. A job whose
   * twin (same content and params) is running waits for it, so it can reuse its transcript instead of redoing it.
   */
  claimNext(owner: string, ids?: readonly string[]): Job | null {
    const now = this.now();
    const filter = ids ? 'AND j.id IN (SELECT value FROM json_each(@ids))' : '';
    const row = this.db
      .prepare(
        `UPDATE jobs SET status = 'running', owner = @owner, attempts = attempts + 1, started_at = COALESCE(started_at, @now),
           heartbeat_at = @now, updated_at = @now, retry_at = NULL
         WHERE id = (SELECT j.id FROM jobs j WHERE j.status = 'queued' AND (j.retry_at IS NULL OR j.retry_at <= @now) ${filter}
                       AND (j.content_hash IS NULL OR NOT EXISTS (SELECT 1 FROM jobs t WHERE t.status = 'running'
                            AND t.content_hash = j.content_hash AND t.params_key = j.params_key))
                     ORDER BY j.created_at, j.rowid LIMIT 1)
         RETURNING *`,
      )
      .get({ owner, now, ids: ids ? JSON.stringify(ids) : null });
    return row === undefined ? null : (this.parseJobs([row])[0] ?? null);
  }

  /** Refreshes the heartbeat; false when `owner` no longer runs the job (cancelled, or recovered by another process). */
  heartbeat(id: string, owner: string): boolean {
    const now = this.now();
    return this.db.prepare(`UPDATE jobs SET heartbeat_at = ?, updated_at = ? WHERE id = ? AND owner = ? AND status = 'running'`)
      .run(now, now, id, owner).changes === 1;
  }

  /** Records the probed media duration (ms). */
  setDuration(id: string, owner: string, durationMs: number): boolean {
    return this.db.prepare(`UPDATE jobs SET duration_ms = ?, updated_at = ? WHERE id = ? AND owner = ? AND status = 'running'`)
      .run(Math.round(durationMs), this.now(), id, owner).changes === 1;
  }

  /** Live progress (0..1) between commits; not durable work, just what the UI shows. */
  setProgress(id: string, owner: string, progress: number): boolean {
    return this.db.prepare(`UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ? AND owner = ? AND status = 'running'`)
      .run(Math.min(1, Math.max(0, progress)), this.now(), id, owner).changes === 1;
  }

  /**
   * Commits one window in ONE transaction: its segments (numbered after those already stored), a job_windows row,
   * the offset reached, and what the guards dropped or trimmed in it (added to the job's counts). A window nothing
   * decoded (skipped non-speech, `backend` null) leaves the job's backend and note as they are. The job moved on, so its attempts count again from this run (1): `attempts` counts runs
   * at the job's current window, and only repeated failures at one window use up `maxAttempts`. Returns false,
   * writing nothing, if `owner` no longer runs the job.
   */
  commitWindow(id: string, owner: string, w: WindowCommit): boolean {
    return this.db.transaction(() => {
      const now = this.now();
      const moved = this.db
        .prepare(
          `UPDATE jobs SET offset_ms = @t1, windows_done = windows_done + 1, progress = @progress, processing_ms = processing_ms + @elapsed,
             attempts = 1, backend = CASE WHEN @decoded THEN @backend ELSE backend END,
             backend_note = CASE WHEN @decoded THEN @backendNote ELSE backend_note END, language = COALESCE(@language, language),
             dropped_segments = COALESCE(dropped_segments, 0) + @dropped, trimmed_segments = COALESCE(trimmed_segments, 0) + @trimmed,
             heartbeat_at = @now, updated_at = @now
           WHERE id = @id AND owner = @owner AND status = 'running'`,
        )
        .run({
          t1: Math.round(w.t1Ms), progress: Math.min(1, Math.max(0, w.progress)), elapsed: Math.round(w.elapsedMs),
          decoded: w.backend === null ? 0 : 1, backend: w.backend, backendNote: w.backendNote, language: w.language,
          dropped: w.dropped ?? 0, trimmed: w.trimmed ?? 0, now, id, owner,
        });
      if (moved.changes !== 1) return false;
      const { n, w: windowIdx } = this.db
        .prepare('SELECT (SELECT COUNT(*) FROM segments WHERE job_id = ?) AS n, (SELECT COUNT(*) FROM job_windows WHERE job_id = ?) AS w')
        .get(id, id) as { n: number; w: number };
      const insert = this.db.prepare('INSERT INTO segments (job_id, idx, t0_ms, t1_ms, text, words_json) VALUES (?, ?, ?, ?, ?, ?)');
      w.segments.forEach((s, i) => insert.run(id, n + i, Math.round(s.t0Ms), Math.round(s.t1Ms), s.text, wordsJson(s.words)));
      this.db.prepare('INSERT INTO job_windows (job_id, idx, t0_ms, t1_ms, elapsed_ms, committed_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, windowIdx, Math.round(w.t0Ms), Math.round(w.t1Ms), Math.round(w.elapsedMs), now);
      return true;
    })();
  }

  /**
   * Marks the job completed with its output files and the notes about them (see writeOutputs); rtf = processing
   * time / audio duration.
   */
  complete(id: string, owner: string, outputs: Record<string, string>, notes: readonly string[] = []): boolean {
    const now = this.now();
    return this.db
      .prepare(
        `UPDATE jobs SET status = 'completed', progress = 1, finished_at = ?, updated_at = ?, outputs_json = ?, notes_json = ?,
           owner = NULL, error_code = NULL, error_message = NULL,
           rtf = CASE WHEN duration_ms > 0 THEN CAST(processing_ms AS REAL) / duration_ms ELSE NULL END
         WHERE id = ? AND owner = ? AND status = 'running'`,
      )
      .run(now, now, JSON.stringify(outputs), JSON.stringify(notes), id, owner).changes === 1;
  }

  /**
   * A completed job with the same content as `job` and the same transcription (sameTranscription: model, language,
   * task, window), whose segments `job` may reuse; the most recently finished one, or null.
   */
  completedTwin(job: Job): Job | null {
    if (!job.contentHash) return null;
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE content_hash = ? AND status = 'completed' AND id != ? ORDER BY finished_at DESC, rowid DESC`)
      .all(job.contentHash, job.id);
    return this.parseJobs(rows).find((t) => sameTranscription(t.params, job.params)) ?? null;
  }

  /**
   * Gives running job `id` (nothing committed yet) the transcript of completed job `fromId` in ONE transaction: its
   * segments, its windows (with no processing time: nothing was transcribed here), duration, offset, language and
   * backend. Returns false, writing nothing, if `owner` no longer runs the job or it has committed windows already.
   */
  adoptTranscript(id: string, owner: string, fromId: string): boolean {
    return this.db.transaction(() => {
      const now = this.now();
      const moved = this.db
        .prepare(
          `UPDATE jobs SET (duration_ms, offset_ms, windows_done, progress, backend, backend_note, language, dropped_segments, trimmed_segments) =
             (SELECT duration_ms, offset_ms, windows_done, 1, backend, backend_note, language, dropped_segments, trimmed_segments
              FROM jobs WHERE id = @fromId AND status = 'completed'),
             heartbeat_at = @now, updated_at = @now
           WHERE id = @id AND owner = @owner AND status = 'running' AND windows_done = 0
             AND EXISTS (SELECT 1 FROM jobs WHERE id = @fromId AND status = 'completed')`,
        )
        .run({ id, owner, fromId, now });
      if (moved.changes !== 1) return false;
      this.db.prepare('INSERT INTO segments (job_id, idx, t0_ms, t1_ms, text, words_json) SELECT ?, idx, t0_ms, t1_ms, text, words_json FROM segments WHERE job_id = ?')
        .run(id, fromId);
      this.db.prepare('INSERT INTO job_windows (job_id, idx, t0_ms, t1_ms, elapsed_ms, committed_at) SELECT ?, idx, t0_ms, t1_ms, 0, ? FROM job_windows WHERE job_id = ?')
        .run(id, now, fromId);
      return true;
    })();
  }

  /** Whether some job transcribes the file at absolute path `file` (so no transcript may be written over it). */
  isSource(file: string): boolean {
    return this.db.prepare('SELECT 1 FROM jobs WHERE source_path = ? LIMIT 1').get(file) !== undefined;
  }

  /**
   * Records a failure. With `retryAt` (ms epoch) and attempts left the job goes back to queued, waiting until then;
   * otherwise it is failed for good.
   */
  fail(id: string, owner: string, error: { code: ErrorCode; message: string }, retryAt: number | null): boolean {
    const now = this.now();
    return this.db
      .prepare(
        `UPDATE jobs SET error_code = @code, error_message = @message, updated_at = @now, owner = NULL,
           status = CASE WHEN @retryAt IS NOT NULL AND attempts < max_attempts THEN 'queued' ELSE 'failed' END,
           retry_at = CASE WHEN @retryAt IS NOT NULL AND attempts < max_attempts THEN @retryAt ELSE NULL END,
           finished_at = CASE WHEN @retryAt IS NOT NULL AND attempts < max_attempts THEN NULL ELSE @now END
         WHERE id = @id AND owner = @owner AND status = 'running'`,
      )
      .run({ code: error.code, message: error.message, now, retryAt, id, owner }).changes === 1;
  }

  /** Gives a running job back to the queue without counting the attempt (the process is shutting down). */
  release(id: string, owner: string): boolean {
    return this.db
      .prepare(`UPDATE jobs SET status = 'queued', owner = NULL, attempts = MAX(attempts - 1, 0), updated_at = ? WHERE id = ? AND owner = ? AND status = 'running'`)
      .run(this.now(), id, owner).changes === 1;
  }

  /** Cancels a queued or running job (a running one stops at its next heartbeat or at once in this process). */
  cancel(id: string): Job {
    const now = this.now();
    this.require(id);
    this.db
      .prepare(`UPDATE jobs SET status = 'cancelled', owner = NULL, retry_at = NULL, finished_at = ?, updated_at = ?,
        error_code = 'CANCELLED', error_message = 'cancelled by the user' WHERE id = ? AND status IN ('queued', 'running')`)
      .run(now, now, id);
    return this.require(id);
  }

  /**
   * Manual retry of a failed or cancelled job: queued again with a fresh attempt budget; committed windows are kept,
   * so it resumes where it stopped. Throws INVALID_STATE for a job in another state.
   */
  retry(id: string): Job {
    const job = this.require(id);
    if (job.status !== 'failed' && job.status !== 'cancelled') {
      throw new EarshotError('INVALID_STATE', `job ${id} is ${job.status}; only failed or cancelled jobs can be retried`);
    }
    this.db
      .prepare(`UPDATE jobs SET status = 'queued', attempts = 0, retry_at = NULL, error_code = NULL, error_message = NULL,
        finished_at = NULL, updated_at = ? WHERE id = ?`)
      .run(this.now(), id);
    return this.require(id);
  }

  /** Sets the title the library shows (null: the input's file name). Throws NOT_FOUND for an unknown job. */
  setTitle(id: string, title: string | null): Job {
    this.require(id);
    this.db.prepare('UPDATE jobs SET title = ?, updated_at = ? WHERE id = ?').run(title, this.now(), id);
    return this.require(id);
  }

  /** Deletes a job that is not running, with its segments. Throws INVALID_STATE for a running job. */
  delete(id: string): void {
    const job = this.require(id);
    if (job.status === 'running') throw new EarshotError('INVALID_STATE', `job ${id} is running; cancel it first`);
    this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
  }

  /**
   * Puts interrupted jobs back in the queue: running jobs whose owner is dead (`isOwnerAlive` false) or whose heartbeat
   * is older than `staleMs`. Their committed windows stay, so they resume. The interrupted run does not count as an
   * attempt: the owner was killed or stopped (kill -9, Ctrl-C, a power cut), which says nothing about the job's own
   * input, so such a job resumes however often that happens and is never failed here.
   */
  recoverInterrupted(isOwnerAlive: (owner: string) => boolean, staleMs: number): Job[] {
    const now = this.now();
    const running = this.parseJobs(this.db.prepare(`SELECT * FROM jobs WHERE status = 'running'`).all());
    const owners = new Map(
      (this.db.prepare(`SELECT id, owner FROM jobs WHERE status = 'running'`).all() as Array<{ id: string; owner: string | null }>)
        .map((r) => [r.id, r.owner]),
    );
    const recovered: Job[] = [];
    for (const job of running) {
      const owner = owners.get(job.id) ?? null;
      const stale = (job.heartbeatAt ?? 0) < now - staleMs;
      if (owner !== null && !stale && isOwnerAlive(owner)) continue;
      const changed = this.db
        .prepare(
          `UPDATE jobs SET owner = NULL, updated_at = @now, status = 'queued', attempts = MAX(attempts - 1, 0)
           WHERE id = @id AND status = 'running' AND owner IS @owner`,
        )
        .run({ now, id: job.id, owner });
      if (changed.changes === 1) recovered.push(this.require(job.id));
    }
    return recovered;
  }

  /** Committed segments of a job, in order (text as edited; `original` is whisper's text of an edited segment). */
  segments(id: string): Segment[] {
    const rows = this.db.prepare(`SELECT ${SEGMENT_COLUMNS} FROM segments WHERE job_id = ? ORDER BY idx`).all(id);
    return parseRows(SegmentRow, rows, this.quarantineFile, 'segments');
  }

  /**
   * The speech regions stored for a job (setSpeech), or null when none are (VAD never ran for it, or the row failed
   * validation: it is quarantined and the caller detects again).
   */
  speech(id: string): StoredSpeech | null {
    const row = this.db.prepare('SELECT regions_json, total_ms, elapsed_ms, detector FROM job_speech WHERE job_id = ?').get(id);
    return row === undefined ? null : (parseRows(SpeechRow, [row], this.quarantineFile, 'job_speech')[0] ?? null);
  }

  /**
   * Stores the speech regions VAD found for running job `id` (replacing any), so a resumed run reads them instead of
   * detecting again. Returns false, writing nothing, if `owner` no longer runs the job.
   */
  setSpeech(id: string, owner: string, speech: StoredSpeech): boolean {
    return this.db.transaction(() => {
      if (!this.db.prepare(`SELECT 1 FROM jobs WHERE id = ? AND owner = ? AND status = 'running'`).get(id, owner)) return false;
      this.db
        .prepare(`INSERT OR REPLACE INTO job_speech (job_id, regions_json, total_ms, elapsed_ms, detector, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(id, JSON.stringify(speech.regions), Math.round(speech.totalMs), Math.round(speech.elapsedMs), speech.detector, this.now());
      return true;
    })();
  }

  /** Committed windows of a job: [t0Ms, t1Ms) each, in order. */
  windows(id: string): Array<{ t0Ms: number; t1Ms: number; elapsedMs: number }> {
    return (this.db.prepare('SELECT t0_ms, t1_ms, elapsed_ms FROM job_windows WHERE job_id = ? ORDER BY idx').all(id) as Array<{
      t0_ms: number; t1_ms: number; elapsed_ms: number;
    }>).map((r) => ({ t0Ms: r.t0_ms, t1Ms: r.t1_ms, elapsedMs: r.elapsed_ms }));
  }
}

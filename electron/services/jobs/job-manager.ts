import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Job, TERMINAL_STATUSES } from '../../shared/jobs.js';
import type { Engine, EngineSegment } from '../../../native/engine/index.js';
import { createLogger } from '../_utils/logger.js';
import type { WrittenFiles } from '../transcripts/written-files.js';
import { backoffDelayMs } from './backoff.js';
import type { EnqueueAction, EnqueueInput, JobStore } from './job-store.js';
import { type MediaOps, type RunOutcome, runJob } from './job-runner.js';
import type { ResourceLimits } from './limits.js';
import { isOwnerAlive, newOwnerId } from './owner.js';

/**
 * The message of a job that failed `maxAttempts` times at one window and is given up: the last error, where it
 * happened, why this counts against the input, and how to try again.
 */
function givingUpMessage(job: Job, last: string): string {
  const at = `${(job.offsetMs / 1000).toFixed(1)} s`;
  return `${last} (failed ${job.attempts} times in a row at ${at} into ${job.sourcePath}, so this input itself seems to cause it; ` +
    `gave up. Interrupted or killed runs are not counted. \`earshot jobs retry ${job.id}\` tries again from ${at})`;
}

/** Events a JobManager emits; the UI transports forward them. */
export interface JobManagerEvents {
  job: [Job];
  progress: [{ jobId: string; progress: number }];
  segments: [{ jobId: string; segments: EngineSegment[] }];
  /** After each poll of the queue (every pollMs while started): jobs other processes changed show up here. */
  polled: [];
}

export interface JobManagerOptions {
  store: JobStore;
  engine: Engine;
  media: MediaOps;
  /** Where jobs write their transcripts through (transcripts/written-files.ts). */
  files: WrittenFiles;
  /**
   * Folder for per-job work files (`<workDir>/<jobId>/audio.wav`): kept while a job may resume, removed when it
   * completes, fails for good, is cancelled or deleted; leftovers of killed runs are removed at start().
   */
  workDir: string;
  /** The duration and free-space limits each job is checked against before its input is converted (limits.ts). */
  limits: ResourceLimits;
  /** Model name or path -> absolute ggml path; throws EarshotError('MODEL_MISSING'). */
  resolveModelPath: (model: string) => Promise<string>;
  /** Jobs run at once (default 1). */
  concurrency?: number;
  /** ms between heartbeats of running jobs (default 1000). */
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this is recovered (default 30000 ms). */
  staleMs?: number;
  /** ms between queue polls, for retries and jobs other processes add (default 500). */
  pollMs?: number;
  backoff?: { baseMs: number; capMs: number };
}

interface Running {
  controller: AbortController;
  stopping: boolean;
  done: Promise<void>;
  lastProgressWrite: number;
}

/**
 * Runs queued jobs from a JobStore on an Engine, `concurrency` at a time (GUIDE §3). Claims atomically, writes a
 * heartbeat, recovers interrupted jobs at start and on a timer, retries recoverable failures with exponential
 * backoff and jitter, and never lets one failing job stop the queue. Plain Node: used by the CLI, `earshot serve`
 * and the Electron main process alike.
 */
export class JobManager extends EventEmitter<JobManagerEvents> {
  readonly owner = newOwnerId();
  private readonly opts: Required<JobManagerOptions>;
  private onlyIds: readonly string[] | undefined;
  private readonly running = new Map<string, Running>();
  private readonly log = createLogger('jobs.manager');
  private timers: NodeJS.Timeout[] = [];
  private started = false;

  constructor(options: JobManagerOptions) {
    super();
    this.opts = {
      concurrency: 1,
      heartbeatMs: 1000,
      staleMs: 30_000,
      pollMs: 500,
      backoff: { baseMs: 1000, capMs: 60_000 },
      ...options,
    };
  }

  /** Restricts claiming to these jobs (the CLI's batch), or lifts the restriction with undefined. */
  setScope(ids: readonly string[] | undefined): void {
    this.onlyIds = ids;
    this.pump();
  }

  get store(): JobStore {
    return this.opts.store;
  }

  /** Recovers interrupted jobs, removes the work files no job needs any more (cleanWork), then starts claiming. Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.recover();
    void this.cleanWork().catch((err: unknown) => this.log.warn({ err }, 'could not clean the work folder'));
    this.timers = [
      setInterval(() => this.beat(), this.opts.heartbeatMs),
      setInterval(() => {
        this.pump();
        this.emit('polled');
      }, this.opts.pollMs),
      setInterval(() => this.recover(), Math.max(1000, this.opts.staleMs / 2)),
    ];
    this.pump();
  }

  /** Stops claiming; running jobs are interrupted and handed back to the queue (they resume later). */
  async stop(): Promise<void> {
    this.started = false;
    this.timers.forEach(clearInterval);
    this.timers = [];
    const all = [...this.running.values()];
    for (const r of all) {
      r.stopping = true;
      r.controller.abort();
    }
    await Promise.all(all.map((r) => r.done));
  }

  /** Enqueues inputs and starts them if running (see JobStore.enqueueMany for skip/resume). */
  enqueue(inputs: readonly EnqueueInput[]): Array<{ job: Job; action: EnqueueAction }> {
    const results = this.store.enqueueMany(inputs);
    results.forEach((r) => this.emit('job', r.job));
    this.pump();
    return results;
  }

  /**
   * Cancels a queued or running job; a running one here stops at once (and its work files go when its run ends).
   * A queued one's work files (a converted WAV of an earlier run) are removed now; one running in another process
   * loses them when that process notices, or at the next start() if it died.
   */
  async cancel(id: string): Promise<Job> {
    const before = this.store.get(id)?.status;
    const job = this.store.cancel(id);
    const here = this.running.get(id);
    here?.controller.abort();
    if (!here && before === 'queued') await this.removeWork(id);
    this.emit('job', job);
    return job;
  }

  /**
   * Removes what killed or finished runs left in the work folder: the folder of every job that is completed, failed,
   * cancelled or no longer exists, and in a queued job's folder the `.partial` files of a conversion that was killed
   * midway (its converted WAV stays, so it resumes without converting again). Folders of running jobs are left
   * alone: their owner may be converting into them right now. Runs at start(), after interrupted jobs were recovered.
   */
  async cleanWork(): Promise<void> {
    const names = await fs.readdir(this.opts.workDir).catch(() => [] as string[]);
    for (const name of names) {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name)) continue;
      const job = this.store.get(name);
      if (job?.status === 'running') continue;
      if (!job || TERMINAL_STATUSES.includes(job.status)) {
        await this.removeWork(name);
        continue;
      }
      const dir = path.join(this.opts.workDir, name);
      for (const file of await fs.readdir(dir).catch(() => [] as string[])) {
        if (!file.endsWith('.partial')) continue;
        await fs.rm(path.join(dir, file), { force: true });
        this.log.info({ jobId: name, file }, 'removed a partial conversion left by a killed run');
      }
    }
  }

  /** Removes job `id`'s work folder (its converted WAV and any partial files). */
  private async removeWork(id: string): Promise<void> {
    await fs.rm(path.join(this.opts.workDir, id), { recursive: true, force: true });
  }

  /** Manual retry of a failed or cancelled job (throws INVALID_STATE otherwise). */
  retry(id: string): Job {
    const job = this.store.retry(id);
    this.emit('job', job);
    this.pump();
    return job;
  }

  /**
   * Resolves when nothing runs here and every job in `ids` (default: all) is completed, failed or cancelled. Driven by
   * the manager's events: its 'job' events (each state change and each run's end here) and 'polled' (after each poll of
   * the queue, which is how jobs another process runs or cancels show up); it keeps no timer of its own.
   */
  waitForIdle(ids?: readonly string[]): Promise<void> {
    const idle = () => this.running.size === 0 && this.store.list(ids ? { ids } : {}).every((j) => TERMINAL_STATUSES.includes(j.status));
    return new Promise((resolve) => {
      const check = () => {
        if (!idle()) return;
        this.off('job', check);
        this.off('polled', check);
        resolve();
      };
      this.on('job', check);
      this.on('polled', check);
      check();
    });
  }

  private recover(): void {
    const live = new Set([this.owner]);
    for (const job of this.store.recoverInterrupted((o) => isOwnerAlive(o, live), this.opts.staleMs)) {
      this.log.warn({ jobId: job.id, status: job.status, offsetMs: job.offsetMs }, 'recovered an interrupted job');
      this.emit('job', job);
    }
    this.pump();
  }

  private beat(): void {
    for (const [id, r] of this.running) {
      if (!this.store.heartbeat(id, this.owner)) r.controller.abort();
    }
  }

  private pump(): void {
    while (this.started && this.running.size < this.opts.concurrency) {
      const job = this.store.claimNext(this.owner, this.onlyIds);
      if (!job) return;
      this.launch(job);
    }
  }

  private launch(job: Job): void {
    const log = createLogger('jobs.run', { jobId: job.id });
    const entry: Running = { controller: new AbortController(), stopping: false, done: Promise.resolve(), lastProgressWrite: 0 };
    this.running.set(job.id, entry);
    this.emit('job', job);
    log.info({ attempt: job.attempts, source: job.sourcePath }, 'job started');
    entry.done = runJob(job, {
      store: this.store,
      engine: this.opts.engine,
      media: this.opts.media,
      files: this.opts.files,
      workDir: this.opts.workDir,
      limits: this.opts.limits,
      owner: this.owner,
      log,
      signal: entry.controller.signal,
      resolveModelPath: this.opts.resolveModelPath,
      onProgress: (progress) => this.progress(job.id, entry, progress),
      onSegments: (segments) => this.emit('segments', { jobId: job.id, segments }),
      onWindow: () => this.emitJob(job.id),
    })
      .then(async (outcome) => {
        this.settle(job, entry, outcome, log);
        await this.removeWorkIfDone(job.id).catch((err: unknown) => log.warn({ err }, 'could not remove the work files of a finished job'));
      })
      .finally(() => {
        this.running.delete(job.id);
        this.emitJob(job.id);
        this.pump();
      });
  }

  /** Records how a run ended: completed and taken need nothing more; a failure is handed back, dropped or failed. */
  private settle(job: Job, entry: Running, outcome: RunOutcome, log: ReturnType<typeof createLogger>): void {
    if (outcome.kind !== 'failed') {
      log.info(outcome.kind === 'completed' ? 'job completed' : 'job taken away');
      return;
    }
    if (entry.stopping || !this.started) {
      this.store.release(job.id, this.owner);
      log.info('job handed back to the queue (shutting down)');
      return;
    }
    if (outcome.code === 'CANCELLED' && this.store.get(job.id)?.status !== 'running') return;
    const now = this.store.get(job.id) ?? job;
    const retryAt = outcome.recoverable ? Date.now() + backoffDelayMs(now.attempts, this.opts.backoff) : null;
    const message = outcome.recoverable && now.attempts >= now.maxAttempts ? givingUpMessage(now, outcome.message) : outcome.message;
    this.store.fail(job.id, this.owner, { code: outcome.code, message }, retryAt);
    log.error({ code: outcome.code, retryAt, attempts: now.attempts }, message);
  }

  /** After a run: a job that will not run again (completed, failed for good, cancelled, deleted) loses its work folder. */
  private async removeWorkIfDone(id: string): Promise<void> {
    const job = this.store.get(id);
    if (!job || TERMINAL_STATUSES.includes(job.status)) await this.removeWork(id);
  }

  private progress(jobId: string, entry: Running, progress: number): void {
    this.emit('progress', { jobId, progress });
    const now = Date.now();
    if (now - entry.lastProgressWrite < 500) return;
    entry.lastProgressWrite = now;
    this.store.setProgress(jobId, this.owner, progress);
  }

  private emitJob(id: string): void {
    const job = this.store.get(id);
    if (job) this.emit('job', job);
  }
}

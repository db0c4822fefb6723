import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { JOBS_PAGE_DEFAULT, type JobParamsChoice, type RequestInput, type RequestOutput } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import type { Job, JobParamsInput } from '../../shared/jobs.js';
import type { Engine, EngineSegment } from '../../../native/engine/index.js';
import type { CallContext } from '../_utils/call-context.js';
import type { DataPaths } from '../_utils/data-dir.js';
import type { PathGuard } from '../_utils/path-policy.js';
import { folderProblem } from '../transcripts/write-outputs.js';
import type { WrittenFiles } from '../transcripts/written-files.js';
import { collectInputs, hashFile } from './collect-inputs.js';
import type { JobManager } from './job-manager.js';
import type { MediaOps } from './job-runner.js';
import type { JobStore } from './job-store.js';
import { separateOutputClashes } from './output-clashes.js';

/** Events of the jobs feature, forwarded to every transport as the contract's `job.*` events. */
export interface JobsEvents {
  job: [Job];
  progress: [{ jobId: string; progress: number }];
  segments: [{ jobId: string; segments: EngineSegment[] }];
  removed: [{ id: string }];
}

export interface JobsServiceOptions {
  store: JobStore;
  manager: JobManager;
  engine: Engine;
  media: MediaOps;
  /** The transcripts Earshot wrote (a job's delete may remove those still as written, when asked). */
  files: WrittenFiles;
  paths: Pick<DataPaths, 'work' | 'uploads'>;
  /** The model a job will store for what the caller asked (models/model-entries.ts `resolveJobModel`). */
  resolveModel: (requested: string | undefined, guard: PathGuard) => Promise<string>;
}

/**
 * The `jobs` feature: every verb on the durable queue, for every transport (the CLI, IPC, the WebSocket and REST all
 * call these methods). Enqueue collects the named files and folders, resolves the model, and queues one job per input
 * (resuming or skipping one already known by content hash and parameters); cancel, retry and delete act on one job;
 * start()/stop() own the engine host and the job manager; run() drains a batch (the CLI). Errors are EarshotErrors:
 * NOT_FOUND for an unknown id, INVALID_STATE for a verb the job's state refuses, FORBIDDEN for a path the caller's
 * guard refuses, MODEL_MISSING when no model can be chosen, BAD_REQUEST for an output folder that cannot be written.
 */
export class JobsService extends EventEmitter<JobsEvents> {
  private started: Promise<void> | null = null;

  constructor(private readonly opts: JobsServiceOptions) {
    super();
    const { manager } = opts;
    manager.on('job', (job) => this.emit('job', job));
    manager.on('progress', (p) => this.emit('progress', p));
    manager.on('segments', (s) => this.emit('segments', s));
  }

  /**
   * `jobs.enqueue`: files and folders (walked recursively for media files) become jobs with the caller's parameters.
   * An output folder (`params.outDir`) is checked first, before anything is queued (BAD_REQUEST when it is a file or
   * cannot be written); inputs whose outputs would share names in it are kept apart (separateOutputClashes).
   * Every input gets a job of its own, also one with the same content as another (it reuses that transcript).
   * `excluded`: files the filters left out, with the reason; `skipped`: jobs already completed with these parameters;
   * `rejected`: inputs refused by type (FIFOs, devices, link loops, …; see collectInputs), each with its code.
   */
  async enqueue({ paths, params = {}, filters = {} }: RequestInput<'jobs.enqueue'>, ctx: CallContext): Promise<RequestOutput<'jobs.enqueue'>> {
    const checked = paths.map((p) => ctx.guard.readable(p));
    const full = await this.resolveParams(params, ctx.guard);
    const { inputs, excluded, rejected } = await collectInputs(checked, full, filters, (f) => this.opts.media.probeMedia(f));
    const results = this.opts.manager.enqueue(separateOutputClashes(inputs));
    return {
      jobs: results.map((r) => r.job),
      skipped: results.filter((r) => r.action === 'skipped').map((r) => r.job.id),
      excluded,
      rejected,
    };
  }

  /** A finished recording (RecordingsService.stop) becomes a job with the parameters the user chose. */
  async enqueueRecording(file: string, params: JobParamsChoice, ctx: CallContext): Promise<Job> {
    const full = await this.resolveParams(params, ctx.guard);
    const [result] = this.opts.manager.enqueue([{ sourcePath: file, sourceKind: 'recording', sourceRoot: null, contentHash: await hashFile(file), params: full }]);
    return result!.job;
  }

  /** `jobs.list`: one page, newest first: `limit` jobs (default JOBS_PAGE_DEFAULT) after `cursor` (a previous page's nextCursor). */
  async list({ limit, cursor }: RequestInput<'jobs.list'>): Promise<RequestOutput<'jobs.list'>> {
    return this.opts.store.page({ limit: limit ?? JOBS_PAGE_DEFAULT, cursor });
  }

  /** `jobs.get`: one job with its committed segments (t0/t1 in ms). */
  async get({ id }: RequestInput<'jobs.get'>): Promise<RequestOutput<'jobs.get'>> {
    return { job: this.opts.store.require(id), segments: this.opts.store.segments(id) };
  }

  /** The committed windows of a job (t0/t1 in ms), for `earshot jobs show`. */
  windows(id: string): ReturnType<JobStore['windows']> {
    return this.opts.store.windows(id);
  }

  /** `jobs.cancel`: a queued or running job stops (a running one here at once; elsewhere at its next heartbeat). */
  async cancel({ id }: RequestInput<'jobs.cancel'>): Promise<RequestOutput<'jobs.cancel'>> {
    return this.opts.manager.cancel(id);
  }

  /** `jobs.retry`: a failed or cancelled job is queued again and resumes from its last committed window. */
  async retry({ id }: RequestInput<'jobs.retry'>): Promise<RequestOutput<'jobs.retry'>> {
    return this.opts.manager.retry(id);
  }

  /**
   * `jobs.delete`: removes a job that is not running (INVALID_STATE otherwise), its work folder and, for an upload no
   * other job uses, the uploaded file (its folder too once nothing else is in it). Its transcripts, beside the input
   * or exported, are kept: a user's only copy is never lost to a delete. With `deleteOutputs` they are removed too,
   * but only those still exactly as Earshot wrote them (one the user changed since stays).
   */
  async delete({ id, deleteOutputs = false }: RequestInput<'jobs.delete'>): Promise<RequestOutput<'jobs.delete'>> {
    const { store, paths, files } = this.opts;
    const job = store.require(id);
    const written = files.ofJob(id);
    store.delete(id);
    this.emit('removed', { id });
    await fs.rm(path.join(paths.work, id), { recursive: true, force: true });
    if (deleteOutputs) await files.removeUnchanged(written, job.sourcePath);
    const sourcePath = path.resolve(job.sourcePath);
    const uploads = path.resolve(paths.uploads);
    const rel = path.relative(uploads, sourcePath);
    const folder = rel.split(path.sep)[0];
    if (folder && !rel.startsWith('..') && !path.isAbsolute(rel) && folder !== rel && !store.isSource(sourcePath)) {
      await fs.rm(sourcePath, { force: true });
      await fs.rmdir(path.join(uploads, folder)).catch(() => undefined); // kept while transcripts are in it
    }
    return { id };
  }

  /** Starts the engine host, then the job manager (it recovers interrupted jobs and claims queued ones). Idempotent. */
  start(): Promise<void> {
    this.started ??= this.opts.engine.start().then(() => this.opts.manager.start());
    return this.started;
  }

  /**
   * Runs the queue until every job in `ids` (default: the whole queue) has ended; with `ids` only those are claimed
   * (the CLI runs its own batch, not jobs others queued).
   */
  async run(ids?: readonly string[]): Promise<void> {
    this.opts.manager.setScope(ids);
    await this.start();
    await this.opts.manager.waitForIdle(ids);
  }

  /** Stops the manager (running jobs go back to the queue) and the engine host. */
  async stop(): Promise<void> {
    await this.opts.manager.stop();
    await this.opts.engine.stop();
    this.started = null;
  }

  private async resolveParams(choice: JobParamsChoice, guard: PathGuard): Promise<JobParamsInput> {
    const model = await this.opts.resolveModel(choice.model, guard);
    const outDir = choice.outDir ? guard.writable(choice.outDir) : choice.outDir;
    if (outDir) {
      const problem = await folderProblem(outDir);
      if (problem) throw new EarshotError('BAD_REQUEST', `output folder ${outDir}: cannot write transcripts there: ${problem}`);
    }
    return { ...choice, model, outDir };
  }
}

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { type FSWatcher, watch } from 'chokidar';
import { z } from 'zod';
import { InputFilters, type JobParamsChoice, type RequestInput, type RequestOutput, WATCH_SETTLE_DEFAULT_MS, type WatchFolder } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import { JobParams } from '../../shared/jobs.js';
import { hasMediaExtension } from '../../shared/media.js';
import type { CallContext } from '../_utils/call-context.js';
import { createLogger } from '../_utils/logger.js';
import type { PathGuard } from '../_utils/path-policy.js';

const jsonOf = <T extends z.ZodType>(schema: T) => z.string().transform((s) => JSON.parse(s) as unknown).pipe(schema);

/** A `watch_folders` row, parsed (without `active`, which is this process's business). */
const WatchRow = z
  .object({
    id: z.string(),
    path: z.string(),
    params_json: jsonOf(JobParams),
    filters_json: jsonOf(InputFilters),
    settle_ms: z.number(),
    created_at: z.number(),
  })
  .transform((r) => ({ id: r.id, path: r.path, params: r.params_json, filters: r.filters_json, settleMs: r.settle_ms, createdAt: r.created_at }));
type WatchRow = z.output<typeof WatchRow>;

export interface WatchServiceOptions {
  db: Database.Database;
  /** Queues one file as a job (jobs.enqueue: content hash and parameters skip what is already done). */
  enqueue: (file: string, row: Pick<WatchFolder, 'params' | 'filters'>) => Promise<void>;
  /** The model a job will store for what the caller asked (models/model-entries.ts resolveJobModel). */
  resolveModel: (requested: string | undefined, guard: PathGuard) => Promise<string>;
  /** Folders never watched into (the data directory's work files, uploads, recordings: not new media). */
  ignore: readonly string[];
  now?: () => number;
}

/**
 * The `watch` feature: folders watched (recursively, with chokidar) for new audio and video files, each queued as a
 * job once its size has stopped changing for the folder's `settleMs` (chokidar's awaitWriteFinish). The folders and
 * their job parameters persist in the `watch_folders` table; start() watches every one of them again, and its first
 * scan queues files added while nothing watched (those already transcribed with the same parameters are skipped by
 * content hash, in the job store). Errors are EarshotErrors: FILE_MISSING / BAD_REQUEST for a path that is not a
 * folder, FORBIDDEN for a folder the caller's guard refuses, NOT_FOUND for an unknown watch id.
 */
export class WatchService {
  private readonly watchers = new Map<string, FSWatcher>();
  /** Per watch id: resolves once its watcher's first scan is done. */
  private readonly scans = new Map<string, Promise<void>>();
  private readonly log = createLogger('watch');
  private started = false;
  private readonly now: () => number;

  constructor(private readonly opts: WatchServiceOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** `watch.add`: watches a folder with these parameters (replacing an earlier watch of it); watching starts now if started. */
  async add({ path: dir, params = {}, filters = {}, settleMs }: RequestInput<'watch.add'>, ctx: CallContext): Promise<RequestOutput<'watch.add'>> {
    const abs = ctx.guard.readable(dir);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat) throw new EarshotError('FILE_MISSING', `${abs}: no such folder`);
    if (!stat.isDirectory()) throw new EarshotError('BAD_REQUEST', `${abs}: is not a folder; watch the folder that holds it`);
    const full = JobParams.parse(await this.resolveParams(params, ctx.guard));
    const existing = this.opts.db.prepare('SELECT id, created_at FROM watch_folders WHERE path = ?').get(abs) as { id: string; created_at: number } | undefined;
    const id = existing?.id ?? randomUUID();
    this.opts.db
      .prepare(
        `INSERT INTO watch_folders (id, path, params_json, filters_json, settle_ms, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET params_json = excluded.params_json, filters_json = excluded.filters_json, settle_ms = excluded.settle_ms`,
      )
      .run(id, abs, JSON.stringify(full), JSON.stringify(InputFilters.parse(filters)), settleMs ?? WATCH_SETTLE_DEFAULT_MS, existing?.created_at ?? this.now());
    const row = this.row(id)!;
    if (this.started) {
      await this.unwatch(id);
      this.watchFolder(row);
    }
    return this.view(row);
  }

  /** `watch.list`: every persisted watch, oldest first. */
  async list(): Promise<RequestOutput<'watch.list'>> {
    return this.rows().map((r) => this.view(r));
  }

  /** `watch.remove`: stops watching and forgets the folder (its jobs stay). Throws NOT_FOUND. */
  async remove({ id }: RequestInput<'watch.remove'>): Promise<RequestOutput<'watch.remove'>> {
    if (!this.row(id)) throw new EarshotError('NOT_FOUND', `no watched folder with id ${id}`);
    await this.unwatch(id);
    this.opts.db.prepare('DELETE FROM watch_folders WHERE id = ?').run(id);
    return { id };
  }

  /** Watches every persisted folder (a missing one is logged and skipped). Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const row of this.rows()) this.watchFolder(row);
  }

  /** Stops every watcher (the folders stay persisted). */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.watchers.keys()].map((id) => this.unwatch(id)));
  }

  /** Resolves when every active watcher has finished its first scan (tests, and the CLI's "watching" line). */
  async ready(): Promise<void> {
    await Promise.all(this.scans.values());
  }

  private watchFolder(row: WatchRow): void {
    if (!fs.existsSync(row.path)) {
      this.log.warn({ folder: row.path }, 'watched folder is missing; not watching it until it is added again');
      return;
    }
    const ignore = this.opts.ignore.map((p) => path.resolve(p));
    const inIgnored = (p: string) => ignore.some((root) => p === root || p.startsWith(root + path.sep));
    const watcher = watch(row.path, {
      ignoreInitial: false,
      persistent: true,
      ignorePermissionErrors: true,
      awaitWriteFinish: { stabilityThreshold: row.settleMs, pollInterval: Math.max(20, Math.min(250, Math.floor(row.settleMs / 4))) },
      ignored: (p, stats) => inIgnored(path.resolve(p)) || (stats?.isFile() === true && !hasMediaExtension(p)),
    });
    let queue = Promise.resolve();
    const onFile = (file: string) => {
      if (!hasMediaExtension(file)) return;
      queue = queue.then(() => this.opts.enqueue(path.resolve(file), row)).catch((err: unknown) => {
        this.log.error({ file, err }, `could not queue a watched file: ${EarshotError.from(err).message}`);
      });
    };
    watcher.on('add', onFile);
    watcher.on('change', onFile);
    watcher.on('error', (err) => this.log.error({ folder: row.path, err }, 'watcher error'));
    this.scans.set(row.id, new Promise<void>((resolve) => watcher.once('ready', () => {
      this.log.info({ folder: row.path }, 'watching');
      resolve();
    })));
    this.watchers.set(row.id, watcher);
  }

  private async unwatch(id: string): Promise<void> {
    const w = this.watchers.get(id);
    this.watchers.delete(id);
    this.scans.delete(id);
    await w?.close();
  }

  private rows(): WatchRow[] {
    return (this.opts.db.prepare('SELECT * FROM watch_folders ORDER BY created_at, rowid').all() as unknown[]).flatMap((r) => {
      const parsed = WatchRow.safeParse(r);
      if (parsed.success) return [parsed.data];
      this.log.error({ issues: parsed.error.issues }, 'a watch_folders row failed validation; skipped');
      return [];
    });
  }

  private row(id: string): WatchRow | undefined {
    return this.rows().find((r) => r.id === id);
  }

  private view(row: WatchRow): WatchFolder {
    return { ...row, active: this.watchers.has(row.id) };
  }

  private async resolveParams(choice: JobParamsChoice, guard: PathGuard) {
    const model = await this.opts.resolveModel(choice.model, guard);
    const outDir = choice.outDir ? guard.writable(choice.outDir) : choice.outDir;
    return { ...choice, model, outDir };
  }
}


import path from 'node:path';
import type Database from 'better-sqlite3';
import { convertToWav, nextWindowEnd, probeMedia } from '../../native/audio/index.js';
import { EngineHost } from '../../native/engine/engine-host.js';
import { CpuAddonChoice } from '../../native/engine/index.js';
import type { Engine } from '../../native/engine/types.js';
import { EarshotError } from '../shared/errors.js';
import { dataPaths } from './_utils/data-dir.js';
import { openDatabase } from './jobs/database.js';
import { JobManager, type JobManagerOptions } from './jobs/job-manager.js';
import type { MediaOps } from './jobs/job-runner.js';
import { JobStore } from './jobs/job-store.js';
import { ModelService } from './models/model-service.js';

/** The real media operations (ffprobe/ffmpeg from the installer packages). */
export const realMedia: MediaOps = { probeMedia, convertToWav, nextWindowEnd };

export interface BackboneOptions {
  dataDir: string;
  /** Jobs at once, and engine worker threads (default 1). */
  concurrency?: number;
  /** whisper.cpp threads per engine worker; default $EARSHOT_THREADS, else the engine's choice (physical cores / workers). */
  threads?: number;
  /** CPU build of whisper.cpp ('auto' | 'compiled' | 'prebuilt'); default $EARSHOT_ENGINE_ADDON, else 'auto'. */
  cpuAddon?: CpuAddonChoice;
  /** Hand in another engine (tests); default: an EngineHost child process with `concurrency` workers. */
  engine?: Engine;
  manager?: Partial<Omit<JobManagerOptions, 'store' | 'engine' | 'media' | 'workDir' | 'resolveModelPath'>>;
}

/**
 * $EARSHOT_ENGINE_ADDON ('auto' | 'compiled' | 'prebuilt'; unset: 'auto'). Read here, at the composition root,
 * and nowhere below. Throws EarshotError ENGINE_ERROR for another value, naming the variable.
 */
export function engineAddonFromEnv(env: NodeJS.ProcessEnv = process.env): CpuAddonChoice {
  const raw = env.EARSHOT_ENGINE_ADDON?.trim().toLowerCase() || 'auto';
  const parsed = CpuAddonChoice.safeParse(raw);
  if (!parsed.success) throw new EarshotError('ENGINE_ERROR', `EARSHOT_ENGINE_ADDON is "${env.EARSHOT_ENGINE_ADDON}"; expected auto, compiled or prebuilt`);
  return parsed.data;
}

/**
 * Earshot's services wired together on one data directory: the SQLite job store, the model store, the engine host
 * and a job manager. The CLI, `earshot serve` and the Electron main process each open one. `close()` stops the
 * manager (running jobs go back to the queue), the engine host and the database.
 */
export class Backbone {
  readonly db: Database.Database;
  readonly store: JobStore;
  readonly models: ModelService;
  readonly engine: Engine;
  readonly manager: JobManager;
  readonly paths: ReturnType<typeof dataPaths>;
  readonly media: MediaOps = realMedia;

  constructor(opts: BackboneOptions) {
    this.paths = dataPaths(opts.dataDir);
    this.db = openDatabase(this.paths.db);
    this.store = new JobStore({ db: this.db, quarantineFile: path.join(this.paths.logs, 'quarantine.log') });
    this.models = new ModelService({ modelsDir: this.paths.models, dataDir: opts.dataDir });
    const concurrency = opts.concurrency ?? 1;
    const threads = opts.threads ?? (Number(process.env.EARSHOT_THREADS) || undefined);
    const cpuAddon = opts.cpuAddon ?? engineAddonFromEnv();
    this.engine = opts.engine ?? new EngineHost({ workers: concurrency, threadsPerWorker: threads, cpuAddon });
    this.manager = new JobManager({
      store: this.store,
      engine: this.engine,
      media: realMedia,
      workDir: this.paths.work,
      resolveModelPath: (model) => this.models.pathFor(model),
      concurrency,
      ...opts.manager,
    });
  }

  /** Starts the engine host and the job manager. */
  async start(): Promise<void> {
    await this.engine.start();
    this.manager.start();
  }

  async close(): Promise<void> {
    await this.manager.stop();
    await this.engine.stop();
    this.db.close();
  }
}

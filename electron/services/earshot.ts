import path from 'node:path';
import type Database from 'better-sqlite3';
import { configureMediaTools, convertToWav, nextWindowEnd, probeMedia } from '../../native/audio/index.js';
import { detectSpeech } from '../../native/vad/index.js';
import { EngineHost, type Engine, type HostLauncher } from '../../native/engine/index.js';
import { hasMediaExtension } from '../shared/media.js';
import { setLogLevel } from './_utils/logger.js';
import { type DataPaths, dataPaths } from './_utils/data-dir.js';
import type { EarshotConfig } from './config.js';
import { openDatabase } from './jobs/database.js';
import { JobManager, type JobManagerOptions } from './jobs/job-manager.js';
import type { MediaOps } from './jobs/job-runner.js';
import { JobStore } from './jobs/job-store.js';
import { JobsService } from './jobs/jobs-service.js';
import { withProbeCache } from './jobs/probe-cache.js';
import { DoctorService } from './doctor/index.js';
import type { FetchLike } from './models/download.js';
import { modelEntries, resolveJobModel } from './models/model-entries.js';
import { ModelsService } from './models/models-service.js';
import { RecordingsService } from './recordings/recordings-service.js';
import { SearchService } from './search/search-service.js';
import { SettingsService } from './settings/settings-service.js';
import { TranscriptEditor } from './transcripts/transcript-editor.js';
import { TranscriptsService } from './transcripts/transcripts-service.js';
import { WrittenFiles, protectedTargets } from './transcripts/written-files.js';
import { appVersion } from './version/app-version.js';
import { VersionService } from './version/version-service.js';
import { WatchService } from './watch/watch-service.js';
import { trustedCall } from './_utils/call-context.js';

/** The real media operations (ffprobe/ffmpeg from the installer packages, or the configured binaries). */
export const realMedia: MediaOps = { probeMedia, convertToWav, nextWindowEnd, detectSpeech };

/** Parts a caller may hand in instead of the real ones: tests, and the Electron shell's engine launcher. */
export interface EarshotDeps {
  /** Another engine (tests); default: an EngineHost with `config.concurrency` workers. */
  engine?: Engine;
  /** How the engine host process is started (Electron main passes its utilityProcess launcher); default: fork. */
  launcher?: HostLauncher;
  /** Other media operations (a test counts ffprobe runs through them); default: realMedia. */
  media?: MediaOps;
  /** Job manager timings (tests use short ones). */
  manager?: Partial<Pick<JobManagerOptions, 'heartbeatMs' | 'staleMs' | 'pollMs' | 'backoff'>>;
  /** Model downloads' fetch (tests); default: Node's. */
  fetch?: FetchLike;
  /** Earshot's version; default: package.json's. */
  appVersion?: string;
}

/**
 * Earshot opened on one data directory: the composition root (GUIDE §1). It builds every service from one
 * configuration (config.ts loadConfig) and wires them together; Electron main, `earshot serve`, every CLI command and
 * the tests open Earshot through here and call the feature services: `jobs`, `transcripts`, `recordings`, `models`,
 * `settings`, `version`, `doctor`, `search`, `watch`. `store`, `manager` and `engine` are the jobs feature's parts, exposed for tests and
 * diagnostics. start() starts the engine host and the queue and recovers unfinished recordings; close() stops
 * everything (running jobs go back to the queue) and closes the database.
 */
export class Earshot {
  readonly paths: DataPaths;
  readonly db: Database.Database;
  readonly store: JobStore;
  readonly engine: Engine;
  readonly manager: JobManager;
  readonly media: MediaOps;
  /** Every transcript file Earshot wrote, and the one way they are written (never over a file it did not write). */
  readonly files: WrittenFiles;
  readonly jobs: JobsService;
  readonly transcripts: TranscriptsService;
  readonly search: SearchService;
  readonly watch: WatchService;
  readonly recordings: RecordingsService;
  readonly models: ModelsService;
  readonly settings: SettingsService;
  readonly version: VersionService;
  readonly doctor: DoctorService;

  constructor(readonly config: EarshotConfig, deps: EarshotDeps = {}) {
    setLogLevel(config.logLevel);
    configureMediaTools({ ffmpeg: config.ffmpegPath, ffprobe: config.ffprobePath });
    this.paths = dataPaths(config.dataDir);
    this.db = openDatabase(this.paths.db);
    this.store = new JobStore({ db: this.db, quarantineFile: path.join(this.paths.logs, 'quarantine.log') });
    this.files = new WrittenFiles(this.db, protectedTargets({ dataPaths: this.paths, isSource: (f) => this.store.isSource(f), isMedia: hasMediaExtension }));
    this.models = new ModelsService({
      modelsDir: this.paths.models,
      dataDir: config.dataDir,
      configuredModel: config.model,
      baseUrl: config.modelBaseUrl,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    this.media = withProbeCache(deps.media ?? realMedia);
    this.engine = deps.engine ?? new EngineHost({
      workers: config.concurrency,
      threadsPerWorker: config.threads ?? undefined,
      backend: config.backend,
      cpuAddon: config.cpuAddon,
      audioContext: config.audioContext,
      env: config.childEnv,
      ...(deps.launcher ? { launcher: deps.launcher } : {}),
    });
    this.manager = new JobManager({
      store: this.store,
      engine: this.engine,
      media: this.media,
      files: this.files,
      workDir: this.paths.work,
      limits: { maxDurationMs: config.maxDurationMs, minFreeBytes: config.minFreeBytes },
      resolveModelPath: (model) => this.models.pathFor(model),
      concurrency: config.concurrency,
      ...deps.manager,
    });
    this.jobs = new JobsService({
      store: this.store,
      manager: this.manager,
      engine: this.engine,
      media: this.media,
      files: this.files,
      paths: this.paths,
      resolveModel: (requested, guard) => resolveJobModel(this.models, requested, guard),
    });
    this.transcripts = new TranscriptsService(this.store, this.files, new TranscriptEditor(this.db), this.paths.work, (input, out) => this.media.convertToWav(input, out));
    this.search = new SearchService(this.db);
    this.watch = new WatchService({
      db: this.db,
      // Paths and the output folder were checked by the caller's guard when the folder was added.
      enqueue: async (file, w) => void (await this.jobs.enqueue({ paths: [file], params: w.params, filters: w.filters }, trustedCall())),
      resolveModel: (requested, guard) => resolveJobModel(this.models, requested, guard),
      // Earshot's own files: converted audio, uploads and recordings (queued by their own verbs), models, logs.
      ignore: [this.paths.work, this.paths.uploads, this.paths.recordings, this.paths.models, this.paths.logs],
    });
    this.recordings = new RecordingsService({
      dir: this.paths.recordings,
      enqueue: (file, params, ctx) => this.jobs.enqueueRecording(file, params, ctx),
    });
    this.settings = new SettingsService(config.dataDir, () => modelEntries(this.models));
    this.version = new VersionService(deps.appVersion ?? appVersion());
    this.doctor = new DoctorService({ engine: this.engine, models: this.models, dataDir: config.dataDir, threads: config.threads });
  }

  /**
   * Starts the engine host and the job queue, finalises recordings a previous run left unfinished, and watches the
   * persisted watch folders again.
   */
  async start(): Promise<void> {
    await this.jobs.start();
    await this.recordings.recoverUnfinished();
    await this.watch.start();
  }

  /** Stops watching folders, finalises recordings in progress, stops the queue (running jobs go back to it) and the engine, closes the database. */
  async close(): Promise<void> {
    await this.watch.stop();
    await this.recordings.close();
    await this.jobs.stop();
    this.db.close();
  }
}

/** Opens Earshot on `config.dataDir` (see Earshot). Throws EarshotError when the database cannot be opened. */
export function openEarshot(config: EarshotConfig, deps: EarshotDeps = {}): Earshot {
  return new Earshot(config, deps);
}

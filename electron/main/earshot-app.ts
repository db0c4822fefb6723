import path from 'node:path';
import { type BrowserWindow, app, ipcMain } from 'electron';
import { IPC_EVENT_CHANNEL } from '../shared/contract.js';
import { AppApi } from '../services/app/app-api.js';
import { Backbone } from '../services/backbone.js';
import { resolveDataDir } from '../services/_utils/data-dir.js';
import { createLogger } from '../services/_utils/logger.js';
import { RecordingService } from '../services/recordings/recording-service.js';
import type { Engine } from '../../native/engine/types.js';
import { applyCspToDevServer, handleAppProtocol } from './app-protocol.js';
import { WINDOW_CLIENT_ID, registerIpc } from './ipc.js';
import { JobNotifier } from './job-notifier.js';
import { type UpdaterLike, setupUpdater } from './updater.js';
import { createMainWindow } from './window.js';

export interface EarshotAppOptions {
  /** Built renderer folder (out/renderer). */
  rendererDir: string;
  /** Built preload script (out/preload/index.cjs). */
  preload: string;
  /** electron-vite's dev server URL ($ELECTRON_RENDERER_URL) in development, else null. */
  devServer: string | null;
  /** The engine the job manager runs on (the engine host in a utilityProcess). */
  createEngine: () => Engine;
  updater: UpdaterLike;
}

/**
 * The Electron main process, thin (GUIDE §1): on start it opens the Backbone on the data directory (the same one
 * the CLI uses), the AppApi with the trusted path policy (paths come from the user's pickers and drops), the IPC
 * handlers, the window, desktop notifications and the updater; on stop it finalises recordings in progress and
 * closes the Backbone (running jobs go back to the queue and resume on the next start).
 */
export class EarshotApp {
  private window: BrowserWindow | null = null;
  private backbone: Backbone | null = null;
  private api: AppApi | null = null;
  private unregister: (() => void) | null = null;
  private readonly log = createLogger('main');

  constructor(private readonly opts: EarshotAppOptions) {}

  get mainWindow(): BrowserWindow | null {
    return this.window;
  }

  /** Call once `app` is ready. */
  async start(): Promise<void> {
    const { opts } = this;
    if (opts.devServer) applyCspToDevServer(opts.devServer);
    else handleAppProtocol(opts.rendererDir);

    const dataDir = resolveDataDir();
    const backbone = new Backbone({ dataDir, engine: opts.createEngine() });
    const recordings = new RecordingService({ dir: backbone.paths.recordings, enqueue: (input) => backbone.manager.enqueue([input])[0]!.job });
    const api = new AppApi({ backbone, recordings, policy: { mode: 'trusted' }, appVersion: app.getVersion() });
    this.backbone = backbone;
    this.api = api;
    await backbone.start();
    await api.start();
    this.log.info({ dataDir }, 'services started');

    this.unregister = registerIpc({ ipcMain, api, window: () => this.window, devServer: opts.devServer });
    const notifier = new JobNotifier(() => this.focus());
    api.subscribe((e) => {
      notifier.handle(e);
      const win = this.window;
      if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, e.event, e.payload);
    });
    this.openWindow();
    setupUpdater({ isPackaged: app.isPackaged, updater: opts.updater, log: this.log });
  }

  /** Opens the window (again, on macOS `activate`). */
  openWindow(): void {
    if (this.window && !this.window.isDestroyed()) return this.focus();
    const win = createMainWindow({ preload: this.opts.preload, devServer: this.opts.devServer });
    const release = () => void this.api?.releaseClient(WINDOW_CLIENT_ID);
    // A reload or a renderer crash ends the page's recording: finalise it so the next page can offer it.
    win.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) release();
    });
    win.webContents.on('render-process-gone', release);
    win.on('closed', () => {
      release();
      this.window = null;
    });
    this.window = win;
  }

  focus(): void {
    const win = this.window;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  }

  /** Finalises recordings, stops the services and removes the IPC handlers. Idempotent. */
  async stop(): Promise<void> {
    this.unregister?.();
    this.unregister = null;
    const api = this.api;
    const backbone = this.backbone;
    this.api = null;
    this.backbone = null;
    await api?.stop();
    await backbone?.close();
  }
}

/** out/main -> out/renderer and out/preload, beside this bundle. */
export function builtPaths(mainDir: string): { rendererDir: string; preload: string } {
  const out = path.resolve(mainDir, '..');
  return { rendererDir: path.join(out, 'renderer'), preload: path.join(out, 'preload', 'index.cjs') };
}

import path from 'node:path';
import { type BrowserWindow, app, ipcMain } from 'electron';
import { IPC_EVENT_CHANNEL } from '../shared/contract.js';
import { EarshotError } from '../shared/errors.js';
import { trustedCall } from '../services/_utils/call-context.js';
import { AppApi } from '../services/app/app-api.js';
import type { EarshotConfig } from '../services/config.js';
import { type EarshotDeps, openEarshot, type Earshot } from '../services/earshot.js';
import type { HostLauncher } from '../services/engine-launch.js';
import { createLogger } from '../services/_utils/logger.js';
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
  /** electron-vite's dev server URL (the configuration's rendererUrl) in development, else null. */
  devServer: string | null;
  /** The configuration (loadConfig in index.ts: the environment and settings.json; the Electron shell sets no flags). */
  config: EarshotConfig;
  /** Starts the engine host (in a utilityProcess); injected into the composition root. */
  launcher: HostLauncher;
  /** Other parts for the composition root (tests hand in an engine). */
  deps?: Omit<EarshotDeps, 'launcher' | 'appVersion'>;
  updater: UpdaterLike;
}

/**
 * The Electron main process, thin (GUIDE §1): on start it opens Earshot (the composition root) on the configured data
 * directory (the same one the CLI uses) with its utilityProcess engine launcher, the AppApi with the trusted path
 * policy (paths come from the user's pickers and drops), the IPC handlers, the window, desktop notifications and the
 * updater; on stop it closes Earshot (recordings finalised, running jobs back to the queue to resume on next start).
 */
export class EarshotApp {
  private window: BrowserWindow | null = null;
  private earshot: Earshot | null = null;
  private api: AppApi | null = null;
  private unregister: (() => void) | null = null;
  private readonly log = createLogger('main');

  constructor(private readonly opts: EarshotAppOptions) {}

  get mainWindow(): BrowserWindow | null {
    return this.window;
  }

  private requireEarshot(): Earshot {
    if (!this.earshot) throw new EarshotError('INVALID_STATE', 'Earshot is not open');
    return this.earshot;
  }

  /** Call once `app` is ready. */
  async start(): Promise<void> {
    const { opts } = this;
    if (opts.devServer) applyCspToDevServer(opts.devServer);
    else handleAppProtocol(opts.rendererDir, (jobId) => this.requireEarshot().transcripts.audio(jobId, trustedCall()));

    const earshot = openEarshot(opts.config, { ...opts.deps, launcher: opts.launcher, appVersion: app.getVersion() });
    const api = new AppApi({ earshot, policy: { mode: 'trusted' } });
    this.earshot = earshot;
    this.api = api;
    await earshot.start();
    await api.start();
    this.log.info({ dataDir: opts.config.dataDir }, 'services started');

    this.unregister = registerIpc({ ipcMain, api, window: () => this.window, devServer: opts.devServer });
    const notifier = new JobNotifier(() => this.focus());
    api.subscribe((e) => {
      notifier.handle(e);
      const win = this.window;
      if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, e.event, e.payload);
    });
    this.openWindow();
    setupUpdater({ isPackaged: app.isPackaged, disabled: opts.config.disableUpdates, updater: opts.updater, log: this.log });
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
    const earshot = this.earshot;
    this.api = null;
    this.earshot = null;
    await api?.stop();
    await earshot?.close();
  }
}

/** out/main -> out/renderer and out/preload, beside this bundle. */
export function builtPaths(mainDir: string): { rendererDir: string; preload: string } {
  const out = path.resolve(mainDir, '..');
  return { rendererDir: path.join(out, 'renderer'), preload: path.join(out, 'preload', 'index.cjs') };
}

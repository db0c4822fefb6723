import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import electronUpdater from 'electron-updater';
import { type EarshotConfig, loadConfig } from '../services/config.js';
import { EarshotError } from '../shared/errors.js';
import { registerAppSchemePrivileges } from './app-protocol.js';
import { EarshotApp, builtPaths } from './earshot-app.js';
import { createUtilityLauncher } from './utility-engine.js';

/**
 * Electron entry (out/main/index.js): one instance, the app: scheme registered before ready, EarshotApp started on
 * ready and stopped before quitting (quit waits for it, so running jobs are handed back to the queue cleanly).
 */
const mainDir = path.dirname(fileURLToPath(import.meta.url));

/** Shows why Earshot cannot start (a bad setting, a database it cannot open) and exits. */
function fail(err: unknown): void {
  const e = EarshotError.from(err);
  dialog.showErrorBox('Earshot could not start', `[${e.code}] ${e.message}`);
  app.exit(1);
}

let config: EarshotConfig | null = null;
let configError: unknown = null;
try {
  config = loadConfig();
} catch (err) {
  configError = err;
}

if (!config) {
  void app.whenReady().then(() => fail(configError));
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppSchemePrivileges();
  const earshot = new EarshotApp({
    ...builtPaths(mainDir),
    devServer: app.isPackaged ? null : config.rendererUrl,
    config,
    launcher: createUtilityLauncher(mainDir),
    updater: electronUpdater.autoUpdater,
  });
  let stopped = false;

  app.on('second-instance', () => earshot.focus());
  app.on('activate', () => earshot.openWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    void earshot.stop().finally(() => app.quit());
  });

  app
    .whenReady()
    .then(() => earshot.start())
    .catch((err: unknown) => {
      stopped = true;
      fail(err);
    });
}

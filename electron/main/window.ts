import { BrowserWindow, type WebContents, shell } from 'electron';
import { APP_ORIGIN } from './app-protocol.js';

export interface WindowOptions {
  /** Absolute path of the built preload script (out/preload/index.cjs). */
  preload: string;
  /** The electron-vite dev server URL in development, else null (the window loads `app://earshot/index.html`). */
  devServer: string | null;
}

/** True when `url` is the app's own page (the app: scheme, or the dev server in development). */
export function isAppUrl(url: string, devServer: string | null): boolean {
  // protocol + host, not URL.origin: Node's URL gives "null" as the origin of a scheme it does not know (app:).
  const originOf = (u: string) => {
    try {
      const parsed = new URL(u);
      return `${parsed.protocol}//${parsed.host}`;
    } catch {
      return null;
    }
  };
  const origin = originOf(url);
  return origin !== null && (origin === APP_ORIGIN || (devServer !== null && origin === originOf(devServer)));
}

/**
 * Locks a web contents down (Electron security checklist): no new windows (https links open in the browser), no
 * navigation away from the app (a dropped file must not replace the UI), no <webview>, and only the microphone may
 * be granted, to the app's own page.
 */
export function lockDown(contents: WebContents, devServer: string | null): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServer)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const audioOnly = permission === 'media' && mediaTypes.every((t) => t === 'audio');
    callback(audioOnly && isAppUrl(wc.getURL(), devServer));
  });
  contents.session.setPermissionCheckHandler((_wc, permission, origin) => permission === 'media' && isAppUrl(origin, devServer));
}

/**
 * The Earshot window: context isolation, the sandbox and no Node integration (the renderer reaches main only through
 * the preload's `window.earshot`), loaded from `app://earshot/` or the dev server.
 */
export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Earshot',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  lockDown(win.webContents, opts.devServer);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.devServer ?? `${APP_ORIGIN}/index.html`);
  return win;
}

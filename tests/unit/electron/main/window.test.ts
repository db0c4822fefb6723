import { describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

// Electron cannot run here: BrowserWindow and shell are replaced (the one place a mock is acceptable).
const electron = vi.hoisted(() => {
  class FakeWebContents {
    listeners = new Map<string, Listener>();
    windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
    permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: object) => void) | null = null;
    permissionCheck: ((wc: unknown, permission: string, origin: string) => boolean) | null = null;
    session = {
      setPermissionRequestHandler: (fn: FakeWebContents['permissionRequest']) => (this.permissionRequest = fn),
      setPermissionCheckHandler: (fn: FakeWebContents['permissionCheck']) => (this.permissionCheck = fn),
    };
    setWindowOpenHandler(fn: FakeWebContents['windowOpenHandler']) {
      this.windowOpenHandler = fn;
    }
    on(event: string, fn: Listener) {
      this.listeners.set(event, fn);
    }
  }
  class FakeBrowserWindow {
    static last: FakeBrowserWindow | null = null;
    webContents = new FakeWebContents();
    loaded: string | null = null;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      FakeBrowserWindow.last = this;
    }
    once() {}
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
  }
  return { BrowserWindow: FakeBrowserWindow, shell: { openExternal: vi.fn(() => Promise.resolve()) }, FakeWebContents };
});
vi.mock('electron', () => electron);

const { createMainWindow, isAppUrl } = await import('../../../../electron/main/window.js');

function open(devServer: string | null = null) {
  createMainWindow({ preload: '/app/out/preload/index.cjs', devServer });
  return electron.BrowserWindow.last!;
}

describe('main window (electron mocked)', () => {
  it('isolates the renderer: context isolation, sandbox, no Node integration, the preload', () => {
    const win = open();
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(win.loaded).toBe('app://earshot/index.html');
    expect(open('http://localhost:5173').loaded).toBe('http://localhost:5173');
  });

  it('blocks navigation away from the app, new windows and webviews', () => {
    const wc = open().webContents;
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      wc.listeners.get('will-navigate')!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///home/me/dropped.wav')).toBe(true);
    expect(navigate('app://earshot/index.html')).toBe(false);
    expect(wc.windowOpenHandler!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://github.com/');
    expect(wc.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
    const attach = { preventDefault: vi.fn() };
    wc.listeners.get('will-attach-webview')!(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('grants only the microphone, and only to the app page', () => {
    const wc = open().webContents;
    const ask = (url: string, permission: string, details: object) => {
      let granted: boolean | null = null;
      wc.permissionRequest!({ getURL: () => url }, permission, (ok) => (granted = ok), details);
      return granted;
    };
    expect(ask('app://earshot/index.html', 'media', { mediaTypes: ['audio'] })).toBe(true);
    expect(ask('app://earshot/index.html', 'media', { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(ask('app://earshot/index.html', 'geolocation', {})).toBe(false);
    expect(ask('https://evil.example/', 'media', { mediaTypes: ['audio'] })).toBe(false);
    expect(wc.permissionCheck!(null, 'media', 'app://earshot')).toBe(true);
    expect(wc.permissionCheck!(null, 'notifications', 'app://earshot')).toBe(false);
  });

  it('recognises the app page by origin', () => {
    expect(isAppUrl('app://earshot/index.html', null)).toBe(true);
    expect(isAppUrl('app://other/index.html', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5173/', null)).toBe(false);
    expect(isAppUrl('not a url', null)).toBe(false);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Electron cannot run here: protocol and net are replaced (the one place a mock is acceptable). net.fetch of a
// file: URL reads the real file, as Electron's does.
const electron = vi.hoisted(() => ({
  protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() },
  net: {
    fetch: async (url: string) => {
      const { readFile } = await import('node:fs/promises');
      const { fileURLToPath: toPath } = await import('node:url');
      const body = await readFile(toPath(url));
      return new Response(body, { headers: { 'content-type': url.endsWith('.html') ? 'text/html' : 'text/javascript' } });
    },
  },
  session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() } } },
}));
vi.mock('electron', () => electron);

const { APP_SCHEME, handleAppProtocol, registerAppSchemePrivileges, windowCsp } = await import('../../../../electron/main/app-protocol.js');

describe('app: protocol and CSP (electron mocked)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-renderer-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Earshot</title>');
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'assets', 'main.js'), 'console.log(1)');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  handleAppProtocol(root);
  const handler = electron.protocol.handle.mock.calls[0]![1] as (req: Request) => Promise<Response>;
  const get = (url: string) => handler(new Request(url));

  it('registers app: as a standard, secure scheme', () => {
    registerAppSchemePrivileges();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
    ]);
    expect(electron.protocol.handle.mock.calls[0]![0]).toBe('app');
  });

  it('serves the renderer files with the CSP', async () => {
    const page = await get('app://earshot/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Earshot</title>');
    expect(page.headers.get('content-security-policy')).toBe(windowCsp());
    expect((await get('app://earshot/')).status).toBe(200);
    expect(await (await get('app://earshot/assets/main.js')).text()).toBe('console.log(1)');
  });

  it('answers 404 outside the renderer folder, for other hosts and missing files', async () => {
    const secret = path.join(path.dirname(root), `secret-${path.basename(root)}.txt`);
    fs.writeFileSync(secret, 'secret');
    try {
      const rel = `..%2f${path.basename(secret)}`;
      for (const url of [`app://earshot/${rel}`, `app://earshot/%2e%2e/${path.basename(secret)}`, 'app://other/index.html', 'app://earshot/missing.js', 'app://earshot/assets', 'app://earshot/%E0%A4%A']) {
        const res = await get(url);
        expect(res.status, url).toBe(404);
        expect(await res.text()).not.toContain('secret');
      }
    } finally {
      fs.rmSync(secret);
    }
  });

  it('keeps scripts to the app itself; the dev server is allowed only when given', () => {
    const csp = windowCsp();
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(windowCsp('http://localhost:5173')).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
    expect(fileURLToPath(import.meta.url)).toBeTruthy();
  });
});

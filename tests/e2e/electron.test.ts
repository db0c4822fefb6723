import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/** The Electron binary `require('electron')` names, or why there is none (it throws when the download never ran). */
function electronBinary(): { path: string } | { missing: string } {
  try {
    const binary = createRequire(import.meta.url)('electron') as string;
    return fs.existsSync(binary) ? { path: binary } : { missing: `${binary} does not exist` };
  } catch (err) {
    return { missing: (err as Error).message };
  }
}

const binary = electronBinary();
const mainBundle = path.join(REPO_ROOT, 'out', 'main', 'index.js');
const skipReason =
  'missing' in binary
    ? `no Electron binary (${binary.missing}); run \`npm rebuild electron\` on a machine that can download it`
    : !fs.existsSync(mainBundle)
      ? `the app is not built (${mainBundle} missing); run \`npm run build:app\``
      : null;
if (skipReason) console.warn(`\n!!! SKIPPING the Electron e2e test: ${skipReason}\n`);

interface Bridge {
  invoke(channel: string, input: unknown, frontendVersion: string): Promise<unknown>;
}

describe.skipIf(skipReason !== null)('Earshot desktop app (Playwright _electron.launch)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-electron-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('opens the locked-down window, exposes window.earshot and answers the contract over IPC', async () => {
    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [mainBundle],
      env: { ...process.env, EARSHOT_DATA_DIR: dataDir, EARSHOT_DISABLE_UPDATES: '1' },
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://earshot/index.html');
      await page.waitForFunction(() => typeof (window as unknown as { earshot?: Bridge }).earshot?.invoke === 'function');
      const version = await page.evaluate(() => (window as unknown as { earshot: Bridge }).earshot.invoke('version.get', {}, '2.0.1.0'));
      expect(version).toMatchObject({ ok: true, value: { protocolVersion: 2 } });
      const mismatch = await page.evaluate(() => (window as unknown as { earshot: Bridge }).earshot.invoke('jobs.list', {}, '99.0'));
      expect(mismatch).toMatchObject({ ok: false, error: { code: 'VERSION_MISMATCH' } });
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      // No Node in the page (sandbox, no nodeIntegration) and the bridge is a frozen contextBridge copy (isolation).
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.isFrozen((window as unknown as { earshot: Bridge }).earshot))).toBe(true);
      fs.mkdirSync(path.join(REPO_ROOT, 'test-results', 'e2e'), { recursive: true });
      await page.screenshot({ path: path.join(REPO_ROOT, 'test-results', 'e2e', 'electron-window.png') });
    } finally {
      await app.close();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from '../../../../electron/server/create-server.js';
import type { WatchFolder } from '../../../../electron/shared/contract.js';
import { testEarshot } from '../../../helpers/earshot.js';
import { testModelPath } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const model = testModelPath();

describe.skipIf(!model)('watch folders over REST; earshot serve resumes the saved ones', () => {
  const tempDir = useTempDir();

  it('adds, lists and removes a watch under the data dir, refuses one elsewhere, and watches saved folders again on start', async () => {
    const dataDir = tempDir();
    const inbox = path.join(dataDir, 'inbox');
    fs.mkdirSync(inbox);
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-elsewhere-'));
    let earshot = testEarshot(dataDir, { model: model! });
    let server = await createServer({ earshot, port: 0, staticDir: null });
    let url = await server.start();
    try {
      const post = (body: unknown) => fetch(`${url}/api/watch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const added = await post({ path: 'inbox', params: { formats: ['txt'] }, settleMs: 500 });
      expect(added.status).toBe(200);
      const watch = (await added.json()) as WatchFolder;
      expect(watch).toMatchObject({ path: inbox, settleMs: 500, params: { formats: ['txt'], language: 'auto' }, active: false });
      expect((await post({ path: elsewhere })).status).toBe(403);
      expect((await post({ path: 'missing' })).status).toBe(400);
      expect((await post({ path: 'inbox', settleMs: -1 })).status).toBe(400);
      await server.close();
      await earshot.close();

      // A new process on the same data dir: start() watches the saved folder again.
      earshot = testEarshot(dataDir, { model: model! });
      server = await createServer({ earshot, port: 0, staticDir: null });
      await earshot.start();
      url = await server.start();
      const list = (await (await fetch(`${url}/api/watch`)).json()) as WatchFolder[];
      expect(list).toEqual([{ ...watch, active: true }]);
      const removed = await fetch(`${url}/api/watch/${watch.id}`, { method: 'DELETE' });
      expect(await removed.json()).toEqual({ id: watch.id });
      expect(await (await fetch(`${url}/api/watch`)).json()).toEqual([]);
      expect((await fetch(`${url}/api/watch/${watch.id}`, { method: 'DELETE' })).status).toBe(404);
    } finally {
      await server.close();
      await earshot.close();
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

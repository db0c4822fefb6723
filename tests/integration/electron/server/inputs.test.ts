import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReply } from '../../../../electron/shared/http.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { testModelPath } from '../../../helpers/paths.js';
import { startTestServer, type TestServer } from './server-fixture.js';

const model = testModelPath();

const post = (url: string, body: unknown) =>
  fetch(`${url}/api/transcribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });

describe.skipIf(!model)('earshot serve: paths that are not media files answer 400 with their own code, never 500 or a hang (issue 12 items 9-11)', () => {
  let t: TestServer;
  let inbox = '';
  const savedModel = process.env.EARSHOT_MODEL;

  beforeAll(async () => {
    process.env.EARSHOT_MODEL = model!;
    t = await startTestServer({ runJobs: false });
    inbox = path.join(t.dataDir, 'inbox');
    execFileSync('mkfifo', [path.join(inbox, 'pipe.wav')]);
    fs.symlinkSync('loop.wav', path.join(inbox, 'loop.wav'));
    fs.symlinkSync('nowhere.wav', path.join(inbox, 'gone.wav'));
  });
  afterAll(async () => {
    await t?.close();
    if (savedModel === undefined) delete process.env.EARSHOT_MODEL;
    else process.env.EARSHOT_MODEL = savedModel;
  });

  it.each([
    ['a FIFO', 'inbox/pipe.wav', 'NOT_A_FILE', 'FIFO'],
    ['a link loop', 'inbox/loop.wav', 'LINK_LOOP', 'loop'],
    ['a path through a file', 'inbox/jfk.wav/inside.wav', 'NOT_A_FOLDER', 'jfk.wav is a file, not a folder'],
    ['a name too long for the file system', `inbox/${'n'.repeat(300)}.wav`, 'NAME_TOO_LONG', 'too long'],
    ['a broken link', 'inbox/gone.wav', 'FILE_MISSING', 'broken link'],
  ])('%s: 400 with the code and a message naming the file', async (_what, rel, code, words) => {
    const res = await post(t.url, { path: rel });
    expect(res.status).toBe(400);
    const body = ErrorReply.parse(await res.json());
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(path.basename(rel));
    expect(body.error.message).toContain(words);
  });

  it('a folder holding such entries makes jobs for its media and lists the rest as rejected, each with its code', async () => {
    const res = await post(t.url, { path: 'inbox' });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { jobs: Job[]; rejected: Array<{ path: string; code: string }> };
    expect(body.jobs.map((j) => path.basename(j.sourcePath))).toEqual(['jfk.wav']);
    expect(body.rejected.map((r) => [path.basename(r.path), r.code]).sort()).toEqual([
      ['gone.wav', 'FILE_MISSING'],
      ['loop.wav', 'LINK_LOOP'],
      ['pipe.wav', 'NOT_A_FILE'],
    ]);
  });

  it.each([
    [{ windowSec: 0.0001 }, 'at least 10 s'],
    [{ windowSec: 1e9 }, 'at most 3600 s'],
    [{ windowSec: 'long' }, 'number of seconds'],
  ])('option values out of bounds (%j) are a 400 with the schema message', async (params, words) => {
    const res = await post(t.url, { path: 'inbox/jfk.wav', params });
    expect(res.status).toBe(400);
    const body = ErrorReply.parse(await res.json());
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toContain(words);
  });
});

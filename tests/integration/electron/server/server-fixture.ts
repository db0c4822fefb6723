import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Earshot } from '../../../../electron/services/earshot.js';
import { createServer, type EarshotServer, type ServerOptions } from '../../../../electron/server/create-server.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { testEarshot } from '../../../helpers/earshot.js';
import { JFK_WAV, REPO_ROOT } from '../../../helpers/paths.js';

/** A real `earshot serve` in this process: temp data dir, real Earshot (engine, SQLite), port 0 on 127.0.0.1. */
export interface TestServer {
  url: string;
  dataDir: string;
  earshot: Earshot;
  server: EarshotServer;
  close(): Promise<void>;
}

/**
 * Starts a server on a fresh temp data directory with jfk.wav copied to `<data-dir>/inbox/jfk.wav`. The default model
 * comes from $EARSHOT_MODEL (set it to testModelPath() first). With `runJobs: false` the engine and job manager are not
 * started: jobs stay queued (for tests of the HTTP layer). Close it with close(); the folder is removed.
 */
export async function startTestServer(opts: Partial<Omit<ServerOptions, 'earshot'>> & { runJobs?: boolean } = {}): Promise<TestServer> {
  const { runJobs = true, ...serverOpts } = opts;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-serve-'));
  fs.mkdirSync(path.join(dataDir, 'inbox'));
  fs.copyFileSync(JFK_WAV, path.join(dataDir, 'inbox', 'jfk.wav'));
  const earshot = testEarshot(dataDir);
  const server = await createServer({ earshot, port: 0, staticDir: null, ...serverOpts });
  if (runJobs) await earshot.start();
  const url = await server.start();
  return {
    url,
    dataDir,
    earshot,
    server,
    async close() {
      await server.close();
      await earshot.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** jfk.wav `times` over in one WAV (sox), cached under .cache/fixtures: long enough to catch a job while it runs. */
export function jfkRepeated(times: number): string {
  const dir = path.join(REPO_ROOT, '.cache', 'fixtures');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `jfk-x${times}.wav`);
  if (!fs.existsSync(out)) execFileSync('sox', [...Array.from({ length: times }, () => JFK_WAV), out]);
  return out;
}

/** GET a job until `done(job)` or `timeoutMs` (generous: whisper on 2 busy cores can take a minute for jfk.wav); returns the last job seen. */
export async function pollJob(url: string, id: string, done: (job: Job) => boolean, timeoutMs = 200_000): Promise<Job> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/api/jobs/${id}`);
    const { job } = (await res.json()) as { job: Job };
    if (done(job) || Date.now() > until) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The `ws` client (the library @fastify/websocket serves with). */
export { WebSocket as WebSocketClient } from 'ws';
export type { WebSocket as WsClientSocket } from 'ws';

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../../../../native/engine/engine-host.js';
import type { Engine, TranscribeCallbacks, TranscribeHandle, TranscribeWindowRequest } from '../../../../../native/engine/types.js';
import { CLI_ARGS, startCli } from '../../../../helpers/cli.js';
import { testEarshot } from '../../../../helpers/earshot.js';
import { makeRepeatedSpeech } from '../../../../helpers/media-fixtures.js';
import { JFK_WAV, REPO_ROOT, testModelPath } from '../../../../helpers/paths.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const model = testModelPath();

const until = async (what: string, check: () => boolean, timeoutMs = 120_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

interface JobRowLite {
  status: string;
  owner: string | null;
  attempts: number;
  error_code: string | null;
  windows_done: number;
}

/** The one job of a data dir, read straight from its database (null before it exists). */
function readJob(dataDir: string): JobRowLite | null {
  try {
    const db = new Database(path.join(dataDir, 'earshot.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT status, owner, attempts, error_code, windows_done FROM jobs').get() as JobRowLite | undefined) ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** Whether the job is being run by the process `pid` (its owner id is host:pid:token). */
const runBy = (dataDir: string, pid: number | undefined) => {
  const job = readJob(dataDir);
  return job?.status === 'running' && job.owner?.split(':')[1] === String(pid);
};

/**
 * The real engine, killing its host process (kill -9) shortly after a window starts, for the first `times` requests at
 * each offset: a native crash on the job's own input, as often as wanted, at chosen windows.
 */
class CrashingEngine implements Engine {
  readonly requests: number[] = [];
  constructor(readonly inner: EngineHost, private readonly times: number) {}
  start() {
    return this.inner.start();
  }
  stop() {
    return this.inner.stop();
  }
  transcribe(req: TranscribeWindowRequest, callbacks?: TranscribeCallbacks): TranscribeHandle {
    this.requests.push(req.offsetMs);
    const handle = this.inner.transcribe(req, callbacks);
    if (this.requests.filter((o) => o === req.offsetMs).length <= this.times) {
      const timer = setInterval(() => {
        const pid = this.inner.hostPid;
        if (pid === null) return;
        clearInterval(timer);
        process.kill(pid, 'SIGKILL');
      }, 200);
    }
    return handle;
  }
}

describe.skipIf(!model)('attempts count only failures the input causes (issue 12 item 8)', () => {
  const tempDir = useTempDir();

  it('kill -9 of the CLI 4 times and Ctrl-C twice during a job: each rerun resumes, the last completes', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    // 2 minutes of speech in 10 s windows: the compiled engine reads jfk.wav alone faster than a signal can be aimed.
    const speech = await makeRepeatedSpeech(dir, 11);
    const args = ['--data-dir', dataDir, 'transcribe', speech, '--model', model!, '--language', 'en', '--window', '10', '--format', 'txt', '--out', path.join(dataDir, 'out')];
    for (let kill = 1; kill <= 4; kill++) {
      const { child, done } = startCli(args);
      await until(`run ${kill} to claim the job`, () => runBy(dataDir, child.pid));
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');
      expect(readJob(dataDir)).toMatchObject({ status: 'running' });
    }
    // Ctrl-C in a terminal signals the whole process group: the CLI, its engine host and ffmpeg.
    for (let interrupt = 1; interrupt <= 2; interrupt++) {
      const child: ChildProcess = spawn(process.execPath, [...CLI_ARGS, ...args], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout!.resume();
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await until(`interrupted run ${interrupt} to claim the job`, () => runBy(dataDir, child.pid));
      // Well into the job: one more window committed by this run, the rest still to do.
      const committed = readJob(dataDir)!.windows_done;
      await until(`interrupted run ${interrupt} to commit a window`, () => (readJob(dataDir)?.windows_done ?? 0) > committed);
      expect(readJob(dataDir)).toMatchObject({ status: 'running' });
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited, stderr).toBe(130);
      expect(stderr).toContain('run the same command to resume');
      // Handed back, not failed: no attempt used, no error recorded.
      expect(readJob(dataDir)).toMatchObject({ status: 'queued', attempts: 0, error_code: null });
    }
    const last = await startCli(args).done;
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain('1 completed, 0 failed');
    expect(readJob(dataDir)).toMatchObject({ status: 'completed', attempts: 1, error_code: null });
  }, 600_000);

  it('an engine crash at the same window uses up the attempts, and the message says so', async () => {
    const engine = new CrashingEngine(new EngineHost({ workers: 1 }), 99);
    const dir = tempDir();
    const earshot = testEarshot(path.join(dir, 'data'), {}, { engine });
    try {
      const params = { model: model!, language: 'en', windowSec: 30, formats: ['txt' as const], outDir: path.join(dir, 'out') };
      const { job } = earshot.manager.enqueue([{ sourcePath: JFK_WAV, sourceKind: 'file', params }])[0]!;
      await earshot.start();
      await earshot.manager.waitForIdle([job.id]);
      const failed = earshot.store.require(job.id);
      expect(failed).toMatchObject({ status: 'failed', errorCode: 'ENGINE_CRASHED', attempts: 3, maxAttempts: 3 });
      expect(engine.requests).toEqual([0, 0, 0]);
      expect(failed.errorMessage).toContain(`failed 3 times in a row at 0.0 s into ${JFK_WAV}`);
      expect(failed.errorMessage).toContain('this input itself seems to cause it');
      expect(failed.errorMessage).toContain('Interrupted or killed runs are not counted');
      expect(failed.errorMessage).toContain(`earshot jobs retry ${job.id}`);
    } finally {
      await earshot.close();
    }
  }, 600_000);

  it('crashes at different windows do not add up: each committed window starts the count again', async () => {
    // Two crashes at each window: four in all, more than maxAttempts (3), yet never three at one window.
    const engine = new CrashingEngine(new EngineHost({ workers: 1 }), 2);
    const dir = tempDir();
    const speech = await makeRepeatedSpeech(dir, 2); // 22 s: two windows of about 10 s
    const earshot = testEarshot(path.join(dir, 'data'), {}, { engine });
    try {
      const { job } = earshot.manager.enqueue([{ sourcePath: speech, sourceKind: 'file', params: { model: model!, language: 'en', windowSec: 10, formats: ['txt'], outDir: path.join(dir, 'out') } }])[0]!;
      await earshot.start();
      await earshot.manager.waitForIdle([job.id]);
      const done = earshot.store.require(job.id);
      expect(done.status, `${done.errorCode} ${done.errorMessage}`).toBe('completed');
      const windows = earshot.store.windows(job.id);
      expect(windows).toHaveLength(2);
      for (const w of windows) expect(engine.requests.filter((o) => o === w.t0Ms)).toHaveLength(3);
    } finally {
      await earshot.close();
    }
  }, 600_000);
});

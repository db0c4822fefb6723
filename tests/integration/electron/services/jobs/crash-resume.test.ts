import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../../../../native/engine/engine-host.js';
import type { Engine, TranscribeCallbacks, TranscribeHandle, TranscribeWindowRequest } from '../../../../../native/engine/types.js';
import type { Segment } from '../../../../../electron/shared/jobs.js';
import { testEarshot } from '../../../../helpers/earshot.js';
import { startCli } from '../../../../helpers/cli.js';
import { testModelPath } from '../../../../helpers/paths.js';
import { knownSentences, speak } from '../../../../../bench/speech-fixtures.js';
import { useSuiteTempDir } from '../../../../helpers/temp-dir.js';

const model = testModelPath();
// 30 s windows over 22 sentences (about 90 s of speech): several windows before and after the kill.
const WINDOW_SEC = 30;

/** The real engine, recording the window offsets it was asked to transcribe (a decorator, not a stand-in). */
class CountingEngine implements Engine {
  readonly offsets: number[] = [];
  constructor(readonly inner: EngineHost) {}
  start() {
    return this.inner.start();
  }
  stop() {
    return this.inner.stop();
  }
  transcribe(req: TranscribeWindowRequest, callbacks?: TranscribeCallbacks): TranscribeHandle {
    this.offsets.push(req.offsetMs);
    return this.inner.transcribe(req, callbacks);
  }
}

const until = async (what: string, check: () => boolean, timeoutMs = 300_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe.skipIf(!model)('crash-safe resume', () => {
  const suiteDir = useSuiteTempDir();
  let audio = '';
  /** Positions, times and texts (ids differ between databases). */
  let baseline: Array<Omit<Segment, 'id' | 'original'>> = [];
  const plain = ({ index, t0Ms, t1Ms, text }: Segment) => ({ index, t0Ms, t1Ms, text });
  let baselineWindows = 0;

  /** An uninterrupted run of the same file with the same window: what every interrupted run must equal. */
  beforeAll(async () => {
    audio = speak('crash-resume', knownSentences(22).join(' '));
    const earshot = testEarshot(path.join(suiteDir(), 'baseline'));
    try {
      const { job } = earshot.manager.enqueue([{ sourcePath: audio, sourceKind: 'file', params: { model: model!, language: 'en', windowSec: WINDOW_SEC, formats: ['json'] } }])[0]!;
      await earshot.start();
      await earshot.manager.waitForIdle([job.id]);
      expect(earshot.store.require(job.id).status).toBe('completed');
      baseline = earshot.store.segments(job.id).map(plain);
      baselineWindows = earshot.store.windows(job.id).length;
      expect(baselineWindows).toBeGreaterThanOrEqual(3);
    } finally {
      await earshot.close();
    }
  }, 600_000);

  it('(a) kill -9 of the engine host mid-window: the job resumes, committed windows are not redone, the result equals an uninterrupted run', async () => {
    const engine = new CountingEngine(new EngineHost({ workers: 1 }));
    const earshot = testEarshot(path.join(suiteDir(), 'host-kill'), {}, { engine });
    try {
      const { job } = earshot.manager.enqueue([{ sourcePath: audio, sourceKind: 'file', params: { model: model!, language: 'en', windowSec: WINDOW_SEC, formats: ['json'] } }])[0]!;
      await earshot.start();
      await until('the first window commit', () => earshot.store.require(job.id).windowsDone >= 1);
      // Mid-window: the second window has been asked for and is running.
      await until('the second window to start', () => engine.offsets.length >= 2);
      await new Promise((r) => setTimeout(r, 1500));
      const committedBefore = earshot.store.require(job.id).offsetMs;
      const pid = engine.inner.hostPid!;
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      await until('the manager to notice the crash', () => earshot.store.require(job.id).errorCode === 'ENGINE_CRASHED', 10_000);
      expect(Date.now() - killedAt).toBeLessThan(5000);
      await earshot.manager.waitForIdle([job.id]);
      const done = earshot.store.require(job.id);
      // The crash used one attempt at the killed window; the windows committed after it start the count again.
      expect(done).toMatchObject({ status: 'completed', attempts: 1 });
      expect(engine.inner.restarts).toBeGreaterThanOrEqual(1);
      expect(engine.inner.hostPid).not.toBe(pid);
      // Each committed window was transcribed once; only the killed window was asked for twice.
      const windows = earshot.store.windows(job.id);
      expect(windows).toHaveLength(baselineWindows);
      for (const w of windows) {
        expect(engine.offsets.filter((o) => o === w.t0Ms)).toHaveLength(w.t0Ms === committedBefore ? 2 : 1);
      }
      expect(earshot.store.segments(job.id).map(plain)).toEqual(baseline);
    } finally {
      await earshot.close();
    }
  }, 600_000);

  it('(b) kill -9 of the whole CLI mid-job: the same command resumes from the last committed window and ends equal', async () => {
    const dataDir = path.join(suiteDir(), 'cli-kill');
    const args = ['--data-dir', dataDir, 'transcribe', audio, '--model', model!, '--language', 'en', '--window', String(WINDOW_SEC), '--format', 'json', '--out', path.join(dataDir, 'out')];
    const env = { EARSHOT_LOG_LEVEL: 'info' };
    const first = startCli(args, env);
    const dbFile = path.join(dataDir, 'earshot.db');
    const windowsDone = () => {
      try {
        const db = new Database(dbFile, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('SELECT windows_done FROM jobs').get() as { windows_done: number } | undefined)?.windows_done ?? 0;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    await until('the first window commit', () => windowsDone() >= 1);
    first.child.kill('SIGKILL');
    await first.done;
    const committed = windowsDone();
    expect(committed).toBeGreaterThanOrEqual(1);
    expect(committed).toBeLessThan(baselineWindows);

    const second = await startCli(args, env).done;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/resuming at/);
    const started = second.stderr
      .split('\n')
      .filter((l) => l.includes('"window started"'))
      .map((l) => (JSON.parse(l) as { t0Ms: number }).t0Ms);
    // The resumed run started at the committed offset and never went back over a committed window.
    expect(started).toHaveLength(baselineWindows - committed);
    const db = new Database(dbFile, { readonly: true });
    const job = db.prepare('SELECT id, status FROM jobs').get() as { id: string; status: string };
    const offsets = (db.prepare('SELECT t0_ms FROM job_windows WHERE job_id = ? ORDER BY idx').all(job.id) as Array<{ t0_ms: number }>).map((r) => r.t0_ms);
    const segments = (db.prepare('SELECT idx, t0_ms, t1_ms, text FROM segments WHERE job_id = ? ORDER BY idx').all(job.id) as Array<{ idx: number; t0_ms: number; t1_ms: number; text: string }>)
      .map((r) => ({ index: r.idx, t0Ms: r.t0_ms, t1Ms: r.t1_ms, text: r.text }));
    db.close();
    expect(job.status).toBe('completed');
    expect(Math.min(...started)).toBe(offsets[committed]);
    expect(offsets).toHaveLength(baselineWindows);
    expect(segments).toEqual(baseline);
  }, 600_000);
});

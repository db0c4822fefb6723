import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { trustedCall } from '../../../../../electron/services/_utils/call-context.js';
import type { Earshot } from '../../../../../electron/services/earshot.js';
import { startCli } from '../../../../helpers/cli.js';
import { testEarshot, transcriptText } from '../../../../helpers/earshot.js';
import { FIXTURE_AUDIO_DIR, JFK_WAV, testModelPath } from '../../../../helpers/paths.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const model = testModelPath();
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `text()` contains `needle`, checking on every chunk of `stream`; rejects after `ms`. */
function waitFor(stream: NodeJS.ReadableStream, text: () => string, needle: string, ms = 240_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${JSON.stringify(needle)} in:\n${text()}`)), ms);
    const check = () => {
      if (!text().includes(needle)) return;
      clearTimeout(timer);
      stream.off('data', check);
      resolve();
    };
    stream.on('data', check);
    check();
  });
}

/** Starts `earshot watch` and waits until it says it is watching. */
async function startWatch(args: string[]) {
  const run = startCli(['watch', ...args]);
  let stdout = '';
  let stderr = '';
  run.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  run.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitFor(run.child.stderr!, () => stderr, 'press Ctrl+C');
  return { ...run, out: () => stdout, err: () => stderr };
}

function jobsIn(dataDir: string): Array<{ source_path: string; status: string; content_hash: string }> {
  const db = new Database(path.join(dataDir, 'earshot.db'), { readonly: true });
  try {
    return db.prepare('SELECT source_path, status, content_hash FROM jobs').all() as Array<{ source_path: string; status: string; content_hash: string }>;
  } finally {
    db.close();
  }
}

describe.skipIf(!model)('earshot watch (real chokidar watcher, real whisper)', () => {
  const tempDir = useTempDir();

  it('transcribes a file copied into a watched folder; after a restart picks up a file added meanwhile and does not redo one done', async () => {
    const root = tempDir();
    const dataDir = path.join(root, 'data');
    const inbox = path.join(root, 'inbox');
    fs.mkdirSync(path.join(inbox, 'monday'), { recursive: true });

    const first = await startWatch(['--data-dir', dataDir, inbox, '--model', model!, '--language', 'en', '--format', 'txt', '--settle', '1s']);
    const copied = path.join(inbox, 'monday', 'jfk.wav');
    fs.copyFileSync(JFK_WAV, copied);
    await waitFor(first.child.stdout!, first.out, `${copied} ->`);
    expect(fs.readFileSync(path.join(inbox, 'monday', 'jfk.txt'), 'utf8')).toMatch(/ask not what your country/i);
    first.child.kill('SIGINT');
    expect((await first.done).code, first.err()).toBe(0);

    // Added while nothing watched.
    const added = path.join(inbox, 'jfk.mp3');
    fs.copyFileSync(path.join(FIXTURE_AUDIO_DIR, 'jfk.mp3'), added);
    const second = await startWatch(['--data-dir', dataDir]);
    expect(second.err()).toContain(`watching`);
    expect(second.err()).toContain(inbox);
    await waitFor(second.child.stdout!, second.out, `${added} ->`);
    second.child.kill('SIGINT');
    expect((await second.done).code, second.err()).toBe(0);
    expect(second.out()).not.toContain(`${copied} ->`);
    expect(second.err()).not.toContain(`transcribing ${copied}`);
    expect(fs.readFileSync(path.join(inbox, 'jfk.txt'), 'utf8')).toMatch(/your country/i);
    const jobs = jobsIn(dataDir);
    expect(jobs.map((j) => [j.source_path, j.status]).sort()).toEqual([[added, 'completed'], [copied, 'completed']].sort());
  });

  it('does not pick up a file being written slowly until it is complete (in-process watch service)', async () => {
    const root = tempDir();
    const folder = path.join(root, 'inbox');
    fs.mkdirSync(folder);
    let earshot: Earshot | null = testEarshot(path.join(root, 'data'), { model: model! });
    try {
      const w = await earshot.watch.add({ path: folder, params: { language: 'en', formats: ['txt'] }, settleMs: 2000 }, trustedCall());
      expect(w).toMatchObject({ path: folder, settleMs: 2000, params: { formats: ['txt'] } });
      await earshot.start();
      await earshot.watch.ready();
      expect((await earshot.watch.list()).map((x) => x.active)).toEqual([true]);

      const target = path.join(folder, 'slow.wav');
      const bytes = fs.readFileSync(JFK_WAV);
      const fd = fs.openSync(target, 'w');
      const chunks = 12;
      const step = Math.ceil(bytes.length / chunks);
      for (let i = 0; i < chunks; i++) {
        fs.writeSync(fd, bytes, i * step, Math.min(step, bytes.length - i * step));
        await sleep(350);
        // Still being written: nothing may be queued for it yet.
        expect(earshot.store.list().filter((j) => j.sourcePath === target), `after chunk ${i + 1} of ${chunks}`).toEqual([]);
      }
      fs.closeSync(fd);

      const done = await new Promise<string>((resolve) => {
        const check = () => {
          const job = earshot!.store.list().find((j) => j.sourcePath === target && j.status === 'completed');
          if (job) resolve(job.id);
        };
        earshot!.jobs.on('job', check);
        check();
      });
      const jobs = earshot.store.list().filter((j) => j.sourcePath === target);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.contentHash).toBe(sha256(target));
      expect(transcriptText(earshot, { id: done })).toMatch(/ask what you can do for your country/i);

      await earshot.watch.remove({ id: w.id });
      expect(await earshot.watch.list()).toEqual([]);
    } finally {
      await earshot?.close();
      earshot = null;
    }
  });
});

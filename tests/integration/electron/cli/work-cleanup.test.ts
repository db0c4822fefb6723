import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../../helpers/cli.js';
import { JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const model = testModelPath();

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** Pids whose parent is `pid` (from /proc: the ffmpeg a CLI runs). */
function childrenOf(pid: number): number[] {
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((n) => {
    try {
      const stat = fs.readFileSync(`/proc/${n}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid ? [Number(n)] : [];
    } catch {
      return [];
    }
  });
}

describe.skipIf(!model || process.platform !== 'linux')('the work folder does not grow forever', () => {
  const tempDir = useTempDir('earshot-work-');

  it('(7) a kill during conversion leaves a .partial that the next start removes; finished and cancelled jobs lose their work files; (6) jobs delete keeps transcripts', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const work = path.join(data, 'work');
    const long = path.join(dir, 'hour.wav');
    execFileSync('sox', ['-n', '-r', '8000', '-c', '1', long, 'synth', '3600', 'sine', '440']); // 1 h: converting takes a while

    // 1. Killed (with its ffmpeg, as a closed terminal kills the whole process group) while converting.
    const first = startCli(['--data-dir', data, 'transcribe', long, '--model', model!, '--format', 'txt']);
    const deadline = Date.now() + 120_000;
    while (!filesUnder(work).some((f) => f.endsWith('.partial'))) {
      if (Date.now() > deadline) throw new Error('no conversion seen');
      await new Promise((r) => setTimeout(r, 10));
    }
    const ffmpeg = childrenOf(first.child.pid!);
    first.child.kill('SIGKILL');
    for (const pid of ffmpeg) process.kill(pid, 'SIGKILL');
    await first.done;
    const db = new Database(path.join(data, 'earshot.db'), { readonly: true });
    const longId = (db.prepare('SELECT id FROM jobs').get() as { id: string }).id;
    db.close();
    expect(filesUnder(work)).toEqual([expect.stringMatching(new RegExp(`^${longId}/audio\\.wav\\.[0-9a-f]+\\.partial$`))]);

    // 2. The next run (another file) removes the partial at start-up and its own WAV when its job completes.
    const next = await runCli(['--data-dir', data, 'transcribe', JFK_WAV, '--out', path.join(dir, 'out'), '--model', model!, '--language', 'en', '--format', 'txt']);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(filesUnder(work)).toEqual([]);
    expect(fs.readdirSync(work)).toEqual([longId]); // the interrupted job may still resume; only its partial went

    // 3. Cancelling the interrupted job removes what is left of its work folder.
    const cancel = await runCli(['--data-dir', data, 'jobs', 'cancel', longId]);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain('cancelled');
    expect(fs.readdirSync(work)).toEqual([]);

    // 4. `earshot jobs delete` removes jobs, never the transcripts a job wrote.
    const txt = path.join(dir, 'out', 'jfk.txt');
    const transcript = fs.readFileSync(txt, 'utf8');
    const ro = new Database(path.join(data, 'earshot.db'), { readonly: true });
    const jfkId = (ro.prepare('SELECT id FROM jobs WHERE source_path = ?').get(JFK_WAV) as { id: string }).id;
    ro.close();
    for (const id of [longId, jfkId]) {
      const del = await runCli(['--data-dir', data, 'jobs', 'delete', id]);
      expect(del.code, del.stderr).toBe(0);
      expect(del.stdout).toContain(`deleted ${id}`);
      if (id === jfkId) expect(del.stdout).toContain(`kept its transcripts: ${txt}`);
    }
    expect(fs.readFileSync(txt, 'utf8')).toBe(transcript);
    const again = await runCli(['--data-dir', data, 'jobs', 'delete', jfkId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('[NOT_FOUND]');
    const list = await runCli(['--data-dir', data, 'jobs', 'list']);
    expect(list.stdout).toBe('no jobs\n');
  }, 300_000);
});

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../../helpers/cli.js';
import { ffmpeg } from '../../../helpers/media-fixtures.js';
import { JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../helpers/temp-dir.js';

const model = testModelPath();

/** A 44-byte PCM WAV header declaring `rate` Hz, mono, 16-bit, followed by `dataBytes` bytes of a constant. */
function wavClaiming(rate: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([h, Buffer.alloc(dataBytes, 7)]);
}

/**
 * Watches `dir` (the work folder) while a command runs, polling every few ms: the largest size each file under it
 * reached. stop() ends the watch and returns path (relative) -> bytes.
 */
function watchFiles(dir: string): { stop: () => Map<string, number> } {
  const largest = new Map<string, number>();
  const look = () => {
    let names: string[];
    try {
      names = fs.readdirSync(dir, { recursive: true }) as string[];
    } catch {
      return;
    }
    for (const name of names) {
      const st = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
      if (st?.isFile()) largest.set(name, Math.max(st.size, largest.get(name) ?? 0));
    }
  };
  const timer = setInterval(look, 5);
  return {
    stop: () => {
      clearInterval(timer);
      look();
      return largest;
    },
  };
}

/** The job id of each source path in the data dir's database. */
function jobIds(dataDir: string): Map<string, string> {
  const db = new Database(path.join(dataDir, 'earshot.db'), { readonly: true });
  try {
    return new Map((db.prepare('SELECT id, source_path FROM jobs').all() as Array<{ id: string; source_path: string }>).map((r) => [r.source_path, r.id]));
  } finally {
    db.close();
  }
}

/** The job ids the runner logged 'converting' for (pino JSON lines on stderr at log level info). */
function converted(stderr: string): Set<string> {
  const ids = new Set<string>();
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; jobId?: string };
    if (entry.msg === 'converting' && entry.jobId) ids.add(entry.jobId);
  }
  return ids;
}

/** The summary line of `file`. */
function failedLine(stdout: string, file: string): string | undefined {
  return stdout.split('\n').find((l) => l.includes(`FAILED ${file}:`));
}

describe.skipIf(!model)('resource limits (issue 12 #14): inputs too long, with absurd sample rates, or too big for the disk fail before conversion', () => {
  const suiteDir = useSuiteTempDir('earshot-limits-');
  let dir = '';
  const input: Record<'long' | 'oneHz' | 'liar' | 'good', string> = { long: '', oneHz: '', liar: '', good: '' };

  beforeAll(async () => {
    dir = suiteDir();
    const inputs = path.join(dir, 'inputs');
    fs.mkdirSync(inputs);
    // 3 minutes of silence as MP3 (declares 180 s).
    input.long = path.join(inputs, 'three-minutes.mp3');
    await ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '180', '-c:a', 'libmp3lame', '-b:a', '8k', input.long]);
    // 20 KB of samples under a header claiming 1 Hz: 10,000 s (2.8 h) of audio, a 320 MB WAV if converted.
    input.oneHz = path.join(inputs, 'one-hertz.wav');
    fs.writeFileSync(input.oneHz, wavClaiming(1, 20_000));
    // An MP3 whose length is only estimated from the bitrate of its first frames (no Xing header): 10 s at 160 kb/s,
    // then 300 s at 8 kb/s. ffprobe says about 25 s; it decodes to 310 s.
    const loud = path.join(dir, 'loud.mp3');
    const quiet = path.join(dir, 'quiet.mp3');
    const xingless = ['-write_xing', '0', '-id3v2_version', '0', '-f', 'mp3'];
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:r=16000', '-t', '10', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '160k', ...xingless, loud]);
    await ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '300', '-c:a', 'libmp3lame', '-b:a', '8k', ...xingless, quiet]);
    input.liar = path.join(inputs, 'header-lies.mp3');
    fs.writeFileSync(input.liar, Buffer.concat([fs.readFileSync(loud), fs.readFileSync(quiet)]));
    input.good = path.join(inputs, 'jfk.wav');
    fs.copyFileSync(JFK_WAV, input.good);
  }, 120_000);

  it('a 60 s limit ($EARSHOT_MAX_DURATION): TOO_LONG for 3 minutes, BAD_AUDIO for 1 Hz, both unconverted; a lying header stops at the limit; the good file completes', async () => {
    const data = path.join(dir, 'data-duration');
    const work = path.join(data, 'work');
    const out = path.join(dir, 'out');
    const watch = watchFiles(work);
    const run = await startCli(
      ['--data-dir', data, 'transcribe', input.long, input.oneHz, input.liar, input.good, '--model', model!, '--language', 'en', '--format', 'txt', '--out', out],
      { EARSHOT_MAX_DURATION: '60', EARSHOT_LOG_LEVEL: 'info' },
    ).done;
    const seen = watch.stop();
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('1 completed, 3 failed');

    const long = failedLine(run.stdout, input.long);
    expect(long, run.stdout).toContain('[TOO_LONG]');
    expect(long).toContain('3 min 0 s of audio, more than the limit of 1 min 0 s per job; not converted');
    expect(long).toContain('--duration-limit, $EARSHOT_MAX_DURATION or maxDurationMs in settings.json');
    expect(failedLine(run.stdout, input.oneHz), run.stdout).toContain('[BAD_AUDIO]');
    expect(failedLine(run.stdout, input.oneHz)).toContain('claims a sample rate of 1 Hz');
    const liar = failedLine(run.stdout, input.liar);
    expect(liar, run.stdout).toContain('[TOO_LONG]');
    expect(liar).toContain('goes on past the limit of 1 min 0 s (its header said 25.1 s); stopped converting there');
    expect(fs.readFileSync(path.join(out, 'jfk.txt'), 'utf8')).toMatch(/ask not what your country can do for you/i);

    // The refused inputs were never converted: no 'converting' step and no file in the work folder for their jobs.
    const ids = jobIds(data);
    const started = converted(run.stderr);
    expect(started.has(ids.get(input.long)!)).toBe(false);
    expect(started.has(ids.get(input.oneHz)!)).toBe(false);
    expect(started.has(ids.get(input.liar)!)).toBe(true);
    expect([...seen.keys()].filter((f) => f.startsWith(ids.get(input.long)!) || f.startsWith(ids.get(input.oneHz)!))).toEqual([]);
    // The lying file's conversion wrote at most the limit (+1 s) of 16 kHz audio, not its 310 s (9.9 MB).
    const liarBytes = Math.max(0, ...[...seen].filter(([f]) => f.startsWith(ids.get(input.liar)!)).map(([, n]) => n));
    expect(liarBytes).toBeLessThanOrEqual(61 * 32_000 + 4096);
    // Nothing is left in the work folder.
    expect(fs.readdirSync(work, { recursive: true })).toEqual([]);
  }, 300_000);

  it('DISK_FULL with a reserve larger than the disk (--min-free), before conversion; after a retry without it the job completes', async () => {
    const data = path.join(dir, 'data-disk');
    const out = path.join(dir, 'out-disk');
    const run = await runCli(['--data-dir', data, 'transcribe', input.good, '--min-free', '1PB', '--model', model!, '--language', 'en', '--format', 'txt', '--out', out]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const id = jobIds(data).get(input.good)!;
    const line = failedLine(run.stdout, input.good);
    expect(line, run.stdout).toContain('[DISK_FULL]');
    expect(line).toMatch(/converting 11 s of audio needs about [\d.]+KB in .*, which has [\d.]+[KMGT]?B free, and Earshot keeps 1PB free/);
    expect(line).toContain('--min-free, $EARSHOT_MIN_FREE or minFreeBytes in settings.json');
    expect(line).toContain(`earshot jobs retry ${id}`);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(path.join(data, 'work'))).toEqual([]);

    const retry = await runCli(['--data-dir', data, 'jobs', 'retry', id]);
    expect(retry.code, retry.stderr).toBe(0);
    const again = await runCli(['--data-dir', data, 'jobs', 'run'], { EARSHOT_MIN_FREE: '1MB' });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'jfk.txt'), 'utf8')).toMatch(/ask not what your country can do for you/i);
  }, 300_000);
});

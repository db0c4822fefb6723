import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../../../helpers/cli.js';
import { ffmpeg } from '../../../helpers/media-fixtures.js';
import { JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useSuiteTempDir, useTempDir } from '../../../helpers/temp-dir.js';

const model = testModelPath();

/** Runs the real CLI, killing it (and failing the test) if it has not ended after `timeoutMs`: a hang is a failure. */
async function runBounded(args: string[], timeoutMs = 240_000) {
  const { child, done } = startCli(args);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const result = await done;
  clearTimeout(timer);
  expect(result.signal, `earshot ${args.join(' ')} did not end within ${timeoutMs} ms\n${result.stderr}`).toBeNull();
  return result;
}

/** The summary line (stdout) that names `file` as failed, or undefined. */
const failedLine = (stdout: string, file: string) => stdout.split('\n').find((l) => l.startsWith(`  FAILED ${file}: `));

/** A few seconds of the JFK speech, cut with ffmpeg: a real, short good input. */
async function speechClip(out: string, startSec: number, lengthSec: number): Promise<string> {
  await ffmpeg(['-i', JFK_WAV, '-ss', String(startSec), '-t', String(lengthSec), '-c:a', 'pcm_s16le', out]);
  return out;
}

describe.skipIf(!model)('earshot transcribe: inputs that are not plain media files (issue items 9, 10, 12, 13, 18)', () => {
  const suiteDir = useSuiteTempDir();
  let dir = '';
  let inputs = '';
  let run: Awaited<ReturnType<typeof runBounded>>;
  const named = { fifo: '', loopA: '', throughFile: '', tooLong: '' };
  const walked = { fifo: '', dangling: '', loop: '', random: '', ansi: '' };
  const ansiName = '\u001b[31mred\nforged line.mp3';

  beforeAll(async () => {
    dir = suiteDir();
    inputs = path.join(dir, 'inputs');
    fs.mkdirSync(path.join(inputs, 'sub'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'elsewhere'));
    await speechClip(path.join(inputs, 'speech.wav'), 0, 2.5);
    await speechClip(path.join(dir, 'elsewhere', 'other.wav'), 3, 2.5);
    // In the walked folder: a link to media elsewhere (followed), and entries named like media that are not media files.
    fs.symlinkSync(path.join('..', 'elsewhere', 'other.wav'), path.join(inputs, 'linked.wav'));
    walked.fifo = path.join(inputs, 'pipe.wav');
    execFileSync('mkfifo', [walked.fifo]);
    walked.dangling = path.join(inputs, 'gone.mp3');
    fs.symlinkSync('nowhere.mp3', walked.dangling);
    walked.loop = path.join(inputs, 'loop.m4a');
    fs.symlinkSync('loop.m4a', walked.loop);
    for (const n of [1, 2, 3]) fs.writeFileSync(path.join(inputs, `empty${n}.wav`), '');
    walked.random = path.join(inputs, 'random.mp4');
    fs.writeFileSync(walked.random, Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919 + 13) % 251)));
    walked.ansi = path.join(inputs, ansiName);
    fs.writeFileSync(walked.ansi, 'a shopping list, not a song\n'.repeat(40));
    fs.mkdirSync(path.join(inputs, 'folder.mp3'));
    fs.symlinkSync('..', path.join(inputs, 'sub', 'up'));
    // Named directly.
    named.fifo = path.join(dir, 'named-pipe.wav');
    execFileSync('mkfifo', [named.fifo]);
    named.loopA = path.join(dir, 'a.wav');
    fs.symlinkSync('b.wav', named.loopA);
    fs.symlinkSync('a.wav', path.join(dir, 'b.wav'));
    named.throughFile = path.join(inputs, 'speech.wav', 'inside.wav');
    named.tooLong = path.join(dir, `${'x'.repeat(300)}.wav`);
    run = await runBounded(['--data-dir', path.join(dir, 'data'), 'transcribe', inputs, named.fifo, named.loopA, named.throughFile, named.tooLong,
      '--model', model!, '--language', 'en', '--format', 'txt', '--out', path.join(dir, 'out')]);
  }, 600_000);

  it('(9) a FIFO, named or found in a folder, fails that input with NOT_A_FILE at once instead of hanging', () => {
    for (const fifo of [named.fifo, walked.fifo]) expect(failedLine(run.stdout, fifo), run.stdout).toContain('[NOT_A_FILE]');
    expect(failedLine(run.stdout, named.fifo)).toContain('FIFO');
  });

  it('(10) a link loop, a path through a file and a too-long name fail only that input, each with its own code', () => {
    expect(failedLine(run.stdout, named.loopA), run.stdout).toContain('[LINK_LOOP]');
    expect(failedLine(run.stdout, named.throughFile), run.stdout).toContain(`[NOT_A_FOLDER]`);
    expect(failedLine(run.stdout, named.throughFile)).toContain(`${path.join(inputs, 'speech.wav')} is a file, not a folder`);
    expect(failedLine(run.stdout, named.tooLong), run.stdout).toContain('[NAME_TOO_LONG]');
    expect(run.stdout + run.stderr).not.toContain('[INTERNAL]');
    expect(run.code, run.stderr).toBe(1);
  });

  it('(12) every input named or found appears in the summary: links to media are followed, the rest skipped or failed with a reason', () => {
    expect(run.stdout).toContain(`${path.join(inputs, 'speech.wav')} -> ${path.join(dir, 'out', 'speech.txt')}`);
    expect(run.stdout).toContain(`${path.join(inputs, 'linked.wav')} -> ${path.join(dir, 'out', 'linked.txt')}`);
    expect(fs.readFileSync(path.join(dir, 'out', 'speech.txt'), 'utf8').toLowerCase()).toContain('fellow');
    expect(fs.readFileSync(path.join(dir, 'out', 'linked.txt'), 'utf8').trim().length).toBeGreaterThan(0);
    expect(failedLine(run.stdout, walked.dangling), run.stdout).toMatch(/\[FILE_MISSING\].*broken link.*nowhere\.mp3/);
    expect(failedLine(run.stdout, walked.loop), run.stdout).toContain('[LINK_LOOP]');
    for (const n of [1, 2, 3]) expect(failedLine(run.stdout, path.join(inputs, `empty${n}.wav`)), run.stdout).toContain('[FILE_EMPTY]');
    expect(run.stdout).toContain(`  skipped ${path.join(inputs, 'folder.mp3')}: a folder, not a media file`);
    expect(run.stdout).toContain(`  skipped ${path.join(inputs, 'sub', 'up')}: a link to a folder already being walked`);
    // 2 done; 3 named + fifo, dangling, loop, 3 empty, random, ansi = 12 failed; the media-named folder and the folder loop skipped.
    expect(run.stdout).toContain('2 completed, 12 failed, 2 skipped');
    // Each input once, even when it is both named and found by the walk.
    expect(run.stdout.split('\n').filter((l) => l.includes(walked.fifo))).toHaveLength(1);
  });

  it('(13) random bytes named .mp4 are "not an audio or video file", not a truncated one', () => {
    const line = failedLine(run.stdout, walked.random);
    expect(line, run.stdout).toContain('[NOT_MEDIA]');
    expect(line).toContain('not an audio or video file');
    expect(line).not.toMatch(/ends early|index/);
  });

  it('(18) a name with ANSI escapes and a newline is printed escaped in progress, summary and jobs list', async () => {
    const escaped = path.join(inputs, '\\x1b[31mred\\nforged line.mp3');
    for (const text of [run.stdout, run.stderr]) expect(text).not.toContain('\u001b');
    expect(run.stderr).toContain(`running  ${escaped}`);
    expect(run.stderr).toContain(`FAILED   ${escaped}: [NOT_MEDIA]`);
    expect(failedLine(run.stdout, escaped), run.stdout).toContain('[NOT_MEDIA]');
    expect(run.stdout.split('\n').some((l) => l.startsWith('forged line.mp3'))).toBe(false);
    const list = await runBounded(['--data-dir', path.join(dir, 'data'), 'jobs', 'list', '--limit', '50'], 60_000);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).not.toContain('\u001b');
    expect(list.stdout).toContain('\\x1b[31mred\\nforged line.mp3  [NOT_MEDIA]');
    // The name itself is stored as it is: only its printing is escaped.
    const db = new Database(path.join(dir, 'data', 'earshot.db'), { readonly: true });
    const paths = (db.prepare('SELECT source_path FROM jobs').all() as Array<{ source_path: string }>).map((r) => r.source_path);
    db.close();
    expect(paths).toContain(walked.ansi);
  });
});

describe('earshot transcribe: option values are checked at the edge (issue item 11)', () => {
  const tempDir = useTempDir();

  it.each([
    [['--window', '0.0001'], '--window', 'at least 10 s'],
    [['--window', '7200'], '--window', 'at most 3600 s'],
    [['--window', 'soon'], '--window', 'number of seconds'],
    [['--concurrency', '0'], '--concurrency', 'at least 1'],
    [['--concurrency', '1.5'], '--concurrency', 'whole number'],
    [['--concurrency', 'many'], '--concurrency', 'whole number'],
    [['--max-size', 'huge'], '--max-size', 'not a size'],
    [['--min-duration', 'later'], '--min-duration', 'not a duration'],
    [['--min-size', '2MB', '--max-size', '1MB'], '--min-size', 'larger than --max-size'],
  ])('%j is refused with a clear error naming the option, before anything runs', async (flags, option, message) => {
    const dataDir = path.join(tempDir(), 'data');
    const result = await runBounded(['--data-dir', dataDir, 'transcribe', JFK_WAV, ...flags], 60_000);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(option);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('INTERNAL');
    expect(fs.existsSync(path.join(dataDir, 'earshot.db'))).toBe(false);
  }, 90_000);
});

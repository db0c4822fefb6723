import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../helpers/temp-dir.js';
import { wordErrorRate } from '../../../helpers/wer.js';

const model = testModelPath();

/** SHA-256 of every file under `dir` (recursively), keyed by path. */
function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out.set(file, createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  }
  return out;
}

function place(file: string, from = JFK_WAV): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(from, file);
  return file;
}

const jfkLike = (file: string) => expect(wordErrorRate(JFK_TEXT, fs.readFileSync(file, 'utf8'))).toBeLessThanOrEqual(0.1);

describe.skipIf(!model)('earshot transcribe keeps what is there and gives every input its own outputs', () => {
  const suiteDir = useSuiteTempDir('earshot-kept-');
  let dir = '';
  let data = '';
  let first: Awaited<ReturnType<typeof runCli>>;
  let before = new Map<string, string>();
  const longName = `${'l'.repeat(220)}.wav`; // 224 bytes: its temp output file once exceeded 255 bytes
  const longestName = `${'m'.repeat(251)}.wav`; // 255 bytes: `<name>.json` would be 256
  const cli = (...args: string[]) => runCli(['--data-dir', data, 'transcribe', ...args, '--model', model!, '--language', 'en']);

  beforeAll(async () => {
    dir = suiteDir();
    data = path.join(dir, 'data');
    place(path.join(dir, 'beside', 'lecture.wav'));
    fs.writeFileSync(path.join(dir, 'beside', 'lecture.txt'), 'my own notes on the lecture\n');
    place(path.join(dir, 'beside', 'copy of lecture.wav'));
    place(path.join(dir, 'long', longName));
    place(path.join(dir, 'long', longestName));
    before = hashTree(dir);
    first = await cli(path.join(dir, 'beside'), path.join(dir, 'long'), '--format', 'txt,srt');
  }, 600_000);

  it('(1) keeps a lecture.txt it did not write, writes the transcript set beside it as lecture.1.*, and says so', () => {
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'beside', 'lecture.txt'), 'utf8')).toBe('my own notes on the lecture\n');
    jfkLike(path.join(dir, 'beside', 'lecture.1.txt'));
    expect(fs.existsSync(path.join(dir, 'beside', 'lecture.1.srt'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'beside', 'lecture.srt'))).toBe(false);
    const note = first.stdout.split('\n').find((l) => l.includes('note:'));
    expect(note).toContain(`${path.join(dir, 'beside', 'lecture.txt')} was kept (Earshot did not write it)`);
    expect(note).toContain(path.join(dir, 'beside', 'lecture.1.txt'));
    expect(note).toContain('--overwrite');
  });

  it('(4) transcribes identical content once and writes outputs for every input path', () => {
    const expected = ['beside/lecture.1.txt', 'beside/copy of lecture.txt', `long/${longName.replace(/\.wav$/, '.txt')}`];
    for (const rel of expected) jfkLike(path.join(dir, rel));
    const db = new Database(path.join(data, 'earshot.db'), { readonly: true });
    const jobs = db.prepare('SELECT status, processing_ms FROM jobs').all() as Array<{ status: string; processing_ms: number }>;
    db.close();
    expect(jobs.map((j) => j.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(jobs.filter((j) => j.processing_ms > 0)).toHaveLength(1);
    expect(first.stdout).toContain('4 completed, 0 failed');
  });

  it('(5) transcribes inputs with names of 224 and 255 bytes; an output name too long is shortened with a hash', () => {
    jfkLike(path.join(dir, 'long', `${'l'.repeat(220)}.txt`));
    const outputs = fs.readdirSync(path.join(dir, 'long')).filter((n) => n.startsWith('m') && !n.endsWith('.wav'));
    expect(outputs.sort()).toEqual([expect.stringMatching(/^m+~[0-9a-f]{8}\.srt$/), expect.stringMatching(/^m+~[0-9a-f]{8}\.txt$/)]);
    for (const n of outputs) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(255);
    jfkLike(path.join(dir, 'long', outputs.find((n) => n.endsWith('.txt'))!));
  });

  it('changes no file that was there before, and leaves no work files behind', () => {
    const after = hashTree(dir);
    for (const [file, hash] of before) expect(after.get(file), file).toBe(hash);
    expect(fs.readdirSync(path.join(data, 'work'))).toEqual([]);
  });

  it('(1) a second run skips what it did, and --overwrite replaces a file it did not write (and says so)', async () => {
    const again = await cli(path.join(dir, 'beside'), '--format', 'txt,srt');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 completed, 0 failed, 2 skipped');
    expect(fs.readFileSync(path.join(dir, 'beside', 'lecture.txt'), 'utf8')).toBe('my own notes on the lecture\n');

    const talk = place(path.join(dir, 'forced', 'talk.wav'));
    fs.writeFileSync(path.join(dir, 'forced', 'talk.txt'), 'an old transcript from another tool\n');
    const forced = await cli(talk, '--format', 'txt', '--overwrite');
    expect(forced.code, forced.stderr).toBe(0);
    jfkLike(path.join(dir, 'forced', 'talk.txt'));
    expect(forced.stdout).toContain(`note: ${path.join(dir, 'forced', 'talk.txt')}: replaced (Earshot did not write it; --overwrite)`);
  });

  it('(4) under --out, two folders holding the same relative name get outputs of their own', async () => {
    place(path.join(dir, 'A', 'X', 'talk.wav'));
    place(path.join(dir, 'B', 'X', 'talk.wav'));
    const out = path.join(dir, 'out');
    const run = await cli(path.join(dir, 'A'), path.join(dir, 'B'), '--out', out, '--format', 'txt');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    jfkLike(path.join(out, 'A', 'X', 'talk.txt'));
    jfkLike(path.join(out, 'B', 'X', 'talk.txt'));
    expect(fs.existsSync(path.join(out, 'X'))).toBe(false);
  });

  it('(5) --out naming a file is refused before anything is queued or transcribed', async () => {
    const db = () => new Database(path.join(data, 'earshot.db'), { readonly: true });
    const count = () => {
      const d = db();
      try {
        return (d.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n;
      } finally {
        d.close();
      }
    };
    const jobsBefore = count();
    const target = path.join(dir, 'beside', 'lecture.txt');
    const run = await cli(place(path.join(dir, 'fresh', 'new.wav')), '--out', target);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[BAD_REQUEST]');
    expect(run.stderr).toContain(`${target} is a file, not a folder`);
    expect(count()).toBe(jobsBefore);
    expect(fs.readFileSync(target, 'utf8')).toBe('my own notes on the lecture\n');
  });
});

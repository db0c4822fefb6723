import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli.js';
import { makeEmptyFile, makeTextAsMp3, makeTruncatedMp3, makeVideoWithoutAudio } from '../../../helpers/media-fixtures.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../helpers/temp-dir.js';
import { wordErrorRate } from '../../../helpers/wer.js';

const model = testModelPath();

describe.skipIf(!model)('earshot transcribe on a batch with bad inputs', () => {
  const suiteDir = useSuiteTempDir();
  let dir = '';
  let first: Awaited<ReturnType<typeof runCli>>;
  const bad: Record<string, string> = {};

  beforeAll(async () => {
    dir = suiteDir();
    const inputs = path.join(dir, 'inputs');
    fs.mkdirSync(path.join(inputs, 'nested'), { recursive: true });
    fs.copyFileSync(JFK_WAV, path.join(inputs, 'nested', 'good.wav'));
    bad.FILE_EMPTY = makeEmptyFile(inputs, 'empty.mp3');
    bad.NOT_MEDIA = makeTextAsMp3(inputs, 'notes.mp3');
    bad.MEDIA_TRUNCATED = makeTruncatedMp3(inputs);
    bad.NO_AUDIO_STREAM = await makeVideoWithoutAudio(inputs, 'silent.mp4');
    bad.FILE_MISSING = path.join(dir, 'does-not-exist.wav');
    first = await runCli(['--data-dir', path.join(dir, 'data'), 'transcribe', inputs, bad.FILE_MISSING, '--model', model!, '--language', 'en', '--out', path.join(dir, 'out')]);
  }, 600_000);

  it('exits 1 and lists every failure with its file and its own error code', () => {
    expect(first.code, first.stderr).toBe(1);
    for (const [code, file] of Object.entries(bad)) {
      const line = first.stdout.split('\n').find((l) => l.includes(`FAILED ${file}:`));
      expect(line, `summary line for ${file}\n${first.stdout}`).toContain(`[${code}]`);
    }
    expect(first.stdout).toContain('1 completed, 5 failed');
  });

  it('stores each failure in the job database with a message naming the file', () => {
    const db = new Database(path.join(dir, 'data', 'earshot.db'), { readonly: true });
    const rows = db.prepare('SELECT source_path, status, error_code, error_message, attempts FROM jobs').all() as Array<{
      source_path: string; status: string; error_code: string | null; error_message: string | null; attempts: number;
    }>;
    db.close();
    for (const [code, file] of Object.entries(bad)) {
      const row = rows.find((r) => r.source_path === file);
      expect(row).toMatchObject({ status: 'failed', error_code: code, attempts: 1 });
      expect(row!.error_message).toContain(path.basename(file));
    }
  });

  it('still transcribes the good file, mirroring the folder tree under --out', () => {
    const txt = path.join(dir, 'out', 'nested', 'good.txt');
    expect(wordErrorRate(JFK_TEXT, fs.readFileSync(txt, 'utf8'))).toBeLessThanOrEqual(0.1);
    for (const ext of ['srt', 'vtt', 'json']) expect(fs.existsSync(path.join(dir, 'out', 'nested', `good.${ext}`))).toBe(true);
  });

  it('skips the good file on a second run by content hash, and exits 0 when only it is asked for', async () => {
    const again = await runCli(['--data-dir', path.join(dir, 'data'), 'transcribe', path.join(dir, 'inputs', 'nested'), '--model', model!, '--language', 'en', '--out', path.join(dir, 'out')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('already transcribed with these settings');
    expect(again.stdout).toContain('0 completed, 0 failed, 1 skipped');
  });

  it('says which command fetches a model when none is installed', async () => {
    const none = await runCli(['--data-dir', path.join(dir, 'empty-data'), 'transcribe', JFK_WAV], { EARSHOT_MODEL: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('[MODEL_MISSING]');
    expect(none.stderr).toMatch(/earshot models (download|import)/);
  });
});

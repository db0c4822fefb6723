import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPaths } from '../../../../../electron/services/transcripts/write-outputs.js';
import { collectInputs, hashFile } from '../../../../../electron/services/jobs/collect-inputs.js';
import { JobParams } from '../../../../../electron/shared/jobs.js';
import { probeMedia } from '../../../../../native/audio/index.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

describe('collectInputs', () => {
  const tempDir = useTempDir();
  const tree = () => {
    const root = tempDir();
    const write = (rel: string, bytes: number) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), Buffer.alloc(bytes, rel.length));
    };
    write('a.wav', 10);
    write('sub/b.mp3', 3000);
    write('sub/deeper/c.MKV', 50);
    write('notes.txt', 10);
    return root;
  };

  it('walks folders recursively for media files, keeping the root for mirroring', async () => {
    const root = tree();
    const { inputs, excluded } = await collectInputs([root], { model: 'tiny.en' });
    expect(inputs.map((i) => path.relative(root, i.sourcePath))).toEqual(['a.wav', path.join('sub', 'b.mp3'), path.join('sub', 'deeper', 'c.MKV')]);
    expect(inputs.every((i) => i.sourceKind === 'folder-item' && i.sourceRoot === root && /^[0-9a-f]{64}$/.test(i.contentHash ?? ''))).toBe(true);
    expect(excluded).toEqual([]);
  });

  it('gives files named directly that share a name across folders distinct outputs under --out', async () => {
    const root = tempDir();
    for (const rel of ['day1/mic/talk.wav', 'day2/talk.mp3', 'day2/solo.wav']) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), rel);
    }
    const files = ['day1/mic/talk.wav', 'day2/talk.mp3', 'day2/solo.wav'].map((rel) => path.join(root, rel));
    const out = path.join(root, 'out');
    const { inputs } = await collectInputs(files, { model: 'tiny.en', outDir: out });
    expect(inputs.map((i) => [i.sourceKind, i.sourceRoot])).toEqual([['file', root], ['file', root], ['file', null]]);
    const txt = inputs.map((i) => outputPaths({ sourcePath: i.sourcePath, sourceRoot: i.sourceRoot ?? null, params: JobParams.parse(i.params) }).txt);
    expect(txt).toEqual([path.join(out, 'day1', 'mic', 'talk.txt'), path.join(out, 'day2', 'talk.txt'), path.join(out, 'solo.txt')]);
    // Beside their inputs they cannot clash, so nothing changes there.
    const beside = await collectInputs(files, { model: 'tiny.en' });
    expect(beside.inputs.every((i) => i.sourceRoot === null)).toBe(true);
  });

  it('keeps a missing path as an input without a hash so its job can report it', async () => {
    const root = tempDir();
    const { inputs } = await collectInputs([path.join(root, 'nope.mp3')], { model: 'tiny.en' });
    expect(inputs).toEqual([expect.objectContaining({ sourceKind: 'file', contentHash: null })]);
  });

  it('applies size filters only when given', async () => {
    const root = tree();
    const { inputs, excluded } = await collectInputs([root], { model: 'tiny.en' }, { minSizeBytes: 20, maxSizeBytes: 2000 });
    expect(inputs.map((i) => path.basename(i.sourcePath))).toEqual(['c.MKV']);
    expect(excluded.map((e) => [path.basename(e.path), e.reason])).toEqual([
      ['a.wav', 'smaller than 20 bytes'],
      ['b.mp3', 'larger than 2000 bytes'],
    ]);
  });

  it('applies duration filters through ffprobe', async () => {
    const root = tempDir();
    for (const [name, seconds] of [['short.wav', 3], ['medium.wav', 60], ['long.wav', 400]] as const) {
      execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '8', path.join(root, name), 'trim', '0', String(seconds)]);
    }
    const { inputs, excluded } = await collectInputs([root], { model: 'tiny.en' }, { minDurationMs: 5000, maxDurationMs: 300_000 }, probeMedia);
    expect(inputs.map((i) => path.basename(i.sourcePath))).toEqual(['medium.wav']);
    expect(excluded.map((e) => e.reason).sort()).toEqual(['longer than 300 s', 'shorter than 5 s']);
  });

  it('hashes content, not names', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'x'), 'same');
    fs.writeFileSync(path.join(root, 'y'), 'same');
    expect(await hashFile(path.join(root, 'x'))).toBe(await hashFile(path.join(root, 'y')));
  });
});

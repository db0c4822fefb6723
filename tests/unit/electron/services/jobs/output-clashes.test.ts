import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { separateOutputClashes } from '../../../../../electron/services/jobs/output-clashes.js';
import { outputPaths } from '../../../../../electron/services/transcripts/write-outputs.js';
import { JobParams } from '../../../../../electron/shared/jobs.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

describe('separateOutputClashes', () => {
  const tempDir = useTempDir('earshot-clash-');
  const txtOf = (i: { sourcePath: string; sourceRoot?: string | null; params: { model: string; outDir?: string | null } }) =>
    outputPaths({ sourcePath: i.sourcePath, sourceRoot: i.sourceRoot ?? null, params: JobParams.parse(i.params) }).txt;

  it('mirrors the common folder for the same relative name under two folders given together, and leaves the rest', () => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const params = { model: 'tiny.en', outDir: out };
    const files = ['A/X/talk.wav', 'B/X/talk.wav', 'A/other.wav'].map((f) => path.join(dir, f));
    for (const f of files) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, f);
    }
    const inputs = [
      { sourcePath: files[0]!, sourceKind: 'folder-item' as const, sourceRoot: path.join(dir, 'A'), params },
      { sourcePath: files[1]!, sourceKind: 'folder-item' as const, sourceRoot: path.join(dir, 'B'), params },
      { sourcePath: files[2]!, sourceKind: 'folder-item' as const, sourceRoot: path.join(dir, 'A'), params },
    ];
    expect(txtOf(inputs[0]!)).toBe(txtOf(inputs[1]!)); // the clash: both out/X/talk.txt
    const separated = separateOutputClashes(inputs);
    expect(separated.map(txtOf)).toEqual([path.join(out, 'A', 'X', 'talk.txt'), path.join(out, 'B', 'X', 'talk.txt'), path.join(out, 'other.txt')]);
    // Beside the inputs (no output folder) nothing clashes and nothing changes.
    const beside = inputs.map((i) => ({ ...i, params: { model: 'tiny.en' } }));
    expect(separateOutputClashes(beside)).toEqual(beside);
  });
});

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticGgml } from '../../../helpers/models-synthetic.js';
import { REPO_ROOT } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const run = promisify(execFile);

/** Runs `earshot --data-dir <dataDir> models …` in a child process; never throws on a non-zero exit. */
async function earshot(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'tests/helpers/models-cli.ts', '--data-dir', dataDir, 'models', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, EARSHOT_MODEL: '', EARSHOT_MODEL_BASE_URL: '' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let fixture: string;
beforeAll(async () => {
  fixture = path.join(await mkdtemp(path.join(os.tmpdir(), 'earshot-cli-fx-')), 'ggml-fixture.bin');
  await writeSyntheticGgml(fixture);
});
afterAll(() => {
  if (fixture) rmSync(path.dirname(fixture), { recursive: true, force: true });
});

describe('earshot models (CLI)', () => {
  const tempDir = useTempDir('earshot-cli-');

  it('lists, imports, sets the default and removes, printing paths on stdout', async () => {
    const dataDir = tempDir();
    const empty = await earshot(dataDir, 'list');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/^\s+base\.en\s+141 MiB\s+English\s+available$/m);
    expect(empty.stdout).toContain('earshot models download base.en');

    const imported = await earshot(dataDir, 'import', fixture, '--name', 'fixture');
    expect(imported.code).toBe(0);
    expect(imported.stdout.trim().split('\n').at(-1)).toBe(path.join(dataDir, 'models', 'ggml-fixture.bin'));

    const listed = JSON.parse((await earshot(dataDir, 'list', '--json', '--installed')).stdout) as { name: string; isDefault: boolean }[];
    expect(listed).toEqual([expect.objectContaining({ name: 'fixture', isDefault: true })]);

    expect((await earshot(dataDir, 'default', 'fixture')).stdout).toContain('fixture (settings)');
    expect(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).toEqual({ defaultModel: 'fixture' });

    const removed = await earshot(dataDir, 'remove', 'fixture');
    expect(removed.stdout).toContain('removed ');
    const none = await earshot(dataDir, 'default');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^earshot: \[MODEL_MISSING\] no whisper model is installed .*earshot models download base\.en/);
  });

  it('fails with exit code 1 and [MODEL_INVALID] naming a bad file', async () => {
    const dataDir = tempDir();
    const bad = path.join(dataDir, 'junk.bin');
    await writeFile(bad, randomBytes(1000));
    const r = await earshot(dataDir, 'import', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`earshot: [MODEL_INVALID] ${bad}: not a whisper.cpp ggml model`);
    expect(r.stdout).toBe('');
  });
});

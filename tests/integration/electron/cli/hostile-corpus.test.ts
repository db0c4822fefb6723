import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../../../../electron/cli/printable.js';
import { startCli } from '../../../helpers/cli.js';
import { ffmpeg } from '../../../helpers/media-fixtures.js';
import { JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../helpers/temp-dir.js';
import { type HostileInput, makeHostileCorpus } from './hostile-corpus.js';

const model = testModelPath();
/** The whole batch must end within this: a hang on any input fails the test. */
const BATCH_TIMEOUT_MS = 420_000;

/** sha256 of every regular file under `root` (links not followed; FIFOs, sockets and devices left alone), by path. */
function hashTree(root: string, skip: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (skip.includes(full)) continue;
      if (e.isDirectory()) visit(full);
      else if (e.isFile()) out.set(full, createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
      else if (e.isSymbolicLink()) out.set(full, `link -> ${fs.readlinkSync(full)}`);
    }
  };
  visit(root);
  return out;
}

describe.skipIf(!model)('earshot transcribe on a corpus of 100+ hostile inputs in one batch (issue 12)', () => {
  const suiteDir = useSuiteTempDir('earshot-corpus-');
  let dir = '';
  let inputs: HostileInput[] = [];
  let good: string[] = [];
  let before = new Map<string, string>();
  let run: { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

  beforeAll(async () => {
    dir = suiteDir();
    const corpus = await makeHostileCorpus(dir);
    inputs = corpus.inputs;
    const goodA = path.join(corpus.corpus, 'good-a.wav');
    const goodB = path.join(dir, 'good-b.mp3');
    await ffmpeg(['-i', JFK_WAV, '-t', '2.5', '-c:a', 'pcm_s16le', goodA]);
    await ffmpeg(['-i', JFK_WAV, '-ss', '3', '-t', '2.5', goodB]);
    good = [goodA, goodB];
    const out = path.join(dir, 'out');
    const data = path.join(dir, 'data');
    before = hashTree(dir, []);
    const named = inputs.filter((i) => i.named).map((i) => i.path);
    const { child, done } = startCli(['--data-dir', data, 'transcribe', corpus.corpus, goodB, ...named, '--model', model!, '--language', 'en', '--out', out]);
    const timer = setTimeout(() => child.kill('SIGKILL'), BATCH_TIMEOUT_MS);
    run = await done;
    clearTimeout(timer);
    await corpus.close();
  }, BATCH_TIMEOUT_MS + 120_000);

  it('has at least 100 bad inputs, ends without hanging and exits 1', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(100);
    expect(run.signal, `the batch did not end within ${BATCH_TIMEOUT_MS} ms\n${run.stderr.slice(-3000)}`).toBeNull();
    expect(run.code, run.stderr.slice(-3000)).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('[INTERNAL]');
  });

  it('gives every bad input its own line naming it: failed with a code, or skipped with a reason', () => {
    const lines = run.stdout.split('\n');
    const problems: string[] = [];
    for (const input of inputs) {
      const name = printable(input.path);
      const failed = lines.filter((l) => l.startsWith(`  FAILED ${name}: [`));
      const skipped = lines.filter((l) => l.startsWith(`  skipped ${name}: `));
      const done = lines.filter((l) => l.startsWith(`${name} -> `));
      const ok =
        input.expect === 'fail' ? failed.length === 1 && skipped.length + done.length === 0
        : input.expect === 'skip' ? skipped.length === 1 && failed.length + done.length === 0
        : failed.length + skipped.length + done.length === 1;
      if (!ok) problems.push(`${input.what} (${input.expect}): ${name}: ${[...failed, ...skipped, ...done].join(' / ') || 'no line'}`);
    }
    expect(problems, run.stdout).toEqual([]);
  });

  it('completes every good input with all its outputs', () => {
    for (const file of good) {
      const stem = path.basename(file, path.extname(file));
      const outputs = ['txt', 'srt', 'vtt', 'json'].map((ext) => path.join(dir, 'out', `${stem}.${ext}`));
      expect(run.stdout).toContain(`${file} -> ${outputs.join(', ')}`);
      for (const o of outputs) expect(fs.statSync(o).size, o).toBeGreaterThan(0);
      expect(fs.readFileSync(outputs[0]!, 'utf8').trim().length).toBeGreaterThan(0);
    }
  });

  it('changes no file that existed before the run (only outputs and the data dir are new)', () => {
    const after = hashTree(dir, [path.join(dir, 'out'), path.join(dir, 'data')]);
    const changed = [...before].filter(([p, h]) => after.get(p) !== h).map(([p]) => p);
    const added = [...after.keys()].filter((p) => !before.has(p));
    expect(changed).toEqual([]);
    expect(added).toEqual([]);
  });
});

// `npm run bench`: figures for the backbone issue. Not a test: it asserts nothing, it prints.
//  1. a 6-minute speech file: the bare addon in one call vs `earshot transcribe` (wall, RTF, peak RSS of the process
//     tree, and the ratio earshot / bare; target ≤ 1.10);
//  2. the time to enqueue a folder of 1,000 small files (target ≤ 2 s);
//  3. full-text search over 100,000 segments (bench/search.ts; alone: `npm run bench:search`; target: median < 50 ms).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../electron/services/jobs/database.js';
import { collectInputs } from '../electron/services/jobs/collect-inputs.js';
import { JobStore } from '../electron/services/jobs/job-store.js';
import { benchSearch } from './search.js';
import { longSpeech, wavSeconds } from './speech-fixtures.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The test suite's model: $EARSHOT_TEST_MODEL, else the one scripts/test-model provisions or finds in its cache (the
 * last line it prints). Null when neither works (offline on a fresh machine), so the transcription part is skipped.
 */
function benchModel(): string | null {
  const fromEnv = process.env.EARSHOT_TEST_MODEL;
  if (fromEnv && fs.existsSync(fromEnv)) return path.resolve(fromEnv);
  try {
    const printed = execFileSync(path.join(REPO_ROOT, 'scripts', 'test-model'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return printed.trim().split('\n').pop() || null;
  } catch {
    return null;
  }
}

/** Resident set size of a process and all its descendants, in bytes, from /proc (Linux). */
function treeRss(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        const children = fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended between reads
    }
  }
  return total;
}

/** Runs a command, sampling its tree's RSS every 50 ms; returns wall ms and peak RSS bytes. */
async function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ wallMs: number; peakRss: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  let peakRss = 0;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, treeRss(child.pid!))), 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}`);
  return { wallMs: performance.now() - started, peakRss, stdout };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

async function transcriptionBench(model: string): Promise<void> {
  const { wav } = longSpeech(360);
  const audioSec = wavSeconds(wav);
  const threads = String(os.availableParallelism());
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const bare = await measure(tsx, [path.join(REPO_ROOT, 'bench', 'bare-addon.ts'), model, wav, threads]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-out-'));
  const earshot = await measure(process.execPath, [
    path.join(REPO_ROOT, 'bin', 'earshot.js'), 'transcribe', wav, '--model', model, '--language', 'en', '--out', out, '--data-dir', dataDir,
  ]);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
  const row = (name: string, r: { wallMs: number; peakRss: number }) =>
    `  ${name.padEnd(20)} wall ${(r.wallMs / 1000).toFixed(1).padStart(6)} s   RTF ${(r.wallMs / 1000 / audioSec).toFixed(3)}   peak RSS ${mb(r.peakRss)}`;
  console.log(`6-minute file (${audioSec.toFixed(1)} s of audio, ${threads} threads, model ${path.basename(model)}, CPU):`);
  console.log(row('bare addon, 1 call', bare));
  console.log(row('earshot transcribe', earshot));
  console.log(`  ratio earshot / bare: wall ${(earshot.wallMs / bare.wallMs).toFixed(3)} (target <= 1.10), peak RSS ${(earshot.peakRss / bare.peakRss).toFixed(2)}`);
}

async function enqueueBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-folder-'));
  const small = Buffer.alloc(16_044, 1);
  for (let i = 0; i < 1000; i++) {
    const sub = path.join(dir, `d${i % 10}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `clip-${i}.wav`), Buffer.concat([small, Buffer.from(String(i))]));
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-db-'));
  const started = performance.now();
  const db = openDatabase(path.join(dataDir, 'earshot.db'));
  const store = new JobStore({ db, quarantineFile: path.join(dataDir, 'q.log') });
  const { inputs } = await collectInputs([dir], { model: 'tiny.en' });
  const jobs = store.enqueueMany(inputs);
  const ms = performance.now() - started;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`enqueue a folder of ${jobs.length} small files (walk, SHA-256, one transaction): ${(ms / 1000).toFixed(2)} s (target <= 2 s)`);
}

const model = benchModel();
if (!model) {
  console.log('no test model (scripts/test-model could not provide one): skipping the transcription benchmark');
} else {
  await transcriptionBench(model);
}
await enqueueBench();
await benchSearch();

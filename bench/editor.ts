// `npm run bench -- --only editor`: how fast the UI opens big things, in headless Chromium against `earshot serve`.
// 1. A 3-hour transcript (2,500 segments of known sentences, 4.32 s each, written through the job store as a
//    completed job) opened in the editor: the time from the route change to its first segment on screen (the
//    transcripts.open round trip over the WebSocket, zod parsing, React's render and the next frame), median of 7;
//    and the same from a cold page load (bundle, connect, open). Target: a fraction of a second.
// 2. The library with 10,000 transcripts: time to first render of its rows after the jobs are listed, and the
//    frame times while scrolling it from top to bottom.
// Needs Chromium (/usr/bin/chromium or $EARSHOT_CHROMIUM); the renderer is built with Vite into a temp folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { build } from 'vite';
import { openDatabase } from '../electron/services/jobs/database.js';
import { JobStore } from '../electron/services/jobs/job-store.js';
import { knownSentences } from './speech-fixtures.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.EARSHOT_CHROMIUM ?? '/usr/bin/chromium';
const SEGMENTS = 2500;
const HOURS_MS = 3 * 3600 * 1000;
const LIBRARY_JOBS = 10_000;
const RUNS = 7;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

/** The renderer, built the way electron.vite.config.ts builds it (relative base, automatic JSX). */
async function buildUi(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: path.join(REPO_ROOT, 'renderer'),
    base: './',
    logLevel: 'error',
    esbuild: { jsx: 'automatic' },
    build: {
      outDir,
      emptyOutDir: true,
      chunkSizeWarningLimit: 4000,
      rollupOptions: { onwarn: (w, warn) => (w.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(w)) },
    },
  });
}

/** Writes the jobs the bench opens straight into a new data dir's database; answers the 3-hour job's id. */
function seed(dataDir: string): string {
  const db = openDatabase(path.join(dataDir, 'earshot.db'));
  const store = new JobStore({ db, quarantineFile: path.join(dataDir, 'quarantine.log') });
  // The source lives in the data dir, so `earshot serve` lets the editor's player fetch it.
  const source = path.join(dataDir, 'inbox', 'three-hours.wav');
  fs.mkdirSync(path.dirname(source), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'resources', 'audio', 'jfk.wav'), source);
  const sentences = knownSentences(SEGMENTS);
  const step = HOURS_MS / SEGMENTS;
  const finish = (id: string, segments: Array<{ t0Ms: number; t1Ms: number; text: string }>, durationMs: number) => {
    store.claimNext('bench', [id]);
    store.setDuration(id, 'bench', durationMs);
    store.commitWindow(id, 'bench', { t0Ms: 0, t1Ms: durationMs, segments, elapsedMs: durationMs / 20, progress: 1, backend: 'cpu', backendNote: null, language: 'en' });
    store.complete(id, 'bench', {});
  };
  const long = store.enqueueMany([{ sourcePath: source, sourceKind: 'file', params: { model: 'tiny.en' } }])[0]!.job;
  finish(long.id, sentences.map((text, i) => ({ t0Ms: Math.round(i * step), t1Ms: Math.round((i + 0.9) * step), text: ` ${text}` })), HOURS_MS);
  // One transaction for the ten thousand (each store call nests as a savepoint): one fsync, not thirty thousand.
  db.transaction(() => {
    const many = store.enqueueMany(
      Array.from({ length: LIBRARY_JOBS - 1 }, (_, i) => ({ sourcePath: `/media/talks/talk-${i}.wav`, sourceKind: 'file' as const, params: { model: 'tiny.en' } })),
    );
    for (const [i, { job }] of many.entries()) finish(job.id, [{ t0Ms: 0, t1Ms: 3000, text: ` ${sentences[i % SEGMENTS]}` }], 60_000 + i * 1000);
  })();
  db.close();
  return long.id;
}

/** `earshot serve` from dist/ (built by prebench) on a free port; resolves with its URL and a stop function. */
function serve(dataDir: string, ui: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'earshot.js'), 'serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0', '--ui', ui], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`earshot serve did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Earshot serving on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`earshot serve exited:\n${out}`)));
  });
}

// In-page: set the hash, then wait until `selector` is in the DOM and one more frame has been produced.
const TIME_ROUTE = `async ([hash, selector]) => {
  const t0 = performance.now();
  location.hash = hash;
  await new Promise((resolve) => {
    const check = () => (document.querySelector(selector) ? resolve() : requestAnimationFrame(check));
    check();
  });
  await new Promise((r) => requestAnimationFrame(() => r()));
  return performance.now() - t0;
}`;

async function timeRoute(page: Page, hash: string, selector: string): Promise<number> {
  return page.evaluate(`(${TIME_ROUTE})(${JSON.stringify([hash, selector])})`) as Promise<number>;
}

// In-page: scroll the library `steps` times, by `px` each (null: from top to bottom in equal jumps), one step a frame;
// records each frame's time.
const SCROLL_LIBRARY = `async ([steps, px]) => {
  const list = document.querySelector('[data-testid="library-rows"]');
  list.scrollTop = 0;
  await new Promise((r) => requestAnimationFrame(() => r()));
  const frames = [];
  let last = performance.now();
  for (let i = 1; i <= steps; i++) {
    list.scrollTop = px === null ? (list.scrollHeight - list.clientHeight) * (i / steps) : i * px;
    await new Promise((r) => requestAnimationFrame(() => r()));
    const now = performance.now();
    frames.push(now - last);
    last = now;
  }
  return { frames, rows: document.querySelectorAll('[data-testid="library-row"]').length };
}`;

const EDITOR_READY = '[data-testid="editor"][data-loaded="true"] [data-testid="editor-segment"]';

/** Runs the editor and library figures and prints them; returns the median time to first render of the 3-hour transcript (ms). */
export async function benchEditor(): Promise<number | null> {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`editor: no Chromium at ${CHROMIUM} (apt install chromium, or set $EARSHOT_CHROMIUM); skipped`);
    return null;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-editor-'));
  const dataDir = path.join(tmp, 'data');
  const ui = path.join(tmp, 'ui');
  fs.mkdirSync(dataDir);
  let server: { url: string; stop: () => Promise<void> } | null = null;
  let browser: Browser | null = null;
  try {
    await buildUi(ui);
    const seeded = performance.now();
    const longId = seed(dataDir);
    const seedS = (performance.now() - seeded) / 1000;
    server = await serve(dataDir, ui);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--mute-audio'] });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();

    // Cold: a fresh page straight onto the editor (bundle, WebSocket, transcripts.open, render).
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await page.goto(`${server.url}/#/editor/${longId}`);
      await page.locator(EDITOR_READY).first().waitFor({ timeout: 60_000 });
      cold.push(performance.now() - started);
      await page.goto('about:blank');
    }

    // Warm: the app is up on the library; open the editor by route, back to the library, again.
    await page.goto(`${server.url}/#/library`);
    await page.getByTestId('library-row').first().waitFor({ timeout: 120_000 });
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      warm.push(await timeRoute(page, `#/editor/${longId}`, EDITOR_READY));
      await timeRoute(page, '#/library', '[data-testid="library-row"]');
    }
    await timeRoute(page, `#/editor/${longId}`, EDITOR_READY);
    const rendered = await page.getByTestId('editor-segment').count();

    // The library: first render of 10,000 rows (already listed), then a scroll through all of them.
    const library: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      library.push(await timeRoute(page, '#/library', '[data-testid="library-row"]'));
      await timeRoute(page, '#/search', '[data-testid="search"]');
    }
    await timeRoute(page, '#/library', '[data-testid="library-row"]');
    const count = await page.getByTestId('library-count').textContent();
    type Scroll = { frames: number[]; rows: number };
    const wheel = (await page.evaluate(`(${SCROLL_LIBRARY})([300, 144])`)) as Scroll;
    const jumps = (await page.evaluate(`(${SCROLL_LIBRARY})([200, null])`)) as Scroll;

    console.log(`editor: a 3-hour transcript (${SEGMENTS.toLocaleString('en')} segments; ${LIBRARY_JOBS.toLocaleString('en')} jobs seeded through the store in ${seedS.toFixed(1)} s), headless Chromium against earshot serve:`);
    console.log(`  open in the editor, route change to first segment on screen: median ${median(warm).toFixed(0)} ms (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)}; ${RUNS} runs; ${rendered} of ${SEGMENTS} rows in the DOM)`);
    console.log(`  cold page load straight into the editor: median ${median(cold).toFixed(0)} ms (3 runs)`);
    console.log(`  library of ${count}: first render median ${median(library).toFixed(0)} ms (${RUNS} runs; ${jumps.rows} rows in the DOM)`);
    console.log(`    scrolling 3 rows a frame (300 frames): frame median ${median(wheel.frames).toFixed(1)} ms, p95 ${p95(wheel.frames).toFixed(1)} ms`);
    console.log(`    top to bottom in 200 jumps of 50 rows (every row new each frame): frame median ${median(jumps.frames).toFixed(1)} ms, p95 ${p95(jumps.frames).toFixed(1)} ms`);
    return median(warm);
  } finally {
    await browser?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchEditor();

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speak } from '../../bench/speech-fixtures.js';
import type { SearchHit } from '../../electron/shared/contract.js';
import { PREBUILT_CPU_NOTE, type Segment } from '../../electron/shared/jobs.js';
import { JFK_WAV, REPO_ROOT, testModelPath } from '../helpers/paths.js';
import { chromiumMissing, launchChromium, screenshot } from './helpers/browser.js';
import { buildRenderer } from './helpers/build-renderer.js';
import { paddedJfk } from './helpers/fixtures.js';
import { type ServeHandle, startServe } from './helpers/serve.js';
import { waitUntil } from './helpers/wait.js';
import { SEEK_RECORDER, clearSeeks, expectedIndex, getJob, playState, seeks, segmentRow as seg, upload } from './helpers/workspace-page.js';

/**
 * The transcript workspace in Debian Chromium against the real `earshot serve` (real whisper.cpp, tiny.en, real
 * speech: jfk.wav and five espeak-ng sentences): (a) the library lists the completed jobs, sorts, filters and renames;
 * opening one shows its segments; (b) playing highlights the segment under `audio.currentTime`, a click on the third
 * segment seeks to its start and plays; (c) an edit survives a reload and reaches the SRT export, undo, redo and
 * revert act; split and merge; (d) a word spoken in both transcripts finds both, a click opens the editor there;
 * (e) the About panel shows the engine build the jobs ran on. Screenshots: test-results/e2e/workspace-*.png.
 */
const model = testModelPath();
const noChromium = chromiumMissing();

/** Five plain sentences (about 18 s): whisper gives a segment or so each. "country" is also in jfk.wav. */
const SPEECH_TEXT =
  'Maria painted the old wooden door on Monday. Her country house stands near a quiet river. Peter repaired the broken bicycle in the garden. ' +
  'The market opens early every Saturday morning. Laura found a small green boat near the harbour.';
const SPEECH_NAME = 'workspace-speech.wav';
/** The word both recordings say. */
const SHARED_WORD = 'country';

describe.skipIf(!model || noChromium !== null)('transcript workspace in Chromium against earshot serve', () => {
  let server: ServeHandle;
  let browser: Browser;
  let dataDir: string;
  let jfkId: string;
  let speechId: string;
  let speechSegments: Segment[];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const speech = speak('workspace-e2e', SPEECH_TEXT);
    const ui = await buildRenderer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-e2e-ws-'));
    server = await startServe({ dataDir, model: model!, ui });
    browser = await launchChromium(paddedJfk());
    jfkId = await upload(server.url, JFK_WAV, 'jfk.wav');
    speechId = await upload(server.url, speech, SPEECH_NAME);
    await waitUntil(
      'both jobs to complete',
      async () => {
        const jobs = await Promise.all([jfkId, speechId].map(async (id) => (await getJob(server.url, id)).job));
        const failed = jobs.find((j) => j.status === 'failed' || j.status === 'cancelled');
        if (failed) throw new Error(`job ${failed.title} ${failed.status}: ${failed.errorMessage}\n${server.output()}`);
        return jobs.every((j) => j.status === 'completed');
      },
      300_000,
    );
    speechSegments = (await getJob(server.url, speechId)).segments;
    expect(speechSegments.length, `segments of the speech clip: ${JSON.stringify(speechSegments.map((s) => s.text))}`).toBeGreaterThanOrEqual(3);
  }, 480_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** A fresh page on the served UI at `hash`, with the seek recorder installed. */
  async function openPage(hash: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err.message));
    await page.addInitScript(SEEK_RECORDER);
    await page.goto(`${server.url}/${hash}`);
    await page.getByTestId('app').waitFor();
    return page;
  }

  async function editorLoaded(page: Page, jobId: string): Promise<void> {
    await page.locator(`[data-testid="editor"][data-job-id="${jobId}"][data-loaded="true"]`).waitFor({ timeout: 15_000 });
    await page.getByTestId('editor-segment').first().waitFor();
  }

  it('(a) the library lists the completed jobs, sorts, filters and renames them; a row opens the editor with its segments', async () => {
    const page = await openPage('#/library');
    const rows = page.getByTestId('library-row');
    await waitUntil('two library rows', async () => (await rows.count()) === 2, 15_000);
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id')));
    expect(new Set(ids)).toEqual(new Set([jfkId, speechId]));
    for (const id of [jfkId, speechId]) {
      const { job } = await getJob(server.url, id);
      const row = page.locator(`[data-testid="library-row"][data-job-id="${id}"]`);
      expect(await row.getByTestId('library-title').textContent()).toBe(job.title);
      expect(await row.getByTestId('library-status').textContent()).toBe('completed');
      expect(await row.getByTestId('library-language').textContent()).toBe(job.language);
    }

    // Sort by title: ascending puts jfk.wav first, again reverses.
    await page.getByTestId('library-sort-title').click();
    expect(await rows.first().getByTestId('library-title').textContent()).toBe('jfk.wav');
    await page.getByTestId('library-sort-title').click();
    expect(await rows.first().getByTestId('library-title').textContent()).toBe(SPEECH_NAME);
    // Filter by title.
    await page.getByTestId('library-filter-title').fill('workspace');
    await waitUntil('the filter to leave one row', async () => (await rows.count()) === 1, 5_000);
    expect(await rows.first().getAttribute('data-job-id')).toBe(speechId);
    await page.getByTestId('library-clear-filters').click();
    await waitUntil('both rows back', async () => (await rows.count()) === 2, 5_000);

    // Rename jfk.wav in place: the host keeps the title.
    const jfkRow = page.locator(`[data-testid="library-row"][data-job-id="${jfkId}"]`);
    await jfkRow.getByTestId('library-rename').click();
    await page.getByTestId('library-title-input').fill('Inaugural address');
    await page.getByTestId('library-title-input').press('Enter');
    await waitUntil('the new title', async () => (await jfkRow.getByTestId('library-title').textContent()) === 'Inaugural address', 10_000);
    expect((await getJob(server.url, jfkId)).job.title).toBe('Inaugural address');
    await screenshot(page, 'workspace-a-library');

    await page.locator(`[data-testid="library-row"][data-job-id="${speechId}"]`).click();
    await editorLoaded(page, speechId);
    expect(page.url()).toContain(`#/editor/${speechId}`);
    expect(await page.getByTestId('editor-title').textContent()).toBe(SPEECH_NAME);
    const shown = await page.getByTestId('editor-segment').evaluateAll((els) =>
      els.map((e) => ({ t0: Number(e.getAttribute('data-t0-ms')), text: e.querySelector('[data-testid="segment-text"]')?.textContent ?? '' })),
    );
    expect(shown).toEqual(speechSegments.map((s) => ({ t0: s.t0Ms, text: s.text.trim() })));
    await screenshot(page, 'workspace-a-editor');
  }, 120_000);

  it('(b) while playing, the highlight follows audio.currentTime; clicking the third segment seeks to its start and plays', async () => {
    const page = await openPage(`#/editor/${speechId}`);
    await editorLoaded(page, speechId);
    await page.locator('body').press('Shift+Period'); // > : faster
    await page.locator('body').press('Shift+Period');
    await page.locator('body').press('Shift+Period');
    await page.locator('body').press('Shift+Period');
    expect((await playState(page)).rate).toBe(2);

    await page.getByTestId('player-play').click();
    const seen = new Set<number>();
    const end = Date.now() + 6_000;
    while (Date.now() < end) {
      const s = await playState(page);
      if (!s.paused && s.ms > 0) {
        // The highlight is read in the same frame as the time; allow 250 ms of audio (a frame at 2x, and the
        // evaluate's own round trip) on either side of a boundary.
        const lo = expectedIndex(speechSegments, s.ms - 250);
        const hi = expectedIndex(speechSegments, s.ms + 250);
        expect(s.active.length, `one highlighted segment at ${s.ms} ms`).toBe(1);
        expect(s.active[0]!, `highlight at ${s.ms.toFixed(0)} ms`).toBeGreaterThanOrEqual(lo);
        expect(s.active[0]!, `highlight at ${s.ms.toFixed(0)} ms`).toBeLessThanOrEqual(hi);
        if (s.activeWordT0 !== null) expect(s.activeWordT0).toBeLessThanOrEqual(s.ms + 250);
        seen.add(s.active[0]!);
      }
      await page.waitForTimeout(150);
    }
    expect(seen.size, `segments highlighted while playing: ${[...seen].join(',')}`).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'workspace-b-playing');

    // Space pauses (the focus is not in a text field).
    await page.locator('body').press('Space');
    await waitUntil('the audio to pause', async () => (await playState(page)).paused, 5_000);

    await clearSeeks(page);
    const third = speechSegments[2]!;
    await seg(page, 2).getByTestId('segment-text').click();
    await waitUntil('a seek', async () => (await seeks(page)).length > 0, 5_000);
    expect(Math.abs((await seeks(page))[0]! - third.t0Ms), `seek to ${(await seeks(page))[0]} for a segment at ${third.t0Ms}`).toBeLessThanOrEqual(100);
    await waitUntil('the audio to play', async () => !(await playState(page)).paused, 5_000);
    const before = (await playState(page)).ms;
    await page.waitForTimeout(400);
    const after = await playState(page);
    expect(after.ms).toBeGreaterThan(before);
    expect(after.active).toEqual([expectedIndex(speechSegments, after.ms)]);

    // ArrowRight jumps 5 s on.
    await page.locator('body').press('Space');
    await waitUntil('the audio to pause', async () => (await playState(page)).paused, 5_000);
    const at = (await playState(page)).ms;
    await clearSeeks(page);
    await page.locator('body').press('ArrowRight');
    await waitUntil('a seek', async () => (await seeks(page)).length > 0, 5_000);
    expect(Math.abs((await seeks(page))[0]! - Math.min(at + 5000, (await page.evaluate(() => document.querySelector('audio')!.duration)) * 1000))).toBeLessThanOrEqual(100);
    await screenshot(page, 'workspace-b-third-segment');
  }, 90_000);

  it('(c) an edit survives a reload and reaches the SRT export; undo, redo, revert, split and merge act', async () => {
    const page = await openPage(`#/editor/${speechId}`);
    await editorLoaded(page, speechId);
    const target = speechSegments[3]!;
    const original = target.text.trim();
    const row = page.locator(`[data-testid="editor-segment"][data-segment-id="${target.id}"]`);
    const text = () => row.getByTestId('segment-text').textContent();

    await row.getByTestId('segment-edit').click();
    const input = row.getByTestId('segment-input');
    expect(await input.inputValue()).toBe(original);
    const word = original.split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w))!;
    const edited = original.replace(word, 'Zanzibar');
    await input.fill(edited);
    await input.press('Enter');
    await waitUntil('the edit to show', async () => (await row.getAttribute('data-edited')) === 'true' && (await text()) === edited, 10_000);
    const stored = (await getJob(server.url, speechId)).segments.find((s) => s.id === target.id)!;
    expect(stored.text).toBe(edited);
    expect(stored.original).toBe(target.text);

    await page.reload();
    await editorLoaded(page, speechId);
    expect(await text()).toBe(edited);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('editor-export-srt').click()]);
    expect(download.suggestedFilename()).toBe('workspace-speech.srt');
    const srt = fs.readFileSync((await download.path())!, 'utf8');
    expect(srt).toContain(edited);
    expect(srt).not.toContain(original);
    await screenshot(page, 'workspace-c-edited');

    await page.getByTestId('editor-undo').click();
    await waitUntil('undo to bring back whisper\'s text', async () => (await text()) === original && (await row.getAttribute('data-edited')) === 'false', 10_000);
    await page.locator('body').press('Control+Shift+Z');
    await waitUntil('redo (Ctrl+Shift+Z) to put the edit back', async () => (await text()) === edited, 10_000);
    await row.getByTestId('segment-revert').click();
    await waitUntil('revert to restore whisper\'s text', async () => (await text()) === original && (await row.getAttribute('data-edited')) === 'false', 10_000);
    expect((await getJob(server.url, speechId)).segments.find((s) => s.id === target.id)).toMatchObject({ text: target.text, original: null });

    // Split the first segment after its first word, then merge it back.
    const first = speechSegments[0]!;
    const count = speechSegments.length;
    await seg(page, 0).getByTestId('segment-edit').click();
    const firstInput = seg(page, 0).getByTestId('segment-input');
    const firstText = await firstInput.inputValue();
    const cut = firstText.indexOf(' ');
    await firstInput.evaluate((el, at) => (el as HTMLTextAreaElement).setSelectionRange(at, at), cut);
    await seg(page, 0).getByTestId('segment-split').click();
    await waitUntil('the split', async () => (await page.getByTestId('editor-segment').count()) === count + 1, 10_000);
    const split = (await getJob(server.url, speechId)).segments;
    expect(split[0]!.text.trim()).toBe(firstText.slice(0, cut).trim());
    expect(split[1]!.text.trim()).toBe(firstText.slice(cut).trim());
    expect(split[1]!.t0Ms).toBeGreaterThan(first.t0Ms);
    expect(split[1]!.t0Ms).toBeLessThan(first.t1Ms);
    await screenshot(page, 'workspace-c-split');
    await seg(page, 0).getByTestId('segment-merge').click();
    await waitUntil('the merge', async () => (await page.getByTestId('editor-segment').count()) === count, 10_000);
    const merged = (await getJob(server.url, speechId)).segments[0]!;
    expect(merged).toMatchObject({ id: first.id, t0Ms: first.t0Ms, t1Ms: first.t1Ms });
    expect(merged.text.replace(/\s+/g, ' ').trim()).toBe(firstText.replace(/\s+/g, ' ').trim());
  }, 90_000);

  it(`(d) a search for "${SHARED_WORD}" lists both transcripts; a result opens its transcript there and plays`, async () => {
    const rest = (await (await fetch(`${server.url}/api/search?q=${SHARED_WORD}`)).json()) as { results: SearchHit[] };
    const page = await openPage('#/search');
    await page.getByTestId('search-input').fill(SHARED_WORD);
    const results = page.locator('[data-testid="search-result"][data-kind="segment"]');
    await waitUntil('results from both transcripts', async () => new Set(await results.evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id')))).size >= 2, 15_000);
    const shown = await results.evaluateAll((els) =>
      els.map((e) => ({
        jobId: e.getAttribute('data-job-id'),
        t0: Number(e.getAttribute('data-t0-ms')),
        title: e.querySelector('[data-testid="search-result-title"]')?.textContent,
        marks: [...e.querySelectorAll('[data-testid="search-match"]')].map((m) => m.textContent ?? ''),
      })),
    );
    expect(new Set(shown.map((h) => h.jobId))).toEqual(new Set([jfkId, speechId]));
    for (const h of shown) {
      expect(h.marks.length).toBeGreaterThan(0);
      expect(h.marks.every((m) => m.toLowerCase().startsWith(SHARED_WORD))).toBe(true);
      const hit = rest.results.find((r) => r.kind === 'segment' && r.jobId === h.jobId && r.t0Ms === h.t0)!;
      expect(hit, `the page's hit ${JSON.stringify(h)} is one the REST search answers`).toBeDefined();
      expect(h.title).toBe(hit.title);
    }
    expect(shown.find((h) => h.jobId === jfkId)!.title).toBe('Inaugural address');
    await screenshot(page, 'workspace-d-search');

    const hit = shown.find((h) => h.jobId === speechId)!;
    await clearSeeks(page);
    await page.locator(`[data-testid="search-result"][data-kind="segment"][data-job-id="${speechId}"]`).first().click();
    await editorLoaded(page, speechId);
    await waitUntil('a seek', async () => (await seeks(page)).length > 0, 10_000);
    expect(Math.abs((await seeks(page))[0]! - hit.t0)).toBeLessThanOrEqual(100);
    await waitUntil('the audio to play', async () => !(await playState(page)).paused, 5_000);
    const state = await playState(page);
    expect(state.active).toEqual([expectedIndex(speechSegments, state.ms)]);
    expect(speechSegments[expectedIndex(speechSegments, hit.t0)]!.text.toLowerCase()).toContain(SHARED_WORD);
    await screenshot(page, 'workspace-d-opened');

    await page.getByTestId('editor-back').click();
    await page.getByTestId('search-input').waitFor();
    expect(await page.getByTestId('search-input').inputValue()).toBe(SHARED_WORD);
  }, 90_000);

  it('(e) the About panel shows the engine build the jobs ran on, its whisper.cpp version and the data directory', async () => {
    const { job } = await getJob(server.url, speechId);
    const page = await openPage('#/about');
    const build = page.getByTestId('about-engine-build');
    await build.waitFor({ timeout: 120_000 });
    const expected = job.backendNote?.startsWith(PREBUILT_CPU_NOTE) ? 'prebuilt' : 'compiled';
    expect(job.backend).toBe('cpu');
    expect(await build.textContent()).toBe(expected);
    if (expected === 'compiled') {
      const statusFile = path.join(REPO_ROOT, 'native', 'addon', 'build', 'native', 'status.json');
      const status = JSON.parse(fs.readFileSync(statusFile, 'utf8')) as { whisperCpp: string };
      expect(await page.getByTestId('about-whisper-version').textContent()).toBe(status.whisperCpp);
    } else {
      expect(await page.getByTestId('about-warning').textContent()).toMatch(/prebuilt|slow/i);
    }
    expect([dataDir, fs.realpathSync(dataDir)]).toContain(await page.getByTestId('about-data-dir').textContent());
    await screenshot(page, 'workspace-e-about');
  }, 150_000);
});

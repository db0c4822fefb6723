import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../helpers/paths.js';
import { wordErrorRate } from '../helpers/wer.js';
import { chromiumMissing, launchChromium, screenshot } from './helpers/browser.js';
import { buildRenderer } from './helpers/build-renderer.js';
import { paddedJfk, repeatedJfk } from './helpers/fixtures.js';
import { cardHistory, observeJobCards } from './helpers/job-observer.js';
import { type ServeHandle, startServe } from './helpers/serve.js';

/**
 * The browser end-to-end tests: Debian Chromium (playwright-core) driving the real UI bundle served by the
 * real `earshot serve` (a temp data dir, the real whisper.cpp and tiny.en model), with a fake microphone that plays
 * real speech. (a) record, (b) upload, (c) version mismatch, (d) cancel and retry, (e) a recording that survives a
 * page reload. Screenshots: test-results/e2e/. About 2.5-4.5 min on 2 shared cores, most of it whisper.
 */
const model = testModelPath();
const noChromium = chromiumMissing();

/** "m:ss" / "h:mm:ss" -> seconds. */
function clockSeconds(text: string | null): number {
  const parts = (text ?? '').trim().split(':').map(Number);
  if (parts.length < 2 || parts.some((n) => !Number.isFinite(n))) throw new Error(`not a timer reading: ${JSON.stringify(text)}`);
  return parts.reduce((acc, n) => acc * 60 + n, 0);
}

/** Polls `probe` every 100 ms until it returns true; throws with `what` after `timeoutMs`. */
async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when `seq` contains `sub` in order (not necessarily adjacent). */
function inOrder(seq: readonly string[], sub: readonly string[]): boolean {
  let i = 0;
  for (const s of seq) if (s === sub[i]) i++;
  return i === sub.length;
}

/** Ids of the job cards matching `selector` now in the page. */
async function cardIds(page: Page, selector: string): Promise<Set<string>> {
  return new Set(await page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id') ?? '')));
}

/** Waits for a job card matching `selector` whose id is not in `before`; returns its id. */
async function newCardId(page: Page, selector: string, before: Set<string>, timeoutMs: number): Promise<string> {
  let found: string | undefined;
  await waitUntil(
    `a new card ${selector}`,
    async () => {
      found = [...(await cardIds(page, selector))].find((id) => id && !before.has(id));
      return found !== undefined;
    },
    timeoutMs,
  );
  return found!;
}

const RECORDING_CARDS = '[data-testid="job-card"][data-source-kind="recording"]';
const card = (page: Page, id: string): Locator => page.locator(`[data-testid="job-card"][data-job-id="${id}"]`);
const cardNamed = (page: Page, name: string): Locator =>
  page.locator('[data-testid="job-card"]').filter({ has: page.locator('[data-testid="job-name"]', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) });

async function transcriptOf(page: Page, id: string): Promise<string> {
  const texts = await page.locator(`[data-testid="transcript"][data-job-id="${id}"] [data-testid="transcript-text"]`).allTextContents();
  return texts.join(' ');
}

describe.skipIf(!model || noChromium !== null)('browser end to end against earshot serve', () => {
  let server: ServeHandle;
  let browser: Browser;
  let dataDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const ui = await buildRenderer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-e2e-'));
    server = await startServe({ dataDir, model: model!, ui });
    browser = await launchChromium(paddedJfk());
  }, 240_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** A fresh page on the served UI, connected, with the job-card observer installed. */
  async function openApp(opts: { query?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: opts.colorScheme ?? 'light' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err.message));
    await observeJobCards(page);
    await page.goto(`${server.url}/${opts.query ?? ''}`);
    await page.getByTestId('app').waitFor();
    return page;
  }

  async function waitConnected(page: Page): Promise<void> {
    await waitUntil('the WebSocket to connect', async () => (await page.getByTestId('connection').count()) === 0, 15_000);
    await page.locator('[data-testid="jobs-empty"], [data-testid="job-list"]').first().waitFor();
  }

  it('(a) records real speech from the fake microphone: the timer counts, pauses and resets; the job runs; WER <= 20%', async () => {
    const page = await openApp();
    await waitConnected(page);
    const timer = page.getByTestId('recorder-timer');
    expect(await timer.count()).toBe(0); // hidden when idle

    await page.getByTestId('record-button').click();
    await timer.waitFor();
    expect(clockSeconds(await timer.textContent())).toBeLessThanOrEqual(1); // starts at 0:00

    // Counting: readings never go back and reach 12 s, past the end of the speech (1 s lead + 11 s).
    const readings: number[] = [];
    await waitUntil(
      'the timer to reach 0:12',
      async () => {
        readings.push(clockSeconds(await timer.textContent()));
        return readings[readings.length - 1]! >= 12;
      },
      30_000,
    );
    expect(readings).toEqual([...readings].sort((a, b) => a - b));
    expect(new Set(readings).size).toBeGreaterThanOrEqual(5);

    // Pause (in the silent tail of the loop): the timer freezes.
    await page.getByTestId('pause-button').click();
    const frozen = clockSeconds(await timer.textContent());
    expect(await timer.getAttribute('data-phase')).toBe('paused');
    await page.waitForTimeout(2_000);
    expect(clockSeconds(await timer.textContent())).toBe(frozen);
    await screenshot(page, 'a-recorder-paused');

    // Resume: it counts on from where it stopped.
    await page.getByTestId('resume-button').click();
    await waitUntil('the timer to count on after resume', async () => clockSeconds(await timer.textContent()) >= frozen + 1, 5_000);
    expect(clockSeconds(await timer.textContent())).toBeLessThan(frozen + 3);

    // Stop: the timer resets (hidden, 0) at once; the recording becomes a job.
    const before = await cardIds(page, RECORDING_CARDS);
    await page.getByTestId('stop-button').click();
    expect(await timer.count()).toBe(0);
    const id = await newCardId(page, RECORDING_CARDS, before, 30_000);
    await card(page, id).and(page.locator('[data-status="completed"]')).waitFor({ timeout: 120_000 });
    const history = await cardHistory(page, id);
    expect(inOrder(history.statuses, ['queued', 'running', 'completed']), `statuses seen: ${history.statuses.join(' > ')}`).toBe(true);

    const transcript = page.locator(`[data-testid="transcript"][data-job-id="${id}"] [data-testid="transcript-text"]`).first();
    await transcript.waitFor({ timeout: 15_000 });
    const text = await transcriptOf(page, id);
    const wer = wordErrorRate(JFK_TEXT, text);
    console.log(`(a) recording transcript: "${text}" WER=${(wer * 100).toFixed(1)}%`);
    expect(wer).toBeLessThanOrEqual(0.2);
    await screenshot(page, 'a-recorder-transcript');
  }, 240_000);

  it('(b) uploads jfk.wav through the page: spinner and progress while it runs, then the transcript (WER <= 20%)', async () => {
    const page = await openApp({ colorScheme: 'dark' });
    await waitConnected(page);
    // Ctrl+O opens the file picker (keyboard shortcut); the chooser gets jfk.wav.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('body').press('Control+o')]);
    await chooser.setFiles(JFK_WAV);
    const jfk = cardNamed(page, 'jfk.wav').first();
    await jfk.waitFor({ timeout: 30_000 });
    const id = (await jfk.getAttribute('data-job-id'))!;
    await card(page, id).and(page.locator('[data-status="completed"]')).waitFor({ timeout: 120_000 });

    const history = await cardHistory(page, id);
    expect(history.statuses).toContain('running');
    expect(history.spinner, 'the spinner was shown while running').toBe(true);
    expect(history.percents).toContain(100);
    expect(await card(page, id).getByTestId('job-progress').count()).toBe(1);
    expect(await card(page, id).getByTestId('job-spinner').count()).toBe(0); // gone once done

    await page.locator(`[data-testid="transcript"][data-job-id="${id}"] [data-testid="transcript-text"]`).first().waitFor({ timeout: 15_000 });
    const text = await transcriptOf(page, id);
    const wer = wordErrorRate(JFK_TEXT, text);
    console.log(`(b) upload transcript: "${text}" WER=${(wer * 100).toFixed(1)}%; percents seen ${history.percents.join(',')}`);
    expect(wer).toBeLessThanOrEqual(0.2);
    await screenshot(page, 'b-upload-transcript-dark');
  }, 180_000);

  it('(c) a forced version mismatch shows the snackbar with both versions and disables every action', async () => {
    const versionRes = await fetch(`${server.url}/api/version`);
    const { backendVersion } = (await versionRes.json()) as { backendVersion: string };
    const page = await openApp({ query: '?frontendVersion=99.0' });
    const snack = page.getByTestId('version-mismatch');
    await snack.waitFor({ timeout: 15_000 });
    const message = (await snack.textContent()) ?? '';
    expect(message).toContain('99.0');
    expect(message).toContain(backendVersion);
    expect(await page.getByTestId('version-reload').isVisible()).toBe(true);

    for (const testId of ['record-button', 'add-files', 'add-folder']) {
      expect(await page.getByTestId(testId).isDisabled(), `${testId} disabled`).toBe(true);
    }
    // Keyboard shortcuts are off too: Space does not start a recording.
    await page.locator('body').press('Space');
    await page.waitForTimeout(500);
    expect(await page.getByTestId('recorder-timer').count()).toBe(0);
    await screenshot(page, 'c-version-mismatch');
  }, 60_000);

  it('(d) cancels a running job and retries it to completion', async () => {
    const page = await openApp();
    await waitConnected(page);
    const long = repeatedJfk(2);
    await page.getByTestId('file-input').setInputFiles(long);
    const item = cardNamed(page, path.basename(long)).first();
    await item.waitFor({ timeout: 30_000 });
    const id = (await item.getAttribute('data-job-id'))!;

    await card(page, id).and(page.locator('[data-status="running"]')).waitFor({ timeout: 60_000 });
    await card(page, id).getByTestId('job-cancel').click();
    await card(page, id).and(page.locator('[data-status="cancelled"]')).waitFor({ timeout: 15_000 });
    await screenshot(page, 'd-cancelled');

    await card(page, id).getByTestId('job-retry').click();
    await card(page, id).and(page.locator('[data-status="completed"]')).waitFor({ timeout: 180_000 });
    const history = await cardHistory(page, id);
    expect(inOrder(history.statuses, ['running', 'cancelled', 'completed']), `statuses seen: ${history.statuses.join(' > ')}`).toBe(true);
    const text = await transcriptOf(page, id);
    expect(wordErrorRate(Array(2).fill(JFK_TEXT).join(' '), text)).toBeLessThanOrEqual(0.3);
    await screenshot(page, 'd-retried-completed');
  }, 300_000);

  it('(e) a recording interrupted by a page reload is offered on start-up and transcribes what was saved', async () => {
    const page = await openApp();
    await waitConnected(page);
    await page.locator('body').press('Space'); // the keyboard shortcut starts recording
    const timer = page.getByTestId('recorder-timer');
    await timer.waitFor();
    // 1 s of lead silence, then "And so my fellow Americans" by about 5 s into the file.
    await waitUntil('the timer to reach 0:06', async () => clockSeconds(await timer.textContent()) >= 6, 20_000);
    await page.reload();
    await page.getByTestId('app').waitFor();
    const offer = page.getByTestId('unfinished-recordings');
    await offer.waitFor({ timeout: 20_000 });
    await screenshot(page, 'e-unfinished-offered');
    const before = await cardIds(page, RECORDING_CARDS);
    await offer.getByTestId('unfinished-transcribe').first().click();
    const id = await newCardId(page, RECORDING_CARDS, before, 15_000);
    await card(page, id).and(page.locator('[data-status="completed"]')).waitFor({ timeout: 120_000 });
    await page.locator(`[data-testid="transcript"][data-job-id="${id}"] [data-testid="transcript-text"]`).first().waitFor({ timeout: 15_000 });
    const text = (await transcriptOf(page, id)).toLowerCase();
    console.log(`(e) recovered recording transcript: "${text}"`);
    // The reload cuts the speech mid-phrase; tiny.en then hears "Americans ask" as "America asked" now and then.
    expect(text).toContain('and so my fellow america');
  }, 180_000);
});

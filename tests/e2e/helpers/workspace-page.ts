import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import type { Job, Segment } from '../../../electron/shared/jobs.js';

// What the workspace e2e reads from the server and from the editor page.

/** An init script: records the target (ms) of every seek of any media element in the page, before any page script runs. */
export const SEEK_RECORDER = `
(() => {
  window.__seeks = [];
  document.addEventListener('seeking', (e) => window.__seeks.push(e.target.currentTime * 1000), true);
})();
`;

/** The editor's row for segment `index`. */
export const segmentRow = (page: Page, index: number): Locator => page.locator(`[data-testid="editor-segment"][data-index="${index}"]`);

/** Uploads `file` as `name` to `earshot serve` (multipart, language en); answers the job id. */
export async function upload(url: string, file: string, name: string): Promise<string> {
  const form = new FormData();
  form.append('params', JSON.stringify({ language: 'en' }));
  form.append('file', new Blob([fs.readFileSync(file)], { type: 'audio/wav' }), name);
  const res = await fetch(`${url}/api/transcribe`, { method: 'POST', body: form });
  if (res.status !== 202) throw new Error(`upload of ${name}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** GET /api/jobs/:id: the job and its segments as stored. */
export async function getJob(url: string, id: string): Promise<{ job: Job; segments: Segment[] }> {
  return (await (await fetch(`${url}/api/jobs/${id}`)).json()) as { job: Job; segments: Segment[] };
}

/** The audio element's state and the highlighted segment, read in one go. */
export async function playState(page: Page): Promise<{ ms: number; paused: boolean; rate: number; active: number[]; activeWordT0: number | null }> {
  return page.evaluate(() => {
    const audio = document.querySelector<HTMLAudioElement>('[data-testid="editor-audio"]')!;
    const active = [...document.querySelectorAll<HTMLElement>('[data-testid="editor-segment"][data-active="true"]')].map((e) => Number(e.dataset.index));
    const word = document.querySelector<HTMLElement>('[data-testid="segment-word"][data-active="true"]');
    return { ms: audio.currentTime * 1000, paused: audio.paused, rate: audio.playbackRate, active, activeWordT0: word ? Number(word.dataset.t0Ms) : null };
  });
}

/** The seek targets (ms) recorded since the last clearSeeks. */
export async function seeks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __seeks: number[] }).__seeks.slice());
}

export async function clearSeeks(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __seeks: number[] }).__seeks = []));
}

/** Index of the segment the editor should highlight at `ms`: the last one started (segments in time order). */
export function expectedIndex(segments: readonly Segment[], ms: number): number {
  let found = -1;
  segments.forEach((s, i) => {
    if (s.t0Ms <= ms) found = i;
  });
  return found;
}

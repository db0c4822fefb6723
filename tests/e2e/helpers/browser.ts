import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { REPO_ROOT } from '../../helpers/paths.js';

/** Debian's Chromium (apt `chromium`), or $EARSHOT_CHROMIUM. */
export const CHROMIUM = process.env.EARSHOT_CHROMIUM ?? '/usr/bin/chromium';

/** Where e2e screenshots go (test-results/ is ignored by git). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

/** Null when Chromium is there; else why the browser tests skip (printed loudly once). */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const why = `no Chromium at ${CHROMIUM} (apt install chromium, or set $EARSHOT_CHROMIUM)`;
  console.warn(`\n!!! SKIPPING browser end-to-end tests: ${why}\n`);
  return why;
}

/**
 * Launches headless Chromium the way the e2e tests need it: no sandbox (containers), no GPU, no background traffic,
 * and a fake microphone that plays `fakeMicWav` in a loop (permission granted without a prompt).
 */
export function launchChromium(fakeMicWav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${fakeMicWav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Saves a full-page screenshot as test-results/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

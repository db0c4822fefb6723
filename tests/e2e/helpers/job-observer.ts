import type { Page } from 'playwright-core';

/** What a job card showed over its life in the page, as recorded by the observer. */
export interface CardHistory {
  /** data-status values in the order they were rendered (consecutive repeats collapsed). */
  statuses: string[];
  /** Whether the running spinner was ever in the card. */
  spinner: boolean;
  /** Every percent the card displayed. */
  percents: number[];
}

/**
 * Installs (before any page script runs) a MutationObserver that records, for every job card, each status it
 * renders, whether its spinner appeared and the percents shown. Polling from the test could miss a state that lasts
 * a few milliseconds; the observer sees every DOM change.
 */
export async function observeJobCards(page: Page): Promise<void> {
  // A string, not a function: the test's TypeScript transform may wrap functions in helpers the page lacks.
  await page.addInitScript(OBSERVER_SCRIPT);
}

const OBSERVER_SCRIPT = `
(() => {
  window.__cards = {};
  const scan = () => {
    document.querySelectorAll('[data-testid="job-card"]').forEach((card) => {
      const id = card.getAttribute('data-job-id') || '';
      const status = card.getAttribute('data-status') || '';
      const h = (window.__cards[id] = window.__cards[id] || { statuses: [], spinner: false, percents: [] });
      if (h.statuses[h.statuses.length - 1] !== status) h.statuses.push(status);
      if (card.querySelector('[data-testid="job-spinner"]')) h.spinner = true;
      const pctEl = card.querySelector('[data-testid="job-percent"]');
      const pct = Number.parseInt(pctEl ? pctEl.textContent : '', 10);
      if (Number.isFinite(pct) && !h.percents.includes(pct)) h.percents.push(pct);
    });
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();
`;

/** The recorded history of job `id` (empty when its card never rendered). */
export async function cardHistory(page: Page, id: string): Promise<CardHistory> {
  return page.evaluate((jobId) => {
    const w = window as unknown as { __cards?: Record<string, { statuses: string[]; spinner: boolean; percents: number[] }> };
    return w.__cards?.[jobId] ?? { statuses: [], spinner: false, percents: [] };
  }, id);
}

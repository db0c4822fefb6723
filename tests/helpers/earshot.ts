import { type ConfigFlags, loadConfig } from '../../electron/services/config.js';
import { type Earshot, type EarshotDeps, openEarshot } from '../../electron/services/earshot.js';
import type { Job } from '../../electron/shared/jobs.js';

/**
 * Earshot (the composition root) on `dataDir`, configured from `flags` and this process's environment, with quick
 * timers for tests (heartbeat 200 ms, poll 100 ms, backoff 100 ms .. 1 s). The caller closes it.
 */
export function testEarshot(dataDir: string, flags: Omit<ConfigFlags, 'dataDir'> = {}, deps: EarshotDeps = {}): Earshot {
  return openEarshot(loadConfig({ concurrency: 1, ...flags, dataDir }), {
    ...deps,
    manager: { heartbeatMs: 200, pollMs: 100, staleMs: 5000, backoff: { baseMs: 100, capMs: 1000 }, ...deps.manager },
  });
}

/** All segment texts of a job joined with spaces. */
export function transcriptText(earshot: Earshot, job: Pick<Job, 'id'>): string {
  return earshot.store.segments(job.id).map((s) => s.text.trim()).join(' ');
}

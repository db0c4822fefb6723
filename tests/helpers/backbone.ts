import { Backbone, type BackboneOptions } from '../../electron/services/backbone.js';
import type { Job } from '../../electron/shared/jobs.js';

/**
 * A Backbone on `dataDir` with quick timers for tests (heartbeat 200 ms, poll 100 ms, backoff 100 ms .. 1 s).
 * The caller closes it.
 */
export function testBackbone(dataDir: string, opts: Partial<BackboneOptions> = {}): Backbone {
  return new Backbone({
    dataDir,
    concurrency: 1,
    ...opts,
    manager: { heartbeatMs: 200, pollMs: 100, staleMs: 5000, backoff: { baseMs: 100, capMs: 1000 }, ...opts.manager },
  });
}

/** All segment texts of a job joined with spaces. */
export function transcriptText(backbone: Backbone, job: Pick<Job, 'id'>): string {
  return backbone.store.segments(job.id).map((s) => s.text.trim()).join(' ');
}

import type { EventPayload } from '../../../../electron/shared/contract.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { sortJobs } from './job-sorting.js';

/** How long bursts of events are gathered before subscribers hear about them (ms): at most ~20 renders a second. */
export const FLUSH_MS = 50;

/**
 * The renderer's copy of the jobs, fed by `jobs.list` and the `job.changed` / `job.progress` events, read through
 * useSyncExternalStore. Events are applied at once but announced at most every FLUSH_MS, and the sorted snapshot is
 * built only when something changed, so a thousand jobs with busy progress events stay smooth.
 */
export class JobsStore {
  private readonly jobs = new Map<string, Job>();
  private snapshot: Job[] = [];
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();

  /** Replaces everything with a fresh `jobs.list` answer. */
  reset(list: readonly Job[]): void {
    this.jobs.clear();
    list.forEach((j) => this.jobs.set(j.id, j));
    this.changed();
  }

  /** Inserts or replaces a job, unless the one held is newer (`updatedAt`): events may overtake a list answer. */
  upsert(job: Job): void {
    const held = this.jobs.get(job.id);
    if (held && held.updatedAt > job.updatedAt) return;
    this.jobs.set(job.id, job);
    this.changed();
  }

  /** Applies a progress event to a running job (ignored for unknown or finished jobs). */
  progress({ jobId, progress }: EventPayload<'job.progress'>): void {
    const held = this.jobs.get(jobId);
    if (!held || held.status !== 'running' || held.progress === progress) return;
    this.jobs.set(jobId, { ...held, progress });
    this.changed();
  }

  remove(id: string): void {
    if (this.jobs.delete(id)) this.changed();
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** The jobs in display order (a stable array between changes). */
  getSnapshot = (): Job[] => {
    if (this.dirty) {
      this.snapshot = sortJobs(this.jobs.values());
      this.dirty = false;
    }
    return this.snapshot;
  };

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  private changed(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.listeners.forEach((cb) => cb());
    }, FLUSH_MS);
  }
}

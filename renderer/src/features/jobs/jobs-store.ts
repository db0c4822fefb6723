import type { EventPayload } from '../../../../electron/shared/contract.js';
import type { Job, JobStatus } from '../../../../electron/shared/jobs.js';
import { sortJobs } from './job-sorting.js';

/** How long bursts of progress events are gathered before subscribers hear about them (ms): ~20 renders a second. */
export const FLUSH_MS = 50;

/** Lifecycle stage, to order two copies of a job written in the same millisecond. */
const STAGE: Readonly<Record<JobStatus, number>> = { queued: 0, running: 1, completed: 2, failed: 2, cancelled: 2 };

/**
 * Whether `incoming` is a later copy of the job than `held`. Events and request answers travel separately, so an
 * answer may arrive after the event that superseded it: the later `updatedAt` wins; in the same millisecond the later
 * lifecycle stage wins, then the higher progress.
 */
export function isLaterCopy(incoming: Job, held: Job): boolean {
  if (incoming.updatedAt !== held.updatedAt) return incoming.updatedAt > held.updatedAt;
  if (STAGE[incoming.status] !== STAGE[held.status]) return STAGE[incoming.status] > STAGE[held.status];
  return incoming.progress >= held.progress;
}

/**
 * The renderer's copy of the jobs, fed by `jobs.list` and the `job.changed` / `job.progress` / `job.removed` events,
 * read through useSyncExternalStore. Status changes are announced at once (so every state a card passes through is
 * rendered); progress-only changes are gathered for FLUSH_MS, and the sorted snapshot is built only when something
 * changed, so a thousand jobs with busy progress events stay smooth.
 */
export class JobsStore {
  private readonly jobs = new Map<string, Job>();
  private snapshot: Job[] = [];
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();

  /** Replaces everything with a fresh `jobs.list` answer (keeping any held copy that is later). */
  reset(list: readonly Job[]): void {
    const next = new Map<string, Job>();
    for (const j of list) {
      const held = this.jobs.get(j.id);
      next.set(j.id, held && !isLaterCopy(j, held) ? held : j);
    }
    this.jobs.clear();
    next.forEach((j, id) => this.jobs.set(id, j));
    this.changed(true);
  }

  /** Inserts or replaces a job, unless the copy held is later (see isLaterCopy). */
  upsert(job: Job): void {
    const held = this.jobs.get(job.id);
    if (held && !isLaterCopy(job, held)) return;
    this.jobs.set(job.id, job);
    this.changed(!held || held.status !== job.status);
  }

  /** Applies a progress event to a running job (ignored for unknown or finished jobs). */
  progress({ jobId, progress }: EventPayload<'job.progress'>): void {
    const held = this.jobs.get(jobId);
    if (!held || held.status !== 'running' || held.progress === progress) return;
    this.jobs.set(jobId, { ...held, progress });
    this.changed(false);
  }

  remove(id: string): void {
    if (this.jobs.delete(id)) this.changed(true);
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

  private changed(now: boolean): void {
    this.dirty = true;
    if (now) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.notify();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.notify();
    }, FLUSH_MS);
  }

  private notify(): void {
    this.listeners.forEach((cb) => cb());
  }
}

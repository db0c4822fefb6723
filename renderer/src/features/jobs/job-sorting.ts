import type { Job, JobStatus } from '../../../../electron/shared/jobs.js';

/** Display order of statuses (seed 002: "sorting by job status"): what needs attention first, cancelled last. */
export const STATUS_ORDER: Readonly<Record<JobStatus, number>> = {
  running: 0,
  queued: 1,
  failed: 2,
  completed: 3,
  cancelled: 4,
};

/** Orders by status (STATUS_ORDER), then newest first (createdAt, epoch ms), then by id so the order is total. */
export function compareJobs(a: Job, b: Job): number {
  return STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A sorted copy of `jobs`: running > queued > failed > completed > cancelled, newest first within each. */
export function sortJobs(jobs: Iterable<Job>): Job[] {
  return [...jobs].sort(compareJobs);
}

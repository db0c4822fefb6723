import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Job, type JobStatus } from '../../../electron/shared/jobs.js';
import { sortJobs } from '../../../renderer/src/features/jobs/job-sorting.js';
import { JobsStore, isLaterCopy } from '../../../renderer/src/features/jobs/jobs-store.js';

/** A contract-valid Job (parsed with the real schema) with the fields sorting looks at. */
function job(status: JobStatus, createdAt: number, name = `${status}-${createdAt}`): Job {
  return Job.parse({
    id: randomUUID(),
    title: `${name}.wav`,
    sourcePath: `/media/${name}.wav`,
    sourceKind: 'file',
    sourceRoot: null,
    contentHash: null,
    params: { model: 'tiny.en' },
    status,
    progress: status === 'completed' ? 1 : 0,
    durationMs: null,
    offsetMs: 0,
    windowsDone: 0,
    createdAt,
    updatedAt: createdAt,
    startedAt: null,
    finishedAt: null,
    heartbeatAt: null,
    attempts: 0,
    maxAttempts: 3,
    retryAt: null,
    errorCode: null,
    errorMessage: null,
    backend: null,
    backendNote: null,
    rtf: null,
    language: null,
    outputs: {},
  });
}

const names = (jobs: Job[]) => jobs.map((j) => j.sourcePath.replace(/^\/media\/|\.wav$/g, ''));

describe('sortJobs', () => {
  it('orders running > queued > failed > completed > cancelled, newest first within a status', () => {
    const input = [
      job('completed', 100, 'done-old'),
      job('queued', 200, 'queued-old'),
      job('cancelled', 900, 'cancelled'),
      job('failed', 300, 'failed'),
      job('running', 50, 'running'),
      job('completed', 800, 'done-new'),
      job('queued', 700, 'queued-new'),
    ];
    expect(names(sortJobs(input))).toEqual(['running', 'queued-new', 'queued-old', 'failed', 'done-new', 'done-old', 'cancelled']);
  });

  it('does not modify its input and is total (ties broken by id)', () => {
    const a = job('queued', 5);
    const b = job('queued', 5);
    const input = [a, b];
    const once = sortJobs(input);
    expect(input).toEqual([a, b]);
    expect(sortJobs([b, a])).toEqual(once);
  });

  it('sorts a thousand jobs', () => {
    const statuses: JobStatus[] = ['queued', 'running', 'failed', 'completed', 'cancelled'];
    const many = Array.from({ length: 1000 }, (_, i) => job(statuses[i % 5]!, i));
    const sorted = sortJobs(many);
    expect(sorted).toHaveLength(1000);
    expect(sorted[0]?.status).toBe('running');
    expect(sorted[0]?.createdAt).toBe(996);
    expect(sorted.at(-1)?.status).toBe('cancelled');
    expect(sorted.at(-1)?.createdAt).toBe(4);
  });
});

describe('JobsStore', () => {
  it('keeps the newer copy when an older event arrives late, applies progress only to running jobs', () => {
    const store = new JobsStore();
    const running = { ...job('running', 10), updatedAt: 20 };
    store.reset([running]);
    store.upsert({ ...running, status: 'queued', updatedAt: 15 });
    expect(store.getSnapshot()[0]?.status).toBe('running');
    store.progress({ jobId: running.id, progress: 0.5 });
    expect(store.getSnapshot()[0]?.progress).toBe(0.5);
    const done = { ...running, status: 'completed' as const, progress: 1, updatedAt: 30 };
    store.upsert(done);
    store.progress({ jobId: running.id, progress: 0.7 });
    expect(store.getSnapshot()[0]?.progress).toBe(1);
    store.remove(running.id);
    expect(store.getSnapshot()).toEqual([]);
  });
});

describe('JobsStore ordering of copies written in the same millisecond', () => {
  it('prefers the later lifecycle stage, so a stale request answer cannot undo a pushed status', () => {
    const store = new JobsStore();
    const queued = job('queued', 100);
    const running = { ...queued, status: 'running' as const };
    store.upsert(running);
    store.upsert(queued); // e.g. recording.stop's answer arriving after the job.changed(running) event
    expect(store.get(queued.id)?.status).toBe('running');
    expect(isLaterCopy(running, queued)).toBe(true);
    expect(isLaterCopy(queued, running)).toBe(false);
  });
});

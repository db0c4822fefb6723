import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../../../electron/shared/jobs.js';

// Electron cannot run here: Notification is replaced (the one place a mock is acceptable).
const electron = vi.hoisted(() => {
  class FakeNotification {
    static shown: FakeNotification[] = [];
    static isSupported = () => true;
    handlers = new Map<string, () => void>();
    constructor(readonly options: { title: string; body: string }) {}
    on(event: string, fn: () => void) {
      this.handlers.set(event, fn);
    }
    show() {
      FakeNotification.shown.push(this);
    }
  }
  return { Notification: FakeNotification };
});
vi.mock('electron', () => electron);

const { JobNotifier } = await import('../../../../electron/main/job-notifier.js');

const base = { id: '11111111-1111-4111-8111-111111111111', sourcePath: '/talks/keynote.mp3', retryAt: null, errorMessage: null, errorCode: null } as unknown as Job;
const changed = (patch: Partial<Job>) => ({ event: 'job.changed' as const, payload: { ...base, ...patch } as Job });

describe('JobNotifier (electron mocked)', () => {
  beforeEach(() => {
    electron.Notification.shown = [];
  });

  it('announces a job that finishes after the app saw it running, and focuses the window on click', () => {
    const onClick = vi.fn();
    const n = new JobNotifier(onClick);
    n.handle(changed({ status: 'queued' }));
    n.handle(changed({ status: 'running' }));
    n.handle(changed({ status: 'running' }));
    n.handle(changed({ status: 'completed' }));
    expect(electron.Notification.shown.map((x) => x.options)).toEqual([{ title: 'Transcript ready', body: 'keynote.mp3' }]);
    electron.Notification.shown[0]!.handlers.get('click')!();
    expect(onClick).toHaveBeenCalled();
  });

  it('announces a final failure with its message, not a failure waiting to retry, a cancellation or an old job', () => {
    const n = new JobNotifier(() => undefined);
    n.handle(changed({ status: 'running' }));
    n.handle(changed({ status: 'failed', retryAt: Date.now() + 1000, errorCode: 'ENGINE_CRASHED' }));
    n.handle(changed({ status: 'running' }));
    n.handle(changed({ status: 'failed', errorCode: 'NOT_MEDIA', errorMessage: 'not audio' }));
    n.handle(changed({ id: '22222222-2222-4222-8222-222222222222', status: 'running' }));
    n.handle(changed({ id: '22222222-2222-4222-8222-222222222222', status: 'cancelled' }));
    n.handle(changed({ id: '33333333-3333-4333-8333-333333333333', status: 'completed' }));
    expect(electron.Notification.shown.map((x) => x.options)).toEqual([{ title: 'Transcription failed', body: 'keynote.mp3: not audio' }]);
  });
});

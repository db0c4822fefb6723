import path from 'node:path';
import { Notification } from 'electron';
import type { AppEvent } from '../services/app/app-api.js';
import type { JobStatus } from '../shared/jobs.js';

/**
 * A desktop notification when a job the app saw running finishes: "Transcript ready" on completion,
 * "Transcription failed" with the error on failure (cancellations stay quiet: the user did that). Jobs seen only
 * in a terminal state (already done at start-up, or skipped as duplicates) are not announced.
 * Clicking a notification calls `onClick` (the app focuses its window).
 */
export class JobNotifier {
  private readonly lastStatus = new Map<string, JobStatus>();

  constructor(private readonly onClick: () => void) {}

  /** Feed every app event here (AppApi.subscribe). */
  handle(e: AppEvent): void {
    if (e.event === 'job.removed') {
      this.lastStatus.delete(e.payload.id);
      return;
    }
    if (e.event !== 'job.changed') return;
    const job = e.payload;
    const before = this.lastStatus.get(job.id);
    this.lastStatus.set(job.id, job.status);
    if (before !== 'running' || !Notification.isSupported()) return;
    const name = path.basename(job.sourcePath);
    let notification: Notification | null = null;
    if (job.status === 'completed') notification = new Notification({ title: 'Transcript ready', body: name });
    else if (job.status === 'failed' && job.retryAt === null) {
      notification = new Notification({ title: 'Transcription failed', body: `${name}: ${job.errorMessage ?? job.errorCode ?? 'unknown error'}` });
    }
    if (!notification) return;
    notification.on('click', this.onClick);
    notification.show();
  }
}

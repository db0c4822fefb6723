import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Job } from '../shared/jobs.js';
import { printable } from './printable.js';

/**
 * Live progress of a batch on stderr: one bar per running file and an overall bar with ETA and real-time factor
 * (processing time / audio time) when stderr is a TTY; one plain line per state change otherwise (CI, pipes, logs).
 */
export class ProgressView {
  private readonly tty: boolean;
  private readonly multi: cliProgress.MultiBar | null;
  private readonly overall: cliProgress.SingleBar | null;
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private readonly jobs = new Map<string, Job>();
  private readonly lastStatus = new Map<string, string>();
  private readonly startedAt = Date.now();

  constructor(private readonly total: number, stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
    this.multi = this.tty
      ? new cliProgress.MultiBar(
          { stream, format: '{bar} {percentage}% | {name}', hideCursor: true, clearOnComplete: false, autopadding: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    this.overall = this.multi?.create(1000, 0, { name: this.overallLabel() }, {
      format: '{bar} {percentage}% | ETA {eta_formatted} | {name}',
    }) ?? null;
  }

  /** Takes the latest state of a job (from the manager's `job` event). */
  update(job: Job): void {
    this.jobs.set(job.id, job);
    const name = printable(path.basename(job.sourcePath));
    if (this.multi) {
      let bar = this.bars.get(job.id);
      if (job.status === 'running' && !bar) {
        bar = this.multi.create(1000, 0, { name });
        this.bars.set(job.id, bar);
      }
      if (bar) {
        bar.update(Math.round(job.progress * 1000), { name: `${name} ${job.status}` });
        if (job.status !== 'running') {
          this.multi.remove(bar);
          this.bars.delete(job.id);
          this.multi.log(`${this.lineFor(job)}\n`);
        }
      }
      this.overall?.update(Math.round(this.fraction() * 1000), { name: this.overallLabel() });
    } else if (this.lastStatus.get(job.id) !== job.status) {
      process.stderr.write(`${this.lineFor(job)}\n`);
    }
    this.lastStatus.set(job.id, job.status);
  }

  /** Live progress of one running job (0..1). */
  progress(jobId: string, progress: number): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    this.update({ ...job, progress });
  }

  stop(): void {
    this.multi?.stop();
  }

  /** The plain line for a job's state; the name and the message are printed escaped (printable). */
  private lineFor(job: Job): string {
    const name = printable(job.sourcePath);
    const message = printable(job.errorMessage ?? '');
    switch (job.status) {
      case 'completed':
        return `done     ${name}${job.rtf !== null ? ` (RTF ${job.rtf.toFixed(2)}, ${job.backend ?? '?'})` : ''}`;
      case 'failed':
        return `FAILED   ${name}: [${job.errorCode}] ${message}`;
      case 'queued':
        return job.retryAt ? `retrying ${name} after [${job.errorCode}] ${message}` : `queued   ${name}`;
      case 'running':
        return `running  ${name}${job.offsetMs > 0 ? ` (resuming at ${(job.offsetMs / 1000).toFixed(1)} s)` : ''}`;
      case 'cancelled':
        return `cancelled ${name}`;
      default: {
        const never: never = job.status;
        return String(never);
      }
    }
  }

  /** Overall fraction: audio-duration weighted where durations are known, by count otherwise. */
  private fraction(): number {
    const all = [...this.jobs.values()];
    if (all.length === 0) return 0;
    const known = all.filter((j) => j.durationMs);
    const done = (j: Job) => (j.status === 'completed' || j.status === 'failed' || j.status === 'cancelled' ? 1 : j.progress);
    if (known.length === all.length) {
      const total = known.reduce((s, j) => s + (j.durationMs ?? 0), 0);
      return total > 0 ? known.reduce((s, j) => s + done(j) * (j.durationMs ?? 0), 0) / total : 0;
    }
    return all.reduce((s, j) => s + done(j), 0) / Math.max(this.total, all.length);
  }

  private overallLabel(): string {
    const all = [...this.jobs.values()];
    const finished = all.filter((j) => j.status === 'completed' || j.status === 'failed' || j.status === 'cancelled').length;
    const audioMs = all.reduce((s, j) => s + this.fractionOf(j) * (j.durationMs ?? 0), 0);
    const rtf = audioMs > 0 ? (Date.now() - this.startedAt) / audioMs : null;
    return `overall ${finished}/${this.total} files${rtf !== null ? ` | RTF ${rtf.toFixed(2)}` : ''}`;
  }

  private fractionOf(j: Job): number {
    return j.status === 'completed' ? 1 : j.progress;
  }
}

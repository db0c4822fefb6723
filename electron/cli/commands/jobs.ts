import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { JOBS_PAGE_MAX } from '../../shared/contract.js';
import type { Job } from '../../shared/jobs.js';
import { Concurrency } from '../../services/config.js';
import { parsePositiveInt, zodOption } from '../options.js';
import { printable } from '../printable.js';
import { type OpenEarshot, globalFlags, withEarshot } from '../with-earshot.js';

/** One job as a line of `jobs list`; the file name and the message are printed escaped (printable). */
function line(j: Job): string {
  const pct = `${Math.round(j.progress * 100)}%`.padStart(4);
  const err = j.errorCode ? `  [${j.errorCode}] ${printable(j.errorMessage ?? '')}` : '';
  return `${j.id}  ${j.status.padEnd(9)} ${pct}  ${printable(path.basename(j.sourcePath))}${err}`;
}

/**
 * `earshot jobs list|show|cancel|retry|delete|run`: inspect and steer the durable queue in the data dir, through the jobs
 * service's own verbs (the same methods IPC, the WebSocket and REST call).
 */
export function registerJobsCommands(program: Command, open: OpenEarshot): void {
  const jobs = program.command('jobs').description('inspect and manage transcription jobs');
  jobs
    .command('list')
    .description('jobs, newest first')
    .option('--json', 'print JSON')
    .option('--limit <n>', `at most this many (up to ${JOBS_PAGE_MAX})`, parsePositiveInt, 50)
    .action((opts: { json?: boolean; limit: number }, cmd: Command) =>
      withEarshot(open, globalFlags(cmd), async (e) => {
        const { jobs: list } = await e.jobs.list({ limit: opts.limit });
        process.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : list.map(line).join('\n') + (list.length ? '\n' : 'no jobs\n'));
      }),
    );
  jobs
    .command('show')
    .description('one job with its segments')
    .argument('<id>')
    .action((id: string, _o: unknown, cmd: Command) =>
      withEarshot(open, globalFlags(cmd), async (e) => {
        const { job, segments } = await e.jobs.get({ id });
        process.stdout.write(`${JSON.stringify({ ...job, windows: e.jobs.windows(id), segments }, null, 2)}\n`);
      }),
    );
  jobs
    .command('cancel')
    .description('cancel a queued or running job')
    .argument('<id>')
    .action((id: string, _o: unknown, cmd: Command) =>
      withEarshot(open, globalFlags(cmd), async (e) => void process.stdout.write(`${line(await e.jobs.cancel({ id }))}\n`)),
    );
  jobs
    .command('retry')
    .description('queue a failed or cancelled job again (it resumes from its last committed window)')
    .argument('<id>')
    .action((id: string, _o: unknown, cmd: Command) =>
      withEarshot(open, globalFlags(cmd), async (e) => void process.stdout.write(`${line(await e.jobs.retry({ id }))}\n`)),
    );
  jobs
    .command('delete')
    .description('remove a job that is not running and its work files; its transcripts stay unless --with-outputs')
    .argument('<id>')
    .option('--with-outputs', 'also remove its transcripts (only those still as Earshot wrote them)')
    .action((id: string, opts: { withOutputs?: boolean }, cmd: Command) =>
      withEarshot(open, globalFlags(cmd), async (e) => {
        const { job } = await e.jobs.get({ id });
        await e.jobs.delete({ id, deleteOutputs: opts.withOutputs === true });
        const kept = Object.values(job.outputs).filter((f) => fs.existsSync(f));
        process.stdout.write(`deleted ${id}  ${path.basename(job.sourcePath)}\n`);
        if (kept.length > 0) process.stdout.write(`kept its transcripts: ${kept.join(', ')}\n`);
      }),
    );
  jobs
    .command('run')
    .description('run the whole queue until nothing is left to do')
    .option('--concurrency <n>', 'jobs at once (1-64)', zodOption(Concurrency))
    .action((opts: { concurrency?: number }, cmd: Command) =>
      withEarshot(open, { ...globalFlags(cmd), ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) }, async (e) => {
        e.jobs.on('job', (j) => j.status !== 'running' && process.stderr.write(`${line(j)}\n`));
        await e.jobs.run();
      }),
    );
}

import path from 'node:path';
import type { Command } from 'commander';
import { Backbone } from '../../services/backbone.js';
import { resolveDataDir } from '../../services/_utils/data-dir.js';
import { EarshotError } from '../../shared/errors.js';
import type { Job } from '../../shared/jobs.js';

/** Runs `fn` on a backbone for the data dir, printing EarshotErrors as `[CODE] message` with exit code 1. */
async function withBackbone(cmd: Command, fn: (b: Backbone) => Promise<void> | void): Promise<void> {
  const backbone = new Backbone({ dataDir: resolveDataDir(cmd.optsWithGlobals<{ dataDir?: string }>().dataDir) });
  try {
    await fn(backbone);
  } catch (err) {
    const e = EarshotError.from(err);
    process.stderr.write(`earshot: [${e.code}] ${e.message}\n`);
    process.exitCode = 1;
  } finally {
    await backbone.close();
  }
}

function line(j: Job): string {
  const pct = `${Math.round(j.progress * 100)}%`.padStart(4);
  const err = j.errorCode ? `  [${j.errorCode}] ${j.errorMessage ?? ''}` : '';
  return `${j.id}  ${j.status.padEnd(9)} ${pct}  ${path.basename(j.sourcePath)}${err}`;
}

/** `earshot jobs list|show|cancel|retry|run`: inspect and steer the durable queue in the data dir. */
export function registerJobsCommands(program: Command): void {
  const jobs = program.command('jobs').description('inspect and manage transcription jobs');
  jobs
    .command('list')
    .description('jobs, newest first')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'at most this many', (v) => Number(v), 50)
    .action((opts: { json?: boolean; limit: number }, cmd: Command) =>
      withBackbone(cmd, (b) => {
        const list = b.store.list({ limit: opts.limit });
        process.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : list.map(line).join('\n') + (list.length ? '\n' : 'no jobs\n'));
      }),
    );
  jobs
    .command('show')
    .description('one job with its segments')
    .argument('<id>')
    .action((id: string, _o: unknown, cmd: Command) =>
      withBackbone(cmd, (b) => {
        const job = b.store.require(id);
        process.stdout.write(`${JSON.stringify({ ...job, windows: b.store.windows(id), segments: b.store.segments(id) }, null, 2)}\n`);
      }),
    );
  jobs
    .command('cancel')
    .description('cancel a queued or running job')
    .argument('<id>')
    .action((id: string, _o: unknown, cmd: Command) => withBackbone(cmd, (b) => void process.stdout.write(`${line(b.store.cancel(id))}\n`)));
  jobs
    .command('retry')
    .description('queue a failed or cancelled job again (it resumes from its last committed window)')
    .argument('<id>')
    .action((id: string, _o: unknown, cmd: Command) => withBackbone(cmd, (b) => void process.stdout.write(`${line(b.store.retry(id))}\n`)));
  jobs
    .command('run')
    .description('run the whole queue until nothing is left to do')
    .option('--concurrency <n>', 'jobs at once', (v) => Number(v), 1)
    .action(async (opts: { concurrency: number }, cmd: Command) => {
      const dataDir = resolveDataDir(cmd.optsWithGlobals<{ dataDir?: string }>().dataDir);
      const backbone = new Backbone({ dataDir, concurrency: opts.concurrency });
      try {
        backbone.manager.on('job', (j) => j.status !== 'running' && process.stderr.write(`${line(j)}\n`));
        await backbone.start();
        await backbone.manager.waitForIdle();
      } finally {
        await backbone.close();
      }
    });
}

import path from 'node:path';
import type { Command } from 'commander';
import { trustedCall } from '../../services/_utils/call-context.js';
import { WATCH_SETTLE_DEFAULT_MS, type WatchFolder } from '../../shared/contract.js';
import type { Job } from '../../shared/jobs.js';
import { type JobOptions, addJobOptions, checkJobOptions, jobFilters, jobParams } from '../job-options.js';
import { limitFlags, parseDuration } from '../options.js';
import { printable } from '../printable.js';
import { type OpenEarshot, globalFlags, printError, withEarshot, openForRun, untilStopped } from '../with-earshot.js';

interface WatchOptions extends JobOptions {
  settle: number;
  list?: boolean;
  remove?: boolean;
}

function describeWatch(w: WatchFolder): string {
  return printable(`${w.id}  ${w.path}  model ${w.params.model}, ${w.params.formats.join(',')}${w.params.outDir ? `, out ${w.params.outDir}` : ''}, settle ${w.settleMs} ms`);
}

/**
 * `earshot watch DIR... [the options of transcribe] [--settle 2s]`: watches the folders (recursively) and transcribes
 * every audio/video file that appears in them once its size has stopped changing, until SIGINT/SIGTERM. The folders
 * and their options are saved in the data directory, so `earshot watch` with no folder, `earshot serve` and the app
 * resume watching them; files already transcribed with the same options are skipped by content hash.
 * `--list` prints the saved folders; `--remove DIR...` forgets them.
 */
export function registerWatchCommand(program: Command, open: OpenEarshot): void {
  addJobOptions(program.command('watch'))
    .description('watch folders and transcribe new audio/video files as they appear (saved; resumes on the next start)')
    .argument('[folders...]', 'folders to watch (none: the saved ones)')
    .option('--settle <time>', 'how long a new file\'s size must stay unchanged before it is transcribed', parseDuration, WATCH_SETTLE_DEFAULT_MS)
    .option('--list', 'print the saved watched folders and exit')
    .option('--remove', 'forget the named folders (stop watching them) and exit')
    .action(async (folders: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<WatchOptions>();
      checkJobOptions(cmd, opts);
      if (opts.list) return listWatches(open, cmd);
      if (opts.remove) return removeWatches(open, cmd, folders);
      process.exitCode = await watchFolders(open, folders, opts);
    });
}

function listWatches(open: OpenEarshot, cmd: Command): Promise<void> {
  return withEarshot(open, globalFlags(cmd), async (e) => {
    const list = await e.watch.list();
    process.stdout.write(list.length ? `${list.map(describeWatch).join('\n')}\n` : 'no watched folders\n');
  });
}

function removeWatches(open: OpenEarshot, cmd: Command, folders: string[]): Promise<void> {
  if (folders.length === 0) cmd.error('--remove needs the folders to forget');
  return withEarshot(open, globalFlags(cmd), async (e) => {
    const list = await e.watch.list();
    for (const folder of folders) {
      const w = list.find((x) => x.path === path.resolve(folder) || x.id === folder);
      if (!w) {
        process.stderr.write(`earshot: [NOT_FOUND] ${folder} is not a watched folder\n`);
        process.exitCode = 1;
        continue;
      }
      await e.watch.remove({ id: w.id });
      process.stdout.write(`no longer watching ${printable(w.path)}\n`);
    }
  });
}

async function watchFolders(open: OpenEarshot, folders: string[], opts: WatchOptions): Promise<number> {
  const opened = openForRun(open, opts, limitFlags(opts));
  if (!opened) return 2;
  const { earshot } = opened;
  try {
    if (folders.length > 0) {
      const model = await earshot.models.resolve(opts.model);
      const params = jobParams(opts, model.name);
      const filters = jobFilters(opts);
      for (const folder of folders) await earshot.watch.add({ path: folder, params, filters, settleMs: Math.round(opts.settle) }, trustedCall());
    }
    const watched = await earshot.watch.list();
    if (watched.length === 0) {
      process.stderr.write('earshot: [BAD_REQUEST] nothing to watch: name a folder (earshot watch DIR)\n');
      return 2;
    }
    // A job's first event is its state when queued: a file already transcribed arrives completed and is not reported.
    const reported = new Map<string, string>();
    earshot.jobs.on('job', (job: Job) => {
      const before = reported.get(job.id);
      if (before === job.status) return;
      reported.set(job.id, job.status);
      if (before === undefined && job.status !== 'queued' && job.status !== 'running') return;
      if (job.status === 'running') process.stderr.write(`transcribing ${printable(job.sourcePath)}\n`);
      if (job.status === 'completed') process.stdout.write(`${printable(job.sourcePath)} -> ${printable(Object.values(job.outputs).join(', '))}\n`);
      if (job.status === 'failed') process.stdout.write(`FAILED ${printable(job.sourcePath)}: [${job.errorCode ?? 'failed'}] ${printable(job.errorMessage ?? '')}\n`);
    });
    await earshot.start();
    await earshot.watch.ready();
    for (const w of watched) process.stderr.write(`watching ${describeWatch(w)}\n`);
    process.stderr.write('press Ctrl+C to stop (watching resumes with `earshot watch` or `earshot serve`)\n');
    await untilStopped();
    return 0;
  } catch (err) {
    printError(err);
    return 2;
  } finally {
    await opened.close();
  }
}

import type { Command } from 'commander';
import { trustedCall } from '../../services/_utils/call-context.js';
import type { RequestOutput } from '../../shared/contract.js';
import { PREBUILT_CPU_NOTE, type Job } from '../../shared/jobs.js';
import { type JobOptions, addJobOptions, checkJobOptions, jobFilters, jobParams } from '../job-options.js';
import { limitFlags } from '../options.js';
import { printable } from '../printable.js';
import { ProgressView } from '../progress-view.js';
import { type OpenEarshot, printError, openForRun } from '../with-earshot.js';

type TranscribeOptions = JobOptions;

/**
 * `earshot transcribe <file|folder>...`: enqueues every input as a durable job, runs the batch with live progress,
 * prints a summary and exits 0 only if every selected file succeeded. Running it again after a crash resumes the
 * same jobs (matched by content hash and parameters) from their last committed window.
 */
export function registerTranscribeCommand(program: Command, open: OpenEarshot): void {
  addJobOptions(program.command('transcribe'))
    .description('transcribe audio/video files and folders (recursively) to txt/srt/vtt/json')
    .argument('<inputs...>', 'files or folders')
    .action(async (inputs: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<TranscribeOptions>();
      checkJobOptions(cmd, opts);
      process.exitCode = await transcribe(open, inputs, opts);
    });
}

async function transcribe(open: OpenEarshot, inputs: string[], opts: TranscribeOptions): Promise<number> {
  const opened = openForRun(open, opts, limitFlags(opts));
  if (!opened) return 2;
  const { earshot } = opened;
  let view: ProgressView | null = null;
  const onSignal = () => {
    process.stderr.write('\ninterrupted: running jobs go back to the queue; run the same command to resume\n');
    view?.stop();
    // Hand the running jobs back before anything else can see their engine or ffmpeg go (Ctrl-C signals those too).
    void earshot.jobs
      .stop()
      .catch(() => undefined)
      .finally(() => opened.close())
      .finally(() => process.exit(130));
  };
  try {
    const model = await earshot.models.resolve(opts.model);
    const params = jobParams(opts, model.name);
    const filters = jobFilters(opts);
    const enqueued = await earshot.jobs.enqueue({ paths: inputs, params, filters }, trustedCall());
    const { jobs, skipped, excluded, rejected } = enqueued;
    for (const e of excluded) process.stderr.write(`skipped  ${printable(e.path)}: ${printable(e.reason)}\n`);
    for (const r of rejected) process.stderr.write(`FAILED   ${printable(r.path)}: [${r.code}] ${printable(r.message)}\n`);
    const done = new Set(skipped);
    for (const job of jobs.filter((j) => done.has(j.id))) process.stderr.write(`skipped  ${printable(job.sourcePath)}: ${alreadyDone(job)}\n`);
    const ids = [...new Set(jobs.filter((j) => !done.has(j.id)).map((j) => j.id))];
    process.stderr.write(`model ${printable(model.name)} (${printable(model.path)}); ${ids.length} to transcribe, ${done.size} already done\n`);
    if (ids.length > 0) {
      view = new ProgressView(ids.length);
      const v = view;
      earshot.jobs.on('job', (job) => ids.includes(job.id) && v.update(job));
      earshot.jobs.on('progress', ({ jobId, progress }) => v.progress(jobId, progress));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      await earshot.jobs.run(ids);
      view.stop();
    }
    const finished = await Promise.all(ids.map(async (id) => (await earshot.jobs.get({ id })).job));
    return summarise(finished, enqueued);
  } catch (err) {
    view?.stop();
    printError(err);
    return 2;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await opened.close();
  }
}

function alreadyDone(job: Job): string {
  return `already transcribed with these settings (${printable(Object.values(job.outputs).join(', '))})`;
}

/**
 * Prints the batch summary to stdout, one line for every input the user named or the walk found: the outputs of each
 * completed job (with a `note:` line for each output that went elsewhere than planned); then the counts; then every skipped input with its reason (already transcribed, filtered out, a folder
 * with nothing in it) and every failure with its code and message (failed jobs, and inputs refused by type before any
 * job was made). Names are printed escaped (printable). Returns the exit code: 0 only when nothing failed.
 */
function summarise(jobs: Job[], enqueued: RequestOutput<'jobs.enqueue'>): number {
  const done = new Set(enqueued.skipped);
  const already = enqueued.jobs.filter((j, i, all) => done.has(j.id) && all.findIndex((k) => k.id === j.id) === i);
  const completed = jobs.filter((j) => j.status === 'completed');
  const failed = jobs.filter((j) => j.status !== 'completed');
  const out = (line: string) => process.stdout.write(`${line}\n`);
  for (const j of completed) {
    out(`${printable(j.sourcePath)} -> ${printable(Object.values(j.outputs).join(', '))}`);
    for (const note of j.notes ?? []) out(`  note: ${printable(note)}`);
  }
  const skippedCount = already.length + enqueued.excluded.length;
  out(`\n${completed.length} completed, ${failed.length + enqueued.rejected.length} failed, ${skippedCount} skipped`);
  for (const j of already) out(`  skipped ${printable(j.sourcePath)}: ${alreadyDone(j)}`);
  for (const e of enqueued.excluded) out(`  skipped ${printable(e.path)}: ${printable(e.reason)}`);
  for (const r of enqueued.rejected) out(`  FAILED ${printable(r.path)}: [${r.code}] ${printable(r.message)}`);
  for (const j of failed) out(`  FAILED ${printable(j.sourcePath)}: [${j.errorCode ?? j.status}] ${printable(j.errorMessage ?? '')}`);
  warnIfSlowEngine(jobs);
  return failed.length + enqueued.rejected.length === 0 ? 0 : 1;
}

/**
 * Warns on stderr when a job ran on the prebuilt CPU build of whisper.cpp (about 15x slower than the one compiled
 * at install), with the reason the job recorded and what to install. Prints nothing otherwise.
 */
function warnIfSlowEngine(jobs: Job[]): void {
  const note = jobs.map((j) => j.backendNote).find((n) => n?.startsWith(PREBUILT_CPU_NOTE));
  if (!note) return;
  process.stderr.write(
    `\nWARNING: transcribed with the slow prebuilt whisper.cpp engine: ${note}\n` +
      'Install build-essential and cmake (Debian/Ubuntu: sudo apt-get install build-essential cmake), then run\n' +
      '`npm run build:engine` for the fast engine; `earshot doctor` shows what is in use.\n',
  );
}

import type { Command } from 'commander';
import { type ConfigFlags, loadConfig } from '../services/config.js';
import { type Earshot, openEarshot } from '../services/earshot.js';
import { EarshotError } from '../shared/errors.js';
import { printable } from './printable.js';

/** How CLI commands open Earshot: the composition root on the configured data dir, closed when the command ends. */
export type OpenEarshot = (flags: ConfigFlags) => { earshot: Earshot; close: () => Promise<void> };

/** The real opener: loadConfig(flags, environment, settings.json) then openEarshot. */
export const openFromConfig: OpenEarshot = (flags) => {
  const earshot = openEarshot(loadConfig(flags));
  return { earshot, close: () => earshot.close() };
};

/** The global `--data-dir` of a command, as a configuration flag. */
export function globalFlags(cmd: Command): ConfigFlags {
  const { dataDir } = cmd.optsWithGlobals<{ dataDir?: string }>();
  return dataDir ? { dataDir } : {};
}

/** The options long-running commands (transcribe, watch, serve) share: the global --data-dir, --model, --concurrency. */
export interface RunFlags {
  dataDir?: string;
  model?: string;
  concurrency: number;
}

/**
 * Opens Earshot for a long-running command with its --data-dir, --model and --concurrency (and `extra` flags, such as
 * the resource limits); null (the error printed as `earshot: [CODE] message`) when the configuration or the database
 * cannot be opened. The caller closes it.
 */
export function openForRun(open: OpenEarshot, opts: RunFlags, extra: ConfigFlags = {}): ReturnType<OpenEarshot> | null {
  try {
    return open({ concurrency: opts.concurrency, ...extra, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.model ? { model: opts.model } : {}) });
  } catch (err) {
    printError(err);
    return null;
  }
}

/** Prints an error as `earshot: [CODE] message` on stderr, the message escaped (it may name a file). */
export function printError(err: unknown): EarshotError {
  const e = EarshotError.from(err);
  process.stderr.write(`earshot: [${e.code}] ${printable(e.message)}\n`);
  return e;
}

/**
 * Opens Earshot with `flags`, runs `fn` on it and closes it; an error (opening included) is printed as
 * `earshot: [CODE] message` and sets the exit code to `failCode` (default 1).
 */
export async function withEarshot(open: OpenEarshot, flags: ConfigFlags, fn: (e: Earshot) => Promise<void> | void, failCode = 1): Promise<void> {
  let opened: ReturnType<OpenEarshot>;
  try {
    opened = open(flags);
  } catch (err) {
    printError(err);
    process.exitCode = failCode;
    return;
  }
  try {
    await fn(opened.earshot);
  } catch (err) {
    printError(err);
    process.exitCode = failCode;
  } finally {
    await opened.close();
  }
}

/**
 * Resolves at the first SIGINT or SIGTERM (a second SIGINT exits at once with 130), after saying on stderr that running
 * jobs go back to the queue: how the long-running commands (`serve`, `watch`) wait until they are stopped.
 */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.stderr.write('\nstopping: running jobs go back to the queue and resume on the next start\n');
      process.once('SIGINT', () => process.exit(130));
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

import type { Command } from 'commander';

/** `earshot jobs …` (filled in with the job store). */
export function registerJobsCommands(_program: Command): void {}

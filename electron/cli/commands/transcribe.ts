import type { Command } from 'commander';

/** `earshot transcribe …` (filled in with the job manager). */
export function registerTranscribeCommand(_program: Command): void {}

import type { Command } from 'commander';

/** `earshot models …` (filled in with the models service). */
export function registerModelsCommands(_program: Command): void {}

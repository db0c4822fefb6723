// A CLI entry with only `earshot models …` registered, exactly as electron/cli/program.ts registers it, so the models
// commands can be run in a child process without loading the other features' modules.
// Usage: node --import tsx tests/helpers/models-cli.ts [--data-dir DIR] models …
import { Command } from 'commander';
import { registerModelsCommands } from '../../electron/cli/commands/models.js';
import { openFromConfig } from '../../electron/cli/with-earshot.js';

const program = new Command('earshot').option('--data-dir <dir>', 'data directory').showHelpAfterError();
registerModelsCommands(program, openFromConfig);
await program.parseAsync(process.argv);

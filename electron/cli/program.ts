import { Command } from 'commander';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerJobsCommands } from './commands/jobs.js';
import { registerModelsCommands } from './commands/models.js';
import { registerSearchCommand } from './commands/search.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTranscribeCommand } from './commands/transcribe.js';
import { registerWatchCommand } from './commands/watch.js';
import { type OpenEarshot, openFromConfig } from './with-earshot.js';

/**
 * Builds the `earshot` command tree. Each feature registers its own sub-commands
 * (transcribe, jobs, models, search, watch, serve, doctor) so the CLI stays a thin layer over electron/services.
 */
export function buildProgram(open: OpenEarshot = openFromConfig): Command {
  const program = new Command('earshot')
    .description('Offline recorder and transcriber: whisper.cpp on this machine, durable jobs, subtitles.')
    .option('--data-dir <dir>', 'data directory (default: $EARSHOT_DATA_DIR, $XDG_DATA_HOME/earshot, ~/.local/share/earshot)')
    .showHelpAfterError();
  registerTranscribeCommand(program, open);
  registerJobsCommands(program, open);
  registerModelsCommands(program, open);
  registerSearchCommand(program, open);
  registerWatchCommand(program, open);
  registerServeCommand(program, open);
  registerDoctorCommand(program, open);
  return program;
}

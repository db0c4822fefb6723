// Entry of the `earshot` command (bin/earshot.js runs it): the command tree of program.ts on this process's argv.
import { buildProgram } from './program.js';

await buildProgram().parseAsync(process.argv);

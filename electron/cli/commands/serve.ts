import { type Command, InvalidArgumentError } from 'commander';
import { createServer, DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_PORT } from '../../server/create-server.js';
import { type LimitOptions, addLimitOptions, limitFlags, parsePositiveInt, parseSize } from '../options.js';
import { type OpenEarshot, printError, openForRun, untilStopped } from '../with-earshot.js';

interface ServeOptions extends LimitOptions {
  dataDir?: string;
  host: string;
  port: number;
  model?: string;
  concurrency: number;
  maxUpload: number;
  ui?: string;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`"${value}" is not a port (0-65535; 0 picks a free one)`);
  return n;
}

/**
 * `earshot serve [--host 127.0.0.1] [--port 4777]`: runs the job queue on the data directory and serves the UI, the
 * contract over a WebSocket and the REST API until SIGINT/SIGTERM. Prints `Earshot serving on http://HOST:PORT` on
 * stdout once listening (tests and scripts read that line). `--model` sets the default model of jobs that name none
 * (above $EARSHOT_MODEL in the configuration); it is checked before the server starts.
 */
export function registerServeCommand(program: Command, open: OpenEarshot): void {
  addLimitOptions(program.command('serve'))
    .description('serve the Earshot UI and API over HTTP (browser UI, WebSocket, REST) from this machine')
    .option('--host <address>', 'listen address (0.0.0.0 exposes it to the network)', '127.0.0.1')
    .option('--port <n>', 'TCP port (0 picks a free one)', parsePort, DEFAULT_PORT)
    .option('--model <name|path>', 'default model for jobs that do not name one')
    .option('--concurrency <n>', 'files transcribed at once', parsePositiveInt, 1)
    .option('--max-upload <size>', 'largest upload accepted (e.g. 500MB)', parseSize, DEFAULT_MAX_UPLOAD_BYTES)
    .option('--ui <dir>', 'built renderer to serve (default: out/renderer)')
    .action(async (_opts: unknown, cmd: Command) => {
      process.exitCode = await serve(open, cmd.optsWithGlobals<ServeOptions>());
    });
}

async function serve(open: OpenEarshot, opts: ServeOptions): Promise<number> {
  const opened = openForRun(open, opts, limitFlags(opts));
  if (!opened) return 2;
  const { earshot } = opened;
  try {
    if (opts.model) await earshot.models.resolve(opts.model);
    const model = await earshot.models.getDefault();
    const server = await createServer({ earshot, host: opts.host, port: opts.port, maxUploadBytes: opts.maxUpload, ...(opts.ui ? { staticDir: opts.ui } : {}) });
    await earshot.start();
    const url = await server.start();
    process.stderr.write(`data dir ${earshot.config.dataDir}; default model ${model ? (model.name === model.path ? model.path : `${model.name} (${model.path})`) : 'none installed'}\n`);
    process.stdout.write(`Earshot serving on ${url}\n`);
    await untilStopped();
    await server.close();
    return 0;
  } catch (err) {
    printError(err);
    return 2;
  } finally {
    await opened.close();
  }
}

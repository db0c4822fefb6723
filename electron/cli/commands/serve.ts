import { type Command, InvalidArgumentError } from 'commander';
import { createServer, DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_PORT } from '../../server/create-server.js';
import { Backbone } from '../../services/backbone.js';
import { resolveDataDir } from '../../services/_utils/data-dir.js';
import { EarshotError } from '../../shared/errors.js';
import { parsePositiveInt, parseSize } from '../options.js';

interface ServeOptions {
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
 * (as $EARSHOT_MODEL does); it is checked before the server starts.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the Earshot UI and API over HTTP (browser UI, WebSocket, REST) from this machine')
    .option('--host <address>', 'listen address (0.0.0.0 exposes it to the network)', '127.0.0.1')
    .option('--port <n>', 'TCP port (0 picks a free one)', parsePort, DEFAULT_PORT)
    .option('--model <name|path>', 'default model for jobs that do not name one')
    .option('--concurrency <n>', 'files transcribed at once', parsePositiveInt, 1)
    .option('--max-upload <size>', 'largest upload accepted (e.g. 500MB)', parseSize, DEFAULT_MAX_UPLOAD_BYTES)
    .option('--ui <dir>', 'built renderer to serve (default: out/renderer)')
    .action(async (_opts: unknown, cmd: Command) => {
      process.exitCode = await serve(cmd.optsWithGlobals<ServeOptions>());
    });
}

async function serve(opts: ServeOptions): Promise<number> {
  const dataDir = resolveDataDir(opts.dataDir);
  let backbone: Backbone;
  try {
    backbone = new Backbone({ dataDir, concurrency: opts.concurrency });
  } catch (err) {
    const e = EarshotError.from(err);
    process.stderr.write(`earshot: [${e.code}] ${e.message}\n`);
    return 2;
  }
  try {
    if (opts.model) {
      const model = await backbone.models.resolve(opts.model);
      // ModelService's default comes from $EARSHOT_MODEL when set; the flag is the same choice for this process.
      process.env.EARSHOT_MODEL = model.path;
    }
    const model = await backbone.models.getDefault();
    const server = await createServer({ backbone, host: opts.host, port: opts.port, maxUploadBytes: opts.maxUpload, ...(opts.ui ? { staticDir: opts.ui } : {}) });
    await backbone.start();
    const url = await server.start();
    process.stderr.write(`data dir ${dataDir}; default model ${model ? (model.name === model.path ? model.path : `${model.name} (${model.path})`) : 'none installed'}\n`);
    process.stdout.write(`Earshot serving on ${url}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.stderr.write('\nstopping: running jobs go back to the queue and resume on the next start\n');
        process.once('SIGINT', () => process.exit(130));
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  } catch (err) {
    const e = EarshotError.from(err);
    process.stderr.write(`earshot: [${e.code}] ${e.message}\n`);
    return 2;
  } finally {
    await backbone.close();
  }
}

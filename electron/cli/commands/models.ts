import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { DownloadProgress } from '../../services/models/download.js';
import type { ModelListing, ModelsService } from '../../services/models/models-service.js';
import { type OpenEarshot, globalFlags, withEarshot } from '../with-earshot.js';

/** Bytes as MiB/GiB, as whisper.cpp's model table writes them. */
export function formatSize(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.round(n / 1024 ** 2)} MiB`;
}

function status(m: ModelListing): string {
  if (m.problem) return 'broken';
  if (m.installed) return 'installed';
  if (m.partialBytes !== null && m.sizeBytes > 0) return `partial ${Math.floor((m.partialBytes / m.sizeBytes) * 100)}%`;
  return 'available';
}

/** A byte-progress bar on stderr when it is a terminal; nothing otherwise (logs and CI stay clean). */
function byteBar(label: string): { update: (p: DownloadProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} {bar} {percentage}% | {value}/{total} MiB | ETA {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      const mib = (b: number) => Math.round(b / 1024 ** 2);
      if (!started) {
        bar.start(mib(p.totalBytes), mib(p.receivedBytes));
        started = true;
      } else bar.update(mib(p.receivedBytes));
    },
    stop: () => started && bar.stop(),
  };
}

/**
 * `earshot models list|download|import|remove|default`: the whisper.cpp model store in `<data-dir>/models`.
 * Paths of installed models go to stdout (last line), progress and messages to stderr.
 */
export function registerModelsCommands(program: Command, open: OpenEarshot): void {
  /** Runs a command body on the models service of the data dir (global --data-dir), errors printed with exit code 1. */
  const run = (cmd: Command, fn: (svc: ModelsService) => Promise<void>) => withEarshot(open, globalFlags(cmd), (e) => fn(e.models));
  const models = program.command('models').description('list, download, import and remove whisper.cpp models');

  models
    .command('list')
    .description('catalog and installed models; * marks the one transcription uses by default')
    .option('--json', 'print JSON')
    .option('--installed', 'only installed models')
    .action((opts: { json?: boolean; installed?: boolean }, cmd: Command) =>
      run(cmd, async (svc) => {
        const rows = (await svc.list()).filter((m) => !opts.installed || m.installed);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        const width = Math.max(4, ...rows.map((r) => r.name.length));
        const lines = rows.map(
          (r) =>
            `${r.isDefault ? '*' : ' '} ${r.name.padEnd(width)}  ${formatSize(r.sizeBytes).padStart(8)}  ${(r.languages === 'en' ? 'English' : r.languages === 'multilingual' ? 'multilingual' : '?').padEnd(12)}  ${status(r)}${r.problem ? `: ${r.problem}` : ''}`,
        );
        process.stdout.write(`  ${'NAME'.padEnd(width)}  ${'SIZE'.padStart(8)}  ${'LANGUAGES'.padEnd(12)}  STATUS\n${lines.join('\n')}\n`);
        const def = await svc.getDefault();
        process.stdout.write(
          def
            ? `\ndefault: ${def.name} (${def.source === 'best-installed' ? 'best installed' : def.source}) ${def.path}\n`
            : `\nno model installed in ${svc.modelsDir}: \`earshot models download base.en\` or \`earshot models import <folder>\`\n`,
        );
      }),
    );

  models
    .command('download')
    .description('download a catalog model (resumes an interrupted download; verified before use)')
    .argument('<name>', 'model name, e.g. base.en, small-q5_1, large-v3-turbo')
    .action((name: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (svc) => {
        const bar = byteBar(name);
        let result;
        try {
          result = await svc.download(name, { onProgress: bar.update });
        } finally {
          bar.stop();
        }
        process.stderr.write(result.origin === 'existing' ? `${name} is already installed\n` : `downloaded and verified ${name}\n`);
        process.stdout.write(`${result.path}\n`);
      }),
    );

  models
    .command('import')
    .description('add a ggml .bin file, or convert a faster-whisper / CTranslate2 model folder to ggml')
    .argument('<path>', 'ggml-<name>.bin file or folder with model.bin')
    .option('--name <name>', 'store it under this name (default: from the file name or the model shapes)')
    .option('--force', 'replace an installed model of the same name')
    .option('--f32', 'convert to f32 weights (default: keep f16 as f16)')
    .action((source: string, opts: { name?: string; force?: boolean; f32?: boolean }, cmd: Command) =>
      run(cmd, async (svc) => {
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar({ stream: process.stderr, format: 'converting {bar} {value}/{total} tensors', hideCursor: true }, cliProgress.Presets.shades_classic)
          : null;
        let started = false;
        let result;
        try {
          result = await svc.import(source, {
            name: opts.name,
            force: opts.force,
            precision: opts.f32 ? 'f32' : 'auto',
            onProgress: (done, total) => {
              if (!bar) return;
              if (!started) {
                bar.start(total, done);
                started = true;
              } else bar.update(done);
            },
          });
        } finally {
          if (started) bar?.stop();
        }
        const h = result.info.hparams;
        process.stderr.write(
          `${result.origin === 'ct2' ? 'converted' : 'imported'} ${result.name}: ${formatSize(result.sizeBytes)}, ${result.info.weightType} weights, ` +
            `${h.n_audio_layer}+${h.n_text_layer} layers, ${result.info.multilingual ? 'multilingual' : 'English only'}\n`,
        );
        process.stdout.write(`${result.path}\n`);
      }),
    );

  models
    .command('remove')
    .description('delete an installed model (and any partial download of it)')
    .argument('<name>', 'model name')
    .action((name: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (svc) => {
        const { removed } = await svc.remove(name);
        process.stdout.write(removed.map((f) => `removed ${f}\n`).join(''));
      }),
    );

  models
    .command('default')
    .description('show the model used when --model is not given, or set it (settings.json defaultModel)')
    .argument('[name]', 'installed model name or path to a ggml file')
    .option('--clear', 'forget the setting (fall back to the best installed model)')
    .action((name: string | undefined, opts: { clear?: boolean }, cmd: Command) =>
      run(cmd, async (svc) => {
        if (opts.clear) await svc.setDefault(null);
        else if (name) await svc.setDefault(name);
        const def = await svc.resolve(null);
        process.stdout.write(`${def.name} (${def.source === 'best-installed' ? 'best installed' : def.source}) ${def.path}\n`);
      }),
    );
}

import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { EarshotError } from '../../shared/errors.js';
import { findEntry, ModelName, modelFileName, nameFromFileName, type Catalog } from './catalog.js';
import { inspectGgml, type GgmlInfo } from '../../../native/models/index.js';
import type { Settings } from '../settings/settings-file.js';

/** Where a resolved model choice came from, strongest first. */
export type ModelChoiceSource = 'flag' | 'env' | 'settings' | 'best-installed';

export interface ResolvedModel {
  /** Model name (`base.en`), or the absolute path when the model is a file outside the store. */
  name: string;
  /** Absolute path of the ggml file. */
  path: string;
  source: ModelChoiceSource;
}

/** A ggml file in the store. `info` is null (and `problem` set) when its header does not read as a whisper model. */
export interface InstalledModel {
  name: string;
  path: string;
  sizeBytes: number;
  info: GgmlInfo | null;
  problem: string | null;
}

const SOURCE_LABEL: Record<ModelChoiceSource, string> = {
  flag: '--model',
  env: '$EARSHOT_MODEL',
  settings: 'defaultModel in settings.json',
  'best-installed': 'the best installed model',
};

/** The command line that fetches a first model, quoted in MODEL_MISSING messages. */
export const FIRST_MODEL_HINT =
  'Fetch one with `earshot models download base.en` (English, 142 MiB; `earshot models list` shows all), ' +
  'or convert a faster-whisper model folder offline with `earshot models import <folder>`.';

/** True when `value` names a file rather than a model: it has a path separator or ends in `.bin`. */
export function isModelPath(value: string): boolean {
  return value.includes('/') || value.includes('\\') || value.endsWith('.bin');
}

/**
 * The ggml models in `modelsDir` (`ggml-<name>.bin`; `.part` downloads excluded), each with its header read.
 * A missing folder is an empty list.
 */
export async function listInstalled(modelsDir: string): Promise<InstalledModel[]> {
  let names: string[];
  try {
    names = await readdir(modelsDir);
  } catch {
    return [];
  }
  const out: InstalledModel[] = [];
  for (const file of names.sort()) {
    const name = nameFromFileName(file);
    if (!name) continue;
    const full = path.join(modelsDir, file);
    const st = await stat(full).catch(() => null);
    if (!st?.isFile()) continue;
    try {
      out.push({ name, path: full, sizeBytes: st.size, info: await inspectGgml(full, { headerOnly: true }), problem: null });
    } catch (err) {
      out.push({ name, path: full, sizeBytes: st.size, info: null, problem: (err as Error).message });
    }
  }
  return out;
}

/**
 * The most capable installed model: most encoder layers, then most decoder layers (so large-v3 > large-v3-turbo >
 * medium), then the biggest file (f16 over q8_0 over q5_x). Null when none is usable.
 */
export function bestInstalled(models: InstalledModel[]): InstalledModel | null {
  const usable = models.filter((m) => m.info !== null);
  usable.sort((a, b) => {
    const ha = a.info!.hparams;
    const hb = b.info!.hparams;
    return hb.n_audio_layer - ha.n_audio_layer || hb.n_text_layer - ha.n_text_layer || b.sizeBytes - a.sizeBytes || a.name.localeCompare(b.name);
  });
  return usable[0] ?? null;
}

/**
 * Turns a model name or path into an absolute ggml path.
 * - A path (see `isModelPath`) must be an existing file; its header is checked (MODEL_INVALID otherwise).
 * - A name must be installed as `<modelsDir>/ggml-<name>.bin`.
 * Throws MODEL_MISSING naming what was looked for and the command that fetches it.
 */
export async function locateModel(value: string, modelsDir: string, opts: { catalog?: Catalog; source?: ModelChoiceSource } = {}): Promise<Omit<ResolvedModel, 'source'>> {
  const via = opts.source ? ` (chosen by ${SOURCE_LABEL[opts.source]})` : '';
  if (isModelPath(value)) {
    const abs = path.resolve(value);
    if (!existsSync(abs)) throw new EarshotError('MODEL_MISSING', `model file ${abs} does not exist${via}`);
    await inspectGgml(abs, { headerOnly: true });
    const inStore = path.dirname(abs) === path.resolve(modelsDir) ? nameFromFileName(abs) : null;
    return { name: inStore ?? abs, path: abs };
  }
  if (!ModelName.safeParse(value).success) {
    throw new EarshotError('MODEL_MISSING', `"${value}" is neither a model name (like base.en) nor a path to a ggml .bin file${via}`);
  }
  const file = path.join(path.resolve(modelsDir), modelFileName(value));
  if (existsSync(file)) return { name: value, path: file };
  const how = opts.catalog && findEntry(opts.catalog, value)
    ? `Fetch it with \`earshot models download ${value}\`.`
    : `It is not in the catalog (\`earshot models list\`); add a ggml file with \`earshot models import <path> --name ${value}\`.`;
  throw new EarshotError('MODEL_MISSING', `model "${value}" is not installed (no ${file})${via}. ${how}`);
}

export interface ResolveModelInput {
  /** `--model NAME|PATH`. */
  flag?: string | null;
  /** The configuration's model (`$EARSHOT_MODEL`, or `earshot serve --model`), below the flag. */
  configured?: string | null;
  modelsDir: string;
  /** The data dir's settings (`defaultModel`). */
  settings?: Settings;
  /** For the "download it" hint. */
  catalog?: Catalog;
}

/**
 * Which model to use: `--model` > `$EARSHOT_MODEL` > `defaultModel` in settings.json > the best installed model.
 * An explicit choice that is not installed is an error, never silently replaced.
 * Throws MODEL_MISSING (with the command that fetches a model) when nothing is chosen and nothing is installed.
 */
export async function resolveModel(input: ResolveModelInput): Promise<ResolvedModel> {
  const choices: [ModelChoiceSource, string | null | undefined][] = [
    ['flag', input.flag],
    ['env', input.configured],
    ['settings', input.settings?.defaultModel],
  ];
  for (const [source, value] of choices) {
    if (value && value.trim()) {
      return { ...(await locateModel(value.trim(), input.modelsDir, { catalog: input.catalog, source })), source };
    }
  }
  const installed = await listInstalled(input.modelsDir);
  const best = bestInstalled(installed);
  if (best) return { name: best.name, path: best.path, source: 'best-installed' };
  const broken = installed.length ? ` (${installed.length} unreadable file(s) there: ${installed.map((m) => m.problem).join('; ')})` : '';
  throw new EarshotError('MODEL_MISSING', `no whisper model is installed in ${path.resolve(input.modelsDir)}${broken}. ${FIRST_MODEL_HINT}`);
}

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { EarshotError } from '../../shared/errors.js';
import { createLogger } from '../_utils/logger.js';
import { findEntry, loadCatalog, ModelName, modelFileName, nameFromFileName, type Catalog, type CatalogEntry } from './catalog.js';
import { convertCt2ToGgml, findCt2ModelFiles, inspectGgml, type ConvertPrecision, type GgmlInfo } from '../../../native/models/index.js';
import { downloadVerified, type DownloadProgress, type FetchLike } from './download.js';
import { listInstalled, locateModel, resolveModel, type ResolvedModel } from './resolve-model.js';
import { readSettings, settingsPath, updateSettings } from '../settings/settings-file.js';

const log = createLogger('models');

export interface ModelsServiceOptions {
  /** `<data-dir>/models`. Created on first write. */
  modelsDir: string;
  /** Holds settings.json (default: the parent of modelsDir). */
  dataDir?: string;
  /** Default: resources/models/catalog.json. */
  catalog?: Catalog;
  /** Default: Node's built-in fetch. */
  fetch?: FetchLike;
  /** Download from `<baseUrl>/<file>` instead of each entry's URL (the configuration's modelBaseUrl). */
  baseUrl?: string | null;
  /** The configuration's model ($EARSHOT_MODEL, `earshot serve --model`): the default below a --model flag. */
  configuredModel?: string | null;
}

/** One row of `list()`: a catalog model, an installed file, or both. */
export interface ModelListing {
  name: string;
  installed: boolean;
  path: string | null;
  /** The installed file's size, else the catalog's, in bytes. */
  sizeBytes: number;
  languages: 'en' | 'multilingual' | null;
  /** languages === 'multilingual' (the contract's ModelEntry field). */
  multilingual: boolean;
  inCatalog: boolean;
  /** Bytes of an interrupted download waiting to be resumed, else null. */
  partialBytes: number | null;
  /** True for the model `resolve()` picks with no --model. */
  isDefault: boolean;
  /** Why an installed file is unusable, else null. */
  problem: string | null;
}

export interface InstalledResult {
  name: string;
  path: string;
  sizeBytes: number;
  info: GgmlInfo;
  /** 'download' | 'ggml' (a copied ggml file) | 'ct2' (converted) | 'existing' (download of an installed model). */
  origin: 'download' | 'ggml' | 'ct2' | 'existing';
}

export interface ImportOptions {
  /** Store name (default: from a `ggml-<name>.bin` file name, else from the shapes, e.g. tiny.en). */
  name?: string;
  /** Replace an installed model of the same name. */
  force?: boolean;
  /** CTranslate2 conversion precision (default 'auto': f16 stays f16). */
  precision?: ConvertPrecision;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The model store under `<data-dir>/models` (files `ggml-<name>.bin`): list, download (resumable, verified), import
 * (ggml file or faster-whisper/CTranslate2 folder, converted), remove, the default model and resolution.
 * Plain Node, used by the CLI, the server and the app. Errors are EarshotErrors: MODEL_MISSING, MODEL_INVALID,
 * DOWNLOAD_FAILED, CHECKSUM_MISMATCH, INVALID_STATE, each naming the file, URL or model.
 */
export class ModelsService {
  readonly modelsDir: string;
  readonly catalog: Catalog;
  private readonly settingsFile: string;
  private readonly inFlight = new Map<string, Promise<InstalledResult>>();

  constructor(private readonly opts: ModelsServiceOptions) {
    this.modelsDir = path.resolve(opts.modelsDir);
    this.catalog = opts.catalog ?? loadCatalog();
    this.settingsFile = settingsPath(opts.dataDir ? path.resolve(opts.dataDir) : path.dirname(this.modelsDir));
  }

  /** Catalog models and installed files, sorted by catalog order then name; marks the default. */
  async list(): Promise<ModelListing[]> {
    const installed = await listInstalled(this.modelsDir);
    const byName = new Map(installed.map((m) => [m.name, m]));
    const current = await this.getDefault().catch(() => null);
    const names = [...this.catalog.models.map((m) => m.name), ...installed.map((m) => m.name).filter((n) => !findEntry(this.catalog, n))];
    const rows: ModelListing[] = [];
    for (const name of names) {
      const entry = findEntry(this.catalog, name);
      const file = byName.get(name);
      const part = await stat(this.fileFor(name) + '.part').catch(() => null);
      const languages = entry?.languages ?? (file?.info ? (file.info.multilingual ? 'multilingual' : 'en') : null);
      rows.push({
        name,
        installed: !!file,
        path: file?.path ?? null,
        sizeBytes: file?.sizeBytes ?? entry?.sizeBytes ?? 0,
        languages,
        multilingual: languages === 'multilingual',
        inCatalog: !!entry,
        partialBytes: part?.isFile() ? part.size : null,
        isDefault: current?.path === file?.path && !!file,
        problem: file?.problem ?? null,
      });
    }
    return rows;
  }

  /** Resolves `--model` (name or path) > the configured model ($EARSHOT_MODEL) > settings > best installed; see resolveModel. */
  async resolve(flag?: string | null): Promise<ResolvedModel> {
    return resolveModel({ flag, configured: this.opts.configuredModel, modelsDir: this.modelsDir, settings: await readSettings(this.settingsFile), catalog: this.catalog });
  }

  /** Absolute ggml path for a model name or path (what a job stores); throws MODEL_MISSING. */
  async pathFor(model: string): Promise<string> {
    return (await locateModel(model, this.modelsDir, { catalog: this.catalog })).path;
  }

  /** What `resolve()` picks without --model, or null when nothing is installed or chosen. */
  async getDefault(): Promise<ResolvedModel | null> {
    try {
      return await this.resolve(null);
    } catch (err) {
      if (err instanceof EarshotError && err.code === 'MODEL_MISSING') return null;
      throw err;
    }
  }

  /** Stores `defaultModel` in settings.json after checking it resolves; null clears it. */
  async setDefault(model: string | null): Promise<void> {
    if (model !== null) await locateModel(model, this.modelsDir, { catalog: this.catalog });
    await updateSettings(this.settingsFile, { defaultModel: model ?? undefined });
  }

  /**
   * Downloads catalog model `name` into the store (resuming a `.part` left by an interrupted attempt), verifies size
   * and hashes, checks the ggml structure, then moves it into place. An installed model is returned as is.
   */
  async download(name: string, opts: { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal } = {}): Promise<InstalledResult> {
    const entry = findEntry(this.catalog, name);
    if (!entry) {
      throw new EarshotError('MODEL_MISSING', `"${name}" is not in the model catalog; \`earshot models list\` shows the names you can download`);
    }
    const running = this.inFlight.get(name);
    if (running) return running;
    const p = this.doDownload(entry, opts).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, p);
    return p;
  }

  private async doDownload(entry: CatalogEntry, opts: { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal }): Promise<InstalledResult> {
    const dest = this.fileFor(entry.name);
    if (existsSync(dest)) {
      const info = await inspectGgml(dest, { headerOnly: true });
      return { name: entry.name, path: dest, sizeBytes: info.sizeBytes, info, origin: 'existing' };
    }
    await mkdir(this.modelsDir, { recursive: true });
    const base = this.opts.baseUrl ?? undefined;
    const url = base ? `${base.replace(/\/+$/, '')}/${entry.file}` : entry.url;
    log.info({ model: entry.name, url }, 'downloading model');
    let info: GgmlInfo | null = null;
    await downloadVerified({
      url,
      dest,
      expected: { sizeBytes: entry.sizeBytes, sha256: entry.sha256, sha1: entry.sha1 },
      fetch: this.opts.fetch,
      signal: opts.signal,
      onProgress: opts.onProgress,
      validate: async (part) => {
        info = await inspectGgml(part);
      },
    });
    return { name: entry.name, path: dest, sizeBytes: entry.sizeBytes, info: info!, origin: 'download' };
  }

  /**
   * Adds a model from `source`: a whisper.cpp ggml `.bin` (fully validated, then copied) or a faster-whisper /
   * CTranslate2 folder (`model.bin` + vocabulary; converted to ggml, then validated). The result appears under its
   * final name only when complete. Throws MODEL_INVALID naming the file or folder and the cause,
   * INVALID_STATE when the name is taken (unless `force`).
   */
  async import(source: string, opts: ImportOptions = {}): Promise<InstalledResult> {
    const abs = path.resolve(source);
    const st = await stat(abs).catch(() => null);
    if (!st) throw new EarshotError('MODEL_INVALID', `${abs}: does not exist`);
    if (opts.name !== undefined && !ModelName.safeParse(opts.name).success) {
      throw new EarshotError('MODEL_INVALID', `"${opts.name}" is not a valid model name (letters, digits, ".", "_", "-")`);
    }
    await mkdir(this.modelsDir, { recursive: true });
    if (opts.name) this.assertFree(opts.name, opts.force);

    if (st.isDirectory()) {
      if (!(await findCt2ModelFiles(abs))) {
        throw new EarshotError('MODEL_INVALID', `${abs}: no model.bin in this folder; expected a faster-whisper / CTranslate2 model folder (model.bin, config.json, vocabulary.txt or tokenizer.json) or a ggml .bin file`);
      }
      const tmp = path.join(this.modelsDir, `.import-${randomUUID()}.bin`);
      try {
        await convertCt2ToGgml(abs, tmp, { precision: opts.precision, onProgress: opts.onProgress });
        const info = await inspectGgml(tmp);
        return await this.install(tmp, opts.name ?? this.nameOrFail(info, abs), info, 'ct2', opts.force);
      } finally {
        await rm(tmp, { force: true });
      }
    }

    const info = await inspectGgml(abs);
    const name = opts.name ?? nameFromFileName(abs) ?? this.nameOrFail(info, abs);
    const dest = this.fileFor(name);
    if (path.resolve(dest) === abs) return { name, path: dest, sizeBytes: info.sizeBytes, info, origin: 'ggml' };
    this.assertFree(name, opts.force);
    const tmp = `${dest}.import-${randomUUID()}`;
    try {
      await copyFile(abs, tmp);
      return await this.install(tmp, name, info, 'ggml', opts.force);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** Deletes installed model `name` and any `.part` download; clears it as the default. Throws MODEL_MISSING if absent. */
  async remove(name: string): Promise<{ removed: string[] }> {
    if (!ModelName.safeParse(name).success) throw new EarshotError('MODEL_MISSING', `"${name}" is not a model name`);
    const file = this.fileFor(name);
    const removed = [file, `${file}.part`].filter((f) => existsSync(f));
    if (removed.length === 0) throw new EarshotError('MODEL_MISSING', `model "${name}" is not installed (no ${file})`);
    for (const f of removed) await rm(f, { force: true });
    const settings = await readSettings(this.settingsFile);
    if (settings.defaultModel === name || settings.defaultModel === file) await updateSettings(this.settingsFile, { defaultModel: undefined });
    log.info({ model: name, removed }, 'model removed');
    return { removed };
  }

  /** `<modelsDir>/ggml-<name>.bin`. */
  fileFor(name: string): string {
    return path.join(this.modelsDir, modelFileName(name));
  }

  private assertFree(name: string, force?: boolean): void {
    if (!force && existsSync(this.fileFor(name))) {
      throw new EarshotError('INVALID_STATE', `model "${name}" is already installed (${this.fileFor(name)}); pass --force to replace it or --name to pick another name`);
    }
  }

  private nameOrFail(info: GgmlInfo, source: string): string {
    if (info.inferredName) return info.inferredName;
    throw new EarshotError('MODEL_INVALID', `${source}: the shapes match no standard whisper model; give it a name with --name`);
  }

  private async install(tmp: string, name: string, info: GgmlInfo, origin: InstalledResult['origin'], force?: boolean): Promise<InstalledResult> {
    this.assertFree(name, force);
    const dest = this.fileFor(name);
    await rename(tmp, dest);
    log.info({ model: name, dest, origin }, 'model installed');
    return { name, path: dest, sizeBytes: info.sizeBytes, info: { ...info, path: dest }, origin };
  }
}

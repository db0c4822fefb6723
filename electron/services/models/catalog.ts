import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EarshotError } from '../../shared/errors.js';

/**
 * The catalog of standard whisper.cpp models (`resources/models/catalog.json`): file name, exact size, SHA-1 as
 * whisper.cpp publishes it, SHA-256 of the Hugging Face LFS object, languages and download URL. Every figure's
 * source is written in the file's `source` object.
 */

/** A model name as used on the command line and in file names (`ggml-<name>.bin`): no path separators. */
export const ModelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a model name has letters, digits, ".", "_" and "-" only (e.g. base.en, small-q5_1)');

export const CatalogEntry = z
  .object({
    name: ModelName,
    file: z.string().regex(/^ggml-[A-Za-z0-9._-]+\.bin$/),
    sizeBytes: z.number().int().positive(),
    sha1: z.string().regex(/^[0-9a-f]{40}$/).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    /** 'en' for the English-only `.en` models, else 'multilingual'. */
    languages: z.enum(['en', 'multilingual']),
    family: z.string(),
    quantization: z.string(),
    url: z.url(),
  })
  .refine((e) => e.sha1 !== undefined || e.sha256 !== undefined, { message: 'an entry needs sha1 or sha256' });
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const Catalog = z.object({
  version: z.literal(1),
  baseUrl: z.url(),
  source: z.record(z.string(), z.string()).optional(),
  models: z.array(CatalogEntry),
});
export type Catalog = z.infer<typeof Catalog>;

/**
 * Where the bundled catalog lives: `resources/models/catalog.json` at the repository (or app) root, found by
 * walking up from this module so the source tree and the built `dist/` tree both work.
 */
export function defaultCatalogPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'resources', 'models', 'catalog.json');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new EarshotError('INTERNAL', `resources/models/catalog.json not found above ${fileURLToPath(import.meta.url)}`);
}

/** Reads and validates a catalog file; throws INTERNAL naming the file and the first schema problem. */
export function loadCatalog(file: string = defaultCatalogPath()): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EarshotError('INTERNAL', `${file}: cannot read the model catalog (${(err as Error).message})`, { cause: err });
  }
  const parsed = Catalog.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EarshotError('INTERNAL', `${file}: invalid model catalog at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
}

/** The catalog entry called `name`, or undefined. */
export function findEntry(catalog: Catalog, name: string): CatalogEntry | undefined {
  return catalog.models.find((m) => m.name === name);
}

/** `ggml-<name>.bin`, the file name whisper.cpp's own download script uses. */
export function modelFileName(name: string): string {
  return `ggml-${name}.bin`;
}

/** The model name in a `ggml-<name>.bin` file name, or null. */
export function nameFromFileName(file: string): string | null {
  const m = /^ggml-(.+)\.bin$/.exec(path.basename(file));
  return m && ModelName.safeParse(m[1]).success ? m[1]! : null;
}

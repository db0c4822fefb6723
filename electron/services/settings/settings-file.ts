import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EarshotError } from '../../shared/errors.js';

/**
 * `<data-dir>/settings.json`: user settings. The models feature reads and writes only `defaultModel`
 * (a model name or a path to a ggml file); other keys are kept as they are.
 */
export const Settings = z.looseObject({ defaultModel: z.string().min(1).optional() });
export type Settings = z.infer<typeof Settings>;

/** The settings file of a data directory. */
export function settingsPath(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

/** Reads settings; a missing file is `{}`. Throws INTERNAL naming the file when it is not valid JSON or fails the schema. */
export async function readSettings(file: string): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new EarshotError('IO_ERROR', `${file}: cannot read settings (${(err as Error).message})`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new EarshotError('INTERNAL', `${file}: settings are not valid JSON (${(err as Error).message}); fix or delete the file`, { cause: err });
  }
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) {
    throw new EarshotError('INTERNAL', `${file}: invalid settings (${parsed.error.issues[0]?.message ?? 'schema'}); fix or delete the file`);
  }
  return parsed.data;
}

/** Merges `patch` into the settings file atomically (write a temp file, then rename). `undefined` values delete keys. */
export async function updateSettings(file: string, patch: Partial<Settings>): Promise<Settings> {
  const next: Record<string, unknown> = { ...(await readSettings(file)) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  const settings = Settings.parse(next);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(settings, null, 2)}\n`);
  await rename(tmp, file);
  return settings;
}

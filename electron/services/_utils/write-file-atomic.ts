import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EarshotError } from '../../shared/errors.js';

/**
 * Writes `content` to `file` atomically: a temp file in the same folder, fsync'd, then renamed over the target,
 * so a reader never sees half a transcript. Throws EarshotError('IO_ERROR') naming the file.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new EarshotError('IO_ERROR', `${file}: could not write output (${(err as Error).message})`, { cause: err });
  }
}

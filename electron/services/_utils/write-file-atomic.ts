import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EarshotError } from '../../shared/errors.js';

/**
 * The temp file beside `file`: a short name of its own (`.earshot-<16 hex>.tmp`, 26 bytes), never derived from the
 * target's name, so a target whose name is near the file system's limit (255 bytes) still gets one.
 */
function tempBeside(file: string): string {
  return path.join(path.dirname(file), `.earshot-${randomBytes(8).toString('hex')}.tmp`);
}

/** Writes `content` to a new temp file beside `file` and fsyncs it; returns the temp path. */
async function writeTemp(file: string, content: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = tempBeside(file);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

function ioError(file: string, err: unknown): EarshotError {
  return new EarshotError('IO_ERROR', `${file}: could not write output (${(err as Error).message})`, { cause: err });
}

/**
 * Writes `content` to `file` atomically: a temp file in the same folder, fsync'd, then renamed over the target,
 * so a reader never sees half a transcript. Replaces `file` if it exists (callers decide whether they may: see
 * transcripts/written-files.ts). Throws EarshotError('IO_ERROR') naming the file.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  let tmp: string | null = null;
  try {
    tmp = await writeTemp(file, content);
    await fs.rename(tmp, file);
    tmp = null;
  } catch (err) {
    throw ioError(file, err);
  } finally {
    if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/**
 * Writes `content` to `file` only if nothing is there: the whole file appears at once (a hard link of a complete,
 * fsync'd temp file, which fails if the name is taken, so a file created meanwhile by anyone is never replaced).
 * Where the file system has no hard links, an exclusive create and copy. Returns false, writing nothing, when `file`
 * exists. Throws EarshotError('IO_ERROR') naming the file for any other failure.
 */
export async function writeFileExclusive(file: string, content: string): Promise<boolean> {
  let tmp: string | null = null;
  try {
    tmp = await writeTemp(file, content);
    try {
      await fs.link(tmp, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err;
      try {
        await fs.copyFile(tmp, file, fs.constants.COPYFILE_EXCL);
      } catch (copyErr) {
        if ((copyErr as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw copyErr;
      }
    }
    return true;
  } catch (err) {
    throw ioError(file, err);
  } finally {
    if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { EarshotError } from '../../shared/errors.js';
import { createLogger } from '../_utils/logger.js';

const log = createLogger('models.download');

/** The fetch signature the downloader needs (Node's built-in fetch, undici; injectable for tests). */
export type FetchLike = (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

export interface DownloadProgress {
  /** Bytes on disk so far, resumed bytes included. */
  receivedBytes: number;
  totalBytes: number;
  /** Bytes already on disk from an earlier, interrupted attempt when this one started. */
  resumedFrom: number;
}

export interface DownloadOptions {
  url: string;
  /** Final path; the bytes go to `dest + '.part'` until verified. */
  dest: string;
  expected: { sizeBytes: number; sha256?: string; sha1?: string };
  fetch?: FetchLike;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Extra check of the verified `.part` before it is moved into place (e.g. the ggml header). */
  validate?: (partPath: string) => Promise<void>;
}

/**
 * Downloads `url` to `dest` with resume and verification:
 * - bytes go to `<dest>.part`; when it already holds bytes from an interrupted attempt the request carries
 *   `Range: bytes=<n>-` and a `206` answer is appended (a `200` answer starts over);
 * - when complete, the size and every given hash (SHA-256 and/or SHA-1) are checked, then `validate`, and only
 *   then the file is renamed to `dest`; nothing ever appears under `dest` unverified.
 * Errors: DOWNLOAD_FAILED (HTTP status, network, interrupted transfer: the `.part` is kept for resuming),
 * CANCELLED (`signal` aborted; the `.part` is kept),
 * CHECKSUM_MISMATCH (size or hash differs: the `.part` is deleted). Messages name the URL or file.
 */
export async function downloadVerified(opts: DownloadOptions): Promise<void> {
  const part = `${opts.dest}.part`;
  const fetchImpl: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const total = opts.expected.sizeBytes;

  let have = (await stat(part).catch(() => null))?.size ?? 0;
  if (have > total) {
    await rm(part, { force: true });
    have = 0;
  }
  if (have < total) await fetchInto(opts, fetchImpl, part, have);

  const actualSize = (await stat(part)).size;
  if (actualSize !== total) {
    await rm(part, { force: true });
    throw new EarshotError('CHECKSUM_MISMATCH', `${opts.url}: downloaded ${actualSize} bytes, expected ${total}; the partial file was deleted, run the download again`);
  }
  const { sha256, sha1 } = await hashFile(part);
  const mismatch =
    (opts.expected.sha256 && opts.expected.sha256 !== sha256 && `SHA-256 ${sha256}, expected ${opts.expected.sha256}`) ||
    (opts.expected.sha1 && opts.expected.sha1 !== sha1 && `SHA-1 ${sha1}, expected ${opts.expected.sha1}`);
  if (mismatch) {
    await rm(part, { force: true });
    throw new EarshotError('CHECKSUM_MISMATCH', `${opts.url}: checksum mismatch (${mismatch}); the download was deleted`);
  }
  if (opts.validate) {
    try {
      await opts.validate(part);
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
  }
  await rename(part, opts.dest);
  log.info({ url: opts.url, dest: opts.dest, bytes: total }, 'download verified');
}

async function fetchInto(opts: DownloadOptions, fetchImpl: FetchLike, part: string, have: number): Promise<void> {
  const total = opts.expected.sizeBytes;
  const headers: Record<string, string> = have > 0 ? { Range: `bytes=${have}-` } : {};
  let res: Response;
  try {
    res = await fetchImpl(opts.url, { headers, signal: opts.signal });
  } catch (err) {
    if (opts.signal?.aborted) throw new EarshotError('CANCELLED', `${opts.url}: download cancelled`, { cause: err });
    throw new EarshotError('DOWNLOAD_FAILED', `${opts.url}: ${describeNetworkError(err)}`, { cause: err });
  }
  let append = false;
  if (res.status === 206 && have > 0) {
    const range = res.headers.get('content-range') ?? '';
    if (!range.startsWith(`bytes ${have}-`)) {
      await res.body?.cancel();
      throw new EarshotError('DOWNLOAD_FAILED', `${opts.url}: server answered range "${range}" to a request from byte ${have}`);
    }
    append = true;
  } else if (res.status === 416 && have > 0) {
    // The server cannot continue our partial file (it changed, or is shorter): start over next time.
    await res.body?.cancel();
    await rm(part, { force: true });
    throw new EarshotError('DOWNLOAD_FAILED', `${opts.url}: HTTP 416, the partial download does not fit the file on the server; it was deleted, run the download again`);
  } else if (res.status !== 200) {
    await res.body?.cancel();
    throw new EarshotError('DOWNLOAD_FAILED', `${opts.url}: HTTP ${res.status} ${res.statusText}`.trimEnd());
  }
  if (!res.body) throw new EarshotError('DOWNLOAD_FAILED', `${opts.url}: empty response body`);

  let received = append ? have : 0;
  const resumedFrom = received;
  log.info({ url: opts.url, resumedFrom, status: res.status }, 'download started');
  opts.onProgress?.({ receivedBytes: received, totalBytes: total, resumedFrom });
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      received += chunk.length;
      if (received > total) {
        cb(new EarshotError('CHECKSUM_MISMATCH', `${opts.url}: the server sent more than the expected ${total} bytes`));
        return;
      }
      opts.onProgress?.({ receivedBytes: received, totalBytes: total, resumedFrom });
      cb(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), counter, createWriteStream(part, { flags: append ? 'a' : 'w' }));
  } catch (err) {
    if (err instanceof EarshotError) {
      await rm(part, { force: true });
      throw err;
    }
    if (opts.signal?.aborted) {
      throw new EarshotError('CANCELLED', `${opts.url}: download cancelled after ${received} of ${total} bytes; run it again to resume`, { cause: err });
    }
    throw new EarshotError(
      'DOWNLOAD_FAILED',
      `${opts.url}: transfer interrupted after ${received} of ${total} bytes (${describeNetworkError(err)}); run the same download again to resume`,
      { cause: err },
    );
  }
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}

/** SHA-256 and SHA-1 of a file in one streaming pass (hex). */
export async function hashFile(file: string): Promise<{ sha256: string; sha1: string }> {
  const h256 = createHash('sha256');
  const h1 = createHash('sha1');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    h256.update(chunk as Buffer);
    h1.update(chunk as Buffer);
  }
  return { sha256: h256.digest('hex'), sha1: h1.digest('hex') };
}

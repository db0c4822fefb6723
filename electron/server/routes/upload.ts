import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requests } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import type { AppApi } from '../../services/app/app-api.js';
import { sendError } from '../http-errors.js';
import { frontendVersionOf } from '../request-guards.js';
import type { MultipartHandler } from '../rest/register-rest-routes.js';
import { enqueuedAnswer } from '../rest/route-table.js';

export interface TranscribeRouteOptions {
  /** `<data-dir>/uploads`: each upload goes to `<uploads>/<uuid>/<its file name>`. */
  uploadsDir: string;
  /** Largest upload accepted, in bytes; a larger one is refused with 413 and nothing is kept. */
  maxUploadBytes: number;
}

/** Slack for the multipart framing around the file when judging Content-Length up front. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/**
 * The upload's own file name, made safe to store: directory parts dropped (`../../x.wav` -> `x.wav`, Windows
 * separators too), control characters removed, at most 200 characters with the extension kept; "upload" when
 * nothing is left.
 */
export function safeFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!clean || clean === '.' || clean === '..') return 'upload';
  if (clean.length <= 200) return clean;
  const ext = path.extname(clean).slice(0, 16);
  return clean.slice(0, 200 - ext.length) + ext;
}

function parseJsonField(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new EarshotError('BAD_REQUEST', `multipart field "${name}" is not JSON`);
  }
}

/** Streams the multipart body's file to `<uploads>/<uuid>/<name>`; returns its path and the JSON fields. */
async function receiveUpload(req: FastifyRequest, opts: TranscribeRouteOptions): Promise<{ file: string; folder: string; fields: Record<string, unknown> }> {
  const fields: Record<string, unknown> = {};
  let file: string | null = null;
  const folder = path.join(opts.uploadsDir, randomUUID());
  try {
    for await (const part of req.parts({ limits: { fileSize: opts.maxUploadBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } })) {
      if (part.type === 'field') {
        if (part.fieldname === 'params' || part.fieldname === 'filters') fields[part.fieldname] = parseJsonField(part.fieldname, part.value);
        continue;
      }
      fs.mkdirSync(folder, { recursive: true });
      file = path.join(folder, safeFileName(part.filename || 'upload'));
      await pipeline(part.file, fs.createWriteStream(file, { flags: 'wx' }));
    }
  } catch (err) {
    fs.rmSync(folder, { recursive: true, force: true });
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) throw new EarshotError('TOO_LARGE', `upload refused: larger than ${opts.maxUploadBytes} bytes (or more than one file)`, { cause: err });
    if (err instanceof EarshotError) throw err;
    throw new EarshotError('BAD_REQUEST', `upload failed: ${(err as Error).message}`, { cause: err });
  }
  if (!file) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw new EarshotError('BAD_REQUEST', 'multipart upload without a file part (send the audio or video as field "file")');
  }
  return { file, folder, fields };
}

/**
 * The multipart half of `POST /api/transcribe` (the JSON half is in the route table): a `file` part, optional
 * `params` and `filters` parts holding JSON as in the contract's jobs.enqueue. The file is streamed to
 * `<uploads>/<uuid>/<name>` and enqueued through jobs.enqueue; answers as the JSON route does (202 `{ id, jobs, excluded }`).
 * An upload larger than `maxUploadBytes` gets 413 TOO_LARGE and is deleted, as is a copy no job was made of.
 */
export function uploadHandler(api: AppApi, opts: TranscribeRouteOptions): MultipartHandler {
  return async (req, reply) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > opts.maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
      reply.header('connection', 'close');
      return sendError(reply, { code: 'TOO_LARGE', message: `upload refused: ${declared} bytes is more than the limit of ${opts.maxUploadBytes} bytes` });
    }
    let upload: Awaited<ReturnType<typeof receiveUpload>>;
    try {
      upload = await receiveUpload(req, opts);
    } catch (err) {
      const e = EarshotError.from(err);
      if (e.code === 'TOO_LARGE') reply.header('connection', 'close');
      return sendError(reply, { code: e.code, message: e.message });
    }
    const input = requests['jobs.enqueue'].input.safeParse({ paths: [upload.file], params: upload.fields.params ?? {}, filters: upload.fields.filters ?? {} });
    if (!input.success) {
      fs.rmSync(upload.folder, { recursive: true, force: true });
      return sendError(reply, { code: 'BAD_REQUEST', message: `invalid input for jobs.enqueue: ${z.prettifyError(input.error)}` });
    }
    const result = await api.invoke('jobs.enqueue', input.data, frontendVersionOf(req));
    // Nothing was made of this copy (refused, filtered out, or the same content was done already): do not keep it.
    if (!result.ok || !result.value.jobs.some((j) => j.sourcePath === upload.file)) fs.rmSync(upload.folder, { recursive: true, force: true });
    if (!result.ok) return sendError(reply, result.error);
    const answer = enqueuedAnswer(result.value);
    return reply.code(answer.status ?? 200).send(answer.body);
  };
}

import { z } from 'zod';
import { ContractError } from './contract.js';
import type { ErrorCode } from './errors.js';

/**
 * What `earshot serve` and its browser client agree on over HTTP, declared once (GUIDE §1: a value that crosses a
 * wire lives in the contract layer). Pure TS and zod: no Node or DOM types.
 */

/** The path of the contract WebSocket. */
export const WS_PATH = '/ws';

/** The header that carries the renderer's build version on HTTP requests (GUIDE §2), as written on the wire. */
export const VERSION_HEADER = 'X-Frontend-Version';

/** The multipart upload route (and `{ path }` JSON enqueue). */
export const TRANSCRIBE_ROUTE = '/api/transcribe';

/** The paginated job listing; the next page's URL comes in a `Link: <…>; rel="next"` header. */
export const JOBS_ROUTE = '/api/jobs';

/** Full-text search over every transcript: `?q=words&limit=N`. */
export const SEARCH_ROUTE = '/api/search';

/** Watched folders: GET lists, POST adds, DELETE /api/watch/:id removes. */
export const WATCH_ROUTE = '/api/watch';

/** A job's audio, with HTTP Range: the 16 kHz WAV Earshot made of it, or its source when a browser can play that. */
export const jobAudioRoute = (id: string) => `${JOBS_ROUTE}/${encodeURIComponent(id)}/audio`;

/** Every error reply of the server: `{ error: { code, message } }` (plus `frontendVersion`/`backendVersion` on a 409). */
export const ErrorReply = z.object({ error: ContractError });
export type ErrorReply = z.infer<typeof ErrorReply>;

/**
 * HTTP status for each error code of a failed envelope: the request's own faults are 4xx (409 for a renderer of
 * another protocol and for an action the job's state forbids), too little disk space 507, a failure on this side 500.
 */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'FILE_MISSING':
    case 'FILE_EMPTY':
    case 'NOT_MEDIA':
    case 'NO_AUDIO_STREAM':
    case 'MEDIA_TRUNCATED':
    case 'TOO_LONG':
    case 'BAD_AUDIO':
    case 'NOT_A_FILE':
    case 'NOT_A_FOLDER':
    case 'LINK_LOOP':
    case 'NAME_TOO_LONG':
    case 'MODEL_MISSING':
    case 'MODEL_INVALID':
      return 400;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'VERSION_MISMATCH':
    case 'INVALID_STATE':
      return 409;
    case 'TOO_LARGE':
      return 413;
    case 'DISK_FULL':
      return 507;
    default:
      return 500;
  }
}

/**
 * The error code for a status chosen without an envelope: by Fastify or a plugin (a bad JSON body, a body over the
 * limit, a timeout), or read by a client from a reply whose body is not the contract's. 409 reads as VERSION_MISMATCH
 * (the gate answers it before any handler runs), 507 as DISK_FULL; any other 4xx is BAD_REQUEST, anything else INTERNAL.
 */
export function codeForStatus(status: number): ErrorCode {
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'VERSION_MISMATCH';
  if (status === 413) return 'TOO_LARGE';
  if (status === 507) return 'DISK_FULL';
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

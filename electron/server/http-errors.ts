import type { FastifyReply } from 'fastify';
import type { ContractError } from '../shared/contract.js';
import type { ErrorCode } from '../shared/errors.js';

/**
 * HTTP status for each error code of a failed envelope: the request's own faults are 4xx (409 for a renderer of
 * another protocol and for an action the job's state forbids), a failure on this side is 500.
 */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'FILE_MISSING':
    case 'FILE_EMPTY':
    case 'NOT_MEDIA':
    case 'NO_AUDIO_STREAM':
    case 'MEDIA_TRUNCATED':
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
    default:
      return 500;
  }
}

/** The error code for a status Fastify or a plugin chose itself (a bad JSON body, a body over the limit). */
export function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 403) return 'FORBIDDEN';
  if (status === 413) return 'TOO_LARGE';
  if (status === 409) return 'INVALID_STATE';
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

/**
 * Sends a failed envelope's error as `{ error: { code, message }, ...extra }` with its HTTP status
 * (`extra` carries `frontendVersion` and `backendVersion` on a 409 VERSION_MISMATCH).
 */
export function sendError(reply: FastifyReply, error: ContractError, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(httpStatusFor(error.code)).type('application/json; charset=utf-8').send({ error, ...extra });
}

import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply } from 'fastify';
import type { ContractError } from '../shared/contract.js';
import { codeForStatus, httpStatusFor } from '../shared/http.js';

/**
 * Sends a failed envelope's error as `{ error: { code, message }, ...extra }` with its HTTP status
 * (`extra` carries `frontendVersion` and `backendVersion` on a 409 VERSION_MISMATCH). `status` overrides the status
 * the code maps to, for errors Fastify chose itself (415, 408, 431 …).
 */
export function sendError(reply: FastifyReply, error: ContractError, extra: Record<string, unknown> = {}, status = httpStatusFor(error.code)): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error, ...extra });
}

/** The status and contract error for an error Fastify, a plugin or a route threw: 4xx keep their status, anything else is 500 INTERNAL. */
export function contractErrorOf(err: FastifyError): { status: number; error: ContractError } {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
  const message =
    status >= 500
      ? `internal error: ${err.message}`
      : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? `${err.message}: send application/json, or multipart/form-data for an upload`
        : err.message;
  return { status, error: { code: codeForStatus(status), message } };
}

/** Status and wording for the errors Node's HTTP parser reports on a connection (`clientError`). */
function clientErrorStatus(err: NodeJS.ErrnoException): { status: number; message: string } {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'the request did not arrive in time (headers or body too slow)' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'the request headers are too large' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return { status: 400, message: `malformed request body framing (${err.code})` };
    default:
      return { status: 400, message: `malformed HTTP request${err.code ? ` (${err.code})` : ''}` };
  }
}

/**
 * Fastify's `clientErrorHandler`: a request Node could not parse (bad request line, bad header, bad chunking, headers
 * too large) or that timed out is answered with the contract's `{ error: { code, message } }` instead of Fastify's
 * `{"error":"Bad Request"}`, then the socket is closed. A reset connection, or one whose reply has begun, is just closed.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = clientErrorStatus(err);
  const body = JSON.stringify({ error: { code: codeForStatus(status), message } });
  const reply = socket as Socket & { _httpMessage?: { headersSent?: boolean } };
  if (socket.writable && !reply._httpMessage?.headersSent) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

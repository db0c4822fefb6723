import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppApi } from '../services/app/app-api.js';
import { sendError } from './http-errors.js';

/** The header that carries the renderer's build version on HTTP requests (GUIDE §2). */
export const VERSION_HEADER = 'x-frontend-version';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True when `host` (a listen address) only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || host.startsWith('127.');
}

function hostName(hostHeader: string): string {
  return hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
}

/** The host:port of an Origin header, or null when it is not a URL (e.g. "null" from a sandboxed frame). */
function originHostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The renderer version a request carries in X-Frontend-Version, or undefined. */
export function frontendVersionOf(req: FastifyRequest): string | undefined {
  const v = req.headers[VERSION_HEADER];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Why the browser's same-origin rules do not protect this server from another web page, and how it is closed:
 * - a page on another origin may POST a form (a multipart upload) or open a WebSocket to 127.0.0.1 without CORS, so a
 *   request whose Origin is not this server's own host is refused (403);
 * - DNS rebinding makes another name resolve to 127.0.0.1, so a server bound to loopback also refuses a Host header
 *   that is not a loopback name.
 * Scripts (curl, fetch from Node) send no Origin and pass.
 */
export function registerOriginGuard(app: FastifyInstance, listenHost: string): void {
  const checkHost = isLoopback(listenHost);
  app.addHook('onRequest', async (req, reply) => {
    const host = req.headers.host ?? '';
    if (checkHost && !LOOPBACK_NAMES.has(hostName(host)) && !hostName(host).startsWith('127.')) {
      reply.header('connection', 'close');
      return sendError(reply, { code: 'FORBIDDEN', message: `Host ${JSON.stringify(host)} refused: this server answers only on a loopback name` });
    }
    const origin = req.headers.origin;
    if (origin === undefined) return;
    if (originHostOf(origin) !== host) {
      reply.header('connection', 'close');
      return sendError(reply, { code: 'FORBIDDEN', message: `cross-origin request from ${origin} refused` });
    }
  });
}

/**
 * The version gate of the REST API (seed 002): a request under /api/ whose X-Frontend-Version is present and
 * incompatible is answered 409 `{ error: { code: 'VERSION_MISMATCH', message }, frontendVersion, backendVersion }`
 * before its body is read. An absent header is accepted (scripts).
 */
export function registerVersionGate(app: FastifyInstance, api: AppApi): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const frontendVersion = frontendVersionOf(req);
    const problem = api.versionProblem(frontendVersion);
    if (problem === null) return;
    reply.header('connection', 'close');
    return sendError(reply, { code: 'VERSION_MISMATCH', message: problem }, { frontendVersion, backendVersion: api.backendVersion });
  });
}

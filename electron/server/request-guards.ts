import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppApi } from '../services/app/app-api.js';
import { VERSION_HEADER } from '../shared/http.js';
import { sendError } from './http-errors.js';

/** The names this machine answers to on loopback, as written in a Host header or a URL (IPv6 in brackets). */
const LOOPBACK_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** A listen address as it appears in a Host header: IPv6 in brackets, lower case. */
function hostForm(host: string): string {
  const h = host.toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

/** True when `host` (a listen address) only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const h = hostForm(host);
  return LOOPBACK_NAMES.includes(h) || /^127(\.\d{1,3}){3}$/.test(h);
}

/** True for the wildcard addresses (every interface): no single name to hold a Host header to. */
function isWildcard(host: string): boolean {
  return ['0.0.0.0', '[::]', '[::0]'].includes(hostForm(host));
}

/**
 * A Host header (or an Origin's authority) split into its name and port: a DNS name or IPv4 address, or an IPv6
 * address in brackets, then an optional `:port`. Anything else (user info, paths, spaces, several hosts) is null.
 * `defaultPort` is used when no port is given.
 */
export function parseHostHeader(value: string, defaultPort = 80): { hostname: string; port: number } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value);
  if (!m) return null;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { hostname: m[1]!.toLowerCase(), port };
}

/** The hostname and port of an Origin header, or null when it is not an http(s) URL (e.g. "null" from a sandboxed frame). */
function parseOrigin(origin: string): { hostname: string; port: number } | null {
  const m = /^(https?):\/\/([^/?#@]+)$/i.exec(origin);
  if (!m) return null;
  return parseHostHeader(m[2]!, m[1]!.toLowerCase() === 'https' ? 443 : 80);
}

/**
 * The names a request may carry in Host and Origin: the loopback names (127.0.0.1, localhost, [::1]) and the listen
 * address itself when bound to loopback; only the listen address when bound to one other address; null (any name,
 * but Origin must equal Host) when bound to every interface.
 */
export function allowedHostnames(listenHost: string): ReadonlySet<string> | null {
  if (isWildcard(listenHost)) return null;
  const own = hostForm(listenHost);
  return new Set(isLoopback(listenHost) ? [...LOOPBACK_NAMES, own] : [own]);
}

/** The renderer version a request carries in X-Frontend-Version, or undefined. */
export function frontendVersionOf(req: FastifyRequest): string | undefined {
  const v = req.headers[VERSION_HEADER.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Why the browser's same-origin rules do not protect this server from another web page, and how it is closed:
 * - DNS rebinding makes another name resolve to this address, so the Host header's name must be exactly one this
 *   server answers to (see allowedHostnames; `127.0.0.1.evil.example` is not `127.0.0.1`) and its port the port
 *   listened on;
 * - a page on another origin may POST a form (a multipart upload) or open a WebSocket without CORS, so a request
 *   with an Origin must come from an allowed name on this port (the same check), or from the Host itself when bound
 *   to every interface.
 * Both are refused with 403 FORBIDDEN and the connection closed, on REST and on the WebSocket upgrade alike.
 * Scripts (curl, fetch from Node) send no Origin and pass. `port()` is the port actually listened on.
 */
export function registerOriginGuard(app: FastifyInstance, listenHost: string, port: () => number): void {
  const allowed = allowedHostnames(listenHost);
  const acceptable = (h: { hostname: string; port: number } | null): h is { hostname: string; port: number } =>
    h !== null && h.port === port() && (allowed === null || allowed.has(h.hostname));
  app.addHook('onRequest', async (req, reply) => {
    const rawHost = req.headers.host ?? '';
    const host = parseHostHeader(rawHost);
    if (!acceptable(host)) {
      reply.header('connection', 'close');
      return sendError(reply, { code: 'FORBIDDEN', message: `Host ${JSON.stringify(rawHost)} refused: this server answers only to ${[...(allowed ?? ['its own address'])].join(', ')} on port ${port()}` });
    }
    const origin = req.headers.origin;
    if (origin === undefined) return;
    const from = parseOrigin(origin);
    const sameAsHost = from !== null && from.hostname === host.hostname && from.port === host.port;
    if (!acceptable(from) || (allowed === null && !sameAsHost)) {
      reply.header('connection', 'close');
      return sendError(reply, { code: 'FORBIDDEN', message: `cross-origin request from ${JSON.stringify(origin)} refused` });
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

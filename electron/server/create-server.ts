import fastifyMultipart from '@fastify/multipart';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { AppApi } from '../services/app/app-api.js';
import { PathGuard, confinedToDataDir } from '../services/_utils/path-policy.js';
import { createLogger } from '../services/_utils/logger.js';
import type { Earshot } from '../services/earshot.js';
import { TRANSCRIBE_ROUTE } from '../shared/http.js';
import { answerClientError, contractErrorOf, sendError } from './http-errors.js';
import { registerOriginGuard, registerVersionGate } from './request-guards.js';
import { registerRestRoutes } from './rest/register-rest-routes.js';
import { REST_ROUTES } from './rest/route-table.js';
import { registerAudioRoute } from './routes/audio.js';
import { defaultRendererDir, registerRendererRoutes } from './routes/renderer.js';
import { uploadHandler } from './routes/upload.js';
import { registerWsRoute } from './routes/ws.js';

export interface ServerOptions {
  /** Earshot opened on the data dir (the caller starts and closes it). */
  earshot: Earshot;
  /** Listen address (default 127.0.0.1: this machine only). */
  host?: string;
  /** TCP port (default 4777; 0 picks a free one). */
  port?: number;
  /** The built renderer (default: `out/renderer` above this module); null serves no UI. */
  staticDir?: string | null;
  /** Largest upload in bytes (default 2 GiB). */
  maxUploadBytes?: number;
  /** Time allowed for a whole request, headers and body (an upload included), in ms; then 408 and the socket is closed (default 10 min). */
  requestTimeoutMs?: number;
  /** Time allowed for a request's headers, in ms (default 10 s). */
  headersTimeoutMs?: number;
  /** A connection with no bytes either way for this long is closed, in ms (default 60 s). */
  idleTimeoutMs?: number;
  /**
   * How often Node looks for requests past requestTimeoutMs/headersTimeoutMs, in ms (default 1 s; Node's own is
   * 30 s, which let slow headers linger for up to 90 s).
   */
  timeoutCheckMs?: number;
}

export interface EarshotServer {
  app: FastifyInstance;
  api: AppApi;
  /** Starts the API (recovers unfinished recordings) and listens; resolves with the base URL, e.g. `http://127.0.0.1:4777`. */
  start(): Promise<string>;
  /** Closes every socket and stops listening. Earshot is the caller's to close. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4777;
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** A 2 GiB upload must arrive at ~3.5 MB/s or better; loopback and LAN manage that many times over. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * `earshot serve`: the renderer, the contract over a WebSocket at /ws and a REST API for scripts (GUIDE §2),
 * on Fastify. Every path a request names is confined to the data directory (uploads land in `<data-dir>/uploads`),
 * requests from other origins or naming another Host are refused (403), and an incompatible X-Frontend-Version gets 409.
 * The REST routes come from one table (rest/route-table.ts); GET /api/jobs/:id/audio streams a job's audio with HTTP
 * Range (routes/audio.ts); GET /ws is the WebSocket, GET / the UI. Every error,
 * Fastify's own included (bad JSON, unsupported content type, body too large, unknown route, malformed or slow
 * request), answers the contract's `{ error: { code, message } }`. Slow requests are cut off (408) by Node's
 * requestTimeout/headersTimeout, idle connections by the socket timeout.
 */
export async function createServer(opts: ServerOptions): Promise<EarshotServer> {
  const { earshot } = opts;
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? DEFAULT_PORT;
  const maxUploadBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const log = createLogger('server');
  const policy = confinedToDataDir(earshot.config.dataDir, earshot.paths);
  const api = new AppApi({ earshot, policy });

  const requestTimeout = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // close() ends every connection, idle or not: a browser tab left open must not keep `earshot serve` from stopping.
    forceCloseConnections: true,
    requestTimeout,
    connectionTimeout: opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    http: {
      requestTimeout,
      headersTimeout: Math.min(opts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout),
      connectionsCheckingInterval: opts.timeoutCheckMs ?? 1000,
    },
    clientErrorHandler: answerClientError,
    // A URL that is not valid percent-encoding, a path parameter over the length limit.
    frameworkErrors: (err, _req, reply) => {
      const { status, error } = contractErrorOf(err);
      return sendError(reply, error, {}, status);
    },
  });
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const { status, error } = contractErrorOf(err);
    if (status >= 500) log.error({ err }, 'request failed');
    return sendError(reply, error, {}, status);
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` }));

  await app.register(fastifyMultipart, { throwFileSizeLimit: true });
  await app.register(fastifyWebsocket, { options: { maxPayload: 16 * 1024 * 1024 } });
  // After the WebSocket plugin: its onRequest hook marks upgrade requests, so that an upgrade these guards refuse
  // still has its socket destroyed (otherwise it lingers and close() never returns).
  registerOriginGuard(app, host, () => {
    const address = app.server.address();
    return typeof address === 'object' && address ? address.port : port;
  });
  registerVersionGate(app, api);
  registerRestRoutes(app, api, REST_ROUTES, { [TRANSCRIBE_ROUTE]: uploadHandler(api, { uploadsDir: earshot.paths.uploads, maxUploadBytes }) });
  registerAudioRoute(app, earshot, new PathGuard(policy));
  registerWsRoute(app, api);
  await registerRendererRoutes(app, opts.staticDir === undefined ? defaultRendererDir() : opts.staticDir);

  return {
    app,
    api,
    async start() {
      await api.start();
      await app.listen({ host, port });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    },
    async close() {
      await app.close();
      await api.stop();
    },
  };
}

import fastifyMultipart from '@fastify/multipart';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { AppApi } from '../services/app/app-api.js';
import { confinedToDataDir } from '../services/_utils/path-policy.js';
import { createLogger } from '../services/_utils/logger.js';
import type { Earshot } from '../services/earshot.js';
import { codeForStatus, sendError } from './http-errors.js';
import { registerOriginGuard, registerVersionGate } from './request-guards.js';
import { registerJobRoutes } from './routes/jobs.js';
import { defaultRendererDir, registerRendererRoutes } from './routes/renderer.js';
import { registerTranscribeRoute } from './routes/transcribe.js';
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

/**
 * `earshot serve`: the renderer, the contract over a WebSocket at /ws and a REST API for scripts (GUIDE §2),
 * on Fastify. Every path a request names is confined to the data directory (uploads land in `<data-dir>/uploads`),
 * requests from other origins are refused, and an incompatible X-Frontend-Version gets 409.
 * Routes: GET /api/version, POST /api/transcribe, GET /api/jobs, GET|DELETE /api/jobs/:id,
 * POST /api/jobs/:id/cancel|retry, GET /api/jobs/:id/transcript?format=, GET /ws (WebSocket), GET / (the UI).
 */
export async function createServer(opts: ServerOptions): Promise<EarshotServer> {
  const { earshot } = opts;
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? DEFAULT_PORT;
  const maxUploadBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const log = createLogger('server');
  const api = new AppApi({ earshot, policy: confinedToDataDir(earshot.config.dataDir, earshot.paths) });

  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // close() ends every connection, idle or not: a browser tab left open must not keep `earshot serve` from stopping.
    forceCloseConnections: true,
  });
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) log.error({ err }, 'request failed');
    return sendError(reply, { code: codeForStatus(status), message: status >= 500 ? `internal error: ${err.message}` : err.message });
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` }));

  await app.register(fastifyMultipart, { throwFileSizeLimit: true });
  await app.register(fastifyWebsocket, { options: { maxPayload: 16 * 1024 * 1024 } });
  // After the WebSocket plugin: its onRequest hook marks upgrade requests, so that an upgrade these guards refuse
  // still has its socket destroyed (otherwise it lingers and close() never returns).
  registerOriginGuard(app, host);
  registerVersionGate(app, api);
  app.get('/api/version', async (req, reply) => {
    const result = await api.invoke('version.get', {});
    if (!result.ok) return sendError(reply, result.error);
    return reply.send({ ...result.value, backendVersion: api.backendVersion });
  });
  registerTranscribeRoute(app, api, { uploadsDir: earshot.paths.uploads, maxUploadBytes });
  registerJobRoutes(app, api);
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

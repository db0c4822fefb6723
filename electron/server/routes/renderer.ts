import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of the served UI: only this server's own scripts, its WebSocket, inline styles (MUI's
 * emotion injects <style> tags), blob:/data: media for recorded audio; no plugins, frames or foreign form targets.
 */
export function rendererCsp(host: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self' data:",
    `connect-src 'self' ws://${host} wss://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Serves the built renderer (electron-vite's `out/renderer`) at `/` with @fastify/static (which refuses paths that
 * climb out of its root), with the CSP on HTML. When the folder has no index.html, `/` answers 503 naming the
 * build command, and the API keeps working.
 */
export async function registerRendererRoutes(app: FastifyInstance, staticDir: string | null): Promise<void> {
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) reply.header('content-security-policy', rendererCsp(req.headers.host ?? '127.0.0.1'));
  });
  if (staticDir && existsSync(path.join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(staticDir), prefix: '/', index: ['index.html'], wildcard: true });
    return;
  }
  app.get('/', async (_req, reply) =>
    reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send(`The Earshot UI is not built${staticDir ? ` (no ${path.join(staticDir, 'index.html')})` : ''}: run \`npm run build:app\`. The REST API under /api/ works.\n`),
  );
}

/** `out/renderer` of this checkout or install, found by walking up from this module; null when absent. */
export function defaultRendererDir(fromUrl: string = import.meta.url): string | null {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'out', 'renderer');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

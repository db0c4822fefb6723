import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { net, protocol, session } from 'electron';
import { type JobAudio, sendAudio } from '../services/transcripts/job-audio.js';
import { EarshotError } from '../shared/errors.js';
import { httpStatusFor } from '../shared/http.js';

/** The file that plays a job's audio (TranscriptsService.audio); throws EarshotError NOT_FOUND for an unknown job. */
export type AudioSource = (jobId: string) => Promise<JobAudio>;

const AUDIO_PATH = /^\/api\/jobs\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/audio$/i;

/** `app://earshot/api/jobs/<id>/audio`: the job's audio with HTTP Range, as `earshot serve` answers the same path. */
async function answerAudio(request: Request, jobId: string, audio: AudioSource): Promise<Response> {
  try {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const reply = await sendAudio({ method: request.method, headers }, await audio(jobId));
    const body = request.method === 'HEAD' || reply.statusCode === 304 ? null : (Readable.toWeb(reply.stream) as ReadableStream<Uint8Array>);
    if (body === null) reply.stream.destroy();
    return new Response(body, { status: reply.statusCode, headers: { ...reply.headers, 'x-content-type-options': 'nosniff' } });
  } catch (err) {
    const e = EarshotError.from(err);
    return new Response(JSON.stringify({ error: { code: e.code, message: e.message } }), {
      status: httpStatusFor(e.code),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
}

/** The renderer's own scheme: the window loads `app://earshot/index.html`, never `file://` (Electron security checklist #18). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://earshot`;

/**
 * The window's Content-Security-Policy: the bundle's own scripts only, inline styles (MUI's emotion injects <style>
 * tags), blob:/data: and the microphone stream for audio, no network except the app itself (`devServer`: the
 * electron-vite dev server and its HMR socket, in development only).
 */
export function windowCsp(devServer: string | null = null): string {
  const dev = devServer ? ` ${devServer} ${devServer.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${dev}`,
    `style-src 'self' 'unsafe-inline'${dev}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self' data:",
    `connect-src 'self'${dev}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Must run before `app` is ready: `app:` is a standard, secure scheme (origin, fetch, localStorage work as on https)
 * that streams (so <audio> can seek in a job's audio with Range requests).
 */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

/**
 * Serves `rendererDir` (electron-vite's out/renderer) on `app://earshot/…` with the CSP header. A request that
 * resolves outside the folder (`..`, encoded or not) or to a missing file gets 404. With `audio`,
 * `app://earshot/api/jobs/<id>/audio` streams a job's audio with HTTP Range (the same path and answers as
 * `earshot serve`, so the renderer's player uses one relative URL in both).
 */
export function handleAppProtocol(rendererDir: string, audio?: AudioSource): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const audioJob = audio && url.host === 'earshot' ? AUDIO_PATH.exec(url.pathname)?.[1] : undefined;
    if (audioJob && audio) return answerAudio(request, audioJob, audio);
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    } catch {
      rel = '\0'; // malformed %-escape: answered 404 below
    }
    const file = path.resolve(root, rel);
    const inside = file === root || file.startsWith(root + path.sep);
    const stat = inside && url.host === 'earshot' ? await fs.stat(file).catch(() => null) : null;
    if (!stat?.isFile()) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', windowCsp());
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

/** In development the window loads the electron-vite dev server; its responses get the CSP here instead. */
export function applyCspToDevServer(devServer: string): void {
  session.defaultSession.webRequest.onHeadersReceived({ urls: [`${devServer}/*`] }, (details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [windowCsp(devServer)] } });
  });
}

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, WsRequest, type WsServerFrame } from '../../../electron/shared/contract.js';
import type { ConnectionState } from '../../../renderer/src/api/client.js';
import { WsClient } from '../../../renderer/src/api/ws-client.js';

/** The part of a `ws` socket the test server uses (`ws` ships no types here). */
interface Socket {
  send(data: string): void;
  close(): void;
  terminate(): void;
  on(event: 'message', cb: (data: Buffer) => void): void;
}

type Request = ReturnType<typeof WsRequest.parse>;

/**
 * A real WebSocket server on 127.0.0.1 speaking the contract's frames (WsRequest in, WsServerFrame out), with the
 * answer to each request chosen by the test. The client under test is the renderer's real WsClient over jsdom's
 * WebSocket (Node 20 has none of its own; vitest's jsdom environment mixes Event classes with it, so a plain JSDOM
 * window supplies it here). `earshot serve` itself is covered by the browser e2e tests.
 */
class FrameServer {
  app: FastifyInstance = Fastify();
  sockets = new Set<Socket>();
  received: Request[] = [];
  answer: (req: Request) => WsServerFrame | null = (req) => ({ type: 'response', id: req.id, result: { ok: true, value: { appVersion: '0.1.0', protocolVersion: PROTOCOL_VERSION } } });
  url = '';

  async start(port = 0): Promise<void> {
    await this.app.register(fastifyWebsocket);
    this.app.get('/ws', { websocket: true }, (ws) => {
      const socket = ws as unknown as Socket;
      this.sockets.add(socket);
      socket.on('message', (data) => {
        const req = WsRequest.parse(JSON.parse(data.toString()));
        this.received.push(req);
        const frame = this.answer(req);
        if (frame) socket.send(JSON.stringify(frame));
      });
    });
    const address = await this.app.listen({ host: '127.0.0.1', port });
    this.url = `${address.replace('http', 'ws')}/ws`;
  }

  push(event: string, payload: unknown): void {
    this.sockets.forEach((s) => s.send(JSON.stringify({ type: 'event', event, payload })));
  }

  dropConnections(): void {
    this.sockets.forEach((s) => s.terminate());
    this.sockets.clear();
  }
}

// jsdom ships no type declarations (and @types/jsdom is not installed): load it with require and type the one use.
type JsdomModule = { JSDOM: new (html: string, opts: { url: string }) => { window: { WebSocket: typeof WebSocket } } };
const { JSDOM } = createRequire(import.meta.url)('jsdom') as JsdomModule;
const { WebSocket: DomWebSocket } = new JSDOM('', { url: 'http://127.0.0.1/' }).window;

let server: FrameServer;
let client: WsClient | null = null;

beforeEach(async () => {
  server = new FrameServer();
  await server.start();
});
afterEach(async () => {
  client?.close();
  client = null;
  await server.app.close();
});

function connect(): WsClient {
  client = new WsClient({ url: server.url, httpOrigin: server.url.replace('ws', 'http').replace('/ws', ''), frontendVersion: '2.0.1.0', reconnectMs: 50, webSocket: DomWebSocket });
  return client;
}

describe('WsClient', () => {
  it('sends each request with the frontend version and resolves with the parsed output', async () => {
    const c = connect();
    await expect(c.request('version.get', {})).resolves.toEqual({ appVersion: '0.1.0', protocolVersion: PROTOCOL_VERSION });
    expect(server.received[0]).toMatchObject({ type: 'request', channel: 'version.get', frontendVersion: '2.0.1.0', input: {} });
  });

  it('rejects with the envelope error, and with INTERNAL for an answer that breaks the contract', async () => {
    const c = connect();
    server.answer = (req) => ({ type: 'response', id: req.id, result: { ok: false, error: { code: 'NOT_FOUND', message: 'no job with id x' } } });
    await expect(c.request('jobs.get', { id: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no job with id x' });
    server.answer = (req) => ({ type: 'response', id: req.id, result: { ok: true, value: { appVersion: 7 } } });
    await expect(c.request('version.get', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('refuses a bad input before sending it', async () => {
    const c = connect();
    await expect(c.request('jobs.get', { id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(server.received).toHaveLength(0);
  });

  it('delivers parsed events to subscribers until they unsubscribe, dropping malformed ones', async () => {
    const c = connect();
    await c.request('version.get', {});
    const seen: number[] = [];
    const off = c.on('job.progress', (p) => seen.push(p.progress));
    const jobId = randomUUID();
    server.push('job.progress', { jobId, progress: 0.25 });
    server.push('job.progress', { jobId, progress: 7 }); // out of range: dropped
    server.push('job.progress', { jobId, progress: 0.5 });
    await expect.poll(() => seen).toEqual([0.25, 0.5]);
    off();
    server.push('job.progress', { jobId, progress: 0.75 });
    await c.request('version.get', {}); // a round trip after the push: it would have arrived by now
    expect(seen).toEqual([0.25, 0.5]);
  });

  it('fails requests in flight when the connection drops, reconnects, and sends requests made meanwhile', async () => {
    const c = connect();
    const states: ConnectionState[] = [];
    c.onConnection((s) => states.push(s));
    await c.request('version.get', {});
    server.answer = () => null; // hold the next answer
    const inFlight = c.request('version.get', {});
    await expect.poll(() => server.received.length).toBe(2);
    server.dropConnections();
    await expect(inFlight).rejects.toMatchObject({ code: 'IO_ERROR' });
    server.answer = (req) => ({ type: 'response', id: req.id, result: { ok: true, value: { appVersion: '0.1.1', protocolVersion: PROTOCOL_VERSION } } });
    await expect(c.request('version.get', {})).resolves.toMatchObject({ appVersion: '0.1.1' });
    expect(states).toEqual(['open', 'closed', 'connecting', 'open']);
  });
});

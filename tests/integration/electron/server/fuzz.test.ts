import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WsServerFrame } from '../../../../electron/shared/contract.js';
import { ErrorReply } from '../../../../electron/shared/http.js';
import { type HttpCase, httpCases, wsCases } from './fuzz-cases.js';
import { rawRequest } from './raw-http.js';
import { WebSocketClient, type WsClientSocket } from './server-fixture.js';

const SEED = 20261202;
const HTTP_CASES = 400;
const WS_CASES = 100;
const IN_FLIGHT = 8;
const RSS_SLACK_BYTES = 50 * 1024 * 1024;

const FromServer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), url: z.string().url() }),
  z.object({ type: z.literal('rss'), rss: z.number().int().positive() }),
]);
type FromServer = z.infer<typeof FromServer>;

/** The fuzz server (fuzz-server.ts) in a child process under tsx, with --expose-gc so its RSS is read after a full GC. */
class ServerProcess {
  private readonly waiting: Array<(m: FromServer) => void> = [];
  exited: number | null = null;

  constructor(readonly child: ChildProcess) {
    child.on('message', (raw) => {
      const m = FromServer.parse(raw);
      this.waiting.shift()?.(m);
    });
    child.on('exit', (code) => (this.exited = code ?? -1));
  }

  static start(): ServerProcess {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fuzz-server.ts');
    return new ServerProcess(fork(script, [], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  }

  next(): Promise<FromServer> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async rss(): Promise<number> {
    const answer = this.next();
    this.child.send('rss');
    const m = await answer;
    if (m.type !== 'rss') throw new Error(`expected rss, got ${m.type}`);
    return m.rss;
  }

  async stop(): Promise<void> {
    if (this.exited !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send('close');
    await exited;
  }
}

/** Why a reply is not a 4xx with the contract's error body (extra top-level fields allowed: the 409 names both versions), or null. */
function problemWith(c: HttpCase, status: number, body: string): string | null {
  if (status < 400 || status > 499) return `${c.kind}: status ${status} (${body.slice(0, 200)})`;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return `${c.kind}: ${status} with a body that is not JSON: ${body.slice(0, 200)}`;
  }
  return ErrorReply.safeParse(json).success ? null : `${c.kind}: ${status} with ${body.slice(0, 200)}`;
}

/** Opens a WebSocket to `url` + /ws. */
function openWs(url: string): Promise<WsClientSocket> {
  const socket = new WebSocketClient(`${url.replace(/^http/, 'ws')}/ws`);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one frame and resolves with the server's next frame, or 'closed' when the server closes the socket instead. */
function exchange(socket: WsClientSocket, data: string | Buffer): Promise<WsServerFrame | 'closed'> {
  return new Promise((resolve) => {
    const onMessage = (raw: Buffer) => {
      socket.off('close', onClose);
      resolve(WsServerFrame.parse(JSON.parse(raw.toString('utf8'))));
    };
    const onClose = () => {
      socket.off('message', onMessage);
      resolve('closed');
    };
    socket.once('message', onMessage);
    socket.once('close', onClose);
    socket.send(data, { binary: Buffer.isBuffer(data) });
  });
}

describe('earshot serve fuzz: 500 malformed requests and frames (issue 12 "Done when")', () => {
  let server: ServerProcess;
  let url: string;
  beforeAll(async () => {
    server = ServerProcess.start();
    const ready = await server.next();
    if (ready.type !== 'ready') throw new Error('the fuzz server did not start');
    url = ready.url;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers every one with a 4xx contract error or an error envelope, stays up, and its RSS stays within 50 MB', async () => {
    const startRss = await server.rss();
    const cases = httpCases(SEED, HTTP_CASES, new URL(url).host);
    const problems: string[] = [];
    let nextCase = 0;
    const worker = async () => {
      while (nextCase < cases.length) {
        const c = cases[nextCase++]!;
        const reply = await rawRequest(url, c.raw, 30_000);
        const problem = problemWith(c, reply.status, reply.body);
        if (problem) problems.push(problem);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    let socket = await openWs(url);
    for (const c of wsCases(SEED, WS_CASES)) {
      const answer = await exchange(socket, c.data);
      if (answer === 'closed') {
        socket = await openWs(url);
      } else if (answer.type === 'event' || (answer.type === 'response' && answer.result.ok)) {
        problems.push(`ws ${c.kind}: answered ${JSON.stringify(answer).slice(0, 200)}`);
      }
    }
    socket.close();

    expect(problems).toEqual([]);
    expect(server.exited).toBeNull();
    expect((await fetch(`${url}/api/version`)).status).toBe(200);
    const endRss = await server.rss();
    console.info(`fuzz server RSS (child process, after a full GC): ${(startRss / 2 ** 20).toFixed(1)} MB before, ${(endRss / 2 ** 20).toFixed(1)} MB after`);
    expect(endRss - startRss).toBeLessThan(RSS_SLACK_BYTES);
  }, 300_000);
});

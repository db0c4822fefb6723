import { type Envelope, FrontendVersion, PROTOCOL_VERSION, WsServerFrame } from '../../../../electron/shared/contract.js';
import { WebSocketClient, type WsClientSocket } from './server-fixture.js';

/** A compatible renderer version for tests. */
export const TEST_FRONTEND_VERSION = FrontendVersion.parse(`${PROTOCOL_VERSION}.0.0.0-test`);

type EventFrame = Extract<WsServerFrame, { type: 'event' }>;
type ErrorFrame = Extract<WsServerFrame, { type: 'error' }>;

/** A test client of the /ws contract socket: numbered requests, every event frame kept in order. */
export class WsSession {
  readonly events: EventFrame[] = [];
  /** Error frames: the server's answer to frames it could not tie to a request id. */
  readonly errors: ErrorFrame[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (result: Envelope<unknown>) => void>();
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WsClientSocket) {
    socket.on('message', (data) => {
      const frame = WsServerFrame.parse(JSON.parse(data.toString('utf8')));
      if (frame.type === 'response') {
        this.pending.get(frame.id)?.(frame.result as Envelope<unknown>);
        this.pending.delete(frame.id);
      } else if (frame.type === 'error') {
        this.errors.push(frame);
      } else {
        this.events.push(frame);
      }
      this.waiters.forEach((w) => w());
    });
  }

  /** Opens a socket to `<httpUrl>/ws` (with extra upgrade headers) and waits until it is open. */
  static open(httpUrl: string, headers: Record<string, string> = {}): Promise<WsSession> {
    const socket = new WebSocketClient(`${httpUrl.replace(/^http/, 'ws')}/ws`, { headers });
    return new Promise((resolve, reject) => {
      socket.on('open', () => resolve(new WsSession(socket)));
      socket.on('error', reject);
      // With this listener, ws leaves the refused request to us: destroy it so no connection lingers.
      socket.on('unexpected-response', (req, res) => {
        req.destroy();
        reject(new Error(`upgrade refused with HTTP ${res.statusCode}`));
      });
    });
  }

  /** Sends one request frame and resolves with its result envelope. */
  request(channel: string, input: unknown, frontendVersion: string = TEST_FRONTEND_VERSION): Promise<Envelope<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ type: 'request', id, channel, frontendVersion, input }));
    });
  }

  /** Like request(), but returns the value and throws the envelope's error. */
  async value<T>(channel: string, input: unknown): Promise<T> {
    const result = await this.request(channel, input);
    if (!result.ok) throw new Error(`${channel}: [${result.error.code}] ${result.error.message}`);
    return result.value as T;
  }

  /** Sends raw text (not a well-formed request). */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Resolves when `pred()` holds, checked after every frame; rejects after `timeoutMs`. */
  waitFor(pred: () => boolean, timeoutMs = 200_000, what = 'condition'): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.on('close', () => resolve());
      this.socket.close();
    });
  }
}

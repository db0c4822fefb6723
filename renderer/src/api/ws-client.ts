import { type Channel, type EventName, type EventPayload, type RequestInput, type RequestOutput, WsServerFrame } from '../../../electron/shared/contract.js';
import {
  type ConnectionState,
  type EarshotClient,
  type FiltersChoice,
  type ParamsChoice,
  type SubmitResult,
  ClientError,
  checkInput,
  parseEvent,
  toClientError,
  unwrapResult,
} from './client.js';
import { uploadFiles } from './rest-upload.js';

interface Pending {
  channel: Channel;
  /** The frame, until it has been handed to an open socket. */
  unsent: string | null;
  resolve: (value: unknown) => void;
  reject: (err: ClientError) => void;
}

export interface WsClientOptions {
  /** ws:// or wss:// URL of the contract socket, e.g. `ws://127.0.0.1:4777/ws`. */
  url: string;
  /** http(s) origin for the REST upload route, e.g. `http://127.0.0.1:4777`. */
  httpOrigin: string;
  frontendVersion: string;
  /** First reconnect delay in ms, doubled per failure up to 5000 ms (default 250). */
  reconnectMs?: number;
  /** The WebSocket constructor (default: the page's own); tests outside a browser hand one in. */
  webSocket?: typeof WebSocket;
}

const MAX_RECONNECT_MS = 5000;

/**
 * EarshotClient over the WebSocket of `earshot serve`: one `WsRequest` frame per request (with the frontend version),
 * `WsServerFrame` responses matched by id, pushed events fanned out to subscribers. Requests made while the socket
 * is connecting (or reconnecting) wait for it; requests already sent when it drops reject with IO_ERROR, since
 * whether the host acted on them is unknown. It reconnects by itself with
 * exponential backoff and reports each state through onConnection, so the UI can re-list after a gap.
 */
export class WsClient implements EarshotClient {
  readonly transport = 'websocket' as const;
  readonly usesPaths = false;
  readonly pickPaths = null;
  readonly showInFolder = null;
  readonly pickSavePath = null;
  readonly frontendVersion: string;
  private readonly opts: Required<WsClientOptions>;
  private socket: WebSocket | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = 'closed';
  private closed = false;
  private retryMs: number;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: WsClientOptions) {
    this.opts = { reconnectMs: 250, webSocket: globalThis.WebSocket, ...opts };
    this.frontendVersion = opts.frontendVersion;
    this.retryMs = this.opts.reconnectMs;
    this.connect();
  }

  request<C extends Channel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>> {
    if (this.closed) return Promise.reject(new ClientError('IO_ERROR', 'The connection to Earshot is closed.'));
    let checked: unknown;
    try {
      checked = checkInput(channel, input);
    } catch (err) {
      return Promise.reject(toClientError(err));
    }
    const id = this.nextId++;
    const frame = JSON.stringify({ type: 'request', id, channel, frontendVersion: this.frontendVersion, input: checked });
    return new Promise<RequestOutput<C>>((resolve, reject) => {
      this.pending.set(id, {
        channel,
        unsent: frame,
        resolve: (raw) => {
          try {
            resolve(unwrapResult(channel, raw));
          } catch (err) {
            reject(toClientError(err));
          }
        },
        reject,
      });
      if (this.state === 'open' && this.socket) this.send(id);
    });
  }

  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const fn = cb as (payload: never) => void;
    set.add(fn);
    return () => set.delete(fn);
  }

  onConnection(cb: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(cb);
    return () => this.connectionListeners.delete(cb);
  }

  submitFiles(files: readonly File[], params: ParamsChoice, filters: FiltersChoice): Promise<SubmitResult> {
    return uploadFiles({ origin: this.opts.httpOrigin, frontendVersion: this.frontendVersion, files, params, filters });
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.failPending('The connection to Earshot was closed.');
  }

  private connect(): void {
    this.setState('connecting');
    const socket = new this.opts.webSocket(this.opts.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = this.opts.reconnectMs;
      this.setState('open');
      [...this.pending.keys()].forEach((id) => this.send(id));
    });
    socket.addEventListener('message', (ev: MessageEvent) => this.onFrame(ev.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failPending('The connection to Earshot was lost; try again.', true);
      this.setState('closed');
      if (this.closed) return;
      this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RECONNECT_MS);
    });
  }

  private onFrame(data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      console.warn('earshot: dropped a WebSocket frame that is not JSON');
      return;
    }
    const frame = WsServerFrame.safeParse(json);
    if (!frame.success) {
      console.warn('earshot: dropped a WebSocket frame that does not match the contract', frame.error.message);
      return;
    }
    if (frame.data.type === 'response') {
      const pending = this.pending.get(frame.data.id);
      if (!pending) return;
      this.pending.delete(frame.data.id);
      pending.resolve(frame.data.result);
      return;
    }
    if (frame.data.type === 'error') {
      // The host could not tie one of our frames to a request (a bug on this side); every request still gets its own answer.
      console.warn(`earshot: the host refused a frame: [${frame.data.error.code}] ${frame.data.error.message}`);
      return;
    }
    const { event, payload } = frame.data;
    const parsed = parseEvent(event, payload);
    if (parsed === null) return;
    this.listeners.get(event)?.forEach((cb) => cb(parsed as never));
  }

  private send(id: number): void {
    const p = this.pending.get(id);
    if (!p || p.unsent === null || !this.socket) return;
    this.socket.send(p.unsent);
    p.unsent = null;
  }

  /** Rejects requests in flight with IO_ERROR; with `keepUnsent`, requests not yet sent wait for the next connection. */
  private failPending(message: string, keepUnsent = false): void {
    for (const [id, p] of [...this.pending]) {
      if (keepUnsent && p.unsent !== null) continue;
      this.pending.delete(id);
      p.reject(new ClientError('IO_ERROR', `${p.channel}: ${message}`));
    }
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.connectionListeners.forEach((cb) => cb(state));
  }
}

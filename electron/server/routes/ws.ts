import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { type ContractError, WsRequest, type WsServerFrame } from '../../shared/contract.js';
import { WS_PATH } from '../../shared/http.js';
import type { AppApi } from '../../services/app/app-api.js';
import { createLogger } from '../../services/_utils/logger.js';

/**
 * A request frame read loosely enough to answer it: the channel and version are checked by AppApi.dispatch, so an
 * unknown channel gets BAD_REQUEST and a malformed version VERSION_MISMATCH, each as a response to the frame's id.
 */
const LooseRequest = WsRequest.extend({ channel: z.string(), frontendVersion: z.string() });

function textOf(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** Progress frames are skipped for a socket with more than this much unsent; the job.changed that follows catches up. */
const SLOW_SOCKET_BYTES = 4 * 1024 * 1024;

/**
 * The contract over a WebSocket at /ws (GUIDE §2): each `WsRequest` frame is dispatched and answered with a
 * `response` frame carrying its id and result envelope; every contract event is pushed to every socket as an `event`
 * frame. A frame that is not JSON, is binary or carries no usable id cannot be answered by id: it gets an `error`
 * frame (BAD_REQUEST) and the socket stays open. A frame over 16 MiB closes the socket (1009, by ws).
 * When a socket closes, the recordings it started are finalised (the page reloaded or crashed).
 */
export function registerWsRoute(app: FastifyInstance, api: AppApi): void {
  const log = createLogger('server.ws');
  app.get(WS_PATH, { websocket: true }, (ws) => {
    const socket: WebSocket = ws;
    const clientId = `ws:${randomUUID()}`;
    const send = (frame: WsServerFrame) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    };
    const unsubscribe = api.subscribe((e) => {
      if (e.event === 'job.progress' && socket.bufferedAmount > SLOW_SOCKET_BYTES) return;
      send({ type: 'event', event: e.event, payload: e.payload });
    });
    const refuse = (error: ContractError) => {
      log.info({ clientId, code: error.code }, error.message);
      send({ type: 'error', error });
    };
    socket.on('message', (data, isBinary) => {
      if (isBinary) return refuse({ code: 'BAD_REQUEST', message: 'binary frames are not part of the protocol: send JSON request frames as text' });
      let raw: unknown;
      try {
        raw = JSON.parse(textOf(data));
      } catch {
        return refuse({ code: 'BAD_REQUEST', message: 'a frame that is not JSON was dropped' });
      }
      const frame = LooseRequest.safeParse(raw);
      if (!frame.success) {
        const id = z.object({ id: z.number().int().nonnegative() }).safeParse(raw);
        if (!id.success) return refuse({ code: 'BAD_REQUEST', message: `a request frame without a usable id was dropped: ${z.prettifyError(frame.error)}` });
        send({ type: 'response', id: id.data.id, result: { ok: false, error: { code: 'BAD_REQUEST', message: `invalid request frame: ${z.prettifyError(frame.error)}` } } });
        return;
      }
      const { id, channel, input, frontendVersion } = frame.data;
      void api.dispatch(channel, input, frontendVersion, { clientId }).then((result) => send({ type: 'response', id, result }));
    });
    socket.on('close', () => {
      unsubscribe();
      void api.releaseClient(clientId).catch((err: unknown) => log.error({ clientId, err }, 'could not finalise the recordings of a closed socket'));
    });
  });
}

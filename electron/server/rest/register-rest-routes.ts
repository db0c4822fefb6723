import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppApi } from '../../services/app/app-api.js';
import { sendError } from '../http-errors.js';
import { frontendVersionOf } from '../request-guards.js';
import type { RestRoute } from './route-table.js';

/** A handler for multipart requests to one route of the table (uploads); other bodies still go through the table. */
export type MultipartHandler = (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * Registers every route of `table` on `app`: the request's parts are parsed with the route's schemas (400 naming
 * the part), dispatched through AppApi (the channel's schema, the version check, the handler's error codes, each
 * error answered `{ error: { code, message } }` with its status) and the value answered as the route says.
 * `multipart` maps a route's URL to the handler of its multipart requests.
 */
export function registerRestRoutes(app: FastifyInstance, api: AppApi, table: readonly RestRoute[], multipart: Record<string, MultipartHandler> = {}): void {
  for (const r of table) {
    const upload = multipart[r.url];
    app.route({
      method: r.method,
      url: r.url,
      handler: async (req, reply) => {
        if (upload && req.isMultipart()) return upload(req, reply);
        const made = r.toInput({ params: req.params, query: req.query, body: req.body });
        if (!made.ok) return sendError(reply, { code: 'BAD_REQUEST', message: made.message });
        const result = await api.dispatch(r.channel, made.input, frontendVersionOf(req));
        if (!result.ok) return sendError(reply, result.error);
        const answer = r.answer(result.value, { backendVersion: api.backendVersion, path: req.url.split('?')[0]! });
        reply.code(answer.status ?? 200);
        for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
        if (answer.type) reply.type(answer.type);
        return reply.send(answer.body);
      },
    });
  }
}

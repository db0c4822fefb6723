import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Envelope } from '../../shared/contract.js';
import { OutputFormat } from '../../shared/jobs.js';
import type { AppApi } from '../../services/app/app-api.js';
import { sendError } from '../http-errors.js';
import { frontendVersionOf } from '../request-guards.js';

/** Sends an envelope: its value with `status`, or its error with the error's status. */
export function sendEnvelope<T>(reply: FastifyReply, result: Envelope<T>, status = 200): FastifyReply {
  if (!result.ok) return sendError(reply, result.error);
  return reply.code(status).send(result.value);
}

const IdParams = z.object({ id: z.string() });
const ListQuery = z.object({ limit: z.coerce.number().optional() });
const TranscriptQuery = z.object({ format: OutputFormat.default('txt') });

/** Parses route params or a query with `schema`; on failure sends 400 with the zod message and returns null. */
function parseOr400<T>(schema: z.ZodType<T>, raw: unknown, reply: FastifyReply, what: string): T | null {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  sendError(reply, { code: 'BAD_REQUEST', message: `invalid ${what}: ${z.prettifyError(parsed.error)}` });
  return null;
}

/**
 * The jobs REST routes, each a thin call of the contract channel of the same name (inputs and outputs are parsed by
 * AppApi.dispatch; an id that is not a UUID is a 400 with the zod message, an unknown one a 404):
 *   GET    /api/jobs?limit=N            jobs.list     -> Job[] (newest first)
 *   GET    /api/jobs/:id                jobs.get      -> { job, segments }
 *   POST   /api/jobs/:id/cancel         jobs.cancel   -> Job
 *   POST   /api/jobs/:id/retry          jobs.retry    -> Job
 *   DELETE /api/jobs/:id                jobs.delete   -> { id }
 *   GET    /api/jobs/:id/transcript?format=txt|srt|vtt|json   transcript.get -> the transcript itself, with its MIME type
 */
export function registerJobRoutes(app: FastifyInstance, api: AppApi): void {
  app.get('/api/jobs', async (req, reply) => {
    const query = parseOr400(ListQuery, req.query, reply, 'query');
    if (!query) return reply;
    return sendEnvelope(reply, await api.dispatch('jobs.list', query, frontendVersionOf(req)));
  });

  app.get('/api/jobs/:id', async (req, reply) => {
    const params = parseOr400(IdParams, req.params, reply, 'job id');
    if (!params) return reply;
    return sendEnvelope(reply, await api.dispatch('jobs.get', params, frontendVersionOf(req)));
  });

  app.post('/api/jobs/:id/cancel', async (req, reply) => {
    const params = parseOr400(IdParams, req.params, reply, 'job id');
    if (!params) return reply;
    return sendEnvelope(reply, await api.dispatch('jobs.cancel', params, frontendVersionOf(req)));
  });

  app.post('/api/jobs/:id/retry', async (req, reply) => {
    const params = parseOr400(IdParams, req.params, reply, 'job id');
    if (!params) return reply;
    return sendEnvelope(reply, await api.dispatch('jobs.retry', params, frontendVersionOf(req)));
  });

  app.delete('/api/jobs/:id', async (req, reply) => {
    const params = parseOr400(IdParams, req.params, reply, 'job id');
    if (!params) return reply;
    return sendEnvelope(reply, await api.dispatch('jobs.delete', params, frontendVersionOf(req)));
  });

  app.get('/api/jobs/:id/transcript', async (req, reply) => {
    const params = parseOr400(IdParams, req.params, reply, 'job id');
    const query = params && parseOr400(TranscriptQuery, req.query, reply, 'query');
    if (!params || !query) return reply;
    const result = await api.invoke('transcripts.get', { id: params.id, format: query.format }, frontendVersionOf(req));
    if (!result.ok) return sendError(reply, result.error);
    return reply.code(200).type(result.value.mimeType).send(result.value.content);
  });
}

import { z } from 'zod';
import { type Channel, InputFilters, JobParamsChoice, type RequestInput, type RequestOutput } from '../../shared/contract.js';
import { JOBS_ROUTE, SEARCH_ROUTE, TRANSCRIBE_ROUTE, WATCH_ROUTE, httpStatusFor } from '../../shared/http.js';
import { OutputFormat } from '../../shared/jobs.js';

/** How a successful value goes back over HTTP: status (default 200), content type (default JSON), headers, body. */
export interface HttpAnswer {
  status?: number;
  /** A text type such as `text/vtt; charset=utf-8`; the body is then sent as it is. Default: the body as JSON. */
  type?: string;
  headers?: Record<string, string>;
  body: unknown;
}

/** What an answer may need besides the value: the server's version and the request's path (for a next-page link). */
export interface AnswerContext {
  backendVersion: string;
  path: string;
}

/** The parts of a request a route reads, each as Fastify hands it over: untrusted, parsed with the route's schemas. */
export interface RequestParts {
  params: unknown;
  query: unknown;
  body: unknown;
}

/** One REST route with its types erased, as the registrar walks the table. */
export interface RestRoute {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  channel: Channel;
  /** The channel's input made from the request (checked again by the channel's own schema in AppApi.dispatch), or why not. */
  toInput(parts: RequestParts): { ok: true; input: unknown } | { ok: false; message: string };
  /** The HTTP answer for the channel's value (already parsed with the channel's output schema). */
  answer(value: unknown, ctx: AnswerContext): HttpAnswer;
}

interface RouteSpec<C extends Channel, P, Q, B> {
  method: RestRoute['method'];
  url: string;
  channel: C;
  /** Path parameters (`:id`); strings. */
  params?: z.ZodType<P>;
  /** The query string; strings, so numbers are coerced here. */
  query?: z.ZodType<Q>;
  /** A JSON body. */
  body?: z.ZodType<B>;
  input(parts: { params: P; query: Q; body: B }): RequestInput<C>;
  /** Default: 200 with the value as JSON. */
  answer?(value: RequestOutput<C>, ctx: AnswerContext): HttpAnswer;
}

const none = z.unknown();

/**
 * One typed table entry. The schemas parse each part of the request (a failure is a 400 naming the part and the
 * zod message), `input` maps the parsed parts to the channel's input, `answer` the channel's value to the reply.
 */
export function route<C extends Channel, P = unknown, Q = unknown, B = unknown>(spec: RouteSpec<C, P, Q, B>): RestRoute {
  const parts: Array<['params' | 'query' | 'body', string, z.ZodType<unknown>]> = [
    ['params', 'path parameters', spec.params ?? none],
    ['query', 'query', spec.query ?? none],
    ['body', 'body', spec.body ?? none],
  ];
  return {
    method: spec.method,
    url: spec.url,
    channel: spec.channel,
    toInput(raw) {
      const parsed: Record<string, unknown> = {};
      for (const [key, what, schema] of parts) {
        const result = schema.safeParse(raw[key] ?? {});
        if (!result.success) return { ok: false, message: `invalid ${what}: ${z.prettifyError(result.error)}` };
        parsed[key] = result.data;
      }
      return { ok: true, input: spec.input(parsed as { params: P; query: Q; body: B }) };
    },
    // AppApi.dispatch parsed the value with this channel's output schema before it gets here.
    answer: (value, ctx) => (spec.answer ? spec.answer(value as RequestOutput<C>, ctx) : { body: value }),
  };
}

const IdParams = z.object({ id: z.string() });
const byId = ({ params }: { params: { id: string } }) => ({ id: params.id });
/** `:id` and `:segmentId` (a positive integer; anything else is a 400 from the channel's schema). */
const SegmentParams = z.object({ id: z.string(), segmentId: z.coerce.number() });

/** `POST /api/transcribe` with a JSON body: a path on the server (under the data directory) to transcribe. */
export const TranscribeBody = z.object({
  path: z.string().min(1),
  params: JobParamsChoice.default({}),
  filters: InputFilters.default({}),
});

/**
 * jobs.enqueue's value over HTTP: 202 with the first job's id when a job was made; 200 with no id when every input was
 * filtered out; when no job was made because the path was refused by type (a FIFO, a link loop, …), that refusal as a
 * contract error with its status (httpStatusFor: 400 for every such code).
 */
export function enqueuedAnswer(value: RequestOutput<'jobs.enqueue'>): HttpAnswer {
  const id = value.jobs[0]?.id;
  const refused = value.rejected[0];
  if (!id && refused) return { status: httpStatusFor(refused.code), body: { error: { code: refused.code, message: refused.message } } };
  return { status: id ? 202 : 200, body: { ...(id ? { id } : {}), jobs: value.jobs, excluded: value.excluded, rejected: value.rejected } };
}

/**
 * Every REST route of `earshot serve`, each one contract channel (GUIDE §2: one path per verb). Inputs are parsed by
 * the channel's schema in AppApi.dispatch, so an id that is not a UUID is a 400 with the zod message, an unknown
 * one a 404. Multipart uploads to POST /api/transcribe are the one special case (routes/upload.ts).
 *   GET    /api/version                       version.get     -> { appVersion, protocolVersion, backendVersion }
 *   GET    /api/doctor                        doctor.report   -> the diagnostics report (engine, GPUs, ffmpeg, models, self-test)
 *   POST   /api/transcribe {path,params?,filters?}  jobs.enqueue -> 202 { id, jobs, excluded }
 *   GET    /api/jobs?limit=N&cursor=C         jobs.list       -> Job[] (newest first; `Link: <…>; rel="next"` while more remain)
 *   GET    /api/jobs/:id                      jobs.get        -> { job, segments }
 *   POST   /api/jobs/:id/cancel               jobs.cancel     -> Job
 *   POST   /api/jobs/:id/retry                jobs.retry      -> Job
 *   DELETE /api/jobs/:id[?outputs=delete]     jobs.delete     -> { id } (its transcripts stay unless outputs=delete)
 *   GET    /api/jobs/:id/transcript?format=txt|srt|vtt|json   transcripts.get -> the transcript itself, with its MIME type
 *   GET    /api/search?q=words&limit=N        search.query    -> { results }
 *   GET    /api/jobs/:id/edit                 transcripts.open          -> { job, segments, canUndo, canRedo }
 *   POST   /api/jobs/:id/segments/:segmentId {text}          transcripts.editSegment   -> { jobId, segments, canUndo, canRedo }
 *   POST   /api/jobs/:id/segments/:segmentId/revert          transcripts.revertSegment -> the same
 *   POST   /api/jobs/:id/segments/:segmentId/split {at,atMs?} transcripts.splitSegment -> the same
 *   POST   /api/jobs/:id/segments/:segmentId/merge           transcripts.mergeSegments -> the same
 *   POST   /api/jobs/:id/undo, /api/jobs/:id/redo            transcripts.undo / redo   -> the same
 *   POST   /api/jobs/:id/title {title}        transcripts.setTitle      -> Job
 *   GET    /api/watch                         watch.list      -> WatchFolder[]
 *   POST   /api/watch {path,params?,filters?,settleMs?}       watch.add -> WatchFolder
 *   DELETE /api/watch/:id                     watch.remove    -> { id }
 */
export const REST_ROUTES: readonly RestRoute[] = [
  route({
    method: 'GET',
    url: '/api/version',
    channel: 'version.get',
    input: () => ({}),
    answer: (value, ctx) => ({ body: { ...value, backendVersion: ctx.backendVersion } }),
  }),
  route({
    method: 'GET',
    url: '/api/doctor',
    channel: 'doctor.report',
    query: z.object({ model: z.string().min(1).optional() }),
    input: ({ query }) => query,
    answer: (value) => ({ body: value }),
  }),
  route({
    method: 'POST',
    url: TRANSCRIBE_ROUTE,
    channel: 'jobs.enqueue',
    body: TranscribeBody,
    input: ({ body }) => ({ paths: [body.path], params: body.params, filters: body.filters }),
    answer: enqueuedAnswer,
  }),
  route({
    method: 'GET',
    url: JOBS_ROUTE,
    channel: 'jobs.list',
    query: z.object({ limit: z.coerce.number().optional(), cursor: z.string().optional() }),
    input: ({ query }) => query,
    answer: (page, ctx) => {
      if (page.nextCursor === null) return { body: page.jobs };
      const next = `${ctx.path}?limit=${page.jobs.length}&cursor=${encodeURIComponent(page.nextCursor)}`;
      return { body: page.jobs, headers: { link: `<${next}>; rel="next"` } };
    },
  }),
  route({ method: 'GET', url: `${JOBS_ROUTE}/:id`, channel: 'jobs.get', params: IdParams, input: byId }),
  route({ method: 'POST', url: `${JOBS_ROUTE}/:id/cancel`, channel: 'jobs.cancel', params: IdParams, input: byId }),
  route({ method: 'POST', url: `${JOBS_ROUTE}/:id/retry`, channel: 'jobs.retry', params: IdParams, input: byId }),
  route({
    method: 'DELETE',
    url: `${JOBS_ROUTE}/:id`,
    channel: 'jobs.delete',
    params: IdParams,
    query: z.object({ outputs: z.enum(['keep', 'delete']).default('keep') }),
    input: ({ params, query }) => ({ id: params.id, deleteOutputs: query.outputs === 'delete' }),
  }),
  route({
    method: 'GET',
    url: `${JOBS_ROUTE}/:id/transcript`,
    channel: 'transcripts.get',
    params: IdParams,
    query: z.object({ format: OutputFormat.default('txt') }),
    input: ({ params, query }) => ({ id: params.id, format: query.format }),
    answer: (value) => ({ type: value.mimeType, body: value.content }),
  }),
  route({ method: 'GET', url: `${JOBS_ROUTE}/:id/edit`, channel: 'transcripts.open', params: IdParams, input: ({ params }) => ({ jobId: params.id }) }),
  route({
    method: 'POST',
    url: `${JOBS_ROUTE}/:id/segments/:segmentId`,
    channel: 'transcripts.editSegment',
    params: SegmentParams,
    body: z.object({ text: z.string() }),
    input: ({ params, body }) => ({ jobId: params.id, segmentId: params.segmentId, text: body.text }),
  }),
  route({
    method: 'POST',
    url: `${JOBS_ROUTE}/:id/segments/:segmentId/revert`,
    channel: 'transcripts.revertSegment',
    params: SegmentParams,
    input: ({ params }) => ({ jobId: params.id, segmentId: params.segmentId }),
  }),
  route({
    method: 'POST',
    url: `${JOBS_ROUTE}/:id/segments/:segmentId/split`,
    channel: 'transcripts.splitSegment',
    params: SegmentParams,
    body: z.object({ at: z.number(), atMs: z.number().optional() }),
    input: ({ params, body }) => ({ jobId: params.id, segmentId: params.segmentId, at: body.at, ...(body.atMs === undefined ? {} : { atMs: body.atMs }) }),
  }),
  route({
    method: 'POST',
    url: `${JOBS_ROUTE}/:id/segments/:segmentId/merge`,
    channel: 'transcripts.mergeSegments',
    params: SegmentParams,
    input: ({ params }) => ({ jobId: params.id, segmentId: params.segmentId }),
  }),
  route({ method: 'POST', url: `${JOBS_ROUTE}/:id/undo`, channel: 'transcripts.undo', params: IdParams, input: ({ params }) => ({ jobId: params.id }) }),
  route({ method: 'POST', url: `${JOBS_ROUTE}/:id/redo`, channel: 'transcripts.redo', params: IdParams, input: ({ params }) => ({ jobId: params.id }) }),
  route({
    method: 'POST',
    url: `${JOBS_ROUTE}/:id/title`,
    channel: 'transcripts.setTitle',
    params: IdParams,
    body: z.object({ title: z.string() }),
    input: ({ params, body }) => ({ jobId: params.id, title: body.title }),
  }),
  route({ method: 'GET', url: WATCH_ROUTE, channel: 'watch.list', input: () => ({}) }),
  route({
    method: 'POST',
    url: WATCH_ROUTE,
    channel: 'watch.add',
    body: z.object({ path: z.string(), params: JobParamsChoice.optional(), filters: InputFilters.optional(), settleMs: z.number().optional() }),
    input: ({ body }) => body,
  }),
  route({ method: 'DELETE', url: `${WATCH_ROUTE}/:id`, channel: 'watch.remove', params: IdParams, input: byId }),
  route({
    method: 'GET',
    url: SEARCH_ROUTE,
    channel: 'search.query',
    query: z.object({ q: z.string(), limit: z.coerce.number().optional() }),
    input: ({ query }) => ({ query: query.q, ...(query.limit === undefined ? {} : { limit: query.limit }) }),
  }),
];

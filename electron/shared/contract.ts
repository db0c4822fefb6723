import { z } from 'zod';
import { DoctorReport } from './doctor.js';
import { ErrorCode } from './errors.js';
import { Job, JobParams, OutputFormat, Segment } from './jobs.js';

/**
 * The one contract between the UI and the main side (GUIDE §2). Every request has a channel name, a zod input and a
 * zod output; every pushed event has a zod payload. The Electron preload, the WebSocket of `earshot serve` and the
 * REST routes are all built from these tables; types come from z.infer and are never declared twice.
 */

/** Bumped on any incompatible change of the tables below. A renderer of another protocol version is refused. */
export const PROTOCOL_VERSION = 2;

/** Channel prefix for Electron IPC. */
export const CHANNEL_PREFIX = 'earshot:';

/** The version a renderer build sends with every request (`X-Frontend-Version` over HTTP): "<protocol>.<build>", e.g. "1.0.1.0". */
export const FrontendVersion = z.string().regex(/^\d+(\.[0-9A-Za-z-]+)*$/);

/** Whether a renderer that sent `frontendVersion` can talk to this main side: the protocol number (first part) must match. */
export function isCompatible(frontendVersion: string): boolean {
  const protocol = Number(frontendVersion.split('.')[0]);
  return protocol === PROTOCOL_VERSION;
}

export const ContractError = z.object({ code: ErrorCode, message: z.string() });
export type ContractError = z.infer<typeof ContractError>;

/** Result envelope: results cross the boundary as values, never as thrown exceptions. */
export function envelope<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: ContractError })]);
}
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractError };

const JobId = z.object({ id: z.string().uuid() });

/** Most paths one jobs.enqueue request may name (folders count once; their files are not limited here). */
export const MAX_ENQUEUE_PATHS = 1000;
/** Jobs per jobs.list page when the request names no limit, and the most it may ask for. */
export const JOBS_PAGE_DEFAULT = 100;
export const JOBS_PAGE_MAX = 500;

/**
 * Where the next jobs.list page starts: the `nextCursor` of the page before, passed back unchanged. Its form
 * ("<createdAt>_<seq>") is the store's business; it is checked here only so that junk is a BAD_REQUEST.
 */
export const JobsCursor = z.string().regex(/^\d{1,15}_\d{1,15}$/, 'not a cursor from a jobs.list answer (pass nextCursor back unchanged)');

/** One page of jobs, newest first; `nextCursor` is null on the last page. */
export const JobsPage = z.object({ jobs: z.array(Job), nextCursor: JobsCursor.nullable() });
export type JobsPage = z.infer<typeof JobsPage>;

/** The seed 003 batch filters (sizes in bytes, durations in ms); off unless given. */
export const InputFilters = z.object({
  minSizeBytes: z.number().nonnegative().optional(),
  maxSizeBytes: z.number().nonnegative().optional(),
  minDurationMs: z.number().nonnegative().optional(),
  maxDurationMs: z.number().nonnegative().optional(),
});
export type InputFilters = z.infer<typeof InputFilters>;

/** Per-job parameters a user may choose in the UI; the rest default on the main side. */
export const JobParamsChoice = JobParams.partial();
export type JobParamsChoice = z.input<typeof JobParamsChoice>;

export const ModelEntry = z.object({
  name: z.string(),
  installed: z.boolean(),
  sizeBytes: z.number().nullable(),
  isDefault: z.boolean(),
  multilingual: z.boolean(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const RecordingInfo = z.object({
  id: z.string().uuid(),
  path: z.string(),
  mimeType: z.string(),
  bytes: z.number().int().nonnegative(),
  startedAt: z.number().int(),
  finished: z.boolean(),
});
export type RecordingInfo = z.infer<typeof RecordingInfo>;

/** Most results one search.query answers, and the default. */
export const SEARCH_LIMIT_MAX = 200;
export const SEARCH_LIMIT_DEFAULT = 50;

/** A piece of a search snippet: `match` pieces are the words that matched (shown highlighted). */
export const SnippetPart = z.object({ text: z.string(), match: z.boolean() });
export type SnippetPart = z.infer<typeof SnippetPart>;

/**
 * One search result: a segment whose text (edited or whisper's original) matched (`kind: 'segment'`, with its id,
 * position and times in ms), or a transcript whose title matched (`kind: 'title'`, segment fields null).
 * `rank`: FTS5's bm25 score, lower is better; comparable only within one kind.
 */
export const SearchHit = z.object({
  kind: z.enum(['segment', 'title']),
  jobId: z.string().uuid(),
  title: z.string(),
  sourcePath: z.string(),
  segmentId: z.number().int().positive().nullable(),
  segmentIndex: z.number().int().nonnegative().nullable(),
  t0Ms: z.number().int().nonnegative().nullable(),
  t1Ms: z.number().int().nonnegative().nullable(),
  snippet: z.array(SnippetPart),
  rank: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** A transcript as the editor holds it after a change: every segment in order, and whether undo/redo can act. */
export const TranscriptState = z.object({
  jobId: z.string().uuid(),
  segments: z.array(Segment),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type TranscriptState = z.infer<typeof TranscriptState>;

const SegmentRef = z.object({ jobId: z.string().uuid(), segmentId: z.number().int().positive() });
const JobRef = z.object({ jobId: z.string().uuid() });

/** Longest segment text an edit may store, and longest title. */
export const MAX_SEGMENT_TEXT = 10_000;
export const MAX_TITLE = 300;

/**
 * A watched folder: new media files under `path` (recursively) become jobs with `params` once their size has not
 * changed for `settleMs`. `active`: whether this process is watching it now.
 */
export const WatchFolder = z.object({
  id: z.string().uuid(),
  path: z.string(),
  params: JobParams,
  filters: InputFilters,
  settleMs: z.number().int().nonnegative(),
  createdAt: z.number().int(),
  active: z.boolean(),
});
export type WatchFolder = z.infer<typeof WatchFolder>;

/** How long a new file's size must stay unchanged before it is transcribed, unless the watch names another (ms). */
export const WATCH_SETTLE_DEFAULT_MS = 2000;
/** The longest settle time a watch may ask for (ms). */
export const WATCH_SETTLE_MAX_MS = 600_000;

/**
 * Every request: channel -> { input, output }. A channel is `<feature>.<verb>`: the feature names the service in
 * `electron/services/<feature>/` that owns the verb, the renderer's `features/<feature>/` and the tests' folders.
 */
export const requests = {
  'version.get': {
    input: z.object({}),
    output: z.object({ appVersion: z.string(), protocolVersion: z.number().int() }),
  },
  'settings.get': {
    input: z.object({}),
    output: z.object({ dataDir: z.string(), defaultModel: z.string().nullable(), models: z.array(ModelEntry) }),
  },
  'jobs.enqueue': {
    input: z.object({
      paths: z
        .array(z.string().min(1))
        .min(1)
        .max(MAX_ENQUEUE_PATHS, `at most ${MAX_ENQUEUE_PATHS} paths per request: send the rest in further requests, or name their folder`),
      params: JobParamsChoice.default({}),
      filters: InputFilters.default({}),
    }),
    /**
     * `jobs`: one per input, new, resumed or already done; `skipped`: ids of jobs already completed with these params;
     * `excluded`: inputs left out by the filters (or folders with nothing to transcribe), with the reason;
     * `rejected`: inputs refused by type before anything opened them (a FIFO, device, socket, link loop, broken link,
     * path through a file, name too long), each with its code; no job is made for them.
     */
    output: z.object({
      jobs: z.array(Job),
      skipped: z.array(z.string().uuid()),
      excluded: z.array(z.object({ path: z.string(), reason: z.string() })),
      rejected: z.array(z.object({ path: z.string(), code: ErrorCode, message: z.string() })).default([]),
    }),
  },
  /** Newest first, `limit` (default JOBS_PAGE_DEFAULT, at most JOBS_PAGE_MAX) per page; `cursor` = the previous page's nextCursor. */
  'jobs.list': {
    input: z.object({ limit: z.number().int().positive().max(JOBS_PAGE_MAX).optional(), cursor: JobsCursor.optional() }),
    output: JobsPage,
  },
  'jobs.get': { input: JobId, output: z.object({ job: Job, segments: z.array(Segment) }) },
  'jobs.cancel': { input: JobId, output: Job },
  'jobs.retry': { input: JobId, output: Job },
  /**
   * Removes a job that is not running, its work files and, for an upload, the uploaded file. Its transcripts (outputs
   * and exports) stay unless `deleteOutputs`; even then only those still as Earshot wrote them are removed.
   */
  'jobs.delete': { input: JobId.extend({ deleteOutputs: z.boolean().optional() }), output: JobId },
  'transcripts.get': {
    input: JobId.extend({ format: OutputFormat }),
    output: z.object({ format: OutputFormat, content: z.string(), mimeType: z.string() }),
  },
  /**
   * Writes the transcript to `path`; answers the path written. A file there that Earshot did not write for this job's
   * input is kept (the export goes beside it as `name.1.ext`, …) unless `overwrite`; an input, an upload, a recording
   * or its sidecar, a media file or a folder is never written over (BAD_REQUEST).
   */
  'transcripts.export': {
    input: JobId.extend({ format: OutputFormat, path: z.string().min(1), overwrite: z.boolean().optional() }),
    output: z.object({ path: z.string() }),
  },
  /** The editor's view of a transcript: the job, its segments, and whether undo/redo can act. */
  'transcripts.open': { input: JobRef, output: TranscriptState.extend({ job: Job }) },
  /** Sets a segment's text (kept on the undo history; whisper's text stays as `original`). */
  'transcripts.editSegment': { input: SegmentRef.extend({ text: z.string().max(MAX_SEGMENT_TEXT) }), output: TranscriptState },
  /** Puts back what whisper heard in one segment (itself an undoable change). */
  'transcripts.revertSegment': { input: SegmentRef, output: TranscriptState },
  /**
   * Splits a segment at character `at` of its text (0 < at < length): the first part keeps the id and ends at `atMs`,
   * the second (a new id) starts there. `atMs` defaults to the time proportional to `at`; it must lie strictly
   * inside the segment.
   */
  'transcripts.splitSegment': {
    input: SegmentRef.extend({ at: z.number().int().positive(), atMs: z.number().int().nonnegative().optional() }),
    output: TranscriptState,
  },
  /** Merges a segment with the one after it: one segment from the first's start to the second's end, texts joined. */
  'transcripts.mergeSegments': { input: SegmentRef, output: TranscriptState },
  /** Undoes the job's latest edit, split, merge or revert. INVALID_STATE when there is nothing to undo. */
  'transcripts.undo': { input: JobRef, output: TranscriptState },
  /** Redoes the change undone last. INVALID_STATE when there is nothing to redo. */
  'transcripts.redo': { input: JobRef, output: TranscriptState },
  /** Sets the title the library shows; an empty title goes back to the input's file name. */
  'transcripts.setTitle': { input: JobRef.extend({ title: z.string().trim().max(MAX_TITLE) }), output: Job },
  /**
   * Full-text search over every transcript (segment text, edited and whisper's original, and titles). `query` is
   * taken as words, not FTS5 syntax: each word matches words that start with it, all words must match.
   */
  'search.query': {
    input: z.object({
      query: z.string().trim().min(1, 'type something to search for').max(500),
      limit: z.number().int().positive().max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
    }),
    output: z.object({ results: z.array(SearchHit) }),
  },
  /**
   * Watches a folder (recursively): new audio/video files are transcribed with `params` once their size has settled.
   * Persisted, so watching resumes when Earshot starts again. Watching the same folder again replaces its settings.
   */
  'watch.add': {
    input: z.object({
      path: z.string().min(1),
      params: JobParamsChoice.default({}),
      filters: InputFilters.default({}),
      settleMs: z.number().int().nonnegative().max(WATCH_SETTLE_MAX_MS).default(WATCH_SETTLE_DEFAULT_MS),
    }),
    output: WatchFolder,
  },
  'watch.list': { input: z.object({}), output: z.array(WatchFolder) },
  'watch.remove': { input: z.object({ id: z.string().uuid() }), output: z.object({ id: z.string().uuid() }) },
  'recordings.start': { input: z.object({ mimeType: z.string().min(1) }), output: RecordingInfo },
  /** `chunkBase64`: the next MediaRecorder chunk; `seq` counts from 0 so a duplicate or a gap is refused. */
  'recordings.append': {
    input: z.object({ id: z.string().uuid(), seq: z.number().int().nonnegative(), chunkBase64: z.string() }),
    output: z.object({ bytes: z.number().int().nonnegative() }),
  },
  'recordings.stop': { input: z.object({ id: z.string().uuid(), params: JobParamsChoice.default({}) }), output: z.object({ job: Job }) },
  /** The diagnostics of `earshot doctor`: engine build, GPU back ends, ffmpeg, models and a 5 s self-test (RTF). */
  'doctor.report': { input: z.object({ model: z.string().min(1).optional() }), output: DoctorReport },
  /** Recordings left unfinished by a crash or reload; finalised on start-up and offered for transcription. */
  'recordings.listUnfinished': { input: z.object({}), output: z.array(RecordingInfo) },
} as const;

export type Channel = keyof typeof requests;
/** The features that own channels: `jobs` for `jobs.enqueue`, … */
export type Feature = Channel extends infer C ? (C extends `${infer F}.${string}` ? F : never) : never;
export type RequestInput<C extends Channel> = z.input<(typeof requests)[C]['input']>;
export type RequestOutput<C extends Channel> = z.infer<(typeof requests)[C]['output']>;

/** Every pushed event: name -> payload. */
export const events = {
  'job.changed': Job,
  'job.progress': z.object({ jobId: z.string().uuid(), progress: z.number().min(0).max(1) }),
  /** Live segments as whisper emits them (not yet committed); t0/t1 in ms from the start of the input. */
  'job.segments': z.object({ jobId: z.string().uuid(), segments: z.array(z.object({ t0Ms: z.number(), t1Ms: z.number(), text: z.string() })) }),
  /** A job was deleted (by this window or another client): drop its card. */
  'job.removed': JobId,
  /** A transcript was edited (by this window or another client): reload it (transcripts.open). */
  'transcript.changed': z.object({ jobId: z.string().uuid() }),
} as const;

/**
 * Electron-only requests of the desktop shell: native pickers and the system file manager. They travel over the same
 * IPC (prefix `earshot:`) but `earshot serve` does not carry them; a browser uses <input type="file"> instead.
 */
export const shellRequests = {
  /** Opens the native picker; `[]` when the user cancels. */
  'shell.pickPaths': { input: z.object({ kind: z.enum(['files', 'folder']) }), output: z.array(z.string()) },
  /** Opens the native save dialog for a transcript export; the chosen path, or null when the user cancels. */
  'shell.pickSavePath': { input: z.object({ defaultName: z.string().min(1) }), output: z.string().min(1).nullable() },
  /** Shows a file (an output, a recording) selected in the system file manager. */
  'shell.showInFolder': { input: z.object({ path: z.string().min(1) }), output: z.object({}) },
} as const;
export type ShellChannel = keyof typeof shellRequests;
export const shellChannelNames = Object.keys(shellRequests) as ShellChannel[];

/** The one IPC channel main pushes events on (`(event: EventName, payload)`), in Electron. */
export const IPC_EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const channelNames = Object.keys(requests) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

/** WebSocket frames of `earshot serve`, client -> server: one request, with the renderer's version. */
export const WsRequest = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  channel: z.enum(channelNames as [Channel, ...Channel[]]),
  frontendVersion: FrontendVersion,
  input: z.unknown(),
});

/**
 * WebSocket frames, server -> client: a response to request `id`, a pushed event, or an error about a frame that
 * carried no usable id (not JSON, binary, no id), which therefore cannot be answered by id.
 */
export const WsServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('response'), id: z.number().int().nonnegative(), result: envelope(z.unknown()) }),
  z.object({ type: z.literal('event'), event: z.enum(eventNames as [EventName, ...EventName[]]), payload: z.unknown() }),
  z.object({ type: z.literal('error'), error: ContractError }),
]);
export type WsServerFrame = z.infer<typeof WsServerFrame>;

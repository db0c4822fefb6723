import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Job, Segment } from '../../shared/jobs.js';
import { SpeechRegion, VadResult } from '../../../native/vad/index.js';
import { createLogger } from '../_utils/logger.js';

const log = createLogger('jobs.row');

const jsonText = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  }).pipe(schema);

/** A `jobs` row exactly as SQLite returns it, parsed and mapped to the shared Job shape. */
export const JobRow = z
  .object({
    id: z.string(),
    title: z.string().nullable().optional(),
    source_path: z.string(),
    source_kind: z.string(),
    source_root: z.string().nullable(),
    content_hash: z.string().nullable(),
    params_json: jsonText(z.unknown()),
    status: z.string(),
    progress: z.number(),
    duration_ms: z.number().nullable(),
    offset_ms: z.number(),
    windows_done: z.number(),
    created_at: z.number(),
    updated_at: z.number(),
    started_at: z.number().nullable(),
    finished_at: z.number().nullable(),
    heartbeat_at: z.number().nullable(),
    attempts: z.number(),
    max_attempts: z.number(),
    retry_at: z.number().nullable(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    backend: z.string().nullable(),
    backend_note: z.string().nullable(),
    rtf: z.number().nullable(),
    language: z.string().nullable(),
    outputs_json: jsonText(z.unknown()),
    notes_json: jsonText(z.array(z.string())),
    dropped_segments: z.number().nullable().optional(),
    trimmed_segments: z.number().nullable().optional(),
  })
  .transform((r) => ({
    id: r.id,
    title: r.title || path.basename(r.source_path),
    sourcePath: r.source_path,
    sourceKind: r.source_kind,
    sourceRoot: r.source_root,
    contentHash: r.content_hash,
    params: r.params_json,
    status: r.status,
    progress: r.progress,
    durationMs: r.duration_ms,
    offsetMs: r.offset_ms,
    windowsDone: r.windows_done,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    heartbeatAt: r.heartbeat_at,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    retryAt: r.retry_at,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    backend: r.backend,
    backendNote: r.backend_note,
    rtf: r.rtf,
    language: r.language,
    outputs: r.outputs_json,
    ...(r.notes_json.length > 0 ? { notes: r.notes_json } : {}),
    ...(r.dropped_segments ? { droppedSegments: r.dropped_segments } : {}),
    ...(r.trimmed_segments ? { trimmedSegments: r.trimmed_segments } : {}),
  }))
  .pipe(Job);

/** A `segments` row mapped to the shared Segment shape. */
export const SegmentRow = z
  .object({
    id: z.number(),
    idx: z.number(),
    t0_ms: z.number(),
    t1_ms: z.number(),
    text: z.string(),
    original_text: z.string().nullable(),
    words_json: z.string().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    index: r.idx,
    t0Ms: r.t0_ms,
    t1Ms: r.t1_ms,
    text: r.text,
    original: r.original_text,
    ...(r.words_json === null ? {} : { words: JSON.parse(r.words_json) as unknown }),
  }))
  .pipe(Segment);

/** A job's speech regions as stored (migration 0006), as VAD reported them (native/vad VadResult). */
export type StoredSpeech = VadResult;

/** A `job_speech` row mapped to the VadResult it stores. */
export const SpeechRow = z
  .object({ regions_json: jsonText(z.array(SpeechRegion)), total_ms: z.number(), elapsed_ms: z.number(), detector: z.string() })
  .transform((r) => ({ regions: r.regions_json, totalMs: r.total_ms, elapsedMs: r.elapsed_ms, detector: r.detector }))
  .pipe(VadResult);

/** The columns SegmentRow reads, for SELECTs. */
export const SEGMENT_COLUMNS = 'id, idx, t0_ms, t1_ms, text, original_text, words_json';

/**
 * Parses rows with `schema`; a row that fails is appended raw, with the zod issues, to `quarantineFile`
 * (JSON lines) and skipped, so one corrupt row never turns into a crash or an obscure 500 (seed 000).
 */
export function parseRows<T>(schema: z.ZodType<T>, rows: unknown[], quarantineFile: string, table: string): T[] {
  const out: T[] = [];
  for (const row of rows) {
    const parsed = schema.safeParse(row);
    if (parsed.success) {
      out.push(parsed.data);
      continue;
    }
    const entry = { at: new Date().toISOString(), table, row, issues: parsed.error.issues };
    log.error({ table, issues: parsed.error.issues }, 'row failed validation; quarantined and skipped');
    try {
      fs.mkdirSync(path.dirname(quarantineFile), { recursive: true });
      fs.appendFileSync(quarantineFile, `${JSON.stringify(entry)}\n`);
    } catch (err) {
      log.error({ err, quarantineFile }, 'could not write the quarantine log');
    }
  }
  return out;
}

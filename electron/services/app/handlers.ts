import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { type Channel, JOBS_PAGE_DEFAULT, type ModelEntry, PROTOCOL_VERSION, type RequestOutput, type requests } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import type { JobParamsInput, OutputFormat } from '../../shared/jobs.js';
import type { Backbone } from '../backbone.js';
import { renderTranscript } from '../export/formats.js';
import { writeFileAtomic } from '../export/write-outputs.js';
import { collectInputs } from '../jobs/collect-inputs.js';
import { inspectGgml } from '../models/ggml-inspect.js';
import { isModelPath } from '../models/resolve-model.js';
import type { RecordingService } from '../recordings/recording-service.js';
import type { PathGuard } from './path-policy.js';

/** The parts of a Backbone the request handlers use. */
export type AppBackbone = Pick<Backbone, 'store' | 'manager' | 'models' | 'media' | 'paths'>;

/** Who made a request: `clientId` names the connection (a WebSocket, the Electron window) that owns its recordings. */
export interface CallContext {
  clientId: string | null;
}

/** Parsed input of a channel (defaults applied). */
export type ParsedInput<C extends Channel> = z.output<(typeof requests)[C]['input']>;

export type Handlers = { [C in Channel]: (input: ParsedInput<C>, ctx: CallContext) => Promise<RequestOutput<C>> };

export interface HandlerDeps {
  backbone: AppBackbone;
  recordings: RecordingService;
  guard: PathGuard;
  appVersion: string;
  /** Called after a job was deleted (the app pushes `job.removed`). */
  onDeleted: (id: string) => void;
}

/** MIME types of the transcript formats (SubRip has no registered type; application/x-subrip is the common one). */
const MIME: Record<OutputFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The implementation of every contract channel on a Backbone and a RecordingService. Inputs arrive parsed; each
 * path a request names passes the PathGuard first; errors are thrown as EarshotErrors (AppApi turns them into
 * envelopes).
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { backbone, recordings, guard } = deps;
  const { store, manager, models } = backbone;

  /** The model a job will use: the one asked for (checked to exist; a file path must pass the guard) or the default. */
  async function resolveModel(requested: string | undefined): Promise<string> {
    if (requested === undefined) return (await models.resolve(null)).name;
    if (!isModelPath(requested)) return (await models.resolve(requested)).name;
    const fallback = await models.getDefault();
    if (fallback !== null && (fallback.name === requested || fallback.path === requested)) return fallback.name;
    return (await models.resolve(guard.readable(requested))).name;
  }

  async function resolveParams(choice: ParsedInput<'jobs.enqueue'>['params']): Promise<JobParamsInput> {
    const model = await resolveModel(choice.model);
    const outDir = choice.outDir ? guard.writable(choice.outDir) : choice.outDir;
    return { ...choice, model, outDir };
  }

  async function modelEntries(): Promise<{ defaultModel: string | null; models: ModelEntry[] }> {
    const [listing, fallback] = await Promise.all([models.list(), models.getDefault().catch(() => null)]);
    const entries: ModelEntry[] = listing.map((m) => ({
      name: m.name,
      installed: m.installed && m.problem === null,
      sizeBytes: m.sizeBytes || null,
      isDefault: m.isDefault,
      multilingual: m.languages === 'multilingual',
    }));
    // A default given as a file outside the store ($EARSHOT_MODEL=/path/ggml-x.bin) is not in the listing.
    if (fallback && !listing.some((m) => m.isDefault)) {
      const info = await inspectGgml(fallback.path, { headerOnly: true }).catch(() => null);
      entries.unshift({ name: fallback.name, installed: true, sizeBytes: info?.sizeBytes ?? null, isDefault: true, multilingual: info?.multilingual ?? false });
    }
    return { defaultModel: fallback?.name ?? null, models: entries };
  }

  /** Removes a deleted job's work folder and, when no other job uses it, its upload folder. */
  async function cleanUp(id: string, sourcePath: string): Promise<void> {
    await fs.rm(path.join(backbone.paths.work, id), { recursive: true, force: true });
    const uploads = path.resolve(backbone.paths.uploads);
    const rel = path.relative(uploads, sourcePath);
    const folder = rel.split(path.sep)[0];
    if (!folder || rel.startsWith('..') || path.isAbsolute(rel) || folder === rel) return;
    if (store.list().some((j) => j.sourcePath === sourcePath)) return;
    await fs.rm(path.join(uploads, folder), { recursive: true, force: true });
  }

  return {
    'version.get': async () => ({ appVersion: deps.appVersion, protocolVersion: PROTOCOL_VERSION }),

    'settings.get': async () => ({ dataDir: path.dirname(backbone.paths.db), ...(await modelEntries()) }),

    'jobs.enqueue': async ({ paths, params, filters }) => {
      const checked = paths.map((p) => guard.readable(p));
      const full = await resolveParams(params);
      const { inputs, excluded } = await collectInputs(checked, full, filters, (f) => backbone.media.probeMedia(f));
      const results = manager.enqueue(inputs);
      return { jobs: results.map((r) => r.job), excluded };
    },

    'jobs.list': async ({ limit, cursor }) => store.page({ limit: limit ?? JOBS_PAGE_DEFAULT, cursor }),

    'jobs.get': async ({ id }) => ({ job: store.require(id), segments: store.segments(id) }),

    'jobs.cancel': async ({ id }) => manager.cancel(id),

    'jobs.retry': async ({ id }) => manager.retry(id),

    'jobs.delete': async ({ id }) => {
      const job = store.require(id);
      store.delete(id);
      deps.onDeleted(id);
      await cleanUp(id, path.resolve(job.sourcePath));
      return { id };
    },

    'transcript.get': async ({ id, format }) => {
      const job = store.require(id);
      const meta = { source: job.sourcePath, model: job.params.model, language: job.language, backend: job.backend, durationMs: job.durationMs };
      return { format, content: renderTranscript(format, store.segments(id), meta), mimeType: MIME[format] };
    },

    'transcript.export': async ({ id, format, path: target }) => {
      const file = guard.writable(target);
      const stat = await fs.stat(file).catch(() => null);
      if (stat?.isDirectory()) throw new EarshotError('BAD_REQUEST', `${file}: is a folder; give the path of the file to write`);
      const job = store.require(id);
      const meta = { source: job.sourcePath, model: job.params.model, language: job.language, backend: job.backend, durationMs: job.durationMs };
      await writeFileAtomic(file, renderTranscript(format, store.segments(id), meta));
      return { path: file };
    },

    'recording.start': async ({ mimeType }, ctx) => recordings.start(mimeType, ctx.clientId),

    'recording.append': async ({ id, seq, chunkBase64 }) => {
      if (!BASE64.test(chunkBase64) || chunkBase64.length % 4 !== 0) {
        throw new EarshotError('BAD_REQUEST', `recording ${id}: chunk ${seq} is not base64`);
      }
      return recordings.append(id, seq, Buffer.from(chunkBase64, 'base64'));
    },

    'recording.stop': async ({ id, params }) => recordings.stop(id, await resolveParams(params)),

    'recording.listUnfinished': async () => recordings.listUnfinished(),
  };
}

import { z } from 'zod';
import { Job } from '../../../electron/shared/jobs.js';
import { ErrorReply, TRANSCRIBE_ROUTE, VERSION_HEADER, codeForStatus } from '../../../electron/shared/http.js';
import { type FiltersChoice, type ParamsChoice, type SubmitResult, ClientError } from './client.js';

/** A 202 reply: the jobs created (as `jobs.enqueue` answers) and/or the first job's id. */
const UploadReply = z.object({
  id: z.string().optional(),
  jobs: z.array(Job).optional(),
  job: Job.optional(),
  excluded: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
});

export interface UploadOptions {
  /** http(s) origin of `earshot serve`. */
  origin: string;
  frontendVersion: string;
  files: readonly File[];
  params: ParamsChoice;
  /** Size filters apply here before anything is sent; duration filters go to the server, which probes the media. */
  filters: FiltersChoice;
}

/**
 * Uploads files one request at a time to `POST /api/transcribe` (multipart: `file`, plus `params` and `filters` as
 * JSON fields), with the X-Frontend-Version header. Files outside the size filter are not sent and are reported in
 * `excluded`. Rejects with a ClientError carrying the server's code (409 -> VERSION_MISMATCH, 413 -> TOO_LARGE),
 * or IO_ERROR when the server cannot be reached.
 */
export async function uploadFiles(opts: UploadOptions): Promise<SubmitResult> {
  const result: SubmitResult = { jobs: [], excluded: [] };
  const { minSizeBytes, maxSizeBytes, ...serverFilters } = opts.filters;
  for (const file of opts.files) {
    const name = displayPath(file);
    if (minSizeBytes !== undefined && file.size < minSizeBytes) {
      result.excluded.push({ path: name, reason: `smaller than ${minSizeBytes} bytes` });
      continue;
    }
    if (maxSizeBytes !== undefined && file.size > maxSizeBytes) {
      result.excluded.push({ path: name, reason: `larger than ${maxSizeBytes} bytes` });
      continue;
    }
    const form = new FormData();
    form.append('params', JSON.stringify(opts.params));
    form.append('filters', JSON.stringify(serverFilters));
    form.append('file', file, file.name);
    let res: Response;
    try {
      res = await fetch(new URL(TRANSCRIBE_ROUTE, opts.origin), { method: 'POST', body: form, headers: { [VERSION_HEADER]: opts.frontendVersion } });
    } catch (err) {
      throw new ClientError('IO_ERROR', `Could not upload ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) throw errorFromReply(res.status, body, name);
    const reply = UploadReply.safeParse(body);
    if (!reply.success) throw new ClientError('INTERNAL', `The upload reply for ${name} does not match the contract: ${reply.error.message}`);
    result.jobs.push(...(reply.data.jobs ?? []), ...(reply.data.job ? [reply.data.job] : []));
    result.excluded.push(...(reply.data.excluded ?? []));
  }
  return result;
}

function errorFromReply(status: number, body: unknown, name: string): ClientError {
  const parsed = ErrorReply.safeParse(body);
  if (!parsed.success) return new ClientError(codeForStatus(status), `Uploading ${name} failed with HTTP ${status}.`);
  return new ClientError(parsed.data.error.code, parsed.data.error.message);
}

/** The relative path of a file picked from a folder (`webkitRelativePath`), else its name. */
export function displayPath(file: File): string {
  return file.webkitRelativePath || file.name;
}

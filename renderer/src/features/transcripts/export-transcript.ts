import type { Job, OutputFormat } from '../../../../electron/shared/jobs.js';
import type { EarshotClient } from '../../api/client.js';
import { baseName } from '../../_utils/format.js';

/** The export formats, in the order the UI offers them. */
export const EXPORT_FORMATS: readonly OutputFormat[] = ['txt', 'srt', 'vtt', 'json'];

/** "talk.wav" -> "talk.srt". */
export function exportName(sourcePath: string, format: OutputFormat): string {
  const base = baseName(sourcePath);
  const dot = base.lastIndexOf('.');
  return `${dot > 0 ? base.slice(0, dot) : base}.${format}`;
}

/**
 * Saves a transcript (with its edits): through a native save dialog and `transcripts.export` where the host has one
 * (Electron), else `transcripts.get` and a browser download of the content. The dialog asks before the user picks a
 * file that exists, so the export may replace it (`overwrite`); inputs, recordings and media files are still refused.
 * Resolves with the name saved, or null when the dialog was dismissed.
 */
export async function exportTranscript(client: EarshotClient, job: Pick<Job, 'id' | 'sourcePath'>, format: OutputFormat): Promise<string | null> {
  const name = exportName(job.sourcePath, format);
  if (client.pickSavePath) {
    const target = await client.pickSavePath(name);
    if (!target) return null;
    return (await client.request('transcripts.export', { id: job.id, format, path: target, overwrite: true })).path;
  }
  const { content, mimeType } = await client.request('transcripts.get', { id: job.id, format });
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

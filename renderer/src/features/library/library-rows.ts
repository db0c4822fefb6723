import type { Job, JobStatus } from '../../../../electron/shared/jobs.js';
import { baseName } from '../../_utils/format.js';

/** The library's columns, each sortable and filterable. */
export type LibraryColumn = 'title' | 'source' | 'date' | 'duration' | 'model' | 'language' | 'status';
export const LIBRARY_COLUMNS: readonly LibraryColumn[] = ['title', 'source', 'date', 'duration', 'model', 'language', 'status'];

export interface LibrarySort {
  column: LibraryColumn;
  direction: 'asc' | 'desc';
}

/** Lengths the duration filter offers; `unknown` for a job not probed yet. */
export type DurationBucket = 'short' | 'medium' | 'long' | 'very-long' | 'unknown';
export const DURATION_BUCKETS: ReadonlyArray<{ value: DurationBucket; label: string }> = [
  { value: 'short', label: 'under 1 min' },
  { value: 'medium', label: '1-10 min' },
  { value: 'long', label: '10-60 min' },
  { value: 'very-long', label: 'over 1 h' },
  { value: 'unknown', label: 'unknown' },
];

/**
 * The filters, one per column, all off when empty: title, source and date match what they show (case-insensitive,
 * anywhere in it: "2025-06" finds June 2025); duration, model, language and status match one value exactly.
 */
export interface LibraryFilter {
  title: string;
  source: string;
  date: string;
  duration: DurationBucket | '';
  model: string;
  language: string;
  status: JobStatus | '';
}
export const NO_LIBRARY_FILTER: LibraryFilter = { title: '', source: '', date: '', duration: '', model: '', language: '', status: '' };

/** The default order: newest first. */
export const DEFAULT_SORT: LibrarySort = { column: 'date', direction: 'desc' };

/** The statuses that have a transcript to show: done, or being written now. */
export const LIBRARY_STATUSES: readonly JobStatus[] = ['completed', 'running'];

/** "tiny.en" for "tiny.en", and for a ggml file path "/models/ggml-tiny.en.bin". */
export function modelName(job: Pick<Job, 'params'>): string {
  const m = /^ggml-(.+)\.bin$/.exec(baseName(job.params.model));
  return m ? m[1]! : baseName(job.params.model);
}

/** The language whisper found (or was told), else what was asked ("auto"). */
export function jobLanguage(job: Pick<Job, 'language' | 'params'>): string {
  return job.language ?? job.params.language;
}

/** "2025-06-01 14:05", local time: sortable, and what the date filter matches. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The duration filter's bucket for a length in ms. */
export function durationBucket(ms: number | null): DurationBucket {
  if (ms === null) return 'unknown';
  if (ms < 60_000) return 'short';
  if (ms < 600_000) return 'medium';
  if (ms < 3_600_000) return 'long';
  return 'very-long';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: Job, b: Job, column: LibraryColumn): number {
  switch (column) {
    case 'title':
      return collator.compare(a.title, b.title);
    case 'source':
      return collator.compare(a.sourcePath, b.sourcePath);
    case 'date':
      return a.createdAt - b.createdAt;
    case 'duration':
      return (a.durationMs ?? -1) - (b.durationMs ?? -1);
    case 'model':
      return collator.compare(modelName(a), modelName(b));
    case 'language':
      return collator.compare(jobLanguage(a), jobLanguage(b));
    case 'status':
      return collator.compare(a.status, b.status);
    default: {
      const never: never = column;
      return never;
    }
  }
}

function matches(job: Job, f: LibraryFilter): boolean {
  const has = (value: string, part: string) => part === '' || value.toLowerCase().includes(part.trim().toLowerCase());
  return (
    has(job.title, f.title) &&
    has(job.sourcePath, f.source) &&
    has(formatDate(job.createdAt), f.date) &&
    (f.duration === '' || durationBucket(job.durationMs) === f.duration) &&
    (f.model === '' || modelName(job) === f.model) &&
    (f.language === '' || jobLanguage(job) === f.language) &&
    (f.status === '' || job.status === f.status)
  );
}

/**
 * The library's rows: the jobs with a transcript (completed or running), filtered and sorted; ties keep the newest
 * first, so the order is stable while jobs change.
 */
export function libraryRows(jobs: readonly Job[], filter: LibraryFilter, sort: LibrarySort): Job[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return jobs
    .filter((j) => LIBRARY_STATUSES.includes(j.status) && matches(j, filter))
    .sort((a, b) => sign * compare(a, b, sort.column) || b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The values the model and language filters offer: those of the library's jobs, sorted. */
export function libraryFacets(jobs: readonly Job[]): { models: string[]; languages: string[] } {
  const models = new Set<string>();
  const languages = new Set<string>();
  for (const j of jobs) {
    if (!LIBRARY_STATUSES.includes(j.status)) continue;
    models.add(modelName(j));
    languages.add(jobLanguage(j));
  }
  return { models: [...models].sort(collator.compare), languages: [...languages].sort(collator.compare) };
}

import { hasMediaExtension } from '../../../../electron/shared/media.js';
import type { FiltersChoice } from '../../api/client.js';

/** The filter form's fields, in the units people type: MB (10^6 bytes) and seconds; '' = off. */
export interface FilterFields {
  minSizeMb: string;
  maxSizeMb: string;
  minDurationSec: string;
  maxDurationSec: string;
}

export const NO_FILTERS: FilterFields = { minSizeMb: '', maxSizeMb: '', minDurationSec: '', maxDurationSec: '' };

/** Seed 003's mass-transcribe filter: 1 MB < size < 100 MB and 5 s < duration < 5 min. */
export const SEED_003_FILTERS: FilterFields = { minSizeMb: '1', maxSizeMb: '100', minDurationSec: '5', maxDurationSec: '300' };

function num(field: string, scale: number): number | undefined {
  if (field.trim() === '') return undefined;
  const n = Number(field);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * scale) : undefined;
}

/** Form fields -> the contract's InputFilters (bytes, ms); blank or invalid fields are left out (off). */
export function toFilters(f: FilterFields): FiltersChoice {
  const out: FiltersChoice = {};
  const minSizeBytes = num(f.minSizeMb, 1e6);
  const maxSizeBytes = num(f.maxSizeMb, 1e6);
  const minDurationMs = num(f.minDurationSec, 1000);
  const maxDurationMs = num(f.maxDurationSec, 1000);
  if (minSizeBytes !== undefined) out.minSizeBytes = minSizeBytes;
  if (maxSizeBytes !== undefined) out.maxSizeBytes = maxSizeBytes;
  if (minDurationMs !== undefined) out.minDurationMs = minDurationMs;
  if (maxDurationMs !== undefined) out.maxDurationMs = maxDurationMs;
  return out;
}

/** Whether a browser File looks like audio or video (MIME type, else extension); the host probes it for real. */
export function isMediaFile(file: Pick<File, 'name' | 'type'>): boolean {
  if (file.type.startsWith('audio/') || file.type.startsWith('video/')) return true;
  return hasMediaExtension(file.name);
}

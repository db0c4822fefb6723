import fs from 'node:fs';
import type { MediaInfo } from '../../../native/audio/index.js';
import type { MediaOps } from './job-runner.js';

/** Probe results kept at most (one per file; the oldest is dropped first). */
const MAX_ENTRIES = 2048;

/**
 * `media` with ffprobe results remembered per file, keyed by path, size and modification time, so a file probed when
 * its batch is collected (duration filters) is not probed again when its job runs. A changed file (other size or
 * mtime) is probed afresh; a failed probe is not remembered.
 */
export function withProbeCache(media: MediaOps): MediaOps {
  const cache = new Map<string, Promise<MediaInfo>>();
  return {
    ...media,
    probeMedia(file: string): Promise<MediaInfo> {
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (!st) return media.probeMedia(file);
      const key = `${file}\0${st.size}\0${st.mtimeMs}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const probe = media.probeMedia(file);
      cache.set(key, probe);
      probe.catch(() => cache.delete(key));
      if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      return probe;
    },
  };
}

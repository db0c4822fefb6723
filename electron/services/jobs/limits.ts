import fs from 'node:fs/promises';
import bytes from 'bytes';
import { EarshotError } from '../../shared/errors.js';
import { formatDuration, type MediaInfo } from '../../../native/audio/index.js';

/** The resource limits every job is held to before its input is converted (config.ts `maxDurationMs`, `minFreeBytes`). */
export interface ResourceLimits {
  /** The longest audio one job may hold, ms. */
  maxDurationMs: number;
  /** Bytes to keep free on the work folder's disk after the job's WAV is written. */
  minFreeBytes: number;
}

/** A 16 kHz mono 16-bit WAV holds 32,000 bytes of audio per second. */
export const WAV_BYTES_PER_SECOND = 32_000;
/** Room for the WAV's header chunks (ffmpeg writes about 80 bytes; kept generous). */
const WAV_HEADER_BYTES = 4096;

/** How to raise the duration limit, for TOO_LONG messages. */
export const RAISE_DURATION_LIMIT =
  'raise the limit with --duration-limit, $EARSHOT_MAX_DURATION or maxDurationMs in settings.json (e.g. EARSHOT_MAX_DURATION=48h)';

/** Bytes of the 16 kHz mono s16 WAV of `durationMs` of audio, header included. */
export function estimateWavBytes(durationMs: number): number {
  return Math.ceil((durationMs / 1000) * WAV_BYTES_PER_SECOND) + WAV_HEADER_BYTES;
}

/** Bytes an unprivileged process may still write on the file system of `dir` (statfs: available blocks x block size). */
export async function freeBytes(dir: string): Promise<number> {
  const st = await fs.statfs(dir);
  return st.bavail * st.bsize;
}

/**
 * Checks a job's input against `limits` before it is converted into `workDir`, from its probe result `info`
 * (durations in ms). Creates `workDir` to measure its disk. Throws EarshotError, each naming the file:
 * - TOO_LONG: the declared audio duration is over `limits.maxDurationMs` (says the duration, the limit and how to raise it);
 * - DISK_FULL: the WAV (32,000 bytes per second + header) would leave less than `limits.minFreeBytes` free on the
 *   work folder's disk (says what is needed, what is free, the reserve and its setting names).
 * `jobId` goes into the DISK_FULL message's retry command. A duration the file does not declare counts as 0 here;
 * the conversion is capped at the limit anyway (convertToWav `maxDurationMs`).
 */
export async function checkLimits(file: string, jobId: string, info: MediaInfo, limits: ResourceLimits, workDir: string): Promise<void> {
  const durationMs = info.audioDurationMs ?? info.durationMs;
  const estimated = info.durationEstimated ? ' (estimated from its bitrate)' : '';
  if (durationMs > limits.maxDurationMs) {
    throw new EarshotError(
      'TOO_LONG',
      `${file}: ${formatDuration(durationMs)} of audio${estimated}, more than the limit of ${formatDuration(limits.maxDurationMs)} per job; ` +
        `not converted. To transcribe it, ${RAISE_DURATION_LIMIT}`,
    );
  }
  await fs.mkdir(workDir, { recursive: true });
  const needed = estimateWavBytes(durationMs);
  const free = await freeBytes(workDir);
  if (free - needed < limits.minFreeBytes) {
    throw new EarshotError(
      'DISK_FULL',
      `${file}: converting ${formatDuration(durationMs)} of audio needs about ${bytes.format(needed)} in ${workDir}, which has ` +
        `${bytes.format(free)} free, and Earshot keeps ${bytes.format(limits.minFreeBytes)} free (--min-free, $EARSHOT_MIN_FREE or ` +
        `minFreeBytes in settings.json); not converted. Free some space (or lower the reserve), then \`earshot jobs retry ${jobId}\``,
    );
  }
}

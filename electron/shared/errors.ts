import { z } from 'zod';

/**
 * Every error code Earshot reports, on jobs, over IPC and in the CLI.
 * Codes are stable strings: they are stored in the `jobs.error_code` column and shown to users.
 */
export const ErrorCode = z.enum([
  // input media (native/audio)
  'FILE_MISSING',
  'FILE_EMPTY',
  'NOT_MEDIA',
  'NO_AUDIO_STREAM',
  'MEDIA_TRUNCATED',
  'CONVERT_FAILED',
  // resource limits: checked before an input is converted
  'TOO_LONG',
  'BAD_AUDIO',
  'DISK_FULL',
  // input paths: checked by type before anything opens them
  'NOT_A_FILE',
  'NOT_A_FOLDER',
  'LINK_LOOP',
  'NAME_TOO_LONG',
  // models
  'MODEL_MISSING',
  'MODEL_INVALID',
  'DOWNLOAD_FAILED',
  'CHECKSUM_MISMATCH',
  // engine
  'ENGINE_CRASHED',
  'ENGINE_TIMEOUT',
  'ENGINE_ERROR',
  // voice activity detection (native/vad)
  'VAD_FAILED',
  // jobs
  'CANCELLED',
  'NOT_FOUND',
  'INVALID_STATE',
  'IO_ERROR',
  'INTERNAL',
  // transports
  'VERSION_MISMATCH',
  'BAD_REQUEST',
  'FORBIDDEN',
  'TOO_LARGE',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Codes worth an automatic retry: the same input may well succeed next time. */
const RECOVERABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['ENGINE_CRASHED', 'ENGINE_TIMEOUT', 'IO_ERROR']);

/** True when a job that failed with `code` may be retried automatically (with backoff). */
export function isRecoverable(code: ErrorCode): boolean {
  return RECOVERABLE.has(code);
}

/**
 * An error with a stable code and a message meant for the user: it names the file and the cause.
 * Thrown by every layer; turned into `{ code, message }` wherever it crosses a boundary.
 */
export class EarshotError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EarshotError';
    this.code = code;
  }

  /** Wraps anything thrown into an EarshotError, keeping its code when it already has one. */
  static from(err: unknown, fallback: ErrorCode = 'INTERNAL'): EarshotError {
    if (err instanceof EarshotError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new EarshotError(fallback, message, { cause: err });
  }
}

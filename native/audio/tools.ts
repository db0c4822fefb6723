import { spawn } from 'node:child_process';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffprobeInstaller from '@ffprobe-installer/ffprobe';
import { EarshotError } from '../../electron/shared/errors.js';

let configured: { ffmpeg: string | null; ffprobe: string | null } = { ffmpeg: null, ffprobe: null };

/** Uses these ffmpeg / ffprobe binaries instead of the shipped ones (the configuration's ffmpegPath, ffprobePath). */
export function configureMediaTools(tools: { ffmpeg: string | null; ffprobe: string | null }): void {
  configured = { ...tools };
}

/**
 * Absolute path of the ffmpeg binary: the configured one (configureMediaTools), else the static build that
 * `@ffmpeg-installer/ffmpeg` ships for this platform.
 */
export function ffmpegPath(): string {
  return configured.ffmpeg ?? ffmpegInstaller.path;
}

/** Absolute path of the ffprobe binary: the configured one, else `@ffprobe-installer/ffprobe`'s. */
export function ffprobePath(): string {
  return configured.ffprobe ?? ffprobeInstaller.path;
}

/** What a finished tool run left: exit code (null when killed by a signal), stdout and stderr as text. */
export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** stderr kept per run: ffmpeg can print one line per bad packet on a long broken file. */
const MAX_STDERR_CHARS = 64 * 1024;

/**
 * Runs `binary args…` without a shell and collects its output. Resolves with the exit status whatever it is
 * (callers map a non-zero exit to their own error code). Rejects with EarshotError CANCELLED when `signal`
 * aborts (the child is killed with SIGKILL first), and with IO_ERROR when the binary cannot be started.
 * stderr keeps only the last 64 KiB.
 */
export function runTool(binary: string, args: string[], opts: { signal?: AbortSignal; label: string }): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new EarshotError('CANCELLED', `${opts.label}: cancelled before it started`));
      return;
    }
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let aborted = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > MAX_STDERR_CHARS * 2) stderr = stderr.slice(-MAX_STDERR_CHARS);
    });
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new EarshotError('IO_ERROR', `${opts.label}: could not run ${binary}: ${err.message}`, { cause: err }));
    });
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (aborted) {
        reject(new EarshotError('CANCELLED', `${opts.label}: cancelled`));
        return;
      }
      resolve({ code, signal, stdout, stderr: stderr.slice(-MAX_STDERR_CHARS) });
    });
  });
}

/** The last `n` non-empty lines of a tool's stderr, joined with " | " for an error message (our `file:` prefixes dropped). */
export function lastLines(text: string, n = 3): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\bfile:(?=\S)/g, '').trim())
    .filter(Boolean)
    .slice(-n)
    .join(' | ');
}

/**
 * A path as an ffmpeg/ffprobe input or output argument: prefixed with the `file:` protocol so that a name
 * starting with "-" or containing ":" (e.g. "take:2.mp3") is never read as an option or a protocol.
 */
export function toolInput(path: string): string {
  return `file:${path}`;
}

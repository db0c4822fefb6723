import pino, { type Logger } from 'pino';

const root = pino(
  {
    level: process.env.EARSHOT_LOG_LEVEL ?? 'warn',
    base: { pid: process.pid },
  },
  // Logs go to stderr so that stdout stays clean for command output (paths, JSON).
  pino.destination(2),
);

/**
 * A child logger for one module; pass `{ jobId }` bindings where a job is in scope so every line carries it.
 * Level comes from EARSHOT_LOG_LEVEL (default `warn`).
 */
export function createLogger(module: string, bindings: Record<string, unknown> = {}): Logger {
  return root.child({ module, ...bindings });
}

export type { Logger };

import pino, { type Logger } from 'pino';

const root = pino(
  {
    level: 'warn',
    base: { pid: process.pid },
  },
  // Logs go to stderr so that stdout stays clean for command output (paths, JSON).
  pino.destination(2),
);

/**
 * A child logger for one module; pass `{ jobId }` bindings where a job is in scope so every line carries it.
 * Level: `warn` until setLogLevel() (the composition root sets the configured one).
 */
export function createLogger(module: string, bindings: Record<string, unknown> = {}): Logger {
  return root.child({ module, ...bindings });
}

export type { Logger };

/** Sets the level of every logger, existing children included (pino levels: trace … fatal, silent). */
export function setLogLevel(level: string): void {
  root.level = level;
}
